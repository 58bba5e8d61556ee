"""What every update passes before a handler runs: a count of updates in flight, the user's
language, and the per-user throttle."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware, Bot
from aiogram.exceptions import TelegramAPIError
from aiogram.types import TelegramObject, Update, User

from bot.i18n import normalize_lang, tr
from bot.store import Store
from bot.throttle import Throttle, Verdict

log = logging.getLogger(__name__)

Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]


def user_language(store: Store, user: User | None, default: str = "ru") -> str:
    """The language the user chose with /lang, else their Telegram language as the first guess."""
    if user is None:
        return default
    chosen = store.user_lang(user.id)
    if chosen:
        return chosen
    return normalize_lang(user.language_code) if user.language_code else default


class LanguageMiddleware(BaseMiddleware):
    """Puts `lang` into every handler's data (registered as an outer update middleware)."""

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        store: Store = data["store"]
        settings = data.get("settings")
        default = settings.default_language if settings is not None else "ru"
        data["lang"] = user_language(store, data.get("event_from_user"), default)
        return await handler(event, data)


class InFlight(BaseMiddleware):
    """Tracks updates being handled so a shutdown can let them finish instead of cutting them off."""

    def __init__(self) -> None:
        self._tasks: set[asyncio.Task[Any]] = set()

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        task = asyncio.current_task()
        if task is not None:
            self._tasks.add(task)
        try:
            return await handler(event, data)
        finally:
            if task is not None:
                self._tasks.discard(task)

    @property
    def count(self) -> int:
        return len(self._tasks)

    async def drain(self, timeout: float = 30.0) -> None:
        """Wait for the updates being handled now (not for new ones) to finish."""
        current = asyncio.current_task()
        pending = {task for task in self._tasks if task is not current and not task.done()}
        if not pending:
            return
        log.info("waiting for %d update(s) in flight", len(pending))
        _, still = await asyncio.wait(pending, timeout=timeout)
        if still:
            log.warning("%d update(s) still running after %.0f s", len(still), timeout)


def slow_down(lang: str) -> str:
    return tr(
        lang,
        "Слишком много сообщений подряд — подождите несколько секунд, и я отвечу на следующие.",
        "Too many messages at once — wait a few seconds and I will answer the next ones.",
    )


class ThrottleMiddleware(BaseMiddleware):
    """Drops a user's messages and button presses past their rate (`bot.throttle`).

    The user is told once, in a private chat or as a button's pop-up; a group is never told
    about one member's flood. Registered after LanguageMiddleware (the notice needs `lang`).
    Admins are not counted: a long article pasted after /add arrives as many messages at once.
    """

    def __init__(self, throttle: Throttle, exempt: frozenset[int] = frozenset()) -> None:
        self.throttle = throttle
        self.exempt = exempt

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        user: User | None = data.get("event_from_user")
        counted = isinstance(event, Update) and (
            event.message or event.edited_message or event.callback_query
        )
        if user is None or not counted or user.id in self.exempt:
            return await handler(event, data)
        verdict = self.throttle.admit(user.id)
        if verdict is Verdict.PASS:
            return await handler(event, data)
        if verdict is Verdict.NOTICE:
            log.info("user %s is over the rate; dropping updates", user.id)
            await self._notice(event, data["bot"], data.get("lang") or "ru")
        return None

    async def _notice(self, update: Update, bot: Bot, lang: str) -> None:
        try:
            if update.callback_query is not None:
                await bot.answer_callback_query(update.callback_query.id, slow_down(lang))
                return
            message = update.message or update.edited_message
            if message is not None and message.chat.type == "private":
                await bot.send_message(message.chat.id, slow_down(lang))
        except TelegramAPIError as error:
            log.warning("could not tell a user to slow down: %s", error)
