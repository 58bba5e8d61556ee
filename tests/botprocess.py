"""The real bot process (`python -m bot`) against a local Bot API server, for end-to-end tests.

Every request it makes is checked against the official Bot API spec by the server; tests read
`server.violations` to fail on any.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

from processes import bot_env, spawn_bot, until_polling

from bot.localapi import LocalBotAPI
from bot.store import open_store

REPLY_TIMEOUT = 30.0
FAST_TYPIST = {"THROTTLE_BURST": "1000"}  # tests type faster than a person; see test_flood.py


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
    settings = {"ADMIN_IDS": str(admin), "LOG_LEVEL": "INFO", **FAST_TYPIST, **env}
    process = await spawn_bot(bot_env(server.token, db, server.url, **settings), log_path, tmp)
    running = RunningBot(server, process, db, log_path)
    try:
        await until_polling(server, process, log_path)
        yield running
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
        await server.stop()
