"""Reads behind answers, search and digests (grown by the answers work)."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlite_utils import Database

ARTICLE_COLUMNS = (
    "a.id AS article_id, a.file, a.title AS article_title, a.source, a.published, a.url"
)


class QueriesMixin:
    db: Database

    def upcoming_events(
        self, after: date, until: date | None = None, limit: int = 50
    ) -> list[dict[str, Any]]:
        """Announced events starting after `after` (and by `until`), soonest first.

        Only articles published by `after` count: asked "as of" a date, the bot knows only what
        had been published then.
        """
        until_iso = (until or date.max).isoformat()
        return list(
            self.db.query(
                f"SELECT e.*, {ARTICLE_COLUMNS}, "
                "(SELECT group_concat(p.name, ', ') FROM event_participants ep "
                " JOIN people p ON p.id = ep.person_id WHERE ep.event_id = e.id) AS participants "
                "FROM events e JOIN articles a ON a.id = e.article_id "
                "WHERE e.status = 'upcoming' AND e.start > ? AND e.start <= ? "
                "AND a.published <= ? ORDER BY e.start, e.id LIMIT ?",
                [after.isoformat(), until_iso, after.isoformat(), limit],
            )
        )
