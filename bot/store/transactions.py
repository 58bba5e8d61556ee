"""Write transactions that take SQLite's write lock as they begin.

A plain BEGIN reads first and asks for the write lock only at its first write; in WAL mode, if
another process committed in between, SQLite answers "database is locked" at once instead of
waiting out the busy timeout (two ingests on one file lost articles that way). BEGIN IMMEDIATE
waits its turn, up to the connection's timeout, before it reads anything.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

from sqlite_utils import Database

BUSY_TIMEOUT_SECONDS = 30.0  # how long a writer waits for another process's transaction


@contextmanager
def writing(db: Database) -> Iterator[Database]:
    """One transaction holding the write lock from its start; nested ones are savepoints."""
    if db.conn.in_transaction:
        with db.atomic():
            yield db
        return
    db.conn.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        db.conn.rollback()
        raise
    db.conn.execute("COMMIT")


def is_busy(error: BaseException) -> bool:
    """SQLite's "database is locked" / "busy": another process held the lock too long."""
    text = str(error).lower()
    return isinstance(error, sqlite3.OperationalError) and ("locked" in text or "busy" in text)
