"""The digest schedule: APScheduler + the delivery log against the local Bot API server.

Covers a digest missed while the bot was down (sent once on start-up, within the grace window),
restarts that must not double anything, injected Telegram failures, and a process killed with
SIGKILL in the middle of a fan-out and started again.
"""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import sys
import textwrap
import threading
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest

from bot.delivery import Deliverer
from bot.localapi import LocalBotAPI
from bot.models import ArticleFacts, ArticleMeta, DateSpan, Event
from bot.scheduler import DigestScheduler, chat_digest, latest_slot
from bot.store import open_store

# 10:30 in Almaty (UTC+5): an 08:00 digest was due two and a half hours ago.
NOW = datetime(2026, 3, 10, 5, 30, tzinfo=UTC)
SLOT = "2026-03-10T03:00:00+00:00"
LONG_AGO = "2026-01-01T00:00:00+00:00"
ROOT = Path(__file__).resolve().parent.parent


def settings(**overrides):
    values = {
        "digest_grace_hours": 6.0,
        "send_rate_per_second": None,
        "send_max_attempts": 4,
        "timezone": "Asia/Almaty",
    }
    return SimpleNamespace(**{**values, **overrides})


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "kb.db"


@pytest.fixture
def store(db_path):
    store = open_store(db_path)
    yield store
    store.close()


def subscribe(store, chat_id, *, time="08:00", frequency="daily", weekday=0, since=LONG_AGO):
    store.save_subscription(
        chat_id, chat_id, frequency=frequency, time=time, weekday=weekday, lang="ru",
        timezone="Asia/Almaty", horizon_days=30,
    )  # fmt: skip
    store.db.execute(
        "UPDATE subscriptions SET schedule_from = ? WHERE chat_id = ?", [since, chat_id]
    )
    store.db.conn.commit()


def scheduler(bot, store, clock=lambda: NOW, **options):
    deliverer = Deliverer(
        bot,
        store,
        rate_per_second=None,
        request_timeout=0.5,
        backoff_base=0.05,
        backoff_max=0.2,
        max_attempts=4,
        per_chat_interval=0.0,
    )
    return DigestScheduler(bot, store, settings(), deliverer=deliverer, clock=clock, **options)


def per_chat(server) -> Counter:
    return Counter(message["chat"]["id"] for message in server.sent_messages())


def test_latest_slot_in_the_subscribers_timezone():
    daily = {"frequency": "daily", "time": "08:00", "timezone": "Asia/Almaty"}
    assert latest_slot(daily, NOW).isoformat() == SLOT
    early = NOW.replace(hour=2)  # 07:00 in Almaty: today's digest is not due yet
    assert latest_slot(daily, early).isoformat() == "2026-03-09T03:00:00+00:00"
    weekly = {**daily, "frequency": "weekly", "weekday": 0}  # Mondays; 10 March 2026 is a Tuesday
    assert latest_slot(weekly, NOW).isoformat() == "2026-03-09T03:00:00+00:00"
    moscow = {**daily, "timezone": "Europe/Moscow"}
    assert latest_slot(moscow, NOW).isoformat() == "2026-03-10T05:00:00+00:00"  # 08:30 there


async def test_a_digest_missed_while_down_is_sent_once_on_start_up(server, bot, store):
    subscribe(store, 1)  # 08:00: missed 2.5 h ago, within the 6 h grace
    subscribe(store, 2, time="00:30")  # missed 10 h ago: past grace, skipped
    subscribe(store, 3, since=NOW.isoformat())  # subscribed after this morning's slot
    subscribe(store, 4, frequency="weekly", weekday=6)  # Sundays: not due today
    subscribe(store, 5)
    store.deactivate_subscription(5)  # unsubscribed

    first = scheduler(bot, store)
    await first.start()
    await first.idle()
    await first.shutdown()
    assert per_chat(server) == Counter({1: 1})
    assert "Дайджест на 10 марта 2026" in server.sent_messages(1)[0]["text"]
    assert store.subscription(1)["last_digest_at"] == SLOT

    # A restart (and any number of ticks) within the same slot sends nothing more.
    second = scheduler(bot, store)
    await second.start()
    await second.tick()
    await second.idle()
    await second.shutdown()
    assert per_chat(server) == Counter({1: 1})


