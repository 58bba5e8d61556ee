"""The Bot and the Dispatcher, with the services handlers need injected (no module globals)."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from aiogram import Bot, Dispatcher
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.session.middlewares.base import BaseRequestMiddleware
from aiogram.client.telegram import TelegramAPIServer
from aiogram.enums import ParseMode
from aiogram.exceptions import TelegramRetryAfter
from aiogram.fsm.storage.memory import MemoryStorage
from aiogram.types import BotCommand, BotCommandScopeChat, BotCommandScopeDefault

from bot.feeds import FeedPoller
from bot.pastes import PasteCollector
from bot.scheduler import DigestScheduler, own_connection
from bot.settings import Settings
from bot.startup import cosmetic
from bot.store import Store
from bot.throttle import Throttle
from handlers import routers
from handlers.middlewares import InFlight, LanguageMiddleware, ThrottleMiddleware

log = logging.getLogger(__name__)

COMMANDS = [
    ("start", "Что я знаю и примеры вопросов", "What I know, with example questions"),
    ("help", "Как спрашивать", "How to ask"),
    ("person", "Досье на человека", "A person's profile"),
    ("org", "Что делала организация (ШОС, ЕАЭС…)", "What an organisation did (SCO, EAEU…)"),
    ("events", "События за период", "Events in a period"),
    ("upcoming", "Предстоящие события", "Upcoming events"),
    ("agreements", "Соглашения и документы", "Agreements and documents"),
    ("article", "Статья и её факты", "An article and its facts"),
    ("text", "Полный текст статьи", "An article's full text"),
    ("subscribe", "Подписка на дайджест", "Subscribe to the digest"),
    ("subscription", "Моя подписка", "My subscription"),
    ("unsubscribe", "Отписаться от дайджеста", "Unsubscribe from the digest"),
    ("digest", "Дайджест сейчас", "The digest now"),
    ("follow", "Следить за человеком или темой", "Follow a person or topic"),
    ("unfollow", "Перестать следить", "Stop following"),
    ("calendar", "События в календарь (.ics)", "Upcoming events as a calendar file"),
    ("lang", "Язык ответов", "Answer language"),
]
ADMIN_COMMANDS = [
    ("add", "Добавить статью", "Add an article"),
    ("edit", "Исправить название, источник, дату", "Correct title, source, date"),
    ("articles", "Список статей", "List articles"),
    ("delete", "Удалить статью", "Delete an article"),
    ("reindex", "Извлечь факты заново", "Extract all facts again"),
    ("stats", "Статистика базы", "Knowledge base statistics"),
    ("feeds", "Ленты новостей (RSS/Atom)", "News feeds (RSS/Atom)"),
    ("addfeed", "Добавить ленту", "Add a feed"),
    ("delfeed", "Удалить ленту", "Remove a feed"),
    ("cancel", "Прервать диалог", "Abort a dialogue"),
]


class RetryFloodWait(BaseRequestMiddleware):
    """Waits out Telegram's "retry after N" and sends again, so a busy moment loses no reply.

    Waits longer than `max_wait` seconds are not worth holding a conversation for: the error
    then reaches the error handler like any other.
    """

    def __init__(self, attempts: int = 3, max_wait: float = 30.0) -> None:
        self.attempts = attempts
        self.max_wait = max_wait

    async def __call__(self, make_request: Any, bot: Bot, method: Any) -> Any:
        for _ in range(self.attempts - 1):
            try:
                return await make_request(bot, method)
            except TelegramRetryAfter as error:
                if error.retry_after > self.max_wait:
                    raise
                log.warning(
                    "flood limit on %s: retrying in %s s", type(method).__name__, error.retry_after
                )
                await asyncio.sleep(error.retry_after)
        return await make_request(bot, method)


def build_bot(settings: Settings) -> Bot:
    """A Bot for the configured token, talking to TELEGRAM_API_URL when one is set."""
    if settings.bot_token is None:
        raise ValueError("BOT_TOKEN is not set")
    session = None
    if settings.telegram_api_url:
        server = TelegramAPIServer.from_base(settings.telegram_api_url.rstrip("/"))
        session = AiohttpSession(api=server)
    bot = Bot(
        token=settings.bot_token.get_secret_value(),
        session=session,
        default=DefaultBotProperties(parse_mode=ParseMode.HTML),
    )
    bot.session.middleware(RetryFloodWait())
    return bot


def build_dispatcher(
    store: Store, settings: Settings, bot: Bot | None = None, **services: Any
) -> Dispatcher:
    """Routers, middlewares and services; `services` reach handlers as keyword arguments.

    Given the `bot`, the digest scheduler is created (started and stopped with the dispatcher),
    followers are alerted when an admin adds an article (`article_listeners` are awaited as
    `listener(bot, store, article_id)`), and feeds are polled in the same scheduler.
    """
    inflight = InFlight()
    if bot is not None:
        # Alerts go through the scheduler's deliverer, so they share the digests' rate limits.
        scheduler = services.setdefault("scheduler", DigestScheduler(bot, store, settings))
        services.setdefault("article_listeners", [scheduler.notify_followers])
        if "feed_poller" not in services:
            services["feed_poller"] = feed_poller(bot, store, settings, scheduler)
    services.setdefault("article_listeners", [])
    services.setdefault("pastes", PasteCollector())
    dp = Dispatcher(
        storage=MemoryStorage(),
        store=store,
        settings=settings,
        inflight=inflight,
        write_lock=asyncio.Lock(),
        **services,
    )
    dp.update.outer_middleware(inflight)
    dp.update.outer_middleware(LanguageMiddleware())
    throttle = Throttle(settings.throttle_per_second, settings.throttle_burst)
    dp.update.outer_middleware(ThrottleMiddleware(throttle, exempt=settings.admin_ids))
    dp.include_routers(*routers())
    dp.startup.register(_on_startup)
    dp.shutdown.register(_on_shutdown)
    return dp


def feed_poller(
    bot: Bot, store: Store, settings: Settings, scheduler: DigestScheduler
) -> FeedPoller:
    """Feeds polled in the digest scheduler's APScheduler, on a connection of their own; a new
    article alerts its followers through the scheduler's deliverer, as an admin's /add does."""

    async def alert_followers(article_id: int) -> None:
        await scheduler.notify_followers(bot, scheduler.store, article_id)

    poller = FeedPoller(own_connection(store), settings, listeners=[alert_followers])
    scheduler.every(settings.feed_poll_minutes, poller.poll_due, "feed-poll")
    return poller


async def _set_command_menus(bot: Bot, settings: Settings) -> None:
    for lang, pick in (("ru", 1), ("en", 2)):
        code = None if lang == "ru" else lang
        commands = [BotCommand(command=c[0], description=c[pick]) for c in COMMANDS]
        await bot.set_my_commands(commands, scope=BotCommandScopeDefault(), language_code=code)
        admin_menu = commands + [
            BotCommand(command=c[0], description=c[pick]) for c in ADMIN_COMMANDS
        ]
        for admin_id in sorted(settings.admin_ids):
            await bot.set_my_commands(
                admin_menu, scope=BotCommandScopeChat(chat_id=admin_id), language_code=code
            )


async def _on_startup(bot: Bot, settings: Settings, **data: Any) -> None:
    # The menu is cosmetic: a server without setMyCommands must not keep the bot from starting.
    await cosmetic(lambda: _set_command_menus(bot, settings), "setting the command menu")
    scheduler = data.get("scheduler")
    if scheduler is not None:
        scheduler.start()


async def _on_shutdown(inflight: InFlight, **data: Any) -> None:
    """Finish the updates being handled, then stop the scheduler; the session closes after."""
    await inflight.drain()
    poller = data.get("feed_poller")
    if poller is not None:
        await poller.shutdown()
    scheduler = data.get("scheduler")
    if scheduler is not None:
        await scheduler.shutdown()
    log.info("stopped cleanly")
