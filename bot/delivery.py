"""Fan-out of messages to many chats at Telegram's limits, without losing or doubling any.

Every message goes through the delivery log (`deliveries`): claimed before the fan-out, marked
`sending` just before its request leaves and `sent` right after the answer, so a restart resumes
exactly where the old process stopped. Pacing is global (`rate_per_second`, a steady cadence with
no bursts, so a sliding one-second window never sees more) and per chat (one message a second).
A request that fails is rescheduled, never waited on in line, so one slow or failing chat holds
up at most one of the `concurrency` request slots and nobody else.

A request that timed out (no answer in time, or a 504) may well have been delivered: Telegram
just did not say so. It is logged `uncertain`, tried once more after a pause (a lost digest is
as bad as a doubled one), and never again, by this process or a later one.
"""

from __future__ import annotations

import asyncio
import heapq
import itertools
import logging
import os
import random
import secrets
import socket
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from aiogram import Bot
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramMigrateToChat,
    TelegramNetworkError,
    TelegramNotFound,
    TelegramRetryAfter,
    TelegramServerError,
    TelegramUnauthorizedError,
)
from aiogram.types import LinkPreviewOptions

from bot.store import Store

log = logging.getLogger(__name__)

GONE_CHAT_ERRORS = ("chat not found", "user is deactivated", "bot was kicked", "have no rights")
NO_PREVIEW = LinkPreviewOptions(is_disabled=True)
GLOBAL_FLOOD_CHATS = 3  # 429s for this many chats within a second mean the bot is flooding
MAX_RETRY_AFTERS = 20  # a chat answered 429 this often is given up on, not retried forever
_HOST = socket.gethostname()


def process_owner() -> str:
    """This process's name in the delivery log: host, pid and a nonce (pids are reused)."""
    return f"{_HOST}:{os.getpid()}:{secrets.token_hex(4)}"


def owner_alive(owner: str, me: str | None = None) -> bool:
    """Whether the process that wrote `owner` may still be running.

    On this host we know: its pid exists (a new process with our own pid is not it). Of another
    host we cannot know, so it counts as alive until its lease runs out.
    """
    host, _, rest = owner.partition(":")
    pid_text = rest.partition(":")[0]
    if host != _HOST or not pid_text.isdigit():
        return True
    pid = int(pid_text)
    if pid == os.getpid():
        return owner == me
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: alive
        return True
    return True


def is_timeout(error: Exception) -> bool:
    """No answer in time, or the gateway's 504: the message may have arrived."""
    if isinstance(error, TimeoutError):
        return True
    text = str(getattr(error, "message", "") or error).lower()
    return "timeout" in text or "timed out" in text or "504" in text


@dataclass(slots=True)
class Outgoing:
    """One delivery: the messages (HTML) one chat gets for one slot, sent in order."""

    chat_id: int
    slot: str
    pages: list[str]
    marks_digest: bool = False  # a scheduled digest: record it as the chat's last one


@dataclass
class DeliveryReport:
    sent: int = 0  # deliveries completed
    messages: int = 0  # messages accepted by Telegram
    failed: int = 0
    blocked: int = 0
    skipped: int = 0  # already sent, or not claimed by this fan-out
    retries: int = 0
    uncertain: int = 0  # timed out twice: may or may not have arrived, not tried again
    flood_waits: int = 0  # 429 answers
    started: float = field(default_factory=time.monotonic)
    finished: float | None = None

    @property
    def seconds(self) -> float:
        return (self.finished or time.monotonic()) - self.started

    @property
    def rate(self) -> float:
        return self.messages / self.seconds if self.seconds > 0 else 0.0


class Pacer:
    """A steady cadence of `rate` sends a second shared by every fan-out of the process."""

    def __init__(self, rate: float | None) -> None:
        self.interval = 1.0 / rate if rate else 0.0
        self._next = 0.0

    def pause(self, seconds: float) -> None:
        """Send nothing for `seconds` (Telegram asked the whole bot to slow down)."""
        self._next = max(self._next, time.monotonic() + seconds)

    def reserve(self) -> float:
        """Seconds to wait before the next send (already counted as taken)."""
        if not self.interval:
            return 0.0
        now = time.monotonic()
        at = max(self._next, now)
        self._next = at + self.interval
        return at - now


@dataclass(slots=True)
class _Job:
    outgoing: Outgoing
    part: int = 0  # next page to send
    attempts: int = 0  # failed tries of the current page (5xx, network)
    flood_waits: int = 0
    timed_out: bool = False  # the last try timed out: the next one is its only retry
    part_timed_out: bool = False  # the current page timed out once already