async def test_apscheduler_ticks_send_digests_when_they_fall_due(server, bot, store):
    clock = {"now": NOW.replace(hour=2, minute=59)}  # 07:59 in Almaty
    subscribe(store, 10)
    running = scheduler(bot, store, clock=lambda: clock["now"], tick_seconds=0.05)
    await running.start()
    await asyncio.sleep(0.2)
    assert per_chat(server)[10] == 0  # not due yet
    clock["now"] = NOW.replace(hour=3, minute=0, second=5)
    await server.wait_for(lambda: per_chat(server)[10] == 1, timeout=10)
    clock["now"] = NOW.replace(hour=3, minute=2)
    await asyncio.sleep(0.3)  # several more ticks
    await running.idle()
    await running.shutdown()
    assert per_chat(server)[10] == 1


async def test_telegram_failures_during_a_scheduled_fan_out(server, bot, store):
    chats = list(range(100, 112))
    for chat in chats:
        subscribe(store, chat)
    server.faults.retry_after(100, seconds=1)
    server.faults.blocked(101)
    server.faults.server_error(102, times=2)
    server.faults.timeout(103, seconds=3)
    server.faults.chat_not_found(104)

    running = scheduler(bot, store)
    await running.start()
    await running.idle()
    await running.shutdown()

    counts = per_chat(server)
    assert {c: counts[c] for c in chats} == {c: 0 if c in (101, 104) else 1 for c in chats}
    assert not store.subscription(101)["active"] and not store.subscription(104)["active"]
    assert store.delivery_counts(SLOT) == {"sent": 10, "blocked": 2}
    assert server.violations == []


WORKER = textwrap.dedent(
    """
    import asyncio, sys
    from datetime import datetime
    from types import SimpleNamespace
    from aiogram import Bot
    from aiogram.client.session.aiohttp import AiohttpSession
    from aiogram.client.telegram import TelegramAPIServer
    from bot.delivery import Deliverer
    from bot.scheduler import DigestScheduler
    from bot.store import open_store

    async def main(db, url, token, now, rate="40"):
        store = open_store(db)
        bot = Bot(token=token, session=AiohttpSession(api=TelegramAPIServer.from_base(url)))
        settings = SimpleNamespace(digest_grace_hours=6.0, send_rate_per_second=40,
                                   send_max_attempts=4, timezone="Asia/Almaty")
        deliverer = Deliverer(bot, store, rate_per_second=float(rate), request_timeout=1.0,
                              backoff_base=0.05, backoff_max=0.2, max_attempts=4)
        clock = lambda: datetime.fromisoformat(now)
        scheduler = DigestScheduler(bot, store, settings, deliverer=deliverer, clock=clock,
                                    tick_seconds=3600)
        await scheduler.start()
        await scheduler.idle()
        await scheduler.shutdown()
        await bot.session.close()

    asyncio.run(main(*sys.argv[1:]))
    """
)


async def start_worker(
    script: Path, db_path: Path, server, rate: float = 40
) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable, str(script), str(db_path), server.url, server.token, NOW.isoformat(),
        str(rate), cwd=ROOT,
    )  # fmt: skip


async def run_worker(script: Path, db_path: Path, server, kill_after: int | None = None) -> int:
    """Run a bot process doing the fan-out; SIGKILL it once the server has taken N messages."""
    process = await start_worker(script, db_path, server)
    if kill_after is not None:
        taken = {"n": 0}

        def kill_on_nth(method, params, result):
            if method == "sendMessage":
                taken["n"] += 1
                if taken["n"] == kill_after:
                    os.kill(process.pid, signal.SIGKILL)

        server.add_listener(kill_on_nth)
    return await asyncio.wait_for(process.wait(), timeout=120)


