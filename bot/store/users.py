"""Users' preferences, the questions behind paginated answers, and reads the bot's menus need."""

from __future__ import annotations

import secrets
from typing import Any

from sqlite_utils import Database

from bot.store.articles import now_iso

QUERY_TOKEN_BYTES = 12  # 16 url-safe characters: 96 random bits, far beyond guessing
MAX_SAVED_QUERIES = 200  # per user: buttons of older answers say "expired"


class UsersMixin:
    db: Database

    # -- users -------------------------------------------------------------------------------

    def user_lang(self, user_id: int) -> str | None:
        row = self.db.execute("SELECT lang FROM users WHERE user_id = ?", [user_id]).fetchone()
        return row[0] if row else None

    def set_user_lang(self, user_id: int, lang: str) -> None:
        exists = self.db["users"].count_where("user_id = ?", [user_id])
        row = {"user_id": user_id, "lang": lang, "last_seen": now_iso()}
        if not exists:
            row["first_seen"] = row["last_seen"]
        self.db["users"].upsert(row, pk="user_id")

    def user_count(self) -> int:
        return self.db["users"].count

    # -- saved questions ---------------------------------------------------------------------

    def save_query(
        self, user_id: int | None, chat_id: int | None, text: str, lang: str, today: str
    ) -> str:
        """Save a question asked in `chat_id`; returns the token its buttons carry.

        The token is random (not the row id), so nobody reaches a question by counting; each
        user keeps the newest MAX_SAVED_QUERIES, older buttons answer "expired".
        """
        token = secrets.token_urlsafe(QUERY_TOKEN_BYTES)
        with self.db.atomic():
            self.db["saved_queries"].insert(
                {
                    "token": token,
                    "user_id": user_id,
                    "chat_id": chat_id,
                    "text": text,
                    "lang": lang,
                    "today": today,
                    "created_at": now_iso(),
                }
            )
            owner, value = ("user_id", user_id) if user_id is not None else ("chat_id", chat_id)
            self.db.execute(
                f"DELETE FROM saved_queries WHERE {owner} = ? AND id <= COALESCE(("
                f"SELECT id FROM saved_queries WHERE {owner} = ? ORDER BY id DESC "
                "LIMIT 1 OFFSET ?), -1)",
                [value, value, MAX_SAVED_QUERIES],
            )
        return token

    def saved_query(self, token: str, chat_id: int) -> dict[str, Any] | None:
        """The question behind a button pressed in `chat_id`; None unless it was asked there."""
        rows = list(
            self.db["saved_queries"].rows_where(
                "token = ? AND chat_id = ?", [token, chat_id], limit=1
            )
        )
        return rows[0] if rows else None

    def saved_query_count(self, user_id: int) -> int:
        return self.db["saved_queries"].count_where("user_id = ?", [user_id])

    # -- what /start offers as example questions ----------------------------------------------

    def most_mentioned_people(self, limit: int = 3) -> list[str]:
        """People mentioned in the most sentences: the ones a newcomer most likely asks about."""
        return [
            row[0]
            for row in self.db.execute(
                "SELECT p.name FROM person_mentions m JOIN people p ON p.id = m.person_id "
                "WHERE p.first IS NOT NULL GROUP BY p.id ORDER BY COUNT(*) DESC, p.name LIMIT ?",
                [limit],
            )
        ]

    def frequent_meeting(self) -> tuple[str, str] | None:
        """The two people who took part in the most events together."""
        row = self.db.execute(
            "SELECT a.name, b.name FROM event_participants x "
            "JOIN event_participants y ON y.event_id = x.event_id AND y.person_id > x.person_id "
            "JOIN people a ON a.id = x.person_id JOIN people b ON b.id = y.person_id "
            "GROUP BY x.person_id, y.person_id ORDER BY COUNT(*) DESC, a.name LIMIT 1"
        ).fetchone()
        return (row[0], row[1]) if row else None

    def busiest_agreement_year(self) -> int | None:
        row = self.db.execute(
            "SELECT substr(start, 1, 4) AS year FROM agreements WHERE start IS NOT NULL "
            "GROUP BY year ORDER BY COUNT(*) DESC, year DESC LIMIT 1"
        ).fetchone()
        return int(row[0]) if row and row[0] else None

    def latest_published_year(self) -> int | None:
        row = self.db.execute("SELECT MAX(published) FROM articles").fetchone()
        return int(row[0][:4]) if row and row[0] else None
