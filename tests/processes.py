"""Starting the real bot process (`python -m bot`) against a local Bot API server, for tests."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
START_TIMEOUT = 120.0


def bot_env(token: str, db: Path, api_url: str | None = None, **settings: str) -> dict[str, str]:
    """The environment of a bot process: this token, database and Bot API server."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"WEBHOOK_URL", "TELEGRAM_API_URL", "ADMIN_IDS"}
    }
    env |= {
        "BOT_TOKEN": token,
        "DATABASE_PATH": str(db),
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
    }
    if api_url:
        env["TELEGRAM_API_URL"] = api_url
    return env | settings


async def spawn_bot(env: dict[str, str], log: Path, cwd: Path) -> asyncio.subprocess.Process:
    with log.open("ab") as out:
        return await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", cwd=cwd, env=env, stdout=out, stderr=out
        )


async def until_polling(server, process: asyncio.subprocess.Process, log: Path) -> None:
    """Wait until the bot long-polls `server`; fail with its log if it exits first."""
    polls_before = len(server.calls("getUpdates"))
    polling = asyncio.ensure_future(
        server.wait_for(lambda: len(server.calls("getUpdates")) > polls_before, START_TIMEOUT)
    )
    exited = asyncio.ensure_future(process.wait())
    await asyncio.wait({polling, exited}, return_when=asyncio.FIRST_COMPLETED)
    exited.cancel()
    if not polling.done():
        polling.cancel()
        raise AssertionError(f"the bot exited early:\n{log.read_text(errors='replace')[-3000:]}")
    polling.result()


async def stop_bot(process: asyncio.subprocess.Process, log: Path) -> None:
    """SIGTERM, and the bot must exit cleanly."""
    if process.returncode is None:
        process.send_signal(signal.SIGTERM)
    code = await asyncio.wait_for(process.wait(), timeout=30)
    assert code == 0, log.read_text(errors="replace")[-3000:]


async def kill_bot(process: asyncio.subprocess.Process) -> None:
    if process.returncode is None:
        process.kill()
        await process.wait()
