"""Article ids are never given out twice: an old "/article 12" or citation never points elsewhere."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlite_utils import Database

from bot.ingest import ingest_text
from bot.models import ArticleMeta
from bot.store import open_store
from bot.store.schema import LATEST, MIGRATIONS

DATA = Path(__file__).resolve().parent.parent / "data"
WIRE = (DATA / "003_04ae095c1d503094.txt").read_text(encoding="utf-8")
META = ArticleMeta(published=date(2025, 6, 17), title="Си Цзиньпин в Астане")


def test_article_ids_are_never_reused_after_a_delete(tmp_path: Path) -> None:
    store = open_store(tmp_path / "kb.db")
    first = ingest_text(store, WIRE, META)
    store.delete_article(first.article_id)
    other = (DATA / "000_e83415887aa56941.txt").read_text(encoding="utf-8")
    second = ingest_text(store, other, META)
    assert second.article_id > first.article_id


def test_an_old_base_keeps_its_ids_and_never_reuses_them_after_upgrading(tmp_path: Path) -> None:
    path = tmp_path / "v6.db"
    db = Database(path)
    for number, step in enumerate(MIGRATIONS[:6], start=1):
        step(db)
        db.execute(f"PRAGMA user_version = {number}")
    for n in (1, 2, 3):
        db["articles"].insert(
            {"key": f"{n}.txt", "published": "2020-01-01", "content_hash": f"h{n}", "text": "т"}
        )
    db["sentences"].insert({"article_id": 3, "idx": 0, "text": "т", "lemmas": "т"})
    db.conn.commit()
    db.close()

    store = open_store(path)
    assert store.version == LATEST and store.article_ids() == [1, 2, 3]
    assert store.db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    store.delete_article(3)
    added = ingest_text(store, WIRE, META)
    assert added.article_id == 4
    assert store.db.execute("PRAGMA foreign_key_check").fetchall() == []


def test_a_base_with_old_dangling_rows_still_upgrades(tmp_path: Path) -> None:
    """Rows written before foreign keys were enforced are not the rebuild's fault."""
    path = tmp_path / "v6.db"
    db = Database(path)
    for number, step in enumerate(MIGRATIONS[:6], start=1):
        step(db)
        db.execute(f"PRAGMA user_version = {number}")
    db["sentences"].insert({"article_id": 99, "idx": 0, "text": "сирота", "lemmas": "сирота"})
    db.conn.commit()
    db.close()
    store = open_store(path)
    assert store.version == LATEST and store.count("sentences") == 1
