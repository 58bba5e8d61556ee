"""Digests in the real bot process (`python -m bot`) against the local Bot API server.

A subscriber whose morning digest fell due while the bot was down gets it once when the bot
starts, and not again after a restart; the subscription commands work through the real app.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from processes import bot_env, spawn_bot, stop_bot, until_polling

from bot.localapi import LocalBotAPI
from bot.models import ArticleFacts, ArticleMeta, DateSpan, Event, Person
from bot.store import open_store

pytestmark = pytest.mark.slow

SUBSCRIBER = 6001
USER = 6002
TIMEOUT = 60.0


def prepare(db: Path) -> None:
    """An announced visit, and a subscriber whose digest was due an hour ago."""
    store = open_store(db)
    soon = date.today() + timedelta(days=3)
    facts = ArticleFacts(
        sentences=["Ван И посетит Астану."],
        people=[Person("Ван И", first="Ван", last="И", latin={"Wang Yi"}, sentences=[0])],
        events=[
            Event(
                "visit",
                "Визит Ван И в Астану",
                DateSpan(soon, soon),
                "Астана",
                ["Ван И"],
                "upcoming",
                0,
            )
        ],
    )
    meta = ArticleMeta(published=date.today(), title="Ван И посетит Астану", source="Kazinform")
    store.save_article("wang", "Ван И посетит Астану.", "hash", meta, facts)
    hour_ago = (datetime.now(ZoneInfo("Asia/Almaty")) - timedelta(hours=1)).strftime("%H:%M")
    store.save_subscription(
        SUBSCRIBER, SUBSCRIBER, frequency="daily", time=hour_ago, weekday=0,
        timezone="Asia/Almaty", horizon_days=30, lang="ru",
    )  # fmt: skip
    two_days_ago = (datetime.now(UTC) - timedelta(days=2)).isoformat(timespec="seconds")
    store.db.execute("UPDATE subscriptions SET schedule_from = ?", [two_days_ago])
    store.close()


async def start_bot(
    server: LocalBotAPI, db: Path, log: Path, **settings: str
) -> asyncio.subprocess.Process:
    """`python -m bot` on `db`; `settings` are more environment variables (ADMIN_IDS=...)."""
    process = await spawn_bot(bot_env(server.token, db, server.url, **settings), log, db.parent)
    await until_polling(server, process, log)
    return process


async def test_missed_digest_on_start_up_once_and_commands_through_the_real_bot(server, tmp_path):
    db, log = tmp_path / "bot.db", tmp_path / "bot.log"
    prepare(db)

    bot = await start_bot(server, db, log)
    try:
        (digest,) = await server.wait_for_messages(SUBSCRIBER, 1, timeout=TIMEOUT, since=0)
        assert "Визит Ван И в Астану" in digest["text"] and "Kazinform" in digest["text"]

        server.send_text(USER, "/subscribe weekly 09:00 пт")
        (card,) = await server.wait_for_messages(USER, 1, timeout=TIMEOUT)
        assert "еженедельно, Пт, в 09:00" in card["text"]
        server.send_text(USER, "/follow Wang Yi")
        (followed,) = await server.wait_for_messages(USER, 1, timeout=TIMEOUT)
        assert "Ван И" in followed["text"]
        server.send_text(USER, "/digest")
        (mine,) = await server.wait_for_messages(USER, 1, timeout=TIMEOUT)
        assert "★" in mine["text"]
        server.send_text(USER, "/calendar")
        (ics,) = await server.wait_for_messages(USER, 1, timeout=TIMEOUT)
        assert ics["document"]["file_name"].endswith(".ics")
    finally:
        await stop_bot(bot, log)

    # A restart within the same slot sends nothing more.
    bot = await start_bot(server, db, log)
    try:
        server.send_text(USER, "/subscription")  # a round trip: start-up has been handled
        await server.wait_for_messages(USER, 1, timeout=TIMEOUT)
    finally:
        await stop_bot(bot, log)
    assert len(server.sent_messages(SUBSCRIBER)) == 1
    assert server.violations == []
