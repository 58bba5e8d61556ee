"""Feeds and the entries they showed: what to poll, how each poll went, what was seen already."""

from __future__ import annotations

import json
from typing import Any

from sqlite_utils import Database

from bot.store.articles import now_iso

_FEED_COLUMNS = (
    "f.*, "
    "(SELECT COUNT(*) FROM feed_entries e WHERE e.feed_id = f.id) AS entries_seen, "
    "(SELECT COUNT(*) FROM feed_entries e WHERE e.feed_id = f.id AND e.status = 'skipped') "
    "AS entries_skipped, "
    "(SELECT COUNT(*) FROM feed_entries e WHERE e.feed_id = f.id AND e.status = 'failed') "
    "AS entries_failed"
)


def _feed_row(row: dict[str, Any]) -> dict[str, Any]:
    return {**row, "keywords": json.loads(row.get("keywords") or "[]")}


class FeedsMixin:
    db: Database

    def add_feed(
        self, url: str, keywords: list[str], title: str | None = None, added_by: int | None = None
    ) -> tuple[int, bool]:
        """The feed's id, and whether it is new (the same URL twice is one feed)."""
        if existing := self.feed_by_url(url):
            return existing["id"], False
        row = {
            "url": url,
            "title": title,
            "keywords": json.dumps(keywords, ensure_ascii=False),
            "added_by": added_by,
            "added_at": now_iso(),
        }
        return self.db["feeds"].insert(row).last_pk, True

    def feed(self, feed_id: int) -> dict[str, Any] | None:
        rows = list(self.db.query(f"SELECT {_FEED_COLUMNS} FROM feeds f WHERE f.id = ?", [feed_id]))
        return _feed_row(rows[0]) if rows else None

    def feed_by_url(self, url: str) -> dict[str, Any] | None:
        rows = list(self.db.query("SELECT id FROM feeds WHERE url = ?", [url]))
        return self.feed(rows[0]["id"]) if rows else None

    def feeds(self) -> list[dict[str, Any]]:
        return [
            _feed_row(row)
            for row in self.db.query(f"SELECT {_FEED_COLUMNS} FROM feeds f ORDER BY f.id")
        ]

    def remove_feed(self, feed_id: int) -> bool:
        """The feed and its record of seen entries; the articles it brought stay."""
        if not self.db["feeds"].count_where("id = ?", [feed_id]):
            return False
        with self.db.atomic():
            self.db.execute("DELETE FROM feed_entries WHERE feed_id = ?", [feed_id])
            self.db["feeds"].delete(feed_id)
        return True

    # -- polls --------------------------------------------------------------------------------

    def feed_polled(
        self,
        feed_id: int,
        *,
        etag: str | None,
        last_modified: str | None,
        added: int,
        title: str | None = None,
    ) -> None:
        """A poll that read the feed (or heard it had not changed): errors and backoff end."""
        now = now_iso()
        with self.db.atomic():
            self.db.execute(
                "UPDATE feeds SET etag = ?, last_modified = ?, last_polled_at = ?, "
                "last_success_at = ?, errors_in_row = 0, next_poll_at = NULL, "
                "articles_added = articles_added + ?, title = COALESCE(?, title) WHERE id = ?",
                [etag, last_modified, now, now, added, title, feed_id],
            )

    def feed_failed(self, feed_id: int, error: str, next_poll_at: str) -> None:
        now = now_iso()
        with self.db.atomic():
            self.db.execute(
                "UPDATE feeds SET last_polled_at = ?, last_error = ?, last_error_at = ?, "
                "errors_in_row = errors_in_row + 1, next_poll_at = ? WHERE id = ?",
                [now, error[:500], now, next_poll_at, feed_id],
            )

    # -- entries ------------------------------------------------------------------------------

    def seen_entry(self, feed_id: int, key: str, link: str | None) -> dict[str, Any] | None:
        """This feed's record of the entry (by GUID), or any feed's record of its link."""
        rows = list(
            self.db.query(
                "SELECT * FROM feed_entries WHERE (feed_id = ? AND entry_key = ?) "
                "OR (link IS NOT NULL AND link = ?) ORDER BY feed_id = ? DESC LIMIT 1",
                [feed_id, key, link, feed_id],
            )
        )
        return rows[0] if rows else None

    def record_entry(
        self,
        feed_id: int,
        key: str,
        link: str | None,
        status: str,
        reason: str = "",
        article_id: int | None = None,
    ) -> None:
        now = now_iso()
        with self.db.atomic():
            self.db.execute(
                "INSERT INTO feed_entries (feed_id, entry_key, link, status, reason, article_id, "
                "attempts, first_seen_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?) "
                "ON CONFLICT (feed_id, entry_key) DO UPDATE SET status = excluded.status, "
                "reason = excluded.reason, article_id = excluded.article_id, "
                "attempts = attempts + 1, updated_at = excluded.updated_at",
                [feed_id, key, link, status, reason[:300], article_id, now, now],
            )
