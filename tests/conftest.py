"""Shared fixtures: a knowledge base built once from the bundled articles, copied per test, and a
local Bot API server with a bot talking to it."""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer

from bot.ingest import ensure_bundled
from bot.localapi import LocalBotAPI
from bot.settings import BUNDLED_DIR
from bot.store import open_store


@pytest.fixture(scope="session")
def bundled_db_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database file holding the bundled articles (extraction runs once per test session)."""
    path = tmp_path_factory.mktemp("bundled") / "bundled.db"
    store = open_store(path)
    ensure_bundled(store, BUNDLED_DIR)
    store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    return path


@pytest.fixture()
def bundled_db(bundled_db_file: Path, tmp_path: Path) -> Path:
    """A private copy of the bundled database that a test may change freely."""
    copy = tmp_path / "briefings.db"
    shutil.copyfile(bundled_db_file, copy)
    return copy


@pytest.fixture
async def server() -> AsyncIterator[LocalBotAPI]:
    """A local Bot API server: records what the bot sends and injects Telegram's failures."""
    async with LocalBotAPI() as api:
        yield api


@pytest.fixture
async def bot(server: LocalBotAPI) -> AsyncIterator[Bot]:
    """An aiogram Bot whose requests go to `server`."""
    bot = Bot(
        token=server.token, session=AiohttpSession(api=TelegramAPIServer.from_base(server.url))
    )
    yield bot
    await bot.session.close()
