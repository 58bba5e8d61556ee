"""Feeds in the real bot process (`python -m bot`) over HTTP: the local Bot API server, the local
news site, and the bot's own scheduler doing the poll.

An admin adds a feed, one poll ingests its entries, a follower of a name in one of them gets one
alert, and /feeds shows the counts.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from newsite import NewsSite
from test_digest_e2e import TIMEOUT, start_bot, stop_bot

from bot.localapi import LocalBotAPI

pytestmark = pytest.mark.slow

ADMIN = 7001
FOLLOWER = 7002


async def test_addfeed_one_poll_one_alert_and_the_counts_in_feeds(
    server: LocalBotAPI, tmp_path: Path
) -> None:
    db, log = tmp_path / "bot.db", tmp_path / "bot.log"
    async with NewsSite() as site:
        bot = await start_bot(
            server, db, log, ADMIN_IDS=str(ADMIN), FETCH_ALLOW_HOSTS=site.host, LOG_LEVEL="INFO"
        )
        try:
            server.send_text(FOLLOWER, "/follow Ван И")
            (followed,) = await server.wait_for_messages(FOLLOWER, 1, timeout=TIMEOUT)
            assert "Ван И" in followed["text"]

            server.send_text(
                ADMIN, f"/addfeed {site.url}/feeds/main.xml Китай, КНР, Пекин, Си Цзиньпин"
            )
            added, polled = await server.wait_for_messages(ADMIN, 2, timeout=TIMEOUT)
            assert "Лента #1 добавлена" in added["text"]
            assert "новых статей 3, пропущено 3, с ошибкой 1" in polled["text"]

            _, alert = await server.wait_for_messages(FOLLOWER, 2, timeout=TIMEOUT)  # after /follow
            assert "🔔" in alert["text"] and "Нуртлеу и Ван И обсудили" in alert["text"]
            links = [e.get("url") for e in alert.get("entities", []) if e["type"] == "text_link"]
            assert links == [f"{site.url}/politics/nurtleu-wang-yi-call"]

            server.send_text(ADMIN, "/feeds")
            (listing,) = await server.wait_for_messages(ADMIN, 1, timeout=TIMEOUT)
            assert "Добавлено статей: 3" in listing["text"]
            assert "записей просмотрено: 7 (пропущено 3, с ошибкой 1)" in listing["text"]

            server.send_text(FOLLOWER, "/start")  # a round trip: anything pending has gone out
            await server.wait_for_messages(FOLLOWER, 1, timeout=TIMEOUT)
        finally:
            await stop_bot(bot, log)
    alerts = [m for m in server.sent_messages(FOLLOWER) if "🔔" in m["text"]]
    assert len(alerts) == 1
    assert site.hits["/politics/nurtleu-wang-yi-call"] == 1
    assert "Traceback" not in log.read_text(errors="replace")
    assert server.violations == []
