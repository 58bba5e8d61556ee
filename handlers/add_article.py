"""/add: an article as pasted text (in as many parts as Telegram split it into), a document or
a link; header lines, a duplicate check, the publication date if nobody gave one, then ingest.

Extraction runs in a worker thread so other users are answered meanwhile; writes take the
dispatcher's `write_lock` so two admins never interleave transactions. Every step that waits for
the admin keeps what was sent in the dialogue's state, so nothing is read or fetched twice.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import date
from typing import Any

from aiogram import Bot, F, Router
from aiogram.filters import Command, CommandObject, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message

from bot.article_header import caption_fields, find_date, split_header
from bot.duplicates import Twin
from bot.i18n import tr
from bot.ingest import Outcome, find_duplicate, ingest_text, is_article_file
from bot.models import ArticleMeta
from bot.pastes import PasteCollector
from bot.settings import Settings
from bot.store import Store
from bot.textio import MAX_ARTICLE_BYTES, BadInput, prepare_text, too_large
from bot.urlsafety import FetchError
from bot.web_ingest import fetch_article, ingest_page, looks_like_url
from bot.webpage import WebPage
from handlers.admin import IsAdmin
from handlers.answering import today_for
from handlers.downloads import download_within
from handlers.keyboards import (
    AddTodayCB,
    NearDupCB,
    near_duplicate_keyboard,
    summary_keyboard,
    today_keyboard,
)
from handlers.views import esc, ingest_summary_lines, pages

log = logging.getLogger(__name__)
router = Router(name="add_article")

Raw = str | bytes | WebPage


class AddArticle(StatesGroup):
    waiting_article = State()
    waiting_date = State()
    near_duplicate = State()  # the admin chooses: keep both, or skip the new one


def _ask_article(lang: str) -> str:
    return tr(
        lang,
        "Пришлите текст статьи сообщением (длинный — как есть, частями, я соберу) или файлом "
        "(.txt, .md, .html до 5 МБ, в любой однозначной кодировке), или ссылку на неё.\n"
        "В начале текста или в подписи к файлу можно указать:\n"
        "<code>Название: …\nИсточник: …\nДата: 2024-05-31\nАвтор: …\nURL: …</code>\n"
        "/cancel — отменить.",
        "Send the article as a message (a long one just as it is: I put the parts together) or "
        "a file (.txt, .md, .html up to 5 MB, in any unambiguous encoding), or a link to it.\n"
        "At the top of the text or in the file caption you may add:\n"
        "<code>Title: …\nSource: …\nDate: 2024-05-31\nAuthor: …\nURL: …</code>\n"
        "/cancel — abort.",
    )


def _ask_date(lang: str) -> str:
    return tr(
        lang,
        "Когда опубликована статья? Пришлите дату (2024-05-31 или 31.05.2024) — от неё "
        "отсчитываются «вчера», «в следующем году» и даты без года. Можно добавить строки "
        "«Название: …», «Источник: …». /cancel — отменить.",
        "When was the article published? Send the date (2024-05-31 or 31.05.2024) — "
        "“yesterday”, “next year” and dates without a year are resolved against it. You may add "
        "“Title: …”, “Source: …” lines. /cancel — abort.",
    )


async def _pending(
    query: CallbackQuery, state: FSMContext, waiting: State, lang: str
) -> dict[str, Any] | None:
    """The article a button's question is about, or None (and the user told) if it was handled:
    the button of an old question must not add anything again."""
    pending = await state.get_data()
    if await state.get_state() != waiting.state or "raw" not in pending:
        await query.answer(
            tr(lang, "Эта статья уже обработана.", "That article was handled already."),
            show_alert=True,
        )
        return None
    await query.answer()
    return pending


@router.message(Command("add"), IsAdmin())
async def add_command(
    message: Message,
    command: CommandObject,
    state: FSMContext,
    pastes: PasteCollector,
    lang: str,
    **data: Any,
) -> None:
    await state.set_state(AddArticle.waiting_article)
    if command.args and command.args.strip():
        await _collect(message, command.args, state, pastes, lang, data)
        return
    await message.answer(_ask_article(lang))


@router.message(Command("cancel"))
async def cancel(message: Message, state: FSMContext, lang: str) -> None:
    had_state = await state.get_state() is not None
    await state.clear()
    await message.answer(
        tr(lang, "Отменено.", "Cancelled.")
        if had_state
        else tr(lang, "Нечего отменять.", "Nothing to cancel.")
    )


@router.message(AddArticle.waiting_article, F.text & ~F.text.startswith("/"), IsAdmin())
async def article_as_text(
    message: Message, state: FSMContext, pastes: PasteCollector, lang: str, **data: Any
) -> None:
    await _collect(message, message.text or "", state, pastes, lang, data)


async def _collect(
    message: Message,
    text: str,
    state: FSMContext,
    pastes: PasteCollector,
    lang: str,
    data: dict[str, Any],
) -> None:
    """One part of a paste; the handler of its last part goes on with the whole article."""
    whole = await pastes.collect(message.chat.id, message.message_id, text)
    if whole is None or await state.get_state() != AddArticle.waiting_article.state:
        return
    header, rest = split_header(whole)
    if looks_like_url(rest):
        await _receive_url(message, state, lang, rest.strip(), header, data)
        return
    await _receive(message, state, lang, whole, {}, data)


@router.message(F.document, IsAdmin(), AddArticle.waiting_article)
@router.message(F.document, IsAdmin(), StateFilter(None), F.chat.type == "private")
async def article_as_document(message: Message, state: FSMContext, lang: str, **data: Any) -> None:
    bot: Bot = data["bot"]
    document = message.document
    assert document is not None
    if not is_article_file(document.file_name):
        await message.answer(
            tr(
                lang,
                "Поддерживаются файлы .txt, .md и .html. Этот файл не добавлен.",
                "Only .txt, .md and .html files are supported. This file was not added.",
            )
        )
        return
    raw = await download_within(bot, document.file_id, document.file_size, MAX_ARTICLE_BYTES)
    if raw is None:
        await message.answer(
            tr(
                lang,
                too_large(document.file_size),
                f"The file is over {MAX_ARTICLE_BYTES // 1024 // 1024} MB — that is not an article.",
            )
        )
        return
    await _receive(message, state, lang, raw, caption_fields(message.caption), data)


async def _receive(
    message: Message,
    state: FSMContext,
    lang: str,
    raw: str | bytes,
    fields: dict[str, str],
    data: dict[str, Any],
) -> None:
    """A text or file: refuse garbage now, read its header lines, check for duplicates."""
    try:
        text, _ = await asyncio.to_thread(prepare_text, raw)
    except BadInput as error:
        await _unreadable(message, state, lang, error)
        return
    header, body = split_header(text)
    fields = {**header, **fields}  # a caption is more deliberate than the file's own lines
    published = find_date(fields.get("published", ""))
    note = ""
    if published is None and (published := find_date(body[:300])):
        note = tr(
            lang,
            "Дата публикации взята из начала текста — проверьте.",
            "The publication date was taken from the top of the text — please check it.",
        )
    pending = {"raw": raw, "fields": fields, "published": published, "note": note}
    await _check_duplicates(message, state, lang, pending, data)


async def _unreadable(message: Message, state: FSMContext, lang: str, error: BadInput) -> None:
    await state.clear()
    await message.answer(
        tr(lang, "Не удалось прочитать статью: ", "Could not read the article: ") + esc(error)
    )


async def _receive_url(
    message: Message,
    state: FSMContext,
    lang: str,
    url: str,
    fields: dict[str, str],
    data: dict[str, Any],
) -> None:
    """A link: fetch and read the page now; its own date unless the admin gave one."""
    settings: Settings = data["settings"]
    await data["bot"].send_chat_action(message.chat.id, "typing")
    try:
        page = await fetch_article(url, settings)
    except (FetchError, BadInput) as error:
        await state.clear()
        await message.answer(
            tr(lang, "Не удалось загрузить страницу: ", "Could not fetch the page: ") + esc(error)
        )
        return
    published = find_date(fields.get("published", "")) or page.published
    pending = {"raw": page, "fields": fields, "published": published, "note": ""}
    await _check_duplicates(message, state, lang, pending, data)


async def _check_duplicates(
    message: Message,
    state: FSMContext,
    lang: str,
    pending: dict[str, Any],
    data: dict[str, Any],
) -> None:
    """The same text again is refused; a near-duplicate waits for the admin's choice."""
    store: Store = data["store"]
    raw = pending["raw"]
    try:
        twin = await asyncio.to_thread(_find_twin, store, raw)
    except BadInput as error:
        await _unreadable(message, state, lang, error)
        return
    if twin is not None and twin.same:
        await state.clear()
        await _already_there(message, store, twin.article_id, lang)
        return
    if twin is not None:
        await state.set_state(AddArticle.near_duplicate)
        await state.update_data(**pending)
        await message.answer(
            _near_duplicate_text(store, twin, lang), reply_markup=near_duplicate_keyboard(lang)
        )
        return
    await _date_then_ingest(message, state, lang, pending, data)


