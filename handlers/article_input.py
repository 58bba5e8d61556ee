"""Reading what an admin hands /add: optional `key: value` lines (title, source, date, url) and dates.

Pure functions, so the rules are tested without a bot.
"""

from __future__ import annotations

import re
from datetime import date

from bot.pubdate import find_publication_date, search_publication_date

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
ARTICLE_SUFFIXES = (".txt", ".md", ".html", ".htm")


def find_date(text: str) -> date | None:
    """The first real calendar date in `text`: 2024-05-31, 31.05.2024 or 31 мая 2024."""
    return find_publication_date(text)


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
    if "published" not in fields and (found := search_publication_date(rest)):
        fields["published"] = found.day.isoformat()
        rest = rest[: found.start] + rest[found.end :]
    rest = " ".join(rest.split()).strip(" ,;-—")
    if rest and "title" not in fields:
        fields["title"] = rest
    return fields


def is_article_file(name: str | None) -> bool:
    return bool(name) and name.lower().endswith(ARTICLE_SUFFIXES)
