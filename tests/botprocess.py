"""The real bot process (`python -m bot`) against a local Bot API server, for end-to-end tests.

Every request it makes is checked against the official Bot API spec by the server; tests read
`server.violations` to fail on any.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from bot.localapi import LocalBotAPI
from bot.store import open_store

ROOT = Path(__file__).resolve().parent.parent
REPLY_TIMEOUT = 30.0


class RunningBot:
    def __init__(
        self, server: LocalBotAPI, process: asyncio.subprocess.Process, db: Path, log: Path
    ):
        self.server = server
        self.process = process
        self.db = db
        self.log = log

    def article_count(self) -> int:
        store = open_store(self.db)
        try:
            return store.count("articles")
        finally:
            store.close()

    async def say(
        self, chat_id: int, text: str, count: int = 1, **kwargs: Any
    ) -> list[dict[str, Any]]:
        self.server.send_text(chat_id, text, **kwargs)
        return await self.server.wait_for_messages(chat_id, count, timeout=REPLY_TIMEOUT)


@contextlib.asynccontextmanager
async def running_bot(tmp: Path, admin: int, **env: str) -> AsyncIterator[RunningBot]:
    """The bot process on a fresh database in `tmp` (it indexes the bundled articles), long
    polling the local server; `env` adds settings (TODAY=…). Killed at the end if still alive."""
    db = tmp / "bot.db"
    log_path = tmp / "bot.log"
    server = LocalBotAPI()
    await server.start()
    environment = {
        **os.environ,
        "BOT_TOKEN": server.token,
        "TELEGRAM_API_URL": server.url,
        "DATABASE_PATH": str(db),
        "ADMIN_IDS": str(admin),
        "LOG_LEVEL": "INFO",
        **env,
    }
    environment.pop("WEBHOOK_URL", None)
    environment["PYTHONPATH"] = os.pathsep.join(
        filter(None, [str(ROOT), environment.get("PYTHONPATH")])
    )
    with log_path.open("wb") as log:
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", cwd=tmp, env=environment, stdout=log, stderr=log
        )
    running = RunningBot(server, process, db, log_path)
    try:
        poller = asyncio.ensure_future(server.wait_for_poller(timeout=120))
        exited = asyncio.ensure_future(process.wait())
        await asyncio.wait({poller, exited}, return_when=asyncio.FIRST_COMPLETED)
        if not poller.done():
            poller.cancel()
            pytest.fail(f"the bot exited early:\n{log_path.read_text(errors='replace')[-3000:]}")
        exited.cancel()
        poller.result()
        yield running
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
        await server.stop()
