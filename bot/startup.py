"""Bot API calls made while the bot starts: the essential ones outlast a server that is still
coming up, the cosmetic ones never stop the bot.

A bot started together with its self-hosted Bot API server, or during a network blip, meets
"connection refused" or a 502 from getMe; that is a reason to wait, not to exit. A server or
emulator that does not implement setMyCommands only costs the command menu. A token the server
refuses is no transient failure: that ends the start with a message saying so.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import TypeVar

from aiogram.exceptions import (
    ClientDecodeError,
    TelegramNetworkError,
    TelegramNotFound,
    TelegramServerError,
    TelegramUnauthorizedError,
)

log = logging.getLogger(__name__)
T = TypeVar("T")

# Worth waiting out: nobody listening yet, a proxy's error page, a 5xx.
TRANSIENT = (TelegramNetworkError, TelegramServerError, ClientDecodeError)
FIRST_PAUSE = 1.0
MAX_PAUSE = 60.0


class TokenRefused(RuntimeError):
    """The Bot API does not know this token: waiting will not help."""


async def until_reachable(
    call: Callable[[], Awaitable[T]],
    what: str,
    *,
    first_pause: float = FIRST_PAUSE,
    max_pause: float = MAX_PAUSE,
) -> T:
    """`call()`, tried again with doubling pauses for as long as its failures are transient."""
    pause = first_pause
    while True:
        try:
            return await call()
        except (TelegramUnauthorizedError, TelegramNotFound) as error:
            raise TokenRefused(
                f"the Bot API refused BOT_TOKEN on {what} ({error.message}); check the token "
                "(and TELEGRAM_API_URL)"
            ) from None
        except TRANSIENT as error:
            log.warning(
                "%s failed (%s: %s): the Bot API is not reachable yet; trying again in %.0f s",
                what, type(error).__name__, error, pause,
            )  # fmt: skip
            await asyncio.sleep(pause)
            pause = min(pause * 2, max_pause)


async def cosmetic(call: Callable[[], Awaitable[object]], what: str) -> bool:
    """`call()`, or a log line and on without it: nothing cosmetic may keep the bot from
    starting, whatever the server answered."""
    try:
        await call()
    except Exception as error:
        log.warning(
            "%s was refused (%s: %s); going on without it", what, type(error).__name__, error
        )
        return False
    return True
