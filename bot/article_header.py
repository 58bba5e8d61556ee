"""What an admin writes around an article: header lines, dates, and the headline as its title.

«Название:», «Источник:», «Дата:», «Автор:», «URL:» (or Title:, Source:, Date:, Author:, URL:)
at the top of a pasted text, an uploaded file or a file given to `briefing ingest` are metadata:
they never reach the article text or its title. Pure functions, shared by the CLI and /add.
"""

from __future__ import annotations

import re
from datetime import date

from bot.pubdate import find_publication_date, search_publication_date

# A header key (folded, without ":") -> the metadata field it fills.
HEADER_KEYS: dict[str, str] = {
    "название": "title",
    "заголовок": "title",
    "title": "title",
    "headline": "title",
    "источник": "source",
    "издание": "source",
    "source": "source",
    "дата": "published",
    "дата публикации": "published",
    "опубликовано": "published",
    "date": "published",
    "published": "published",
    "автор": "author",
    "author": "author",
    "url": "url",
    "ссылка": "url",
    "link": "url",
}
_FIELD = re.compile(
    r"^\s*[*_]*([A-Za-zА-Яа-яЁё][A-Za-zА-Яа-яЁё ]{0,20}?)[*_]*\s*[:=]\s*[*_]*\s*(.*?)\s*$"
)
TITLE_CHARS = 120  # a title made from the first sentence is cut at a word boundary before this
HEADLINE_CHARS = 200  # a first line longer than this is a paragraph, not a headline


def find_date(text: str) -> date | None:
    """The first real calendar date in `text`, in any form `bot.pubdate` reads."""
    return find_publication_date(text)


def header_field(line: str) -> tuple[str, str] | None:
    """(field, value) when the line is a header line with a known key."""
    match = _FIELD.match(line)
    if match is None:
        return None
    key = HEADER_KEYS.get(" ".join(match[1].lower().replace("ё", "е").split()))
    return (key, match[2]) if key else None


def split_header(text: str) -> tuple[dict[str, str], str]:
    """Header lines at the top (blank lines between them allowed), and the text after them.

    Only the top counts: a «Источник:» line further down is article text. A key given twice
    keeps its first value; an empty value fills nothing.
    """
    fields: dict[str, str] = {}
    lines = text.split("\n")
    index = 0
    while index < len(lines):
        line = lines[index]
        if not line.strip():
            index += 1
            continue
        found = header_field(line)
        if found is None:
            break
        key, value = found
        if value:
            fields.setdefault(key, value)
        index += 1
    return fields, "\n".join(lines[index:]).strip()


def caption_fields(caption: str | None) -> dict[str, str]:
    """A document's caption: header lines, else a bare date and a free line as the title."""
    if not caption or not caption.strip():
        return {}
    fields, rest = split_header(caption)
    if "published" not in fields and (found := search_publication_date(rest)):
        fields["published"] = found.day.isoformat()
        rest = rest[: found.start] + rest[found.end :]
    rest = " ".join(rest.split()).strip(" ,;-—")
    if rest and "title" not in fields:
        fields["title"] = rest
    return fields


_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+(?=[«\"(A-ZА-ЯЁ0-9])")


def reads_like_headline(line: str) -> bool:
    """Short, mostly letters, and not a sentence that ends with a full stop."""
    line = line.strip()
    letters = sum(ch.isalpha() for ch in line)
    return (
        3 <= len(line) <= HEADLINE_CHARS
        and letters >= len(line) * 0.5
        and not line.endswith((".", ":", ";", ","))
        and len(_SENTENCE_END.split(line)) == 1
    )


def clip_title(text: str, limit: int = TITLE_CHARS) -> str:
    """At most `limit` characters, cut between words (with «…»), never inside one."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:—-") + "…"


def headline(text: str) -> str | None:
    """The title of an article with none given: its first line when that reads like a headline,
    else its first real sentence (datelines like «Астана, 30 ноября.» skipped) cut between words."""
    lines = [line.strip().lstrip("#").strip() for line in text.split("\n") if line.strip()]
    if not lines:
        return None
    if len(lines) > 1 and reads_like_headline(lines[0]):
        return lines[0]
    sentences = _SENTENCE_END.split(lines[0])
    first = next((s for s in sentences if len(s.split()) >= 5), sentences[0])
    return clip_title(first.rstrip("."))
