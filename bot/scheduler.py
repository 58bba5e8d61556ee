"""When digests go out: subscriptions in SQLite, an APScheduler tick, and the delivery log.

The schedule is not kept in APScheduler's memory but derived from the subscriptions table on every
tick (once a minute): each subscription's latest due time ("slot") is computed in its own timezone,
and a slot that is due, within the grace window and not yet claimed in the delivery log is sent.
That one rule covers normal operation, a restart (the missed slot is still within grace, so it goes
out once on start-up) and a change of schedule, and the log's (chat, slot) key makes doubling
impossible. Deliveries a dead process left pending are resumed (on start-up, and by any tick that
finds its lease run out); a live process's claims are never touched, so two processes on one
database share the work without doubling it. Sends that timed out are reported, not resent.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from bot.delivery import Deliverer, DeliveryReport, Outgoing, owner_alive
from bot.digest import Digest, build_digest, follower_alerts, notify_followers
from bot.store import Store, open_store

log = logging.getLogger(__name__)

DEFAULT_TIMEZONE = "Asia/Almaty"
Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


def zone(name: str | None) -> ZoneInfo:
    try:
        return ZoneInfo(name or DEFAULT_TIMEZONE)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(DEFAULT_TIMEZONE)


def latest_slot(subscription: dict[str, Any], now: datetime) -> datetime:
    """The most recent time at or before `now` this subscription's digest was due (UTC)."""
    tz = zone(subscription.get("timezone"))
    hour, minute = (int(part) for part in (subscription.get("time") or "08:00").split(":"))
    local_now = now.astimezone(tz)
    due = datetime.combine(local_now.date(), datetime.min.time(), tz).replace(
        hour=hour, minute=minute
    )
    if subscription.get("frequency") == "weekly":
        due -= timedelta(days=(due.weekday() - int(subscription.get("weekday") or 0)) % 7)
        if due > local_now:
            due -= timedelta(days=7)
    elif due > local_now:
        due -= timedelta(days=1)
    return due.astimezone(UTC)


def slot_key(slot: datetime) -> str:
    return slot.astimezone(UTC).isoformat(timespec="seconds")


def is_due(subscription: dict[str, Any], slot: datetime, now: datetime, grace: timedelta) -> bool:
    """Due unless too old, already delivered, or earlier than the schedule that set it."""
    if now - slot > grace:
        return False
    key = slot_key(slot)
    if (subscription.get("last_digest_at") or "") >= key:
        return False
    start = subscription.get("schedule_from") or subscription.get("created_at") or ""
    return start <= key


def local_date(subscription: dict[str, Any], at: datetime) -> date:
    return at.astimezone(zone(subscription.get("timezone"))).date()


def subscriber_digest(
    store: Store, sub: dict[str, Any], today: date, follows: tuple[str, ...] = ()
) -> Digest:
    """The digest a subscriptions row (with the reader's `lang`) reads on `today`."""
    return build_digest(
        store,
        today=today,
        horizon_days=sub.get("horizon_days") or 30,
        lang=sub.get("lang") or "ru",
        since=sub.get("last_digest_at"),
        follows=follows,
    )


def chat_digest(
    store: Store,
    chat_id: int,
    lang: str,
    now: datetime,
    timezone: str | None = None,
    horizon_days: int = 30,
) -> Digest:
    """The chat's digest at `now` (/digest): its own settings when subscribed, else these."""
    sub = store.subscription(chat_id) or {
        "chat_id": chat_id,
        "timezone": timezone,
        "horizon_days": horizon_days,
    }
    sub = {**sub, "lang": lang}
    return subscriber_digest(store, sub, local_date(sub, now), tuple(store.follows(chat_id)))


def own_connection(store: Store) -> Store:
    """A second connection to the same file, so the delivery log's commits never land inside a
    transaction someone else holds open on the shared one (an admin's ingest in a thread)."""
    path = store.path
    return open_store(path) if path else store