def _find_twin(store: Store, raw: Raw) -> Twin | None:
    if isinstance(raw, WebPage):  # the same page again is the same key: "unchanged", not a twin
        existing = store.find_article(raw.url)
        twin = find_duplicate(store, raw.text)
        return None if twin and existing and twin.article_id == existing["id"] else twin
    return find_duplicate(store, raw)


def _near_duplicate_text(store: Store, twin: Twin, lang: str) -> str:
    article = store.article(twin.article_id) or {}
    described = (
        f"<b>#{twin.article_id}</b> «{esc(article.get('title') or '')}» "
        f"({esc(article.get('source') or '—')}, {esc(article.get('published') or '')})"
    )
    share = f"{twin.similarity:.0%}"
    return tr(
        lang,
        f"⚠️ Похоже на статью, которая уже есть в базе: {described} — совпадает {share} текста "
        "(например, та же новость агентства на другом сайте). Добавить всё равно?",
        f"⚠️ This looks like an article already in the base: {described} — {share} of the text "
        "is the same (e.g. the same wire story on another site). Add it anyway?",
    )


@router.callback_query(NearDupCB.filter(), IsAdmin())
async def near_duplicate_chosen(
    query: CallbackQuery, callback_data: NearDupCB, state: FSMContext, lang: str, **data: Any
) -> None:
    pending = await _pending(query, state, AddArticle.near_duplicate, lang)
    if pending is None:
        return
    message = query.message if isinstance(query.message, Message) else None
    if not callback_data.keep:
        await state.clear()
        if message is not None:
            await message.edit_text(
                tr(lang, "Пропущено: статья не добавлена.", "Skipped: the article was not added.")
            )
        return
    if message is not None:
        await message.edit_reply_markup(reply_markup=None)
        pending["keep_near"] = True
        await _date_then_ingest(message, state, lang, pending, data, user_id=query.from_user.id)


