"""Delivery failures and flood limits, injected so delivery code meets them before production does.

Telegram answers a flooding bot with 429 + retry_after, a blocked user with 403, and sometimes
with 5xx or silence; a fan-out that has only ever seen 200s loses or doubles messages on its first
bad day. `Faults` scripts those answers per chat, or per method for any call (a self-hosted
server that lacks setMyCommands, a getMe answered 502 while it starts); `RateLimiter` enforces
the documented limits.
"""

from __future__ import annotations

import math
import time
from collections import Counter, deque
from dataclasses import dataclass, field

# Methods that post a message into a chat: what Telegram's flood limits and our faults apply to.
SEND_METHODS = frozenset(
    {
        "sendMessage",
        "sendDocument",
        "sendPhoto",
        "sendAudio",
        "sendVideo",
        "sendAnimation",
        "sendVoice",
        "sendVideoNote",
        "sendSticker",
        "sendLocation",
        "sendVenue",
        "sendContact",
        "sendPoll",
        "sendDice",
        "sendMediaGroup",
        "sendInvoice",
        "copyMessage",
        "forwardMessage",
    }
)


@dataclass(frozen=True)
class FaultResponse:
    """What the server answers instead of performing the call."""

    status: int
    description: str
    retry_after: int | None = None
    hang_seconds: float | None = None  # > 0: stall the request; inf = until the server stops
    delivered: bool = False  # a timeout after which the message did arrive anyway
    body: str | None = None  # answer with this text instead of Telegram's JSON (a proxy's page)


@dataclass
class _Fault:
    response: FaultResponse
    remaining: int | None  # None: every call, forever
    methods: frozenset[str]


class Faults:
    """Per-chat scripted failures, consumed in the order they were added."""

    def __init__(self) -> None:
        self._by_chat: dict[int | str, list[_Fault]] = {}
        self._by_method: dict[str, list[_Fault]] = {}
        self.triggered: Counter[str] = Counter()

    def refuse_method(
        self,
        method: str,
        status: int = 404,
        description: str = "Not Found: method not found",
        times: int | None = None,
        body: str | None = None,
    ) -> None:
        """Answer every call of `method` (whatever its chat) with this error `times` times."""
        fault = _Fault(FaultResponse(status, description, body=body), times, frozenset({method}))
        self._by_method.setdefault(method, []).append(fault)

    def retry_after(
        self, chat_id: int | str, seconds: int = 1, times: int | None = 1, **kw
    ) -> None:
        description = f"Too Many Requests: retry after {seconds}"
        self.add(chat_id, FaultResponse(429, description, retry_after=seconds), times, **kw)

    def blocked(self, chat_id: int | str, times: int | None = None, **kw) -> None:
        response = FaultResponse(403, "Forbidden: bot was blocked by the user")
        self.add(chat_id, response, times, **kw)

    def chat_not_found(self, chat_id: int | str, times: int | None = None, **kw) -> None:
        self.add(chat_id, FaultResponse(400, "Bad Request: chat not found"), times, **kw)

    def server_error(self, chat_id: int | str, times: int | None = 1, **kw) -> None:
        self.add(chat_id, FaultResponse(500, "Internal Server Error"), times, **kw)

    def timeout(
        self,
        chat_id: int | str,
        times: int | None = 1,
        seconds: float = math.inf,
        delivered: bool = False,
        **kw,
    ) -> None:
        """Stall the call; with `delivered` the message is recorded although the client gave up."""
        response = FaultResponse(504, "Gateway Timeout", hang_seconds=seconds, delivered=delivered)
        self.add(chat_id, response, times, **kw)

    def add(
        self,
        chat_id: int | str,
        response: FaultResponse,
        times: int | None = 1,
        methods: frozenset[str] | set[str] = SEND_METHODS,
    ) -> None:
        fault = _Fault(response, times, frozenset(methods))
        self._by_chat.setdefault(_key(chat_id), []).append(fault)

    def clear(self, chat_id: int | str | None = None) -> None:
        if chat_id is None:
            self._by_chat.clear()
            self._by_method.clear()
        else:
            self._by_chat.pop(_key(chat_id), None)

    def take(self, method: str, chat_id: int | str | None) -> FaultResponse | None:
        """The fault to answer this call with, consuming one use of it."""
        for faults in (
            self._by_method.get(method),
            self._by_chat.get(_key(chat_id)) if chat_id is not None else None,
        ):
            for fault in faults or ():
                if method in fault.methods:
                    if fault.remaining is not None:
                        fault.remaining -= 1
                        if fault.remaining <= 0:
                            faults.remove(fault)
                    self.triggered[str(fault.response.status)] += 1
                    return fault.response
        return None


@dataclass
class RateLimiter:
    """Sliding one-second windows: overall and per chat, like Telegram's broadcast limits."""

    per_second: int | None = None
    per_chat_per_second: int | None = None
    accepted: int = 0
    rejected: int = 0
    _recent: deque[float] = field(default_factory=deque)
    _recent_by_chat: dict[int | str, deque[float]] = field(default_factory=dict)

    def admit(self, chat_id: int | str | None, now: float | None = None) -> int | None:
        """None if the send may go ahead (and counts it), else the retry_after to answer."""
        now = time.monotonic() if now is None else now
        waits = [_wait(self._recent, self.per_second, now)]
        chat_window = None
        if chat_id is not None and self.per_chat_per_second:
            chat_window = self._recent_by_chat.setdefault(_key(chat_id), deque())
            waits.append(_wait(chat_window, self.per_chat_per_second, now))
        wait = max(waits)
        if wait > 0:
            self.rejected += 1
            return max(1, math.ceil(wait))
        self.accepted += 1
        if self.per_second:
            self._recent.append(now)
        if chat_window is not None:
            chat_window.append(now)
        return None


def _wait(window: deque[float], limit: int | None, now: float) -> float:
    if not limit:
        return 0.0
    while window and now - window[0] >= 1.0:
        window.popleft()
    if len(window) < limit:
        return 0.0
    return 1.0 - (now - window[0])


def _key(chat_id: int | str) -> int | str:
    """Form-encoded chat ids arrive as strings; faults are registered with ints."""
    if isinstance(chat_id, str) and chat_id.lstrip("-").isdigit():
        return int(chat_id)
    return chat_id
