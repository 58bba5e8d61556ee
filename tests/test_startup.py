"""Starting the bot process (`python -m bot`) when something around it is wrong.

A bad setting gets a clear message and no token; whatever fails at start never prints the token;
a second bot on the same database refuses to start.
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
from pathlib import Path

import pytest
from processes import bot_env, kill_bot, spawn_bot, stop_bot, until_polling

pytestmark = pytest.mark.slow

TOKEN = "123456789:AAE-start-up-SECRET-token"
SECRET_PART = TOKEN.split(":", 1)[1]


def run_bot(tmp_path: Path, timeout: float = 120, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot"],
        cwd=tmp_path,
        env=bot_env(TOKEN, tmp_path / "bot.db", **env),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


@pytest.mark.parametrize("url", ["127.0.0.1:8081", "htp://x", "not a url", "http://:8081"])
def test_a_malformed_api_url_is_named_and_the_token_never_shown(tmp_path: Path, url: str) -> None:
    result = run_bot(tmp_path, TELEGRAM_API_URL=url)
    output = result.stdout + result.stderr
    assert result.returncode == 2, output
    assert "TELEGRAM_API_URL" in result.stderr and "http://" in result.stderr
    assert "Traceback" not in output
    assert SECRET_PART not in output


def test_an_uncaught_error_at_start_never_shows_the_token(tmp_path: Path) -> None:
    """Whatever escapes at start-up is printed by Python itself, past every log filter."""
    blocker = tmp_path / TOKEN  # a file where the database's folder should be created
    blocker.write_text("")
    result = run_bot(tmp_path, DATABASE_PATH=str(blocker / "bot.db"))
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "Traceback" in result.stderr and "<redacted>" in result.stderr
    assert SECRET_PART not in output


def test_the_command_line_names_a_bad_setting_too(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bot.cli", "stats"],
        cwd=tmp_path,
        env=bot_env(TOKEN, tmp_path / "bot.db", TELEGRAM_API_URL="htp://x"),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 2
    assert "TELEGRAM_API_URL" in result.stderr and "Traceback" not in result.stderr


async def test_a_second_bot_on_the_same_database_refuses_to_start(server, tmp_path: Path) -> None:
    db = tmp_path / "bot.db"
    env = bot_env(server.token, db, server.url)
    first_log, second_log = tmp_path / "first.log", tmp_path / "second.log"
    first = await spawn_bot(env, first_log, tmp_path)
    try:
        await until_polling(server, first, first_log)
        second = await spawn_bot(env, second_log, tmp_path)
        code = await asyncio.wait_for(second.wait(), timeout=60)
        said = second_log.read_text(errors="replace")
        assert code == 3, said[-2000:]
        assert f"already running on {db}" in said and f"pid {first.pid}" in said
        server.send_text(5301, "/help")  # the first one goes on as if nothing happened
        (reply,) = await server.wait_for_messages(5301, 1, timeout=30)
        assert "/person" in reply["text"]

        first.kill()  # a crash releases the database: the next start is not blocked
        await first.wait()
        first = await spawn_bot(env, first_log, tmp_path)
        await until_polling(server, first, first_log)
        await stop_bot(first, first_log)
    finally:
        await kill_bot(first)
