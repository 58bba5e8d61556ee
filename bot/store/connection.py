"""The connection every Store writes through: transactions take the write lock when they begin.

The bot, its digest scheduler and the feed poller each write on a connection of their own. A
deferred BEGIN turns into a read first (sqlite-utils looks up the schema before it inserts),
and a read transaction whose first write comes after another connection committed fails at once
with "database is locked" (SQLITE_BUSY_SNAPSHOT): no busy timeout helps it. BEGIN IMMEDIATE
takes the write lock up front, so a writer waits its turn (up to the busy timeout) instead.
"""

from __future__ import annotations

import contextlib
import sqlite3
import time
from collections.abc import Iterator

from sqlite_utils import Database

BUSY_TIMEOUT_SECONDS = 30.0  # how long a writer waits for another process's transaction
WAL_RETRY_PAUSE_SECONDS = 0.05


class WritingDatabase(Database):
    @contextlib.contextmanager
    def atomic(self) -> Iterator[WritingDatabase]:  # type: ignore[override]
        """One transaction (BEGIN IMMEDIATE); nested blocks are savepoints as in sqlite-utils."""
        if self.conn.in_transaction:
            with super().atomic():
                yield self
            return
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self
        except BaseException:
            self.rollback()
            raise
        try:
            self.conn.execute("COMMIT")
        except BaseException:
            self.rollback()
            raise


def is_busy(error: BaseException) -> bool:
    """SQLite's "database is locked" / "busy": another process held the lock too long."""
    text = str(error).lower()
    return isinstance(error, sqlite3.OperationalError) and ("locked" in text or "busy" in text)


def use_wal(db: Database, busy_timeout: float) -> None:
    """Switch the file to write-ahead logging, waiting out another process that holds a write.

    Two processes that create one base at once race here: while one holds the write lock,
    "PRAGMA journal_mode=wal" in the other fails at once with "database is locked" (SQLite does
    not call the busy handler for it), so the switch is retried until `busy_timeout` runs out.
    A file already in WAL mode needs no switch and no lock.
    """
    deadline = time.monotonic() + busy_timeout
    while db.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
        try:
            db.enable_wal()
        except sqlite3.OperationalError as error:
            if not is_busy(error) or time.monotonic() >= deadline:
                raise
            time.sleep(WAL_RETRY_PAUSE_SECONDS)
