"""Polling RSS/Atom feeds: each new entry's page fetched and ingested as if an admin had added it.

A poll reads every feed with a conditional GET (ETag / Last-Modified), skips the entries seen
before (by GUID or link, recorded in SQLite, so a restart fetches none of them again), drops
entries that are not in Russian or name none of the feed's keywords, and ingests the rest with
the page's date, or the entry's when the page shows none. A feed that fails waits longer after
each failure in a row (backoff); one broken feed never stops the others. Network waits are
async; reading pages, extracting facts and every SQLite call run in one worker thread of the
poll's own, so the event loop keeps answering users and the poller's writes never interleave.
New articles are announced to `listeners` (follower alerts) once the poll is done.
"""

from __future__ import annotations

import asyncio
import logging
from collections import Counter
from collections.abc import Awaitable, Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import Any, TypeVar

from bot.feed_entries import FeedEntry, ParsedFeed, parse_feed
from bot.fetch import FEED_TYPES, HTML_TYPES, Fetcher
from bot.relevance import keyword_phrases, language_problem, named_keyword
from bot.store import Store
from bot.textio import BadInput
from bot.urlsafety import FetchError
from bot.web_ingest import ingest_page, read_article
from bot.webpage import WebPage

log = logging.getLogger(__name__)

MAX_ENTRY_ATTEMPTS = 3  # a page that failed is tried again on the next polls, this many times
MAX_BACKOFF = timedelta(days=1)
FEED_CONCURRENCY = 4
PAGE_CONCURRENCY = 8
T = TypeVar("T")
ArticleListener = Callable[[int], Awaitable[Any]]


def utc_now() -> datetime:
    return datetime.now(UTC)


def backoff(errors_in_row: int, interval: timedelta) -> timedelta:
    """After the n-th failure in a row a feed waits 2^n poll intervals, a day at most."""
    return min(interval * 2 ** min(max(errors_in_row, 1), 16), MAX_BACKOFF)


def is_due(feed: dict[str, Any], now: datetime, interval: timedelta) -> bool:
    """Not waiting out a backoff, and not polled within the last half interval."""
    if feed.get("next_poll_at") and datetime.fromisoformat(feed["next_poll_at"]) > now:
        return False
    last = feed.get("last_polled_at")
    return last is None or datetime.fromisoformat(last) <= now - interval / 2


def split_keywords(text: str | None) -> list[str]:
    """ "Китай, КНР,Пекин" → ["Китай", "КНР", "Пекин"]."""
    return [part.strip() for part in (text or "").split(",") if part.strip()]


@dataclass(slots=True)
class EntryResult:
    status: str  # added | skipped | failed
    reason: str = ""
    article_id: int | None = None


@dataclass(slots=True)
class FeedReport:
    feed_id: int
    url: str
    added: int = 0
    skipped: int = 0
    failed: int = 0
    seen: int = 0  # entries recorded by an earlier poll, not looked at again
    not_modified: bool = False
    error: str | None = None
    article_ids: list[int] = field(default_factory=list)
    reasons: Counter = field(default_factory=Counter)  # why entries were skipped or failed

    def count(self, result: EntryResult) -> None:
        setattr(self, result.status, getattr(self, result.status) + 1)
        if result.status == "added" and result.article_id is not None:
            self.article_ids.append(result.article_id)
        elif result.reason:
            self.reasons[result.reason] += 1

    def line(self) -> str:
        head = f"#{self.feed_id} {self.url}"
        if self.error:
            return f"{head}: error: {self.error}"
        if self.not_modified:
            return f"{head}: not modified"
        why = "; ".join(f"{reason} ×{n}" for reason, n in self.reasons.most_common(5))
        return (
            f"{head}: {self.added} new, {self.skipped} skipped, {self.failed} failed, "
            f"{self.seen} seen before" + (f" ({why})" if why else "")
        )


@dataclass(slots=True)
class PollReport:
    feeds: list[FeedReport]

    @property
    def added(self) -> int:
        return sum(report.added for report in self.feeds)

    @property
    def skipped(self) -> int:
        return sum(report.skipped for report in self.feeds)

    @property
    def failed(self) -> int:
        """Entries that failed, and feeds that could not be read at all."""
        return sum(report.failed + bool(report.error) for report in self.feeds)

    def summary(self) -> str:
        return (
            f"feeds polled: {len(self.feeds)}, articles added: {self.added}, "
            f"skipped: {self.skipped}, failed: {self.failed}"
        )


