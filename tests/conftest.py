"""Shared fixtures: a knowledge base built once from the bundled articles, copied per test, a
local Bot API server with a bot talking to it, and a local news site to fetch from."""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio
from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from harness import Harness, open_harness
from newsite import NewsSite

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


@pytest_asyncio.fixture
async def site() -> AsyncIterator[NewsSite]:
    """The local news site on 127.0.0.1 (pages, feeds and faults: see tests/newsite.py)."""
    async with NewsSite(slow_seconds=3.0) as site:
        yield site


@pytest_asyncio.fixture()
async def harness(bundled_db: Path) -> AsyncIterator[Harness]:
    """The bot's dispatcher in-process on a copy of the bundled base (see tests/harness.py)."""
    async with open_harness(bundled_db) as harness:
        yield harness


@pytest_asyncio.fixture()
async def site_harness(bundled_db: Path, site: NewsSite) -> AsyncIterator[Harness]:
    """The same, allowed to fetch from the local news site (FETCH_ALLOW_HOSTS)."""
    async with open_harness(bundled_db, fetch_allow_hosts=frozenset({site.host})) as harness:
        yield harness
