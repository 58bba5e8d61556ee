"""Schema and its migrations: a database file is upgraded in place, never rebuilt.

The version lives in SQLite's own `PRAGMA user_version`. A migration is a function that takes the
database at version N-1 and leaves it at N; append new ones, never edit old ones.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Iterator

from sqlite_utils import Database


def _v1_knowledge_base(db: Database) -> None:
    db["articles"].create(
        {
            "id": int,
            "key": str,  # identity: source file name, url, or the text hash for pasted texts
            "file": str,
            "title": str,
            "source": str,
            "author": str,
            "url": str,
            "dateline": str,
            "published": str,
            "content_hash": str,
            "text": str,
            "chars": int,
            "ingested_at": str,
            "added_by": int,
        },
        pk="id",
        not_null={"key", "published", "content_hash", "text"},
    )
    db["articles"].create_index(["key"], unique=True)
    db["articles"].create_index(["content_hash"])
    db["articles"].create_index(["published"])

    db["sentences"].create(
        {"id": int, "article_id": int, "idx": int, "text": str, "lemmas": str},
        pk="id",
        foreign_keys=[("article_id", "articles", "id")],
    )
    db["sentences"].create_index(["article_id", "idx"], unique=True)
    db["sentences"].enable_fts(["lemmas"], create_triggers=True, tokenize="unicode61")

    db["people"].create(
        {"id": int, "name": str, "first": str, "last": str, "patronymic": str, "norm": str},
        pk="id",
        not_null={"name", "norm"},
    )
    db["people"].create_index(["norm"], unique=True)
    db["people"].create_index(["last"])
    db["person_aliases"].create(
        {"person_id": int, "alias": str, "norm": str, "kind": str},
        pk=("person_id", "norm"),
        foreign_keys=[("person_id", "people", "id")],
    )
    db["person_aliases"].create_index(["norm"])
    db["person_mentions"].create(
        {"person_id": int, "article_id": int, "sentence": int},
        pk=("person_id", "article_id", "sentence"),
        foreign_keys=[("person_id", "people", "id"), ("article_id", "articles", "id")],
    )
    db["person_mentions"].create_index(["article_id"])
    db["roles"].create(
        {"id": int, "person_id": int, "article_id": int, "title": str, "sentence": int},
        pk="id",
        foreign_keys=[("person_id", "people", "id"), ("article_id", "articles", "id")],
    )
    db["roles"].create_index(["person_id"])
    db["roles"].create_index(["article_id"])

    db["entities"].create(
        {"id": int, "kind": str, "name": str, "norm": str}, pk="id", not_null={"kind", "name"}
    )
    db["entities"].create_index(["kind", "norm"], unique=True)
    db["entity_mentions"].create(
        {"entity_id": int, "article_id": int, "sentence": int, "form": str},
        pk=("entity_id", "article_id", "sentence"),
        foreign_keys=[("entity_id", "entities", "id"), ("article_id", "articles", "id")],
    )
    db["entity_mentions"].create_index(["article_id"])

    db["dates"].create(
        {
            "id": int,
            "article_id": int,
            "text": str,
            "start": str,
            "end": str,
            "precision": str,
            "sentence": int,
            "relative": int,
        },
        pk="id",
        foreign_keys=[("article_id", "articles", "id")],
    )
    db["dates"].create_index(["article_id"])
    db["dates"].create_index(["start"])

    db["events"].create(
        {
            "id": int,
            "article_id": int,
            "type": str,
            "title": str,
            "start": str,
            "end": str,
            "precision": str,
            "place": str,
            "status": str,
            "sentence": int,
        },
        pk="id",
        foreign_keys=[("article_id", "articles", "id")],
    )
    db["events"].create_index(["article_id"])
    db["events"].create_index(["start"])
    db["event_participants"].create(
        {"event_id": int, "person_id": int},
        pk=("event_id", "person_id"),
        foreign_keys=[("event_id", "events", "id"), ("person_id", "people", "id")],
    )
    db["event_participants"].create_index(["person_id"])

    db["agreements"].create(
        {
            "id": int,
            "article_id": int,
            "type": str,
            "title": str,
            "parties": str,  # JSON list
            "start": str,
            "end": str,
            "precision": str,
            "status": str,
            "sentence": int,
        },
        pk="id",
        foreign_keys=[("article_id", "articles", "id")],
    )
    db["agreements"].create_index(["article_id"])
    db["agreements"].create_index(["start"])


def _v2_users_and_admin_log(db: Database) -> None:
    db["users"].create(
        {"user_id": int, "lang": str, "first_seen": str, "last_seen": str}, pk="user_id"
    )
    db["admin_log"].create(
        {"id": int, "user_id": int, "action": str, "detail": str, "at": str}, pk="id"
    )
    # Questions behind paginated answers: callback data carries only the id, so old buttons
    # keep working after a restart.
    db["saved_queries"].create(
        {"id": int, "user_id": int, "text": str, "lang": str, "today": str, "created_at": str},
        pk="id",
    )


def _v3_subscriptions(db: Database) -> None:
    db["subscriptions"].create(
        {
            "chat_id": int,
            "user_id": int,
            "frequency": str,  # daily | weekly
            "time": str,  # HH:MM in the subscriber's timezone
            "weekday": int,  # 0 = Monday, for weekly digests
            "timezone": str,
            "horizon_days": int,
            "lang": str,
            "active": int,
            "created_at": str,
            "updated_at": str,
            "last_digest_at": str,  # UTC ISO time of the last delivered digest
        },
        pk="chat_id",
    )
    db["follows"].create(
        {"chat_id": int, "term": str, "norm": str, "created_at": str}, pk=("chat_id", "norm")
    )
    db["deliveries"].create(
        {
            "chat_id": int,
            "slot": str,  # which scheduled digest: the UTC ISO time it was due
            "status": str,  # pending | sent | failed
            "attempts": int,
            "last_error": str,
            "updated_at": str,
        },
        pk=("chat_id", "slot"),
    )
    db["deliveries"].create_index(["status"])


def _v4_delivery_progress(db: Database) -> None:
    # A digest can span several messages: a resumed delivery continues after the last one sent.
    db["deliveries"].add_column("parts_sent", int, not_null_default=0)
    # When the current schedule took effect: an earlier slot is not a digest missed.
    db["subscriptions"].add_column("schedule_from", str)
    db.execute("UPDATE subscriptions SET schedule_from = COALESCE(updated_at, created_at)")


def _v5_document_packages(db: Database) -> None:
    # A package of documents carries its count and value; any document its entry into force.
    db["agreements"].add_column("count", int)
    db["agreements"].add_column("value", str)
    db["agreements"].add_column("in_force", str)


def _v6_feeds(db: Database) -> None:
    db["feeds"].create(
        {
            "id": int,
            "url": str,
            "title": str,
            "keywords": str,  # JSON list; empty: every Russian entry is relevant
            "added_by": int,
            "added_at": str,
            "etag": str,  # for the next conditional GET
            "last_modified": str,
            "last_polled_at": str,
            "last_success_at": str,
            "last_error": str,
            "last_error_at": str,
            "errors_in_row": int,
            "next_poll_at": str,  # set after errors: the feed waits until then (backoff)
            "articles_added": int,
        },
        pk="id",
        not_null={"url"},
        defaults={"errors_in_row": 0, "articles_added": 0},
    )
    db["feeds"].create_index(["url"], unique=True)
    # Every entry a feed ever showed, so a restart or the next poll fetches none of them again.
    db["feed_entries"].create(
        {
            "feed_id": int,
            "entry_key": str,  # the GUID, else the link
            "link": str,
            "status": str,  # added | skipped | failed
            "reason": str,
            "article_id": int,
            "attempts": int,
            "first_seen_at": str,
            "updated_at": str,
        },
        pk=("feed_id", "entry_key"),
        foreign_keys=[("feed_id", "feeds", "id")],
    )
    db["feed_entries"].create_index(["link"])


def _v7_sentence_indexes(db: Database) -> None:
    # Answers look facts, dates and names up by (article, sentence): one index probe each.
    for table, column in (
        ("dates", "sentence"),
        ("person_mentions", "sentence"),
        ("events", "sentence"),
        ("agreements", "sentence"),
        ("roles", "sentence"),
        ("entity_mentions", "sentence"),
    ):
        db[table].create_index(["article_id", column], if_not_exists=True)


def _v8_fact_date_basis(db: Database) -> None:
    # Where a fact's date comes from (its words, its context, or only the publication day):
    # a "when" answer leads with a date the article states.
    db["events"].add_column("dated_by", str)
    db["agreements"].add_column("dated_by", str)


def _v9_owned_queries_and_delivery_leases(db: Database) -> None:
    # A button names its saved question by an unguessable token, and the question belongs to the
    # chat it was asked in: a forged button from another chat finds nothing.
    db["saved_queries"].add_column("token", str)
    db["saved_queries"].add_column("chat_id", int)
    db["saved_queries"].create_index(["token"], unique=True)
    db["saved_queries"].create_index(["user_id", "id"])
    # A claim names the process that holds it and until when; another process takes it over only
    # once the holder is gone or its lease ran out. `uncertain`: a try timed out, so the message
    # may have arrived (once or twice) although Telegram never said so.
    db["deliveries"].add_column("owner", str)
    db["deliveries"].add_column("lease_until", str)
    db["deliveries"].add_column("uncertain", int, not_null_default=0)


def _v10_article_ids_never_reused(db: Database) -> None:
    # AUTOINCREMENT: a deleted article's id is never given to another, so an old "/article 12",
    # a citation or an admin-log line never points at a different article. SQLite adds it only
    # when a table is created: the table is rebuilt (with foreign keys off, see REBUILDS_TABLES).
    sql = db.execute("SELECT sql FROM sqlite_master WHERE name = 'articles'").fetchone()[0]
    rebuilt, primary = re.subn(
        r"(\bid\W*\s+INTEGER PRIMARY KEY)\b", r"\1 AUTOINCREMENT", sql, count=1
    )
    rebuilt, named = re.subn(r"^CREATE TABLE \W?articles\W?", "CREATE TABLE articles_v10", rebuilt)
    if not (primary and named):
        raise RuntimeError("unexpected articles table: " + sql)
    db.execute(rebuilt)
    db.execute("INSERT INTO articles_v10 SELECT * FROM articles")
    db.execute("DROP TABLE articles")
    db.execute("ALTER TABLE articles_v10 RENAME TO articles")
    db["articles"].create_index(["key"], unique=True)
    db["articles"].create_index(["content_hash"])
    db["articles"].create_index(["published"])


def _v11_upcoming_index(db: Database) -> None:
    # "что предстоит?" reads announced events by start date: one index range, not a scan.
    db["events"].create_index(["status", "start"], if_not_exists=True)


MIGRATIONS: list[Callable[[Database], None]] = [
    _v1_knowledge_base,
    _v2_users_and_admin_log,
    _v3_subscriptions,
    _v4_delivery_progress,
    _v5_document_packages,
    _v6_feeds,
    _v7_sentence_indexes,
    _v8_fact_date_basis,
    _v9_owned_queries_and_delivery_leases,
    _v10_article_ids_never_reused,
    _v11_upcoming_index,
]
LATEST = len(MIGRATIONS)
# Steps that rebuild a table others reference: SQLite's "generalized ALTER TABLE" procedure runs
# them with foreign keys off (a pragma that cannot change inside a transaction) and checks them
# before committing.
REBUILDS_TABLES = {_v10_article_ids_never_reused}


def schema_version(db: Database) -> int:
    return db.execute("PRAGMA user_version").fetchone()[0]


def migrate(db: Database) -> int:
    """Bring `db` to the latest schema, one transaction per step; returns the version reached."""
    version = schema_version(db)
    if version > LATEST:
        raise RuntimeError(
            f"database schema v{version} is newer than this program (v{LATEST}); upgrade the bot"
        )
    for number, step in enumerate(MIGRATIONS[version:], start=version + 1):
        rebuilds = step in REBUILDS_TABLES
        with _foreign_keys_off(db, rebuilds), db.atomic():
            if schema_version(db) >= number:  # another process opening the file did it first
                continue
            before = _broken_references(db) if rebuilds else set()
            step(db)
            if rebuilds and (broken := _broken_references(db) - before):
                raise RuntimeError(f"migration to v{number} broke references: {sorted(broken)[:5]}")
            db.execute(f"PRAGMA user_version = {number}")
    return LATEST


def _broken_references(db: Database) -> set[tuple]:
    """Rows whose foreign keys point nowhere (a base may hold some from before it enforced them:
    only those a rebuild adds are its fault)."""
    return {tuple(row) for row in db.execute("PRAGMA foreign_key_check").fetchall()}


@contextlib.contextmanager
def _foreign_keys_off(db: Database, off: bool) -> Iterator[None]:
    enabled = db.execute("PRAGMA foreign_keys").fetchone()[0]
    if not (off and enabled):
        yield
        return
    db.execute("PRAGMA foreign_keys = OFF")
    try:
        yield
    finally:
        db.execute("PRAGMA foreign_keys = ON")
