"""Shared fixtures: a knowledge base built once from the bundled articles, copied per test."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.ingest import ensure_bundled
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
