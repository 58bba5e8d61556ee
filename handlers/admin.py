"""Admin commands: /articles, /delete, /reindex, /stats, and the refusals for everyone else.

Whoever is not an admin is refused here, before the admin routers (/add in add_article, /edit
in edit_article, feeds) see the update, and nothing changes; every change is logged with who did
it. Writes take the dispatcher's `write_lock` so two admins never interleave transactions.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from aiogram import F, Router
from aiogram.filters import BaseFilter, Command, CommandObject, or_f
from aiogram.types import CallbackQuery, Message, User

from bot.i18n import tr
from bot.ingest import reindex_all
from bot.settings import Settings
from bot.store import Store
from handlers.answering import today_for
from handlers.article_ref import named_article
from handlers.keyboards import (
    AddTodayCB,
    ArticlesCB,
    DeleteCB,
    EditCB,
    FixDateCB,
    NearDupCB,
    articles_pager,
    delete_confirmation,
)
from handlers.views import articles_lines, esc, pages, stats_lines

log = logging.getLogger(__name__)
router = Router(name="admin")

ADMIN_COMMANDS = (
    "add", "edit", "articles", "delete", "reindex", "stats", "feeds", "addfeed", "delfeed",
)  # fmt: skip
ARTICLES_PER_PAGE = 10


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


@router.callback_query(
    or_f(
        DeleteCB.filter(),
        FixDateCB.filter(),
        AddTodayCB.filter(),
        NearDupCB.filter(),
        EditCB.filter(),
    ),
    ~IsAdmin(),
)
async def refuse_button(query: CallbackQuery, lang: str) -> None:
    await query.answer(refusal(lang), show_alert=True)


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
    usage = (
        "Использование: /delete ID (номера — в /articles).",
        "Usage: /delete ID (ids are in /articles).",
    )
    article = await named_article(message, store, (command.args or "").strip(), lang, usage)
    if article is None:
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
async def stats(message: Message, store: Store, settings: Settings, lang: str) -> None:
    counts = store.stats(today_for(settings))
    lines = stats_lines(counts, store.user_count(), store.admin_log(10), lang)
    for text in pages(lines):
        await message.answer(text)
