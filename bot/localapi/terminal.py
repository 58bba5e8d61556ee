"""What the sandbox chat needs of a terminal: messages drawn as Telegram draws them, lines read
safely, and long texts sent the way a Telegram client sends them.

Bold, italic, code and links are ANSI styles on a terminal (links clickable where the terminal
supports OSC 8, their address shown after them either way); written to a pipe the text stays
plain, links still followed by their address. Input arrives as bytes: a terminal cuts a line at
about 4 KB, possibly inside a UTF-8 sequence, and the broken bytes become U+FFFD instead of
surrogates that no JSON encoder (and no later poll) survives.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, BinaryIO

TELEGRAM_LIMIT = 4096
TERMINAL_LINE_LIMIT = 4095  # a canonical-mode terminal keeps this many bytes of a line

# entity type -> (start, end) ANSI codes
_STYLES = {
    "bold": ("\x1b[1m", "\x1b[22m"),
    "italic": ("\x1b[3m", "\x1b[23m"),
    "underline": ("\x1b[4m", "\x1b[24m"),
    "strikethrough": ("\x1b[9m", "\x1b[29m"),
    "code": ("\x1b[36m", "\x1b[39m"),
    "pre": ("\x1b[36m", "\x1b[39m"),
    "spoiler": ("\x1b[2m", "\x1b[22m"),
    "blockquote": ("\x1b[3m", "\x1b[23m"),
}
_LINK = ("\x1b[4;34m", "\x1b[24;39m")


def _code_points(text: str, entities: list[dict[str, Any]]) -> list[tuple[int, int, dict]]:
    """(start, end, entity) in string indices; Telegram counts offsets in UTF-16 units."""
    positions, units = {}, 0
    for index, char in enumerate(text):
        positions[units] = index
        units += 2 if ord(char) > 0xFFFF else 1
    positions[units] = len(text)
    spans = []
    for entity in entities:
        start = positions.get(entity["offset"])
        end = positions.get(entity["offset"] + entity["length"])
        if start is not None and end is not None:
            spans.append((start, end, entity))
    return spans


def render(text: str, entities: list[dict[str, Any]] | None, ansi: bool) -> str:
    """The message as a Telegram client shows it, in a terminal (`ansi`) or plain."""
    inserts: list[tuple[int, int, str]] = []  # (position, 0 = closing first, code)
    for start, end, entity in _code_points(text, entities or []):
        kind = entity.get("type")
        url = entity.get("url")
        if kind == "text_link" and url:
            shown = text[start:end]
            tail = "" if shown == url else f" ({url})"
            if ansi:
                inserts.append((start, 1, f"\x1b]8;;{url}\x1b\\{_LINK[0]}"))
                inserts.append((end, 0, f"{_LINK[1]}\x1b]8;;\x1b\\\x1b[2m{tail}\x1b[22m"))
            elif tail:
                inserts.append((end, 0, tail))
        elif ansi and kind in _STYLES:
            opening, closing = _STYLES[kind]
            inserts.append((start, 1, opening))
            inserts.append((end, 0, closing))
    pieces, position = [], 0
    for index, _, code in sorted(inserts, key=lambda item: (item[0], item[1])):
        pieces.append(text[position:index])
        pieces.append(code)
        position = index
    pieces.append(text[position:])
    return "".join(pieces)


def read_lines(stream: BinaryIO) -> Iterator[tuple[str, int]]:
    """Each line as text (undecodable bytes as U+FFFD) with its size in bytes."""
    for raw in stream:
        yield raw.decode("utf-8", errors="replace"), len(raw.rstrip(b"\r\n"))


def valid(text: str) -> str:
    """The text as valid Unicode, as Telegram delivers every text: bytes smuggled in as
    surrogates (a stream decoded with surrogateescape) decoded again, broken ones as U+FFFD."""
    try:
        return text.encode("utf-8", errors="surrogateescape").decode("utf-8", errors="replace")
    except UnicodeEncodeError:  # other lone surrogates
        return "".join("\ufffd" if 0xD800 <= ord(ch) <= 0xDFFF else ch for ch in text)


def split_like_a_client(text: str, limit: int = TELEGRAM_LIMIT) -> list[str]:
    """A text longer than a message as Telegram clients send it: parts of at most `limit`
    characters, cut at a paragraph break (else a space), the whitespace dropped."""
    parts = []
    while len(text) > limit:
        cut = text.rfind("\n", 0, limit)
        if cut <= limit // 2:
            cut = text.rfind(" ", 0, limit)
        dropped = 1 if cut > 0 else 0  # no whitespace at all: cut at the limit, drop nothing
        cut = cut if cut > 0 else limit
        parts.append(text[:cut])
        text = text[cut + dropped :]
    return [*parts, text]