@pytest.mark.slow
async def test_a_fan_out_killed_midway_and_restarted_sends_each_digest_exactly_once(
    server, store, db_path, tmp_path
):
    chats = list(range(500, 540))
    for chat in chats:
        subscribe(store, chat)
    server.faults.blocked(503)
    server.faults.blocked(530)
    server.faults.retry_after(531, seconds=1)
    server.faults.server_error(532)
    server.faults.timeout(533, seconds=5)
    script = tmp_path / "worker.py"
    script.write_text(WORKER)

    returncode = await run_worker(script, db_path, server, kill_after=15)
    assert returncode == -signal.SIGKILL
    after_crash = per_chat(server)
    assert 15 <= sum(after_crash.values()) < len(chats) - 2  # really cut short
    counts = store.delivery_counts(SLOT)
    assert counts.get("pending", 0) > 0

    # Killed a second time, in the middle of resuming.
    server._listeners.clear()
    assert await run_worker(script, db_path, server, kill_after=8) == -signal.SIGKILL
    assert sum(per_chat(server).values()) < len(chats) - 2

    server._listeners.clear()
    assert await run_worker(script, db_path, server) == 0

    counts = per_chat(server)
    blocked = {503, 530}
    assert {c: counts[c] for c in chats} == {c: 0 if c in blocked else 1 for c in chats}
    assert all(not store.subscription(c)["active"] for c in blocked)
    assert all(store.subscription(c)["active"] for c in set(chats) - blocked)
    statuses = store.delivery_counts(SLOT)
    assert statuses.get("pending", 0) == 0 and statuses.get("failed", 0) == 0
    assert statuses["blocked"] == 2
    # Each kill struck while a delivered message awaited its answer: in doubt, and not resent.
    assert statuses.get("unknown", 0) >= 1

    # A third start finds nothing left to do.
    assert await run_worker(script, db_path, server) == 0
    assert per_chat(server) == counts


async def test_follower_alerts_cut_short_are_resumed_on_start_up(server, bot, store):
    from datetime import date

    from bot.models import ArticleFacts, ArticleMeta, Person

    wang = Person("Ван И", first="Ван", last="И", sentences=[0])
    meta = ArticleMeta(published=date(2026, 3, 9), title="Ван И в Астане")
    facts = ArticleFacts(sentences=["Ван И прибыл в Астану."], people=[wang])
    article_id = store.save_article("a", "t", "h", meta, facts).article_id
    for chat in (41, 42):
        store.add_follow(chat, "Ван И")
    slot = f"alert:{article_id}"
    store.claim_deliveries(slot, [41, 42])
    store.mark_part_sent(41, slot, 1, done=True)  # 41 had its alert before the crash

    running = scheduler(bot, store)
    await running.start()
    await running.idle()
    await running.shutdown()
    assert per_chat(server) == Counter({42: 1})
    assert "Ван И в Астане" in server.sent_messages(42)[0]["text"]


async def test_the_scheduler_keeps_its_log_on_its_own_connection(server, bot, store):
    """An admin's ingest (in a worker thread) may hold a transaction on the shared connection;
    the delivery log must neither join it nor be undone by its rollback."""
    subscribe(store, 60)
    store.db.execute("BEGIN")
    store.db.execute("UPDATE articles SET title = title")  # someone else's open transaction
    rollback = threading.Timer(0.3, lambda: store.db.conn.execute("ROLLBACK"))
    rollback.start()
    running = DigestScheduler(bot, store, settings(), clock=lambda: NOW)
    assert running.store is not store
    await running.start()
    await running.idle()
    await running.shutdown()
    rollback.join()
    assert per_chat(server) == Counter({60: 1})
    assert store.delivery(60, SLOT)["status"] == "sent"


async def test_a_language_chosen_after_subscribing_is_the_digests_language(server, bot, store):
    subscribe(store, 70)  # subscribed in Russian
    store.set_user_lang(70, "en")  # then chose English with /lang
    running = scheduler(bot, store)
    await running.start()
    await running.idle()
    await running.shutdown()
    assert server.sent_messages(70)[0]["text"].startswith("Digest for 10 March 2026")


