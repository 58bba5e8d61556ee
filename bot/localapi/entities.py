"""Telegram-style parsing of formatted text into plain text plus entities.

Telegram rejects a message whose HTML it cannot parse ("can't parse entities") and counts the
4096-character limit on the text left after parsing, so the local server has to parse exactly
the way Telegram does to catch those bugs before production does. Modelled on tdlib's HTML parser.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from functools import lru_cache

_ENTITY_BY_TAG = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "a": "text_link",
    "code": "code",
    "pre": "pre",
    "span": "spoiler",
    "tg-spoiler": "spoiler",
    "tg-emoji": "custom_emoji",
    "blockquote": "blockquote",
}
# tdlib decodes only these named references; any other `&name;` stays literal text.
_KNOWN_NAMED_REFERENCES = {"lt", "gt", "amp", "quot"}
_HTML_TOKEN = re.compile(r"<[^>]*>|&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z]{2,8});|<")
_AUTO_ENTITY = re.compile(
    r"(?<![\w/@])(?:/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{5,32})?|@[A-Za-z][A-Za-z0-9_]{4,31})(?!\w)"
)
_TAG_NAME = re.compile(r"[a-zA-Z][a-zA-Z0-9-]*")
_ATTRIBUTE = re.compile(r"""\s*([a-zA-Z-]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+)))?""")


class EntityParseError(ValueError):
    """Raised with Telegram's wording so bot authors recognise the production error."""


@dataclass
class ParsedText:
    text: str
    entities: list[dict] = field(default_factory=list)


def utf16_length(text: str) -> int:
    """Telegram entity offsets count UTF-16 code units, not code points."""
    if text.isascii():
        return len(text)
    return len(text.encode("utf-16-le")) // 2


def parse_html(source: str) -> ParsedText:
    """Strip supported tags and decode references; raise EntityParseError like Telegram."""
    cached = _parse_html_cached(source)
    return ParsedText(cached.text, [dict(entity) for entity in cached.entities])


@lru_cache(maxsize=512)
def _parse_html_cached(source: str) -> ParsedText:
    # Cached because the server parses each text twice (validation, then the Message it
    # returns) and fan-out benchmarks send one digest text to thousands of chats.
    parts: list[str] = []
    utf16_offset = 0
    stack: list[tuple[str, int, dict[str, str]]] = []
    entities: list[dict] = []
    position = 0
    for token in _HTML_TOKEN.finditer(source):
        if token.start() > position:
            chunk = source[position : token.start()]
            parts.append(chunk)
            utf16_offset += utf16_length(chunk)
        position = token.end()
        text = token.group(0)
        if text[0] == "&":
            decoded = html.unescape(text) if _is_decodable(text[1:-1]) else text
            parts.append(decoded)
            utf16_offset += utf16_length(decoded)
        elif text == "<":
            raise EntityParseError(
                f"Can't find end of the tag at byte offset {_bytes(source, token.start())}"
            )
        elif text.startswith("</"):
            entity = _close_tag(text[2:-1].strip().lower(), stack, utf16_offset, source, token)
            if entity is not None:
                entities.append(entity)
        else:
            stack.append((*_open_tag(text, source, token), utf16_offset))
    if position < len(source):
        parts.append(source[position:])
    if stack:
        raise EntityParseError(f'Can\'t find end tag corresponding to start tag "{stack[-1][0]}"')
    entities.sort(key=lambda entity: (entity["offset"], -entity["length"]))
    return ParsedText("".join(parts), entities)


def _open_tag(text: str, source: str, token: re.Match) -> tuple[str, dict[str, str]]:
    name_match = _TAG_NAME.match(text, 1)
    name = name_match.group(0).lower() if name_match else ""
    if name not in _ENTITY_BY_TAG:
        raise EntityParseError(
            f'Unsupported start tag "{name}" at byte offset {_bytes(source, token.start())}'
        )
    attributes = _parse_attributes(text[name_match.end() : -1])
    if name == "span" and attributes.get("class") != "tg-spoiler":
        raise EntityParseError(
            f'Tag "span" must have class "tg-spoiler" at byte offset {_bytes(source, token.start())}'
        )
    return name, attributes


def _close_tag(
    name: str, stack: list, utf16_offset: int, source: str, token: re.Match
) -> dict | None:
    where = _bytes(source, token.start())
    if not stack:
        raise EntityParseError(f'Unexpected end tag "{name}" at byte offset {where}')
    open_name, attributes, start = stack.pop()
    if name != open_name:
        raise EntityParseError(
            f'Unmatched end tag at byte offset {where}, expected "</{open_name}>", '
            f'found "</{name}>"'
        )
    return _entity(open_name, start, utf16_offset - start, attributes)


def _bytes(source: str, index: int) -> int:
    """Telegram reports positions as UTF-8 byte offsets."""
    return len(source[:index].encode("utf-8"))


def detect_entities(text: str) -> list[dict]:
    """The entities Telegram adds to a user's plain text: /commands and @mentions."""
    entities = []
    for match in _AUTO_ENTITY.finditer(text):
        kind = "bot_command" if match.group(0).startswith("/") else "mention"
        offset = utf16_length(text[: match.start()])
        entities.append({"type": kind, "offset": offset, "length": utf16_length(match.group(0))})
    return entities


def parse_formatted(text: str, parse_mode: str | None) -> ParsedText:
    """Entry point for any text field with a sibling parse_mode."""
    mode = (parse_mode or "").lower()
    if mode == "html":
        return parse_html(text)
    if mode in {"markdownv2", "markdown"}:
        return ParsedText(_strip_markdown(text))
    return ParsedText(text)


def _is_decodable(reference: str) -> bool:
    if reference.startswith("#"):
        code = int(reference[2:], 16) if reference[1] in "xX" else int(reference[1:])
        return 0 < code <= 0x10FFFF
    return reference in _KNOWN_NAMED_REFERENCES


def _parse_attributes(raw: str) -> dict[str, str]:
    attributes: dict[str, str] = {}
    for match in _ATTRIBUTE.finditer(raw):
        if match.group(0).strip():
            value = next((group for group in match.groups()[1:] if group is not None), "")
            attributes[match.group(1).lower()] = html.unescape(value)
    return attributes


def _entity(tag: str, offset: int, length: int, attributes: dict[str, str]) -> dict | None:
    if length == 0:
        return None  # Telegram silently drops empty entities
    kind = _ENTITY_BY_TAG[tag]
    entity: dict = {"type": kind, "offset": offset, "length": length}
    if kind == "text_link":
        if not attributes.get("href"):
            return None
        entity["url"] = attributes["href"]
    elif kind == "custom_emoji":
        entity["custom_emoji_id"] = attributes.get("emoji-id", "0")
    elif kind == "blockquote" and "expandable" in attributes:
        entity["type"] = "expandable_blockquote"
    return entity


def _strip_markdown(text: str) -> str:
    """Rough length estimate only: drop escapes and formatting markers."""
    text = re.sub(r"\\(.)", r"\1", text)
    return re.sub(r"[*_~`|]", "", text)
