"""/edit ID: an admin corrects an article's title, source or publication date afterwards.

The same header lines as /add («Название: …», «Источник: …», «Дата: …»), given with the command
or in reply to its prompt (a bare date is the date). A changed date extracts the article
again, since «вчера», «в следующем году» and dates without a year were read against the old one.
The «📅» and «✏️» buttons under an /add summary open the same dialogue.
"""

from __future__ import annotations

import asyncio
from datetime import date
from typing import Any

from aiogram import F, Router
from aiogram.filters import Command, CommandObject
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message

from bot.article_header import find_date, split_header
from bot.i18n import tr
from bot.ingest import reextract
from bot.store import Store
from handlers.add_article import send_summary
from handlers.admin import IsAdmin
from handlers.article_ref import named_article
from handlers.keyboards import EditCB, FixDateCB
from handlers.views import esc

router = Router(name="edit_article")

EDITABLE = ("title", "source", "published", "author", "url")


class EditArticle(StatesGroup):
    editing = State()


def _gone(lang: str) -> str:
    return tr(lang, "Этой статьи больше нет.", "That article no longer exists.")


def _prompt(article: dict[str, Any], lang: str) -> str:
    current = (
        f"<b>#{article['id']}</b>\n"
        + tr(lang, "Название: ", "Title: ")
        + esc(article.get("title") or "—")
        + "\n"
        + tr(lang, "Источник: ", "Source: ")
        + esc(article.get("source") or "—")
        + "\n"
        + tr(lang, "Дата: ", "Date: ")
        + esc(article["published"])
    )
    return current + tr(
        lang,
        "\n\nПришлите строки, которые нужно исправить, например:\n"
        "<code>Название: …\nИсточник: …\nДата: 2024-05-31</code>\n/cancel — отменить.",
        "\n\nSend the lines to correct, for example:\n"
        "<code>Title: …\nSource: …\nDate: 2024-05-31</code>\n/cancel — abort.",
    )


def _date_prompt(article: dict[str, Any], lang: str) -> str:
    return tr(
        lang,
        f"Сейчас дата публикации статьи #{article['id']}: {article['published']}. Пришлите "
        "правильную (2024-05-31 или 31.05.2024). /cancel — отменить.",
        f"Article #{article['id']} is dated {article['published']}. Send the correct date "
        "(2024-05-31 or 31.05.2024). /cancel — abort.",
    )


def parse_changes(text: str) -> tuple[dict[str, Any], str | None]:
    """The fields an admin's lines change, or the reason they cannot be applied."""
    fields, rest = split_header(text)
    if not fields and (bare := find_date(rest)) and len(rest) <= 40:
        return {"published": bare}, None
    if rest:
        return {}, rest.split("\n", 1)[0][:60]
    changes: dict[str, Any] = {key: value for key, value in fields.items() if key in EDITABLE}
    if isinstance(changes.get("published"), str):
        published = find_date(changes["published"])
        if published is None:
            return {}, changes["published"][:60]
        changes["published"] = published
    return changes, None if changes else ""


@router.message(Command("edit"), IsAdmin())
async def edit_command(
    message: Message,
    command: CommandObject,
    state: FSMContext,
    store: Store,
    lang: str,
    **data: Any,
) -> None:
    ref, _, lines = (command.args or "").strip().partition("\n")
    ref, _, inline = ref.partition(" ")
    usage = (
        "Использование: /edit ID (номера — в /articles).",
        "Usage: /edit ID (ids are in /articles).",
    )
    article = await named_article(message, store, ref, lang, usage)
    if article is None:
        return
    changes = "\n".join(part for part in (inline, lines) if part.strip())
    if changes:
        await _apply(message, state, store, article["id"], changes, lang, data)
        return
    await state.set_state(EditArticle.editing)
    await state.update_data(article=article["id"])
    await message.answer(_prompt(article, lang))


@router.callback_query(EditCB.filter(), IsAdmin())
@router.callback_query(FixDateCB.filter(), IsAdmin())
async def edit_pressed(
    query: CallbackQuery,
    callback_data: EditCB | FixDateCB,
    state: FSMContext,
    store: Store,
    lang: str,
) -> None:
    article = store.article(callback_data.article)
    if article is None:
        await query.answer(_gone(lang), show_alert=True)
        return
    await query.answer()
    await state.set_state(EditArticle.editing)
    await state.update_data(article=article["id"])
    prompt = _date_prompt if isinstance(callback_data, FixDateCB) else _prompt
    if isinstance(query.message, Message):
        await query.message.answer(prompt(article, lang))


@router.message(EditArticle.editing, F.text & ~F.text.startswith("/"), IsAdmin())
async def edit_given(
    message: Message, state: FSMContext, store: Store, lang: str, **data: Any
) -> None:
    article_id = (await state.get_data()).get("article")
    await _apply(message, state, store, article_id, message.text or "", lang, data)


async def _apply(
    message: Message,
    state: FSMContext,
    store: Store,
    article_id: int | None,
    text: str,
    lang: str,
    data: dict[str, Any],
) -> None:
    changes, problem = parse_changes(text)
    if problem is not None:
        await message.answer(
            tr(
                lang,
                f"Не понял «{esc(problem)}». Пришлите строки «Название: …», «Источник: …», "
                "«Дата: 2024-05-31». /cancel — отменить.",
                f"I could not read “{esc(problem)}”. Send “Title: …”, “Source: …”, "
                "“Date: 2024-05-31” lines. /cancel — abort.",
            )
        )
        return
    await state.clear()
    before = store.article(article_id) if article_id is not None else None
    if before is None:
        await message.answer(_gone(lang))
        return
    published: date | None = changes.pop("published", None)
    redate = published is not None and published.isoformat() != before["published"]
    async with data["write_lock"]:
        store.update_article(before["id"], **changes)
        if redate:
            await asyncio.to_thread(reextract, store, before["id"], published)
    user_id = message.from_user.id if message.from_user else 0
    if redate and not changes:  # the date alone, as the «📅» button asks
        store.log_admin_action(user_id, "redate", f"#{before['id']} {published}")
    else:
        changed = [*changes, *(["published"] if redate else [])]
        store.log_admin_action(user_id, "edit", f"#{before['id']} {', '.join(changed) or '—'}")
    status = "redated" if redate else "edited"
    await send_summary(message, store, data["settings"], before["id"], status, "", lang)
