"""Reading what an admin hands /add: optional `key: value` lines (title, source, date, url) and dates.

Pure functions, so the rules are tested without a bot.
"""

from __future__ import annotations

import re
from datetime import date

_KEYS = {
    "title": "title",
    "заголовок": "title",
    "название": "title",
    "source": "source",
    "источник": "source",
    "date": "published",
    "дата": "published",
    "published": "published",
    "опубликовано": "published",
    "url": "url",
    "ссылка": "url",
    "author": "author",
    "автор": "author",
}
_FIELD = re.compile(r"^\s*([A-Za-zА-Яа-яЁё]+)\s*[:=]\s*(.+?)\s*$")
_ISO = re.compile(r"\b((?:19|20)\d\d)-(\d\d?)-(\d\d?)\b")
_DOTTED = re.compile(r"\b(\d\d?)[./](\d\d?)[./]((?:19|20)\d\d)\b")
ARTICLE_SUFFIXES = (".txt", ".md", ".html", ".htm")


def find_date(text: str) -> date | None:
    """The first real calendar date written as 2024-05-31, 31.05.2024 or 31/05/2024."""
    candidates = [(m.start(), int(m[1]), int(m[2]), int(m[3])) for m in _ISO.finditer(text)]
    candidates += [(m.start(), int(m[3]), int(m[2]), int(m[1])) for m in _DOTTED.finditer(text)]
    for _, year, month, day in sorted(candidates):
        try:
            return date(year, month, day)
        except ValueError:
            continue
    return None


def split_fields(text: str) -> tuple[dict[str, str], str]:
    """Leading `key: value` lines with a known key, and the rest of the text untouched."""
    fields: dict[str, str] = {}
    lines = text.split("\n")
    index = 0
    while index < len(lines):
        line = lines[index]
        if not line.strip() and not fields:
            index += 1
            continue
        match = _FIELD.match(line)
        key = _KEYS.get(match[1].lower()) if match else None
        if key is None:
            break
        fields[key] = match[2]
        index += 1
    return fields, "\n".join(lines[index:]).strip()


def caption_fields(caption: str | None) -> dict[str, str]:
    """A document's caption: `key: value` lines, else a bare date and a free line as the title."""
    if not caption or not caption.strip():
        return {}
    fields, rest = split_fields(caption)
    if "published" not in fields and (found := find_date(rest)):
        fields["published"] = found.isoformat()
        rest = _ISO.sub("", _DOTTED.sub("", rest))
    rest = " ".join(rest.split()).strip(" ,;-—")
    if rest and "title" not in fields:
        fields["title"] = rest
    return fields


def is_article_file(name: str | None) -> bool:
    return bool(name) and name.lower().endswith(ARTICLE_SUFFIXES)
