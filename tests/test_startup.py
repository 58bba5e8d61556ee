"""Starting the bot process (`python -m bot`) when something around it is wrong.

A bad setting gets a clear message and no token; whatever fails at start never prints the token;
a second bot on the same database refuses to start; a Bot API server that is not up yet, or
lacks setMyCommands, does not stop it.
"""

from __future__ import annotations

import asyncio
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from processes import bot_env, kill_bot, spawn_bot, stop_bot, until_polling

from bot.localapi import LocalBotAPI

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
    started = [first := await spawn_bot(env, first_log, tmp_path)]
    try:
        await until_polling(server, first, first_log)
        started.append(second := await spawn_bot(env, second_log, tmp_path))
        code = await asyncio.wait_for(second.wait(), timeout=60)
        said = second_log.read_text(errors="replace")
        assert code == 3, said[-2000:]
        assert f"already running on {db}" in said and f"pid {first.pid}" in said
        server.send_text(5301, "/help")  # the first one goes on as if nothing happened
        (reply,) = await server.wait_for_messages(5301, 1, timeout=30)
        assert "/person" in reply["text"]

        first.kill()  # a crash releases the database: the next start is not blocked
        await first.wait()
        started.append(again := await spawn_bot(env, first_log, tmp_path))
        await until_polling(server, again, first_log)
        await stop_bot(again, first_log)
    finally:
        for process in started:
            await kill_bot(process)


HTML_404 = "<html><head><title>404 Not Found</title></head><body>nginx</body></html>"


@pytest.mark.parametrize(
    "refusal",
    [
        {"status": 400, "description": "Bad Request: method is not supported"},
        {"status": 404, "description": "Not Found", "body": HTML_404},  # not even JSON
    ],
    ids=["json", "html"],
)
async def test_a_refused_command_menu_costs_only_the_menu(
    server, tmp_path: Path, refusal: dict
) -> None:
    server.faults.refuse_method("setMyCommands", **refusal)
    log = tmp_path / "bot.log"
    bot = await spawn_bot(bot_env(server.token, tmp_path / "bot.db", server.url), log, tmp_path)
    try:
        await until_polling(server, bot, log)
        server.send_text(5401, "/help")
        (reply,) = await server.wait_for_messages(5401, 1, timeout=30)
        assert "/person" in reply["text"]
        assert "setting the command menu was refused" in log.read_text(errors="replace")
        await stop_bot(bot, log)
    finally:
        await kill_bot(bot)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


async def test_the_bot_waits_for_a_bot_api_that_is_not_up_yet(tmp_path: Path) -> None:
    port, log = free_port(), tmp_path / "bot.log"
    env = bot_env(LocalBotAPI().token, tmp_path / "bot.db", f"http://127.0.0.1:{port}")
    bot = await spawn_bot(env, log, tmp_path)
    try:
        deadline = asyncio.get_running_loop().time() + 120
        while "not reachable yet" not in log.read_text(errors="replace"):  # connection refused
            assert bot.returncode is None, log.read_text(errors="replace")[-3000:]
            assert asyncio.get_running_loop().time() < deadline
            await asyncio.sleep(0.2)
        async with LocalBotAPI(port=port) as server:
            await until_polling(server, bot, log)
            server.send_text(5402, "/help")
            (reply,) = await server.wait_for_messages(5402, 1, timeout=30)
            assert "/person" in reply["text"]
            await stop_bot(bot, log)
    finally:
        await kill_bot(bot)


async def test_a_bot_api_answering_502_at_start_is_waited_out(server, tmp_path: Path) -> None:
    server.faults.refuse_method("getMe", 502, "Bad Gateway", times=2)
    log = tmp_path / "bot.log"
    bot = await spawn_bot(bot_env(server.token, tmp_path / "bot.db", server.url), log, tmp_path)
    try:
        await until_polling(server, bot, log)
        assert log.read_text(errors="replace").count("not reachable yet") == 2
        await stop_bot(bot, log)
    finally:
        await kill_bot(bot)


async def test_a_token_the_bot_api_refuses_ends_the_start_with_a_message(
    server, tmp_path: Path
) -> None:
    log = tmp_path / "bot.log"
    env = bot_env("987654321:not-this-servers-bot", tmp_path / "bot.db", server.url)
    bot = await spawn_bot(env, log, tmp_path)
    code = await asyncio.wait_for(bot.wait(), timeout=120)
    said = log.read_text(errors="replace")
    assert code == 2 and "refused BOT_TOKEN" in said and "Traceback" not in said