async def _date_then_ingest(
    message: Message,
    state: FSMContext,
    lang: str,
    pending: dict[str, Any],
    data: dict[str, Any],
    user_id: int | None = None,
) -> None:
    """Ingest now when the date is known; otherwise keep the article and ask for its date."""
    if pending["published"] is None:
        await state.set_state(AddArticle.waiting_date)
        await state.update_data(**pending)
        why = (
            tr(lang, "На странице нет даты публикации. ", "The page shows no publication date. ")
            if isinstance(pending["raw"], WebPage)
            else ""
        )
        await message.answer(why + _ask_date(lang), reply_markup=today_keyboard(lang))
        return
    await state.clear()
    await _ingest(message, lang, pending, data, user_id)


@router.message(AddArticle.waiting_date, F.text & ~F.text.startswith("/"), IsAdmin())
async def date_given(message: Message, state: FSMContext, lang: str, **data: Any) -> None:
    extra, rest = split_header(message.text or "")
    published = find_date(extra.get("published", "") or rest)
    if published is None:
        await message.answer(
            tr(
                lang,
                "Не понял дату. Пришлите её как 2024-05-31 или 31.05.2024, или нажмите «Сегодня».",
                "I could not read that date. Send it as 2024-05-31 or 31.05.2024, or press “Today”.",
            ),
            reply_markup=today_keyboard(lang),
        )
        return
    pending = await state.get_data()
    await state.clear()
    fields = {**pending.get("fields", {}), **extra}
    await _ingest(message, lang, {**pending, "fields": fields, "published": published}, data)


