"""Several connections write to one base (the bot, its scheduler, the feed poller): a write waits
for its turn instead of failing with "database is locked"."""

from __future__ import annotations

import sqlite3
import threading
from datetime import date
from pathlib import Path

from bot.models import ArticleFacts, ArticleMeta
from bot.store import open_store


def test_a_save_waits_for_the_lock_when_another_connection_commits_first(tmp_path: Path) -> None:
    path = tmp_path / "kb.db"
    store = open_store(path)
    other = sqlite3.connect(path, timeout=0.2)
    meddled: list[str] = []

    def another_writer_commits(sql: str) -> None:
        """Right as the save starts writing, another connection commits a write of its own."""
        if sql.startswith('INSERT INTO "articles"') and not meddled:
            meddled.append(sql)
            try:
                other.execute("INSERT INTO admin_log (user_id, action) VALUES (1, 'poll')")
                other.commit()
            except sqlite3.OperationalError:  # the save holds the lock: this writer waits
                other.rollback()

    store.db.conn.set_trace_callback(another_writer_commits)
    meta = ArticleMeta(published=date(2024, 5, 22), title="Транзит")
    facts = ArticleFacts(sentences=["Стороны обсудили транзит."])
    result = store.save_article("k", "Стороны обсудили транзит.", "h", meta, facts)
    assert meddled and result.status == "added"
    store.db.conn.set_trace_callback(None)
    assert store.count("articles") == 1
    other.execute("INSERT INTO admin_log (user_id, action) VALUES (1, 'poll')")  # now it can
    other.commit()
    other.close()
    store.close()


def test_a_new_base_opens_while_another_process_holds_its_write_lock(tmp_path: Path) -> None:
    """Two ingests creating one base at once: the second waits for the write lock to switch to WAL."""
    path = tmp_path / "kb.db"
    first = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    first.execute("CREATE TABLE early (x)")
    first.execute("BEGIN IMMEDIATE")
    first.execute("INSERT INTO early VALUES (1)")
    threading.Timer(0.3, first.execute, ["COMMIT"]).start()
    store = open_store(path, busy_timeout=5)
    assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.db.execute("SELECT count(*) FROM early").fetchone()[0] == 1
    store.close()
    first.close()