class Deliverer:
    """Sends `Outgoing` deliveries; one instance per process keeps its limits global."""

    def __init__(
        self,
        bot: Bot,
        store: Store,
        *,
        rate_per_second: float | None = 28.0,
        per_chat_interval: float = 1.0,
        max_attempts: int = 5,
        request_timeout: float = 10.0,
        backoff_base: float = 0.5,
        backoff_max: float = 30.0,
        concurrency: int = 64,
        owner: str | None = None,
    ) -> None:
        self.bot = bot
        self.owner = owner or process_owner()
        self.store = store
        self.pacer = Pacer(rate_per_second)
        self.per_chat_interval = per_chat_interval
        self.max_attempts = max_attempts
        self.request_timeout = request_timeout
        self.backoff_base = backoff_base
        self.backoff_max = backoff_max
        self.concurrency = concurrency
        self._chat_ready: dict[int, float] = {}  # monotonic time a chat may get its next message
        self._recent_floods: list[tuple[float, int]] = []  # (when, chat) of 429s in the last 1 s
        self._order = itertools.count()

    @classmethod
    def from_settings(cls, bot: Bot, store: Store, settings: Any, **overrides: Any) -> Deliverer:
        options = {
            "rate_per_second": settings.send_rate_per_second,
            "max_attempts": settings.send_max_attempts,
        }
        return cls(bot, store, **{**options, **overrides})

    async def deliver(self, deliveries: Iterable[Outgoing]) -> DeliveryReport:
        """Send every delivery (already claimed in the log); returns what happened.

        `deliveries` may be a lazy iterator: digests are built as sending goes, so the first
        messages leave at once however many subscribers there are.
        """
        report = DeliveryReport()
        source: Iterator[Outgoing] | None = iter(deliveries)
        waiting: list[tuple[float, int, _Job]] = []  # (ready at, order, job)
        in_flight: set[asyncio.Task] = set()
        try:
            while source is not None or waiting or in_flight:
                now = time.monotonic()
                job = None
                if len(in_flight) < self.concurrency:
                    if waiting and waiting[0][0] <= now:
                        job = heapq.heappop(waiting)[2]
                    elif source is not None:
                        job, source = self._next_new(source, report)
                        if (
                            job is not None
                            and (ready := self._chat_ready.get(job.outgoing.chat_id, 0)) > now
                        ):
                            heapq.heappush(waiting, (ready, next(self._order), job))
                            job = None
                        if job is None and source is not None:
                            continue
                if job is not None:
                    delay = self.pacer.reserve()
                    if delay:
                        await asyncio.sleep(delay)
                    in_flight.add(asyncio.create_task(self._attempt(job, report)))
                    continue
                # Nothing can start now: wait for a request to finish or the next job to be ready.
                timeout = max(0.0, waiting[0][0] - now) if waiting else None
                if len(in_flight) >= self.concurrency:
                    timeout = None
                if not in_flight:
                    await asyncio.sleep(timeout or 0)
                    continue
                done, _ = await asyncio.wait(
                    in_flight, timeout=timeout, return_when=asyncio.FIRST_COMPLETED
                )
                for task in done:
                    in_flight.discard(task)
                    try:
                        follow_up = task.result()
                    except Exception:  # the log itself failed (disk, lock): next start resumes
                        log.exception("delivery bookkeeping failed")
                        report.failed += 1
                        continue
                    if follow_up is not None:
                        ready_at, next_job = follow_up
                        heapq.heappush(waiting, (ready_at, next(self._order), next_job))
        except asyncio.CancelledError:
            # Stopping: start nothing new, but let requests already sent get their answer, so
            # they are recorded as sent rather than left in doubt.
            if in_flight:
                await asyncio.wait(in_flight, timeout=self.request_timeout + 1)
            raise
        report.finished = time.monotonic()
        return report

    def _next_new(
        self, source: Iterator[Outgoing], report: DeliveryReport
    ) -> tuple[_Job | None, Iterator[Outgoing] | None]:
        """The next claimed delivery from `source`, resuming after pages already sent."""
        for outgoing in source:
            row = self.store.delivery(outgoing.chat_id, outgoing.slot)
            theirs = row is not None and row["owner"] not in (None, self.owner)
            if row is None or row["status"] != "pending" or theirs or not outgoing.pages:
                report.skipped += 1
                continue
            part = min(row.get("parts_sent") or 0, len(outgoing.pages))
            if part >= len(outgoing.pages):
                self._finish(outgoing, part, report)
                continue
            return _Job(outgoing, part=part), source
        return None, None

    async def _attempt(self, job: _Job, report: DeliveryReport) -> tuple[float, _Job] | None:
        """Send the job's next page; returns when and what to try next, or None when done."""
        out = job.outgoing
        if not self.store.mark_sending(
            out.chat_id, out.slot, self.owner, after_timeout=job.timed_out
        ):  # another process took the row over, or it was settled meanwhile
            report.skipped += 1
            return None
        job.timed_out = False
        if len(self._chat_ready) > 50_000:  # a long-lived process: forget chats long free
            now = time.monotonic()
            self._chat_ready = {c: t for c, t in self._chat_ready.items() if t > now}
        self._chat_ready[out.chat_id] = time.monotonic() + self.per_chat_interval
        try:
            await self.bot.send_message(
                chat_id=out.chat_id,
                text=out.pages[job.part],
                parse_mode="HTML",
                link_preview_options=NO_PREVIEW,
                request_timeout=self.request_timeout,  # type: ignore[arg-type]
            )
        except TelegramRetryAfter as error:
            report.flood_waits += 1
            job.flood_waits += 1
            if job.flood_waits > MAX_RETRY_AFTERS:
                return self._give_up(job, report, f"429 x{job.flood_waits}: {error.message}")
            self.store.mark_retry(out.chat_id, out.slot, f"429 retry_after={error.retry_after}")
            now = time.monotonic()
            ready = now + error.retry_after
            self._chat_ready[out.chat_id] = ready
            self._recent_floods = [(t, c) for t, c in self._recent_floods if now - t < 1.0]
            self._recent_floods.append((now, out.chat_id))
            if len({chat for _, chat in self._recent_floods}) >= GLOBAL_FLOOD_CHATS:
                self.pacer.pause(error.retry_after)  # not one chat's limit: the bot's
            return ready, job
        except TelegramForbiddenError as error:
            return self._blocked(job, report, error.message)
        except TelegramBadRequest as error:
            if any(reason in error.message.lower() for reason in GONE_CHAT_ERRORS):
                return self._blocked(job, report, error.message)
            return self._give_up(job, report, f"400: {error.message}")
        except (TelegramNotFound, TelegramUnauthorizedError, TelegramMigrateToChat) as error:
            return self._give_up(job, report, f"{type(error).__name__}: {error.message}")
        except (TelegramServerError, TelegramNetworkError, TimeoutError, OSError) as error:
            if is_timeout(error):
                return self._after_timeout(job, report, f"{type(error).__name__}: {error}")
            return self._retry_later(job, report, f"{type(error).__name__}: {error}")
        except Exception as error:  # a bug must cost one message, not the fan-out
            log.exception("unexpected error sending to chat %s", out.chat_id)
            return self._give_up(job, report, f"{type(error).__name__}: {error}")
        # Spaced from the answer, not the request: a slow first request cannot squeeze the gap.
        self._chat_ready[out.chat_id] = time.monotonic() + self.per_chat_interval
        report.messages += 1
        job.part += 1
        job.attempts = 0
        job.part_timed_out = False
        if job.part >= len(out.pages):
            self._finish(out, job.part, report)
            return None
        self.store.mark_part_sent(out.chat_id, out.slot, job.part, done=False)
        return self._chat_ready[out.chat_id], job

    def _finish(self, out: Outgoing, parts: int, report: DeliveryReport) -> None:
        self.store.mark_part_sent(out.chat_id, out.slot, parts, done=True, digest=out.marks_digest)
        report.sent += 1

    def _retry_later(self, job: _Job, report: DeliveryReport, error: str) -> tuple | None:
        job.attempts += 1
        if job.attempts >= self.max_attempts:
            return self._give_up(job, report, f"gave up after {job.attempts} tries: {error}")
        report.retries += 1
        out = job.outgoing
        self.store.mark_retry(out.chat_id, out.slot, error)
        backoff = min(self.backoff_max, self.backoff_base * 2 ** (job.attempts - 1))
        ready = time.monotonic() + backoff * random.uniform(0.8, 1.2)
        return max(ready, self._chat_ready.get(out.chat_id, 0)), job

    def _after_timeout(self, job: _Job, report: DeliveryReport, error: str) -> tuple | None:
        """Logged `uncertain` at once (a restart must not send it again); one retry, after
        a pause, if this page has not timed out before."""
        out = job.outgoing
        self.store.mark_uncertain(out.chat_id, out.slot, f"timed out: {error}")
        if job.part_timed_out:
            log.warning(
                "delivery to chat %s (%s) timed out twice; it may or may not have arrived: %s",
                out.chat_id, out.slot, error,
            )  # fmt: skip
            report.uncertain += 1
            return None
        job.part_timed_out = job.timed_out = True
        report.retries += 1
        ready = time.monotonic() + self.backoff_max
        return max(ready, self._chat_ready.get(out.chat_id, 0)), job

    def _give_up(self, job: _Job, report: DeliveryReport, error: str) -> None:
        out = job.outgoing
        log.warning("delivery to chat %s (%s) failed: %s", out.chat_id, out.slot, error)
        self.store.mark_failed(out.chat_id, out.slot, error)
        report.failed += 1
        return None

    def _blocked(self, job: _Job, report: DeliveryReport, error: str) -> None:
        out = job.outgoing
        log.info("chat %s is gone (%s); subscription deactivated", out.chat_id, error)
        self.store.mark_blocked(out.chat_id, out.slot, error)
        report.blocked += 1
        return None
