"""Telegram-style parsing of formatted text into plain text plus entities.

Telegram rejects a message whose HTML it cannot parse ("can't parse entities") and counts the
4096-character limit on the text left after parsing, so the local server has to parse exactly
the way Telegram does to catch those bugs before production does. Modelled on tdlib's HTML parser.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

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
_REFERENCE = re.compile(r"&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z]{2,8});")
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
    return len(text.encode("utf-16-le")) // 2


def parse_html(source: str) -> ParsedText:
    """Strip supported tags and decode references; raise EntityParseError like Telegram."""
    parts: list[str] = []
    utf16_offset = 0
    stack: list[tuple[str, int, dict[str, str]]] = []
    entities: list[dict] = []
    i = 0
    while i < len(source):
        char = source[i]
        if char == "&":
            match = _REFERENCE.match(source, i)
            if match and _is_decodable(match.group(1)):
                decoded = html.unescape(match.group(0))
                parts.append(decoded)
                utf16_offset += utf16_length(decoded)
                i = match.end()
                continue
        if char != "<":
            parts.append(char)
            utf16_offset += utf16_length(char)
            i += 1
            continue
        byte_offset = len(source[:i].encode("utf-8"))
        close = source.find(">", i)
        if close == -1:
            raise EntityParseError(f"Can't find end of the tag at byte offset {byte_offset}")
        if source.startswith("</", i):
            name = source[i + 2 : close].strip().lower()
            if not stack:
                raise EntityParseError(f'Unexpected end tag "{name}" at byte offset {byte_offset}')
            open_name, start, attributes = stack.pop()
            if name != open_name:
                raise EntityParseError(
                    f'Unmatched end tag at byte offset {byte_offset}, expected "</{open_name}>", '
                    f'found "</{name}>"'
                )
            entity = _entity(open_name, start, utf16_offset - start, attributes)
            if entity is not None:
                entities.append(entity)
            i = close + 1
            continue
        name_match = _TAG_NAME.match(source, i + 1)
        name = name_match.group(0).lower() if name_match else ""
        if name not in _ENTITY_BY_TAG:
            raise EntityParseError(f'Unsupported start tag "{name}" at byte offset {byte_offset}')
        attributes = _parse_attributes(source[name_match.end() : close])
        if name == "span" and attributes.get("class") != "tg-spoiler":
            raise EntityParseError(
                f'Tag "span" must have class "tg-spoiler" at byte offset {byte_offset}'
            )
        stack.append((name, utf16_offset, attributes))
        i = close + 1
    if stack:
        raise EntityParseError(f'Can\'t find end tag corresponding to start tag "{stack[-1][0]}"')
    entities.sort(key=lambda entity: (entity["offset"], -entity["length"]))
    return ParsedText("".join(parts), entities)


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
