"""Admin commands: /add (text, document, link, short dialogue), /articles, /delete, /reindex, /stats.

Everyone else who tries them is refused and nothing changes; every change is logged with who
did it. Extraction runs in a worker thread so other users are answered meanwhile; writes take
the dispatcher's `write_lock` so two admins never interleave transactions.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import date
from typing import Any

from aiogram import Bot, F, Router
from aiogram.filters import BaseFilter, Command, CommandObject, StateFilter, or_f
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message, User

from bot.article_header import caption_fields, find_date, split_header
from bot.i18n import tr
from bot.ingest import Outcome, ingest_text, is_article_file, reextract, reindex_all
from bot.models import ArticleMeta
from bot.settings import Settings
from bot.store import Store
from bot.textio import BadInput, prepare_text
from bot.urlsafety import FetchError
from bot.web_ingest import fetch_article, ingest_page, looks_like_url
from bot.webpage import WebPage
from handlers.answering import today_for
from handlers.keyboards import (
    AddTodayCB,
    ArticlesCB,
    DeleteCB,
    FixDateCB,
    articles_pager,
    delete_confirmation,
    fix_date_keyboard,
    today_keyboard,
)
from handlers.views import (
    articles_lines,
    esc,
    ingest_summary_lines,
    no_such_article,
    pages,
    stats_lines,
)

log = logging.getLogger(__name__)
router = Router(name="admin")

ADMIN_COMMANDS = ("add", "articles", "delete", "reindex", "stats", "feeds", "addfeed", "delfeed")
ARTICLES_PER_PAGE = 10
MAX_FILE_BYTES = 5 * 1024 * 1024
ArticleListener = Callable[[Bot, Store, int], Awaitable[Any]]


class AddArticle(StatesGroup):
    waiting_article = State()
    waiting_date = State()
    fixing_date = State()


class IsAdmin(BaseFilter):
    async def __call__(
        self, event: Any, settings: Settings, event_from_user: User | None = None
    ) -> bool:
        return settings.is_admin(event_from_user.id if event_from_user else None)


def refusal(lang: str) -> str:
    return tr(
        lang,
        "⛔ Эта команда только для администраторов. Ничего не изменено.",
        "⛔ This command is for admins only. Nothing was changed.",
    )


# -- refusals first: a non-admin never reaches the handlers below --------------------------------


@router.message(Command(*ADMIN_COMMANDS), ~IsAdmin())
async def refuse_command(message: Message, lang: str) -> None:
    await message.answer(refusal(lang))


@router.message(F.document, ~IsAdmin(), F.chat.type == "private")
async def refuse_document(message: Message, lang: str) -> None:
    await message.answer(
        tr(
            lang,
            "Добавлять статьи могут только администраторы. Задайте вопрос текстом — например, «Ван И».",
            "Only admins can add articles. Ask a question as text instead — e.g. “Wang Yi”.",
        )
    )


@router.callback_query(or_f(DeleteCB.filter(), FixDateCB.filter(), AddTodayCB.filter()), ~IsAdmin())
async def refuse_button(query: CallbackQuery, lang: str) -> None:
    await query.answer(refusal(lang), show_alert=True)


# -- /add ----------------------------------------------------------------------------------------


def _ask_article(lang: str) -> str:
    return tr(
        lang,
        "Пришлите текст статьи сообщением или файлом (.txt, .md, .html; UTF-8 или cp1251) "
        "или ссылку на неё.\n"
        "В начале текста или в подписи к файлу можно указать:\n"
        "<code>Название: …\nИсточник: …\nДата: 2024-05-31</code>\n/cancel — отменить.",
        "Send the article as a message or a file (.txt, .md, .html; UTF-8 or cp1251), "
        "or a link to it.\n"
        "At the top of the text or in the file caption you may add:\n"
        "<code>Title: …\nSource: …\nDate: 2024-05-31</code>\n/cancel — abort.",
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


@router.message(Command("add"), IsAdmin())
async def add_command(
    message: Message,
    command: CommandObject,
    state: FSMContext,
    store: Store,
    settings: Settings,
    bot: Bot,
    lang: str,
    **data: Any,
) -> None:
    if command.args and command.args.strip():
        fields, text = split_header(command.args)
        await _receive(message, state, store, settings, bot, lang, text, fields, data)
        return
    await state.set_state(AddArticle.waiting_article)
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
    message: Message,
    state: FSMContext,
    store: Store,
    settings: Settings,
    bot: Bot,
    lang: str,
    **data: Any,
) -> None:
    fields, text = split_header(message.text or "")
    await _receive(message, state, store, settings, bot, lang, text, fields, data)


@router.message(F.document, IsAdmin(), AddArticle.waiting_article)
@router.message(F.document, IsAdmin(), StateFilter(None), F.chat.type == "private")
async def article_as_document(
    message: Message,
    state: FSMContext,
    store: Store,
    settings: Settings,
    bot: Bot,
    lang: str,
    **data: Any,
) -> None:
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
    if document.file_size and document.file_size > MAX_FILE_BYTES:
        await message.answer(
            tr(
                lang,
                "Файл больше 5 МБ — это не похоже на статью.",
                "The file is over 5 MB — that is not an article.",
            )
        )
        return
    buffer = await bot.download(document)
    raw = buffer.read() if buffer is not None else b""
    await _receive(
        message, state, store, settings, bot, lang, raw, caption_fields(message.caption), data
    )


async def _receive(
    message: Message,
    state: FSMContext,
    store: Store,
    settings: Settings,
    bot: Bot,
    lang: str,
    raw: str | bytes,
    fields: dict[str, str],
    data: dict[str, Any],
) -> None:
    """An article arrived: refuse garbage now, ask for the date if nobody gave one, then ingest."""
    if isinstance(raw, str) and looks_like_url(raw):
        await _receive_url(message, state, store, settings, bot, lang, raw.strip(), fields, data)
        return
    try:
        text, _ = await asyncio.to_thread(prepare_text, raw)
    except BadInput as error:
        await state.clear()
        await message.answer(
            tr(lang, "Не удалось прочитать статью: ", "Could not read the article: ") + esc(error)
        )
        return
    published = find_date(fields.get("published", ""))
    note = ""
    if published is None:
        published = find_date(text[:300])
        note = tr(
            lang,
            "Дата публикации взята из начала текста — проверьте.",
            "The publication date was taken from the top of the text — please check it.",
        )
    await _date_then_ingest(message, state, store, bot, lang, raw, fields, published, note, data)


async def _receive_url(
    message: Message,
    state: FSMContext,
    store: Store,
    settings: Settings,
    bot: Bot,
    lang: str,
    url: str,
    fields: dict[str, str],
    data: dict[str, Any],
) -> None:
    """A link: fetch and read the page now; its own date unless the admin gave one."""
    await bot.send_chat_action(message.chat.id, "typing")
    try:
        page = await fetch_article(url, settings)
    except (FetchError, BadInput) as error:
        await state.clear()
        await message.answer(
            tr(lang, "Не удалось загрузить страницу: ", "Could not fetch the page: ") + esc(error)
        )
        return
    published = find_date(fields.get("published", "")) or page.published
    why = tr(lang, "На странице нет даты публикации. ", "The page shows no publication date. ")
    await _date_then_ingest(
        message, state, store, bot, lang, page, fields, published, "", data, why=why
    )


async def _date_then_ingest(
    message: Message,
    state: FSMContext,
    store: Store,
    bot: Bot,
    lang: str,
    raw: str | bytes | WebPage,
    fields: dict[str, str],
    published: date | None,
    note: str,
    data: dict[str, Any],
    why: str = "",
) -> None:
    """Ingest now when the date is known; otherwise keep the article and ask for its date."""
    if published is None:
        await state.set_state(AddArticle.waiting_date)
        await state.update_data(raw=raw, fields=fields)
        await message.answer(why + _ask_date(lang), reply_markup=today_keyboard(lang))
        return
    await state.clear()
    await _ingest(message, store, bot, lang, raw, fields, published, note, data)


@router.message(AddArticle.waiting_date, F.text & ~F.text.startswith("/"), IsAdmin())
async def date_given(
    message: Message, state: FSMContext, store: Store, bot: Bot, lang: str, **data: Any
) -> None:
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
    await _ingest(message, store, bot, lang, pending["raw"], fields, published, "", data)


@router.callback_query(AddTodayCB.filter(), IsAdmin())
async def date_today(
    query: CallbackQuery,
    state: FSMContext,
    store: Store,
    settings: Settings,
    bot: Bot,
    lang: str,
    **data: Any,
) -> None:
    pending = await state.get_data()
    if await state.get_state() != AddArticle.waiting_date.state or "raw" not in pending:
        await query.answer(
            tr(lang, "Эта статья уже обработана.", "That article was handled already."),
            show_alert=True,
        )
        return
    await query.answer()
    await state.clear()
    if isinstance(query.message, Message):
        await _ingest(
            query.message,
            store,
            bot,
            lang,
            pending["raw"],
            pending.get("fields", {}),
            today_for(settings),
            "",
            data,
            user_id=query.from_user.id,
        )


async def _ingest(
    message: Message,
    store: Store,
    bot: Bot,
    lang: str,
    raw: str | bytes | WebPage,
    fields: dict[str, str],
    published: date,
    note: str,
    data: dict[str, Any],
    user_id: int | None = None,
) -> None:
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
            outcome = await asyncio.to_thread(ingest_text, store, raw, meta, added_by=user_id)
    if outcome.status == "error" or outcome.article_id is None:
        await message.answer(
            tr(lang, "Не удалось добавить статью: ", "Could not add the article: ")
            + esc(outcome.message)
        )
        return
    article = store.article(outcome.article_id)
    if outcome.status in ("duplicate", "unchanged", "near-duplicate"):
        store.log_admin_action(user_id, "add-duplicate", f"#{outcome.article_id}")
        await message.answer(
            tr(
                lang,
                "Такая статья уже есть в базе: ",
                "This article is already in the knowledge base: ",
            )
            + f"<b>#{outcome.article_id}</b> {esc((article or {}).get('title') or '')}\n"
            + tr(lang, "Ничего не изменено.", "Nothing was changed.")
        )
        return
    store.log_admin_action(
        user_id, "add", f"#{outcome.article_id} {(article or {}).get('title') or ''}"[:200]
    )
    await _send_summary(message, store, outcome.article_id, outcome.status, note, lang)
    for listener in data.get("article_listeners", ()):
        try:
            await listener(bot, store, outcome.article_id)
        except Exception:  # followers' notices must not undo or hide a successful add
            log.exception("article listener failed for #%s", outcome.article_id)


async def _send_summary(
    message: Message, store: Store, article_id: int, status: str, note: str, lang: str
) -> None:
    article = store.article(article_id)
    if article is None:
        return
    texts = pages(
        ingest_summary_lines(article, store.article_facts(article_id), status, note, lang)
    )
    for index, text in enumerate(texts):
        last = index == len(texts) - 1
        await message.answer(
            text, reply_markup=fix_date_keyboard(article_id, lang) if last else None
        )


@router.callback_query(FixDateCB.filter(), IsAdmin())
async def fix_date_pressed(
    query: CallbackQuery, callback_data: FixDateCB, state: FSMContext, store: Store, lang: str
) -> None:
    article = store.article(callback_data.article)
    if article is None:
        await query.answer(
            tr(lang, "Этой статьи больше нет.", "That article no longer exists."), show_alert=True
        )
        return
    await query.answer()
    await state.set_state(AddArticle.fixing_date)
    await state.update_data(article=callback_data.article)
    if isinstance(query.message, Message):
        await query.message.answer(
            tr(
                lang,
                f"Сейчас дата публикации статьи #{article['id']}: {article['published']}. Пришлите правильную (2024-05-31 или 31.05.2024). /cancel — отменить.",
                f"Article #{article['id']} is dated {article['published']}. Send the correct date (2024-05-31 or 31.05.2024). /cancel — abort.",
            )
        )


@router.message(AddArticle.fixing_date, F.text & ~F.text.startswith("/"), IsAdmin())
async def fix_date_given(
    message: Message, state: FSMContext, store: Store, lang: str, **data: Any
) -> None:
    published = find_date(message.text or "")
    if published is None:
        await message.answer(
            tr(
                lang,
                "Не понял дату. Пример: 2024-05-31. /cancel — отменить.",
                "I could not read that date. Example: 2024-05-31. /cancel — abort.",
            )
        )
        return
    article_id = (await state.get_data()).get("article")
    await state.clear()
    if article_id is None or store.article(article_id) is None:
        await message.answer(tr(lang, "Этой статьи больше нет.", "That article no longer exists."))
        return
    user_id = message.from_user.id if message.from_user else 0
    async with data["write_lock"]:
        await asyncio.to_thread(reextract, store, article_id, published)
    store.log_admin_action(user_id, "redate", f"#{article_id} {published.isoformat()}")
    await _send_summary(message, store, article_id, "redated", "", lang)


# -- the rest of the admin commands ----------------------------------------------------------------


def _articles_view(store: Store, page: int, lang: str) -> tuple[str, Any]:
    rows = store.articles_page(page * ARTICLES_PER_PAGE, ARTICLES_PER_PAGE + 1)
    has_next = len(rows) > ARTICLES_PER_PAGE
    text = pages(articles_lines(rows[:ARTICLES_PER_PAGE], page * ARTICLES_PER_PAGE, lang))[0]
    return text, articles_pager(page, has_next, lang)


@router.message(Command("articles"), IsAdmin())
async def articles(message: Message, command: CommandObject, store: Store, lang: str) -> None:
    arg = (command.args or "").strip()
    page = int(arg) - 1 if arg.isdigit() and int(arg) > 0 else 0
    text, markup = _articles_view(store, page, lang)
    await message.answer(text, reply_markup=markup)


@router.callback_query(ArticlesCB.filter())
async def articles_page(
    query: CallbackQuery, callback_data: ArticlesCB, store: Store, settings: Settings, lang: str
) -> None:
    if not settings.is_admin(query.from_user.id):
        await query.answer(refusal(lang), show_alert=True)
        return
    await query.answer()
    text, markup = _articles_view(store, max(0, callback_data.page), lang)
    if isinstance(query.message, Message):
        await query.message.edit_text(text, reply_markup=markup)


@router.message(Command("delete"), IsAdmin())
async def delete(message: Message, command: CommandObject, store: Store, lang: str) -> None:
    ref = (command.args or "").strip()
    article = store.resolve_article(ref) if ref else None
    if article is None:
        await message.answer(
            tr(
                lang,
                "Использование: /delete ID (номера — в /articles).",
                "Usage: /delete ID (ids are in /articles).",
            )
            if not ref
            else no_such_article(ref, lang)
        )
        return
    await message.answer(
        tr(lang, "Удалить статью ", "Delete article ")
        + f"<b>#{article['id']}</b> «{esc(article.get('title') or '')}» ({esc(article['published'])})"
        + tr(lang, " и все извлечённые из неё факты?", " and every fact drawn from it?"),
        reply_markup=delete_confirmation(article["id"], lang),
    )


@router.callback_query(DeleteCB.filter(), IsAdmin())
async def delete_confirmed(
    query: CallbackQuery, callback_data: DeleteCB, store: Store, lang: str, **data: Any
) -> None:
    if not callback_data.confirm:
        text = tr(lang, "Удаление отменено.", "Deletion cancelled.")
    else:
        async with data["write_lock"]:
            deleted = store.delete_article(callback_data.article)
        if deleted:
            store.log_admin_action(query.from_user.id, "delete", f"#{callback_data.article}")
            text = tr(
                lang,
                f"🗑 Статья #{callback_data.article} удалена.",
                f"🗑 Article #{callback_data.article} deleted.",
            )
        else:
            text = tr(
                lang,
                f"Статьи #{callback_data.article} уже нет.",
                f"Article #{callback_data.article} is already gone.",
            )
    await query.answer()
    if isinstance(query.message, Message):
        await query.message.edit_text(text)


@router.message(Command("reindex"), IsAdmin())
async def reindex(message: Message, store: Store, lang: str, **data: Any) -> None:
    await message.answer(
        tr(
            lang,
            "Извлекаю факты из всех статей заново…",
            "Extracting facts from every article again…",
        )
    )
    async with data["write_lock"]:
        count = await asyncio.to_thread(reindex_all, store)
    user_id = message.from_user.id if message.from_user else 0
    store.log_admin_action(user_id, "reindex", f"{count} articles")
    await message.answer(
        tr(
            lang,
            f"Готово: переиндексировано статей — {count}.",
            f"Done: {count} articles reindexed.",
        )
    )


@router.message(Command("stats"), IsAdmin())
async def stats(message: Message, store: Store, lang: str) -> None:
    lines = stats_lines(store.stats(), store.user_count(), store.admin_log(10), lang)
    for text in pages(lines):
        await message.answer(text)
