"""One user flooding the real bot process (default limits): told once, the rest dropped."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import pytest
from processes import bot_env, kill_bot, spawn_bot, stop_bot, until_polling

pytestmark = pytest.mark.slow

FLOODER = 7101
OTHER = 7102
TIMEOUT = 30.0


async def test_a_flooding_user_is_told_once_and_the_rest_dropped(server, tmp_path: Path) -> None:
    log = tmp_path / "bot.log"
    process = await spawn_bot(bot_env(server.token, tmp_path / "bot.db", server.url), log, tmp_path)
    try:
        await until_polling(server, process, log)
        started = time.monotonic()
        for number in range(300):
            server.send_text(FLOODER, f"Ван И {number}")
        await server.wait_until_consumed(timeout=TIMEOUT)
        server.send_text(OTHER, "/help")  # everyone else is served meanwhile
        (other,) = await server.wait_for_messages(OTHER, 1, timeout=TIMEOUT)
        assert "/person" in other["text"]
        elapsed = time.monotonic() - started
        await asyncio.sleep(1.0)  # replies to the questions let through may still be on their way
        replies = server.sent_messages(FLOODER)
        notices = [r for r in replies if "Слишком много сообщений" in r["text"]]
        assert len(notices) == 1
        assert 1 <= len(replies) - 1 <= 8 + 2 * (elapsed + 1)  # the burst, then 2 a second

        await asyncio.sleep(2.0)  # slowing down is enough to be served again
        server.send_text(FLOODER, "Ван И")
        (later,) = await server.wait_for_messages(FLOODER, 1, timeout=TIMEOUT)
        assert "Ван И" in later["text"]
        await stop_bot(process, log)
    finally:
        await kill_bot(process)