@router.callback_query(AddTodayCB.filter(), IsAdmin())
async def date_today(query: CallbackQuery, state: FSMContext, lang: str, **data: Any) -> None:
    pending = await _pending(query, state, AddArticle.waiting_date, lang)
    if pending is None:
        return
    await state.clear()
    if isinstance(query.message, Message):
        pending = {**pending, "published": today_for(data["settings"]), "note": ""}
        await _ingest(query.message, lang, pending, data, user_id=query.from_user.id)


async def _ingest(
    message: Message,
    lang: str,
    pending: dict[str, Any],
    data: dict[str, Any],
    user_id: int | None = None,
) -> None:
    store: Store = data["store"]
    bot: Bot = data["bot"]
    raw: Raw = pending["raw"]
    fields: dict[str, str] = pending.get("fields", {})
    published: date = pending["published"]
    user_id = user_id or (message.from_user.id if message.from_user else 0)
    meta = ArticleMeta(
        published=published,
        title=fields.get("title"),
        source=fields.get("source"),
        author=fields.get("author"),
        url=fields.get("url"),
    )
    await bot.send_chat_action(message.chat.id, "typing")
    async with data["write_lock"]:
        if isinstance(raw, WebPage):  # a fetched page keeps its own title, site and URL
            outcome: Outcome = await asyncio.to_thread(
                ingest_page, store, raw, published=published, added_by=user_id
            )
        else:
            outcome = await asyncio.to_thread(
                ingest_text,
                store,
                raw,
                meta,
                added_by=user_id,
                keep_near=bool(pending.get("keep_near")),
            )
    if outcome.status == "error" or outcome.article_id is None:
        await message.answer(
            tr(lang, "Не удалось добавить статью: ", "Could not add the article: ")
            + esc(outcome.message)
        )
        return
    if outcome.status in ("duplicate", "unchanged", "near-duplicate"):
        store.log_admin_action(user_id, "add-duplicate", f"#{outcome.article_id}")
        await _already_there(message, store, outcome.article_id, lang)
        return
    article = store.article(outcome.article_id) or {}
    store.log_admin_action(
        user_id, "add", f"#{outcome.article_id} {article.get('title') or ''}"[:200]
    )
    await send_summary(
        message, store, data["settings"], outcome.article_id, outcome.status, pending["note"], lang
    )
    for listener in data.get("article_listeners", ()):
        try:
            await listener(bot, store, outcome.article_id)
        except Exception:  # followers' notices must not undo or hide a successful add
            log.exception("article listener failed for #%s", outcome.article_id)


async def _already_there(message: Message, store: Store, article_id: int, lang: str) -> None:
    article = store.article(article_id) or {}
    await message.answer(
        tr(
            lang,
            "Такая статья уже есть в базе: ",
            "This article is already in the knowledge base: ",
        )
        + f"<b>#{article_id}</b> {esc(article.get('title') or '')}\n"
        + tr(lang, "Ничего не изменено.", "Nothing was changed.")
    )


async def send_summary(
    message: Message,
    store: Store,
    settings: Settings,
    article_id: int,
    status: str,
    note: str,
    lang: str,
) -> None:
    """What was extracted (as of the settings' today, for what is still «предстоит»), with the
    buttons to correct the article or read its text."""
    article = store.article(article_id)
    if article is None:
        return
    facts = store.article_facts(article_id)
    today = today_for(settings)
    texts = pages(ingest_summary_lines(article, facts, status, note, lang, today))
    for index, text in enumerate(texts):
        last = index == len(texts) - 1
        await message.answer(
            text, reply_markup=summary_keyboard(article_id, lang) if last else None
        )