class DigestScheduler:
    """Owns the digest tick and the process's one `Deliverer` (so limits are global)."""

    def __init__(
        self,
        bot: Any,
        store: Store,
        settings: Any,
        *,
        deliverer: Deliverer | None = None,
        clock: Clock = utc_now,
        tick_seconds: float = 60.0,
    ) -> None:
        self.bot = bot
        self.store = own_connection(store) if deliverer is None else store
        self.settings = settings
        self.deliverer = deliverer or Deliverer.from_settings(bot, self.store, settings)
        self.owner = self.deliverer.owner
        self.clock = clock
        self.tick_seconds = tick_seconds
        self.grace = timedelta(hours=getattr(settings, "digest_grace_hours", 6.0))
        self.reports: list[DeliveryReport] = []
        self._scheduler: AsyncIOScheduler | None = None
        self._fanouts: set[asyncio.Task] = set()
        self._starting: asyncio.Task | None = None
        self._jobs: list[tuple[Callable[[], Any], float, str]] = []

    # -- lifecycle ----------------------------------------------------------------------------

    def every(self, minutes: float, job: Callable[[], Any], job_id: str) -> None:
        """Another periodic job (the feed poll) in the same APScheduler: at start, then every
        `minutes`; one run at a time, missed runs folded into one."""
        self._jobs.append((job, minutes, job_id))

    def start(self) -> asyncio.Task:
        """Resume what a previous process left, then tick (at once, then every minute).

        Returns a task: `await scheduler.start()` waits for the start-up catch-up to be claimed,
        a bare `scheduler.start()` (a startup hook) lets it run in the background.
        """
        self._starting = asyncio.ensure_future(self._start())
        return self._starting

    def shutdown(self) -> asyncio.Task:
        """Stop ticking; fan-outs stop after their in-flight requests (awaitable, like start)."""
        return asyncio.ensure_future(self._shutdown())

    def _alive(self, owner: str) -> bool:
        return owner_alive(owner, self.owner)

    async def _start(self) -> None:
        in_doubt = self.store.settle_in_doubt(self._alive)
        if in_doubt:
            log.warning("%d deliveries were in flight when the last process stopped", in_doubt)
        self._report_uncertain()
        await self.tick()  # resumes what the last process left, then sends what is due
        self._scheduler = AsyncIOScheduler(timezone=UTC)
        trigger = (
            CronTrigger(second=0, timezone=UTC)
            if self.tick_seconds == 60
            else IntervalTrigger(seconds=self.tick_seconds, timezone=UTC)
        )
        self._scheduler.add_job(
            self.tick,
            trigger,
            id="digest-tick",
            max_instances=1,
            coalesce=True,
            misfire_grace_time=int(self.grace.total_seconds()),
        )
        for job, minutes, job_id in self._jobs:
            self._scheduler.add_job(
                job,
                IntervalTrigger(minutes=minutes, timezone=UTC),
                id=job_id,
                max_instances=1,
                coalesce=True,
                next_run_time=utc_now(),
            )
        self._scheduler.start()

    async def _shutdown(self) -> None:
        """Cancel fan-outs; the delivery log lets the next start finish them."""
        if self._starting is not None and not self._starting.done():
            self._starting.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._starting
        if self._scheduler is not None:
            self._scheduler.shutdown(wait=False)
            self._scheduler = None
        for task in list(self._fanouts):
            task.cancel()
        if self._fanouts:
            await asyncio.gather(*self._fanouts, return_exceptions=True)

    async def idle(self) -> None:
        """Wait until every fan-out started so far has finished (tests, graceful stops)."""
        while self._fanouts:
            await asyncio.gather(*list(self._fanouts), return_exceptions=True)

    # -- the tick ---------------------------------------------------------------------------

    async def tick(self) -> int:
        """Claim and start sending every digest now due; returns how many were claimed.

        Also keeps this process's claims leased, and finishes what a dead one left pending.
        """
        self.store.renew_leases(self.owner)
        self._resume_pending()
        now = self.clock()
        by_slot: dict[str, list[dict[str, Any]]] = {}
        for sub in self.store.active_subscriptions():
            try:
                slot = latest_slot(sub, now)
            except (TypeError, ValueError):  # a malformed row must not stop everyone's digest
                log.warning("subscription of chat %s has a bad schedule", sub["chat_id"])
                continue
            if is_due(sub, slot, now, self.grace):
                by_slot.setdefault(slot_key(slot), []).append(sub)
        claimed_total = 0
        for slot, subs in sorted(by_slot.items()):
            chat_ids = [s["chat_id"] for s in subs]
            claimed = set(self.store.claim_deliveries(slot, chat_ids, self.owner))
            claimed_total += len(claimed)
            if claimed:
                self._start_fanout(slot, [s for s in subs if s["chat_id"] in claimed])
        return claimed_total

    def _report_uncertain(self) -> None:
        """Sends that timed out stay unsent by design; the operator should know of them."""
        rows = self.store.uncertain_deliveries()
        if rows:
            chats = ", ".join(f"{row['chat_id']} ({row['slot']})" for row in rows[:20])
            log.warning(
                "%d deliveries timed out and may or may not have arrived; they are not sent "
                "again: %s%s",
                len(rows), chats, ", …" if len(rows) > 20 else "",
            )  # fmt: skip

    def _resume_pending(self) -> None:
        """Pending rows of a fan-out whose process is gone: finish them if still within grace."""
        now = self.clock()
        by_slot: dict[str, list[int]] = {}
        for chat_id, slot in self.store.take_over_pending(self.owner, self._alive):
            by_slot.setdefault(slot, []).append(chat_id)
        for slot, chat_ids in sorted(by_slot.items()):
            if slot.startswith("alert:"):
                self._resume_alerts(slot, chat_ids)
                continue
            try:
                too_old = now - datetime.fromisoformat(slot) > self.grace
            except ValueError:
                too_old = True
            if too_old:
                self.store.expire_deliveries(((c, slot) for c in chat_ids), "past grace window")
                continue
            subs = [s for c in chat_ids if (s := self.store.subscription(c)) and s["active"]]
            gone = set(chat_ids) - {s["chat_id"] for s in subs}
            if gone:
                self.store.expire_deliveries(((c, slot) for c in gone), "unsubscribed")
            if subs:
                log.info("resuming %d pending digests of %s", len(subs), slot)
                self._start_fanout(slot, subs)

    def _resume_alerts(self, slot: str, chat_ids: list[int]) -> None:
        article_id = int(slot.removeprefix("alert:"))
        alerts = follower_alerts(self.store, article_id, only=set(chat_ids))
        stale = set(chat_ids) - {alert.chat_id for alert in alerts}
        if stale:  # article deleted or follow dropped since
            self.store.expire_deliveries(((c, slot) for c in stale), "no longer relevant")
        if alerts:
            self._track(self.deliverer.deliver(alerts), slot)

    def _start_fanout(self, slot: str, subs: list[dict[str, Any]]) -> None:
        self._track(self.deliverer.deliver(self._digests(slot, subs)), slot)

    def _track(self, delivery: Any, slot: str) -> None:
        task = asyncio.create_task(self._fanout(delivery, slot), name=f"deliveries {slot}")
        self._fanouts.add(task)
        task.add_done_callback(self._fanouts.discard)

    async def _fanout(self, delivery: Any, slot: str) -> DeliveryReport | None:
        try:
            report = await delivery
        except asyncio.CancelledError:
            raise
        except Exception:  # the log keeps what was not sent; the next start resumes it
            log.exception("fan-out of %s stopped", slot)
            return None
        self.reports.append(report)
        log.info(
            "digest %s: %d sent, %d blocked, %d failed, %d uncertain, %.1f msg/s",
            slot,
            report.sent,
            report.blocked,
            report.failed,
            report.uncertain,
            report.rate,
        )
        return report

    def _digests(self, slot: str, subs: list[dict[str, Any]]) -> Iterator[Outgoing]:
        """Each subscriber's digest, built as sending goes; equal ones are built once."""
        at = datetime.fromisoformat(slot)
        cache: dict[tuple, list[str]] = {}
        for sub in subs:
            follows = tuple(self.store.follows(sub["chat_id"]))
            reader = {**sub, "lang": self.store.chat_lang(sub["chat_id"]) or "ru"}
            key = (
                local_date(reader, at),
                reader.get("horizon_days") or 30,
                reader["lang"],
                reader.get("last_digest_at"),
                follows,
            )
            if key not in cache:
                cache[key] = subscriber_digest(self.store, reader, key[0], follows).html_pages()
            yield Outgoing(sub["chat_id"], slot, cache[key], marks_digest=True)

    # -- on demand --------------------------------------------------------------------------

    async def notify_followers(self, bot: Any, store: Store, article_id: int) -> int:
        """An `article_listeners` hook: alerts about a new article, within the same limits."""
        return await notify_followers(bot, store, article_id, deliverer=self.deliverer)

    def digest_for(self, chat_id: int, lang: str, horizon_days: int = 30) -> Digest:
        """The chat's digest right now (/digest), with its own settings when subscribed."""
        timezone = getattr(self.settings, "timezone", DEFAULT_TIMEZONE)
        return chat_digest(self.store, chat_id, lang, self.clock(), timezone, horizon_days)
