"""The SQLite knowledge base: the only place in the program that writes SQL."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlite_utils import Database

from bot.store.articles import ArticlesMixin, SaveResult, fold, now_iso
from bot.store.connection import BUSY_TIMEOUT_SECONDS, WritingDatabase, use_wal
from bot.store.feeds import FeedsMixin
from bot.store.queries import QueriesMixin
from bot.store.schema import migrate, schema_version
from bot.store.subscriptions import SubscriptionsMixin
from bot.store.users import UsersMixin

__all__ = ["SaveResult", "Store", "fold", "now_iso", "open_store"]


class Store(ArticlesMixin, FeedsMixin, QueriesMixin, SubscriptionsMixin, UsersMixin):
    """One database file, migrated to the current schema on open."""

    def __init__(self, db: Database) -> None:
        self.db = db
        migrate(db)

    @property
    def path(self) -> str:
        return self.db.execute("PRAGMA database_list").fetchone()[2]

    @property
    def version(self) -> int:
        return schema_version(self.db)

    @property
    def data_version(self) -> tuple[int, int]:
        """Changes whenever anyone commits (others: PRAGMA data_version; we: total_changes).

        Caches built from the base (the alias table of search) compare it to know they are stale.
        """
        return self.db.execute("PRAGMA data_version").fetchone()[0], self.db.conn.total_changes

    def close(self) -> None:
        self.db.close()


def open_store(path: str | Path, busy_timeout: float = BUSY_TIMEOUT_SECONDS) -> Store:
    """Open (creating if needed) the database file at `path`; ":memory:" works for tests.

    A write waits up to `busy_timeout` seconds for another process's transaction to end.
    """
    if str(path) != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(str(path), check_same_thread=False, timeout=busy_timeout)
    db = WritingDatabase(conn)
    db.execute("PRAGMA foreign_keys = ON")
    if str(path) != ":memory:":
        use_wal(db, busy_timeout)
    db.execute("PRAGMA synchronous = NORMAL")
    return Store(db)
