"""What every handler gets before it runs: the user's language; and a count of updates in flight."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import TelegramObject, User

from bot.i18n import normalize_lang
from bot.store import Store

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
