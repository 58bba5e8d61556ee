"""A fetched news page to article text and metadata: trafilatura for the text, htmldate for the date.

Pure: bytes in, `WebPage` out. Both libraries download a string that looks like a link, so only
parsed trees are handed to them. The date comes from the page's metadata (article:published_time
and other meta tags, JSON-LD datePublished, <time>, date-marked elements, the URL); htmldate's
guessing from free text is off, because a wrong publication date misplaces every relative date
("вчера", "в следующем году") in the article.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from datetime import date, timedelta

import lxml.html
import trafilatura

from bot.textio import BadInput, decode

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*>", re.I)


@dataclass(frozen=True, slots=True)
class WebPage:
    url: str  # where the page was found, after redirects
    text: str
    title: str | None
    author: str | None
    site_name: str | None
    published: date | None
    language: str | None  # the page's own lang attribute


def _codec(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return codecs.lookup(name.strip().strip("\"'")).name
    except LookupError:
        return None


def decode_html(body: bytes, header_charset: str | None = None) -> str:
    """The page as text: the charset of the Content-Type header, else of a meta tag, else a guess."""
    if body.startswith(codecs.BOM_UTF8):
        return body[len(codecs.BOM_UTF8) :].decode("utf-8", "replace")
    declared = _META_CHARSET.search(body[:4096])
    for name in (header_charset, declared[1].decode("ascii", "ignore") if declared else None):
        if codec := _codec(name):
            return body.decode(codec, "replace")
    return decode(body)


def _date_params(today: date) -> dict:
    return {
        "extensive_search": False,
        "original_date": True,  # first publication, not the last edit
        "deferred_url_extractor": True,  # the page's own metadata before a date in its URL
        "max_date": (today + timedelta(days=1)).isoformat(),  # time zones ahead of ours
    }


def read_page(
    body: bytes, url: str, charset: str | None = None, today: date | None = None
) -> WebPage:
    """The article on a news page; BadInput when the page has no article text."""
    text = _XML_DECLARATION.sub("", decode_html(body, charset))
    if not text.strip():
        raise BadInput("страница пуста")
    try:
        tree = lxml.html.document_fromstring(text)
    except (ValueError, lxml.etree.ParserError) as error:
        raise BadInput("страница не читается как HTML") from error
    try:
        document = trafilatura.bare_extraction(
            tree,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            include_images=False,
            date_extraction_params=_date_params(today or date.today()),
        )
    except Exception as error:  # the libraries' own failures on odd markup: still bad input
        raise BadInput(f"страница не разбирается ({type(error).__name__})") from error
    if document is None or not (document.text or "").strip():
        raise BadInput("на странице не найден текст статьи")
    return WebPage(
        url=url,
        text=document.text,
        title=document.title or None,
        author=document.author or None,
        site_name=document.sitename or document.hostname or None,
        published=date.fromisoformat(document.date[:10]) if document.date else None,
        language=(tree.get("lang") or "").lower() or None,
    )