def announce_many_events(store) -> int:
    """Enough upcoming events that a digest takes several messages; returns how many."""
    soon = [date(2026, 3, 11) + timedelta(days=n % 25) for n in range(60)]
    sentences = [
        f"Делегация номер {n} проведёт переговоры в Астане о проекте {n}." for n in range(60)
    ]
    events = [
        Event("talks", f"Переговоры делегации номер {n} о проекте логистического центра {n}",
              DateSpan(day, day), "Астана", [], "upcoming", n)
        for n, day in enumerate(soon)
    ]  # fmt: skip
    meta = ArticleMeta(published=date(2026, 3, 9), title="Календарь переговоров", source="Тест")
    store.save_article(
        "many", " ".join(sentences), "many", meta, ArticleFacts(sentences, events=events)
    )
    return len(chat_digest(store, 1, "ru", NOW, "Asia/Almaty").html_pages())


@pytest.mark.slow
async def test_two_processes_on_one_database_send_each_digest_once(store, db_path, tmp_path):
    """Started together, or the second in the middle of the first's fan-out: neither takes
    what the other (alive) has claimed, and no page is sent twice."""
    script = tmp_path / "worker.py"
    script.write_text(WORKER)
    pages = announce_many_events(store)
    assert pages > 1  # between pages a delivery waits, which is when another process struck
    async with LocalBotAPI() as server:
        chats = list(range(800, 860))
        for chat in chats:
            subscribe(store, chat)
        started: list[asyncio.subprocess.Process] = []
        try:
            # 10 messages a second each: a fan-out lasts longer than a process takes to start.
            together = [await start_worker(script, db_path, server, rate=10) for _ in range(2)]
            started += together
            assert [await asyncio.wait_for(p.wait(), 120) for p in together] == [0, 0]
            assert per_chat(server) == Counter(dict.fromkeys(chats, pages))

            later = [chat + 100 for chat in chats]
            for chat in later:
                subscribe(store, chat)
            started.append(first := await start_worker(script, db_path, server, rate=10))
            await server.wait_for(lambda: sum(per_chat(server)[c] for c in later) >= 20, 60)
            started.append(second := await start_worker(script, db_path, server, rate=10))
            assert [await asyncio.wait_for(p.wait(), 120) for p in (first, second)] == [0, 0]
            assert per_chat(server) == Counter(dict.fromkeys(chats + later, pages))
        finally:
            for process in started:
                if process.returncode is None:
                    process.kill()
                    await process.wait()
    assert store.delivery_counts(SLOT) == {"sent": len(chats) * 2}


async def test_a_timeout_after_delivery_is_retried_once_then_reported_not_resent(
    server, bot, store, caplog
):
    """Telegram took the message but answered too late: it cannot be known, so it is bounded."""
    for chat in (90, 91, 92):
        subscribe(store, chat)
    server.faults.timeout(90, times=None, seconds=1.0, delivered=True)  # every try, forever
    server.faults.timeout(91, times=1, seconds=1.0, delivered=True)  # the first try only

    first = scheduler(bot, store)
    await first.start()
    await first.idle()
    await first.shutdown()
    counts = per_chat(server)
    assert counts[90] == 2 and counts[91] == 2 and counts[92] == 1  # one retry, never more
    assert store.delivery(90, SLOT)["status"] == "uncertain"
    assert (store.delivery(91, SLOT)["status"], store.delivery(91, SLOT)["uncertain"]) == (
        "sent",
        1,
    )
    assert first.reports[0].uncertain == 1

    server.faults.clear()
    with caplog.at_level(logging.WARNING, logger="bot.scheduler"):
        second = scheduler(bot, store)  # a restart
        await second.start()
        await second.idle()
        await second.shutdown()
    assert per_chat(server) == counts  # nothing resent
    assert "may or may not have arrived" in caplog.text and "90" in caplog.text
