"""Articles by URL: a page fetched, read (bot.webpage) and ingested by the same rules as files.

The key of such an article is its URL after redirects, which is also the `url` every citation
links to. So the same page again is unchanged, a changed page replaces its old version and its
facts, and the same text under another URL is a duplicate. Fetching is async; reading the page
and extracting facts run in a worker thread, so an event loop stays free to answer others.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from datetime import date
from typing import Any

from bot.fetch import HTML_TYPES, Fetcher
from bot.ingest import Outcome, Source, ingest_sources
from bot.models import ArticleMeta
from bot.store import Store
from bot.textio import BadInput, prepare_text
from bot.urlsafety import FetchError
from bot.webpage import WebPage, read_page

NO_DATE = "на странице нет даты публикации — укажите её (--published ГГГГ-ММ-ДД)"


def looks_like_url(text: str) -> bool:
    """One token with a scheme: a link to fetch (or to refuse clearly), not an article text."""
    text = text.strip()
    return "://" in text and len(text.split()) == 1


def read_article(body: bytes, url: str, charset: str | None = None) -> WebPage:
    """A page whose text would be accepted as an article (checked before anyone asks a date)."""
    page = read_page(body, url, charset)
    prepare_text(page.text)
    return page


async def fetch_page(fetcher: Fetcher, url: str) -> WebPage:
    """The article at `url`; FetchError or BadInput with a one-line reason."""
    fetched = await fetcher.get(url, HTML_TYPES)
    return await asyncio.to_thread(read_article, fetched.body, fetched.url, fetched.charset)


async def fetch_article(url: str, settings: Any) -> WebPage:
    """One page with a session of its own (an admin's /add; a feed poll shares one)."""
    async with Fetcher.from_settings(settings) as fetcher:
        return await fetch_page(fetcher, url)


def page_source(
    page: WebPage, published: date | None = None, fallback: date | None = None
) -> Source:
    """A given date wins over the page's own; `fallback` (a feed entry's date) comes last."""
    when = published or page.published or fallback
    if when is None:
        raise BadInput(NO_DATE)
    meta = ArticleMeta(
        published=when,
        title=page.title,
        source=page.site_name,
        author=page.author,
        url=page.url,
    )
    return Source(page.url, page.text, meta)


def ingest_page(
    store: Store,
    page: WebPage,
    *,
    published: date | None = None,
    fallback: date | None = None,
    added_by: int | None = None,
) -> Outcome:
    """One page into the base, one transaction; blocking (call it in a thread from async code)."""
    try:
        source = page_source(page, published, fallback)
    except BadInput as error:
        return Outcome(page.url, "error", message=str(error))
    return ingest_sources(store, [source], workers=1, added_by=added_by)[0]


async def ingest_urls(
    store: Store, urls: Iterable[str], settings: Any, published: date | None = None
) -> list[Outcome]:
    """`briefing ingest URL…`: each URL fetched and ingested; a bad one is reported, not fatal."""
    outcomes = []
    async with Fetcher.from_settings(settings) as fetcher:
        for url in urls:
            try:
                page = await fetch_page(fetcher, url)
            except (FetchError, BadInput) as error:
                outcomes.append(Outcome(url, "error", message=str(error)))
                continue
            outcomes.append(await asyncio.to_thread(ingest_page, store, page, published=published))
    return outcomes
