"""Admin commands for news feeds: /feeds (each feed's status), /addfeed URL [keywords], /delfeed ID.

Non-admins are refused by the admin router, which lists these commands. A feed is read once
before it is added, so a broken link is refused at once; its first poll then runs in the
background and its result is reported to the admin who added it.
"""

from __future__ import annotations

import logging
from typing import Any

from aiogram import Bot, Router
from aiogram.filters import Command, CommandObject
from aiogram.types import Message

from bot.delivery import NO_PREVIEW
from bot.feeds import FeedPoller, PollReport, probe_feed, split_keywords
from bot.i18n import tr
from bot.settings import Settings
from bot.store import Store
from bot.textio import BadInput
from bot.urlsafety import FetchError
from handlers.admin import IsAdmin
from handlers.views import esc, pages

log = logging.getLogger(__name__)
router = Router(name="feeds")


def feed_lines(feeds: list[dict[str, Any]], lang: str) -> list[str]:
    """One block per feed: what it is, what it brought, and how its last polls went."""
    if not feeds:
        return [
            tr(
                lang,
                "Лент пока нет. Добавьте: /addfeed URL [ключевые слова через запятую]",
                "No feeds yet. Add one: /addfeed URL [comma-separated keywords]",
            )
        ]
    lines = [tr(lang, "<b>Ленты новостей</b>", "<b>News feeds</b>")]
    for feed in feeds:
        keywords = ", ".join(feed["keywords"]) or tr(lang, "все записи", "every entry")
        block = [
            f"<b>#{feed['id']}</b> {esc(feed['title'] or feed['url'])}",
            esc(feed["url"]),
            tr(lang, "Ключевые слова: ", "Keywords: ") + esc(keywords),
            tr(
                lang,
                f"Добавлено статей: {feed['articles_added']} · записей просмотрено: "
                f"{feed['entries_seen']} (пропущено {feed['entries_skipped']}, "
                f"с ошибкой {feed['entries_failed']})",
                f"Articles added: {feed['articles_added']} · entries seen: "
                f"{feed['entries_seen']} ({feed['entries_skipped']} skipped, "
                f"{feed['entries_failed']} failed)",
            ),
            tr(lang, "Последний успешный опрос: ", "Last success: ")
            + esc(feed["last_success_at"] or tr(lang, "ещё не было", "not yet")),
        ]
        if feed["last_error"]:
            block.append(
                tr(lang, "Последняя ошибка: ", "Last error: ")
                + f"{esc(feed['last_error_at'])} — {esc(feed['last_error'])}"
            )
        if feed["next_poll_at"]:
            block.append(tr(lang, "Пауза до ", "Paused until ") + esc(feed["next_poll_at"]))
        lines.append("\n".join(block))
    return lines


def poll_line(report: PollReport, lang: str) -> str:
    (feed,) = report.feeds
    if feed.error:
        return tr(
            lang, f"Лента #{feed.feed_id}: ошибка — ", f"Feed #{feed.feed_id}: error — "
        ) + esc(feed.error)
    return tr(
        lang,
        f"Лента #{feed.feed_id} опрошена: новых статей {feed.added}, пропущено {feed.skipped}, "
        f"с ошибкой {feed.failed}.",
        f"Feed #{feed.feed_id} polled: {feed.added} new articles, {feed.skipped} skipped, "
        f"{feed.failed} failed.",
    )


@router.message(Command("feeds"), IsAdmin())
async def feeds(message: Message, store: Store, lang: str) -> None:
    for text in pages(feed_lines(store.feeds(), lang)):
        await message.answer(text, link_preview_options=NO_PREVIEW)


@router.message(Command("addfeed"), IsAdmin())
async def add_feed(
    message: Message,
    command: CommandObject,
    store: Store,
    settings: Settings,
    bot: Bot,
    lang: str,
    **data: Any,
) -> None:
    url, _, rest = (command.args or "").strip().partition(" ")
    if not url:
        await message.answer(
            tr(
                lang,
                "Использование: /addfeed URL [ключевые слова через запятую], например\n"
                "<code>/addfeed https://example.kz/rss Китай, КНР, Пекин, Си Цзиньпин</code>",
                "Usage: /addfeed URL [comma-separated keywords], e.g.\n"
                "<code>/addfeed https://example.kz/rss China, PRC, Beijing</code>",
            )
        )
        return
    await bot.send_chat_action(message.chat.id, "typing")
    try:
        parsed = await probe_feed(url, settings)
    except (FetchError, BadInput) as error:
        await message.answer(
            tr(lang, "Не удалось добавить ленту: ", "Could not add the feed: ") + esc(error)
        )
        return
    user_id = message.from_user.id if message.from_user else 0
    async with data["write_lock"]:
        feed_id, created = store.add_feed(url, split_keywords(rest), parsed.title, user_id)
    if not created:
        await message.answer(
            tr(lang, f"Эта лента уже есть: #{feed_id}.", f"That feed is already there: #{feed_id}.")
        )
        return
    store.log_admin_action(user_id, "addfeed", f"#{feed_id} {url}"[:200])
    await message.answer(
        tr(
            lang,
            f"📰 Лента #{feed_id} добавлена: {esc(parsed.title or url)} (записей сейчас: "
            f"{len(parsed.entries)}). Забираю новые статьи…",
            f"📰 Feed #{feed_id} added: {esc(parsed.title or url)} ({len(parsed.entries)} "
            "entries now). Fetching new articles…",
        ),
        link_preview_options=NO_PREVIEW,
    )
    poller: FeedPoller | None = data.get("feed_poller")
    if poller is not None:
        poller.background(_first_poll(message, poller, feed_id, lang))


async def _first_poll(message: Message, poller: FeedPoller, feed_id: int, lang: str) -> None:
    report = await poller.poll([feed_id])
    if report.feeds:
        await message.answer(poll_line(report, lang))


@router.message(Command("delfeed"), IsAdmin())
async def delete_feed(
    message: Message, command: CommandObject, store: Store, lang: str, **data: Any
) -> None:
    arg = (command.args or "").strip().lstrip("#")
    if not arg.isdigit():
        await message.answer(
            tr(
                lang,
                "Использование: /delfeed ID (номера — в /feeds).",
                "Usage: /delfeed ID (ids are in /feeds).",
            )
        )
        return
    async with data["write_lock"]:
        removed = store.remove_feed(int(arg))
    if not removed:
        await message.answer(tr(lang, f"Ленты #{arg} нет.", f"There is no feed #{arg}."))
        return
    user_id = message.from_user.id if message.from_user else 0
    store.log_admin_action(user_id, "delfeed", f"#{arg}")
    await message.answer(
        tr(
            lang,
            f"🗑 Лента #{arg} удалена. Статьи из неё остаются в базе.",
            f"🗑 Feed #{arg} removed. Its articles stay in the knowledge base.",
        )
    )