def page_problem(page: WebPage, entry: FeedEntry, phrases: list[tuple[str, ...]]) -> str | None:
    """Why a fetched entry does not belong in the base, or None (runs in the worker thread)."""
    language = language_problem(page.text, entry.language or page.language)
    if language not in (None, "?"):
        return f"не на русском ({language})"
    if phrases and named_keyword(f"{page.title or entry.title}\n{page.text}", phrases) is None:
        return "не по теме (нет ключевых слов)"
    return None


async def probe_feed(url: str, settings: Any) -> ParsedFeed:
    """Fetch and parse a feed once (adding one): FetchError or BadInput says what is wrong."""
    async with Fetcher.from_settings(settings) as fetcher:
        fetched = await fetcher.get(url, FEED_TYPES)
    return await asyncio.to_thread(parse_feed, fetched.body, fetched.url, fetched.content_type)


class FeedPoller:
    """Polls the feeds of one store; `poll()` now, `poll_due()` from the scheduler."""

    def __init__(
        self,
        store: Store,
        settings: Any,
        *,
        listeners: Iterable[ArticleListener] = (),
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        self.store = store
        self.settings = settings
        self.interval = timedelta(minutes=getattr(settings, "feed_poll_minutes", 30.0))
        self.listeners = list(listeners)
        self.clock = clock
        self._polling = asyncio.Lock()
        self._tasks: set[asyncio.Task] = set()
        self._worker: ThreadPoolExecutor | None = None

    async def _run(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Blocking work in the poll's worker thread (one at a time, in order)."""
        assert self._worker is not None
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._worker, partial(fn, *args, **kwargs))

    # -- polls ------------------------------------------------------------------------------

    async def poll(
        self, feed_ids: Iterable[int] | None = None, only_due: bool = False
    ) -> PollReport:
        """Poll these feeds (default: all) now; with `only_due`, those whose time has come."""
        async with self._polling:
            self._worker = ThreadPoolExecutor(1, thread_name_prefix="feed-poll")
            try:
                report = await self._poll(set(feed_ids) if feed_ids is not None else None, only_due)
            finally:  # cancelled (shutdown): the article being saved finishes, no other starts
                self._worker.shutdown(wait=False, cancel_futures=True)
                self._worker = None
        if report.feeds:
            log.info("%s", report.summary())
        for feed in report.feeds:
            for article_id in feed.article_ids:
                await self._announce(article_id)
        return report

    async def poll_due(self) -> PollReport:
        """The scheduler's job: never raises, so one bad poll does not end the schedule."""
        try:
            return await self.background(self.poll(only_due=True))
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("feed poll failed")
            return PollReport([])

    def background(self, work: Awaitable[T]) -> asyncio.Task[T]:
        """Run `work` (a poll, and what follows it) as a task that `shutdown` cancels."""
        task = asyncio.ensure_future(work)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    async def idle(self) -> None:
        """Wait for the background work started so far (tests, graceful stops)."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)

    async def shutdown(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        await self.idle()

    async def _poll(self, feed_ids: set[int] | None, only_due: bool) -> PollReport:
        now = self.clock()
        feeds = [
            feed
            for feed in await self._run(self.store.feeds)
            if (feed_ids is None or feed["id"] in feed_ids)
            and (not only_due or is_due(feed, now, self.interval))
        ]
        feed_slots = asyncio.Semaphore(FEED_CONCURRENCY)
        page_slots = asyncio.Semaphore(PAGE_CONCURRENCY)
        async with Fetcher.from_settings(self.settings) as fetcher:
            reports = await asyncio.gather(
                *(self._poll_feed(fetcher, feed, feed_slots, page_slots) for feed in feeds)
            )
        return PollReport(list(reports))

    async def _poll_feed(
        self,
        fetcher: Fetcher,
        feed: dict[str, Any],
        feed_slots: asyncio.Semaphore,
        page_slots: asyncio.Semaphore,
    ) -> FeedReport:
        report = FeedReport(feed["id"], feed["url"])
        try:
            async with feed_slots:
                fetched = await fetcher.get(
                    feed["url"],
                    FEED_TYPES,
                    etag=feed.get("etag"),
                    last_modified=feed.get("last_modified"),
                )
            if fetched.not_modified:
                report.not_modified = True
                await self._run(
                    self.store.feed_polled,
                    feed["id"],
                    etag=fetched.etag or feed.get("etag"),
                    last_modified=fetched.last_modified or feed.get("last_modified"),
                    added=0,
                )
                return report
            parsed = await self._run(parse_feed, fetched.body, fetched.url, fetched.content_type)
            phrases = await self._run(keyword_phrases, feed["keywords"])
            results = await asyncio.gather(
                *(
                    self._entry(fetcher, feed, entry, phrases, page_slots)
                    for entry in parsed.entries
                )
            )
            for result in results:
                if result is None:
                    report.seen += 1
                else:
                    report.count(result)
            await self._run(
                self.store.feed_polled,
                feed["id"],
                etag=fetched.etag,
                last_modified=fetched.last_modified,
                added=report.added,
                title=parsed.title,
            )
        except (FetchError, BadInput) as error:
            report.error = str(error)
        except Exception as error:  # a bug or an odd feed must not stop the other feeds
            log.exception("feed #%s could not be polled", feed["id"])
            report.error = f"внутренняя ошибка ({type(error).__name__})"
        if report.error is not None:
            wait = backoff(feed.get("errors_in_row", 0) + 1, self.interval)
            retry_at = (self.clock() + wait).isoformat(timespec="seconds")
            await self._run(self.store.feed_failed, feed["id"], report.error, retry_at)
        return report

    async def _entry(
        self,
        fetcher: Fetcher,
        feed: dict[str, Any],
        entry: FeedEntry,
        phrases: list[tuple[str, ...]],
        page_slots: asyncio.Semaphore,
    ) -> EntryResult | None:
        """What became of one entry (recorded), or None when an earlier poll settled it."""
        seen = await self._run(self.store.seen_entry, feed["id"], entry.key, entry.link)
        if seen and (seen["status"] != "failed" or seen["attempts"] >= MAX_ENTRY_ATTEMPTS):
            return None
        try:
            result = await self._judge(fetcher, entry, phrases, page_slots)
        except Exception as error:  # one odd entry must not stop the feed
            log.exception("entry %s of feed #%s", entry.link, feed["id"])
            result = EntryResult("failed", f"внутренняя ошибка ({type(error).__name__})")
        await self._run(
            self.store.record_entry,
            feed["id"],
            entry.key,
            entry.link,
            result.status,
            result.reason,
            result.article_id,
        )
        return result

    async def _judge(
        self,
        fetcher: Fetcher,
        entry: FeedEntry,
        phrases: list[tuple[str, ...]],
        page_slots: asyncio.Semaphore,
    ) -> EntryResult:
        if entry.link is None:
            return EntryResult("skipped", "нет ссылки")
        # A foreign title and summary are enough to skip without fetching the page.
        language = language_problem(f"{entry.title}. {entry.summary}", entry.language)
        if language not in (None, "?"):
            return EntryResult("skipped", f"не на русском ({language})")
        try:
            async with page_slots:
                fetched = await fetcher.get(entry.link, HTML_TYPES)
            page = await self._run(read_article, fetched.body, fetched.url, fetched.charset)
        except (FetchError, BadInput) as error:
            return EntryResult("failed", str(error))
        if problem := await self._run(page_problem, page, entry, phrases):
            return EntryResult("skipped", problem)
        outcome = await self._run(ingest_page, self.store, page, fallback=entry.published)
        if outcome.status in ("added", "replaced"):
            return EntryResult("added", article_id=outcome.article_id)
        if outcome.status in ("unchanged", "duplicate"):
            return EntryResult("skipped", "уже в базе", outcome.article_id)
        return EntryResult("failed", outcome.message)

    async def _announce(self, article_id: int) -> None:
        for listener in self.listeners:
            try:
                await listener(article_id)
            except Exception:  # followers' alerts must not undo or hide a successful poll
                log.exception("article listener failed for #%s", article_id)
