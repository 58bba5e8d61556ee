"""A fetched feed to its entries: feedparser reads RSS 0.9x, 1.0, 2.0 and Atom alike. Pure.

feedparser downloads a string that looks like a URL and opens one that looks like a path, so the
body is always handed over as a stream.
"""

from __future__ import annotations

import io
import time
from dataclasses import dataclass
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from typing import Any

import feedparser
from selectolax.lexbor import LexborHTMLParser as HTMLParser

from bot.textio import BadInput


@dataclass(frozen=True, slots=True)
class FeedEntry:
    key: str  # the GUID, else the link: what marks the entry as seen
    link: str | None
    title: str
    summary: str  # plain text
    published: date | None
    language: str | None  # declared by the entry or the feed


@dataclass(frozen=True, slots=True)
class ParsedFeed:
    title: str | None
    entries: list[FeedEntry]


def entry_date(raw: str | None, parsed: time.struct_time | None) -> date | None:
    """The day as the publisher wrote it (its own time zone), else feedparser's UTC reading."""
    if raw:
        for parse in (parsedate_to_datetime, datetime.fromisoformat):
            try:
                return parse(raw.strip().replace("Z", "+00:00")).date()
            except (TypeError, ValueError, IndexError):
                continue
    if parsed:
        return date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday)
    return None


def _plain(html: str) -> str:
    if not html or "<" not in html:
        return " ".join((html or "").split())
    return " ".join(HTMLParser(html).text(separator=" ").split())


def _language(entry: Any, feed_language: str | None) -> str | None:
    for detail in ("title_detail", "summary_detail"):
        language = (entry.get(detail) or {}).get("language")
        if language:
            return language.lower()
    return feed_language


def _entry(entry: Any, feed_language: str | None) -> FeedEntry | None:
    link = (entry.get("link") or "").strip() or None
    key = (entry.get("id") or "").strip() or link
    if key is None:
        return None
    raw_date = entry.get("published") or entry.get("updated")
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    return FeedEntry(
        key=key,
        link=link,
        title=_plain(entry.get("title") or ""),
        summary=_plain(entry.get("summary") or ""),
        published=entry_date(raw_date, parsed),
        language=_language(entry, feed_language),
    )


def parse_feed(body: bytes, url: str, content_type: str | None = None) -> ParsedFeed:
    """The feed's title and entries (each once); BadInput when this is not a feed at all."""
    headers = {"content-location": url}
    if content_type:
        headers["content-type"] = content_type
    try:
        result = feedparser.parse(io.BytesIO(body), response_headers=headers)
    except Exception as error:  # feedparser's own failures on odd input: still not a feed
        raise BadInput(f"это не RSS/Atom-лента ({type(error).__name__})") from error
    if not result.entries and (result.get("bozo") or not result.get("version")):
        problem = result.get("bozo_exception")
        detail = f" ({str(problem).splitlines()[0][:120]})" if problem else ""
        raise BadInput(f"это не RSS/Atom-лента{detail}")
    feed_language = (result.feed.get("language") or "").lower() or None
    entries: list[FeedEntry] = []
    seen: set[str] = set()
    for raw in result.entries:
        entry = _entry(raw, feed_language)
        if entry is None or entry.key in seen or (entry.link and entry.link in seen):
            continue
        seen.update(filter(None, (entry.key, entry.link)))
        entries.append(entry)
    return ParsedFeed(_plain(result.feed.get("title") or "") or None, entries)
