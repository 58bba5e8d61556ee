"""Users' preferences and the questions behind paginated answers (grown by the bot work)."""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database

from bot.store.articles import now_iso


class UsersMixin:
    db: Database

    def user_lang(self, user_id: int) -> str | None:
        row = self.db.execute("SELECT lang FROM users WHERE user_id = ?", [user_id]).fetchone()
        return row[0] if row else None

    def set_user_lang(self, user_id: int, lang: str) -> None:
        self.db["users"].upsert(
            {"user_id": user_id, "lang": lang, "last_seen": now_iso()}, pk="user_id"
        )

    def save_query(self, user_id: int | None, text: str, lang: str, today: str) -> int:
        return (
            self.db["saved_queries"]
            .insert(
                {
                    "user_id": user_id,
                    "text": text,
                    "lang": lang,
                    "today": today,
                    "created_at": now_iso(),
                }
            )
            .last_pk
        )

    def saved_query(self, query_id: int) -> dict[str, Any] | None:
        rows = list(self.db["saved_queries"].rows_where("id = ?", [query_id], limit=1))
        return rows[0] if rows else None
