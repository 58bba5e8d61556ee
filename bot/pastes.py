"""One pasted article from the messages Telegram split it into.

A Telegram client sends a pasted text longer than 4096 characters as several messages, a few
milliseconds apart. After /add, parts that follow each other within `window` seconds are one
article: a part of nearly full length means more are coming, so its handler waits for them; a
shorter part ends the paste (after a short grace for stragglers). Whichever handler holds the
newest part when the waiting is over takes the whole text; the others return None.
"""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass, field

TELEGRAM_LIMIT = 4096
FULL_PART = 3500  # a part at least this long was cut by the client: the next one is coming
WINDOW_SECONDS = 3.0
GRACE_SECONDS = 0.3
_ENDS_BLOCK = re.compile(r"[.!?…»\"')\]]\s*$")


@dataclass(slots=True)
class _Paste:
    parts: dict[int, str] = field(default_factory=dict)  # message id -> text
    newest: int = 0  # serial of the part added last


class PasteCollector:
    """Pastes in progress, one per chat (an admin pastes one article at a time)."""

    def __init__(self, window: float = WINDOW_SECONDS, grace: float = GRACE_SECONDS) -> None:
        self.window = window
        self.grace = grace
        self._pastes: dict[int, _Paste] = {}
        self._serial = 0

    async def collect(self, chat_id: int, message_id: int, text: str) -> str | None:
        """The whole article once this part completes it; None if another handler takes it."""
        self._serial += 1
        serial = self._serial
        paste = self._pastes.setdefault(chat_id, _Paste())
        paste.parts[message_id] = text
        paste.newest = serial
        await asyncio.sleep(self.window if len(text) >= FULL_PART else self.grace)
        current = self._pastes.get(chat_id)
        if current is not paste or paste.newest != serial:
            return None
        del self._pastes[chat_id]
        return join_parts([paste.parts[key] for key in sorted(paste.parts)])

    def parts_waiting(self, chat_id: int) -> int:
        paste = self._pastes.get(chat_id)
        return len(paste.parts) if paste else 0


def join_parts(parts: list[str]) -> str:
    """Parts in order. Clients cut at whitespace and drop it, at a paragraph break when there is
    one: a cut after the end of a sentence becomes a line break, any other a space."""
    text = ""
    for part in parts:
        if not text:
            text = part
        elif part[:1].isspace() or text[-1:].isspace():
            text += part
        else:
            text += ("\n" if _ENDS_BLOCK.search(text) else " ") + part
    return text
