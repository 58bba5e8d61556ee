"""Subscriptions, follows and the delivery log behind digests.

The delivery log is what makes a fan-out idempotent: a (chat, slot) row is claimed before anything
is sent and moves pending -> sending -> sent, so a restarted process knows exactly who still waits.
A row left in `sending` by a killed process is *in doubt* (the request may have reached Telegram);
it is settled as `unknown` and not sent again, because a second copy is worse than a rare miss.
A send that timed out is `uncertain` the same way: retried once by its own process, never by a
later one.

Every claim names its owner (a process) and a lease time. A process works only on rows it owns,
and moves a row on only with an UPDATE that checks status and owner (rowcount tells who won), so
two processes on one file never both send the same row; one takes over another's rows only once
that one is gone or has let its lease run out.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlite_utils import Database

from bot.store.articles import fold, now_iso

SCHEDULE_FIELDS = ("frequency", "time", "weekday", "timezone")
SUBSCRIPTION_FIELDS = (*SCHEDULE_FIELDS, "horizon_days", "lang")
FINAL_STATUSES = ("sent", "failed", "blocked", "unknown", "expired", "uncertain")
LEASE_SECONDS = 300  # renewed every scheduler tick and every send; outlived only by the dead
MAX_FOLLOWS = 50  # per chat: every follow is matched against every new article


def _lease(seconds: float) -> str:
    until = datetime.now(UTC) + timedelta(seconds=seconds)
    return until.isoformat(timespec="seconds")


class FollowsFull(Exception):
    """The chat follows as many things as it may; it has to drop one first."""

    def __init__(self, limit: int) -> None:
        super().__init__(f"at most {limit} follows per chat")
        self.limit = limit


class SubscriptionsMixin:
    db: Database

    # -- subscriptions ----------------------------------------------------------------------

    def subscription(self, chat_id: int) -> dict[str, Any] | None:
        rows = list(self.db["subscriptions"].rows_where("chat_id = ?", [chat_id], limit=1))
        return rows[0] if rows else None

    def save_subscription(
        self,
        chat_id: int,
        user_id: int | None,
        *,
        defaults: Mapping[str, Any] | None = None,
        **fields: Any,
    ) -> dict:
        """Create or change a subscription; it becomes active either way.

        `defaults` fill in what `fields` leave out only when the chat has no subscription yet.
        `schedule_from` moves forward whenever the schedule itself changes, so a new time that
        has already passed today does not count as a missed digest. `user_id` becomes the
        subscriber only when the subscription starts (or restarts): a group admin changing the
        time later does not take it over.
        """
        unknown = (set(fields) | set(defaults or ())) - set(SUBSCRIPTION_FIELDS)
        if unknown:
            raise ValueError(f"unknown subscription fields: {sorted(unknown)}")
        now = now_iso()
        current = self.subscription(chat_id)
        if current is None and defaults:
            fields = {**defaults, **fields}
        row: dict[str, Any] = {"chat_id": chat_id, "active": 1, "updated_at": now, **fields}
        if user_id is not None and (current is None or not current["active"]):
            row["user_id"] = user_id
        if current is None:
            row.setdefault("created_at", now)
            row["schedule_from"] = now
        elif not current["active"] or any(
            field in fields and fields[field] != current[field] for field in SCHEDULE_FIELDS
        ):
            row["schedule_from"] = now
        self.db["subscriptions"].upsert(row, pk="chat_id")
        return self.subscription(chat_id) or row

    def deactivate_subscription(self, chat_id: int) -> bool:
        """Stop digests for a chat (unsubscribed, blocked the bot, or the chat is gone)."""
        cursor = self.db.execute(
            "UPDATE subscriptions SET active = 0, updated_at = ? WHERE chat_id = ? AND active = 1",
            [now_iso(), chat_id],
        )
        return cursor.rowcount > 0

    def active_subscriptions(self) -> list[dict[str, Any]]:
        return list(self.db["subscriptions"].rows_where("active = 1", order_by="chat_id"))

    def mark_digest_delivered(self, chat_id: int, slot: str) -> None:
        self.db.execute(
            "UPDATE subscriptions SET last_digest_at = ? WHERE chat_id = ? "
            "AND (last_digest_at IS NULL OR last_digest_at < ?)",
            [slot, chat_id, slot],
        )

    # -- follows ------------------------------------------------------------------------------

    def add_follow(self, chat_id: int, term: str) -> bool:
        """False when the chat already follows it (in any spelling that folds the same);
        FollowsFull when it follows MAX_FOLLOWS things already."""
        norm = fold(term)
        if not norm:
            return False
        if self.db["follows"].count_where("chat_id = ? AND norm = ?", [chat_id, norm]):
            return False
        if self.db["follows"].count_where("chat_id = ?", [chat_id]) >= MAX_FOLLOWS:
            raise FollowsFull(MAX_FOLLOWS)
        before = self.db.conn.total_changes
        self.db["follows"].insert(
            {"chat_id": chat_id, "term": term.strip(), "norm": norm, "created_at": now_iso()},
            pk=("chat_id", "norm"),
            ignore=True,
        )
        return self.db.conn.total_changes > before

    def remove_follow(self, chat_id: int, term: str) -> bool:
        cursor = self.db.execute(
            "DELETE FROM follows WHERE chat_id = ? AND norm = ?", [chat_id, fold(term)]
        )
        return cursor.rowcount > 0

    def follows(self, chat_id: int) -> list[str]:
        return [
            row[0]
            for row in self.db.execute(
                "SELECT term FROM follows WHERE chat_id = ? ORDER BY created_at, norm", [chat_id]
            )
        ]

    def all_follows(self) -> dict[int, list[str]]:
        """Every chat that follows anything, with its terms (for alerts about a new article)."""
        result: dict[int, list[str]] = {}
        for chat_id, term in self.db.execute(
            "SELECT chat_id, term FROM follows ORDER BY chat_id, created_at, norm"
        ):
            result.setdefault(chat_id, []).append(term)
        return result

    def chat_lang(self, chat_id: int) -> str | None:
        """The language a chat is written to in: a private chat's user's choice (/lang), else
        the language its subscription was made in."""
        row = self.db.execute(
            "SELECT lang FROM users WHERE user_id = ? AND lang IS NOT NULL", [chat_id]
        ).fetchone()
        if row:
            return row[0]
        row = self.db.execute(
            "SELECT lang FROM subscriptions WHERE chat_id = ? AND lang IS NOT NULL", [chat_id]
        ).fetchone()
        return row[0] if row else None

    # -- the delivery log ---------------------------------------------------------------------

    def claim_deliveries(
        self,
        slot: str,
        chat_ids: Iterable[int],
        owner: str | None = None,
        lease_seconds: float = LEASE_SECONDS,
    ) -> list[int]:
        """Claim (chat, slot) rows for `owner` in one transaction; returns the chats newly
        claimed.

        A chat already holding a row for the slot, in whatever state, is not claimed again:
        that is the whole guarantee against a second copy.
        """
        wanted = list(dict.fromkeys(chat_ids))
        if not wanted:
            return []
        now, lease = now_iso(), _lease(lease_seconds)
        claimed: list[int] = []
        with self.db.atomic():
            for chat_id in wanted:
                cursor = self.db.execute(
                    "INSERT OR IGNORE INTO deliveries "
                    "(chat_id, slot, status, attempts, parts_sent, updated_at, owner, lease_until) "
                    "VALUES (?, ?, 'pending', 0, 0, ?, ?, ?)",
                    [chat_id, slot, now, owner, lease],
                )
                if cursor.rowcount:
                    claimed.append(chat_id)
        return claimed

    def take_over_pending(
        self,
        owner: str,
        alive: Callable[[str], bool],
        lease_seconds: float = LEASE_SECONDS,
    ) -> list[tuple[int, str]]:
        """Pending rows whose owner is gone (`alive` says no, or its lease ran out), now
        `owner`'s: (chat_id, slot), oldest slot first. Rows of a live owner are left alone."""
        now, lease = now_iso(), _lease(lease_seconds)
        rows = self.db.execute(
            "SELECT chat_id, slot, owner, lease_until FROM deliveries "
            "WHERE status = 'pending' AND (owner IS NULL OR owner != ?) ORDER BY slot, chat_id",
            [owner],
        ).fetchall()
        verdicts: dict[str | None, bool] = {}
        taken: list[tuple[int, str]] = []
        with self.db.atomic():
            for chat_id, slot, holder, until in rows:
                if holder is not None and (until or "") >= now:
                    if holder not in verdicts:
                        verdicts[holder] = alive(holder)
                    if verdicts[holder]:
                        continue
                cursor = self.db.execute(
                    "UPDATE deliveries SET owner = ?, lease_until = ? WHERE chat_id = ? "
                    "AND slot = ? AND status = 'pending' AND owner IS ?",
                    [owner, lease, chat_id, slot, holder],
                )
                if cursor.rowcount:
                    taken.append((chat_id, slot))
        return taken

    def renew_leases(self, owner: str, lease_seconds: float = LEASE_SECONDS) -> int:
        """`owner` is alive and still at work on its rows."""
        cursor = self.db.execute(
            "UPDATE deliveries SET lease_until = ? WHERE owner = ? "
            "AND status IN ('pending', 'sending', 'uncertain')",
            [_lease(lease_seconds), owner],
        )
        return cursor.rowcount

    def delivery(self, chat_id: int, slot: str) -> dict[str, Any] | None:
        cursor = self.db.execute(
            "SELECT * FROM deliveries WHERE chat_id = ? AND slot = ?", [chat_id, slot]
        )
        row = cursor.fetchone()
        return dict(zip([c[0] for c in cursor.description], row, strict=True)) if row else None

    def deliveries(self, slot: str | None = None, status: str | None = None) -> list[dict]:
        clauses, params = [], []
        if slot is not None:
            clauses.append("slot = ?")
            params.append(slot)
        if status is not None:
            clauses.append("status = ?")
            params.append(status)
        where = " AND ".join(clauses) or None
        return list(self.db["deliveries"].rows_where(where, params, order_by="slot, chat_id"))

    def pending_deliveries(self) -> list[tuple[int, str]]:
        """Claimed but not yet sent (a fan-out cut short): (chat_id, slot), oldest slot first."""
        return [
            (row[0], row[1])
            for row in self.db.execute(
                "SELECT chat_id, slot FROM deliveries WHERE status = 'pending' "
                "ORDER BY slot, chat_id"
            )
        ]

    def settle_in_doubt(self, alive: Callable[[str], bool] | None = None) -> int:
        """Rows still `sending` whose process is gone died with it: settled as `unknown`.

        Without `alive` every such row counts (nothing else runs); with it, a live process's
        requests in flight are left to it.
        """
        now = now_iso()
        settled = 0
        for (holder,) in self.db.execute(
            "SELECT DISTINCT owner FROM deliveries WHERE status = 'sending'"
        ).fetchall():
            if alive is not None and holder is not None and alive(holder):
                continue
            cursor = self.db.execute(
                "UPDATE deliveries SET status = 'unknown', updated_at = ?, "
                "last_error = 'process stopped while sending' "
                "WHERE status = 'sending' AND owner IS ?",
                [now, holder],
            )
            settled += cursor.rowcount
        return settled

    def uncertain_deliveries(self) -> list[dict[str, Any]]:
        """Sends that timed out and were not confirmed: they may or may not have arrived."""
        return self.deliveries(status="uncertain")

    def expire_deliveries(self, chat_slots: Iterable[tuple[int, str]], reason: str) -> None:
        with self.db.atomic():
            for chat_id, slot in chat_slots:
                self._set_delivery(chat_id, slot, "expired", error=reason)

    def mark_sending(
        self,
        chat_id: int,
        slot: str,
        owner: str | None = None,
        *,
        after_timeout: bool = False,
        lease_seconds: float = LEASE_SECONDS,
    ) -> bool:
        """Recorded (and committed) just before the request leaves: the in-doubt marker.

        Only from `pending` (or, for the one retry `after_timeout`, from `uncertain`) and only
        for the row's owner or an unowned row: False means someone else has it, do not send.
        """
        cursor = self.db.execute(
            "UPDATE deliveries SET status = 'sending', attempts = attempts + 1, updated_at = ?, "
            "owner = COALESCE(?, owner), lease_until = ? "
            "WHERE chat_id = ? AND slot = ? AND status = ? "
            "AND (? IS NULL OR owner IS NULL OR owner = ?)",
            [
                now_iso(), owner, _lease(lease_seconds), chat_id, slot,
                "uncertain" if after_timeout else "pending", owner, owner,
            ],
        )  # fmt: skip
        return cursor.rowcount == 1

    def mark_part_sent(
        self, chat_id: int, slot: str, parts_sent: int, done: bool, digest: bool = False
    ) -> None:
        """One message of the delivery arrived; when it was the last, the delivery is sent
        (and, for a scheduled `digest`, becomes the chat's last digest) in the same commit."""
        with self.db.atomic():
            self.db.execute(
                "UPDATE deliveries SET status = ?, parts_sent = ?, last_error = NULL, "
                "updated_at = ? WHERE chat_id = ? AND slot = ?",
                ["sent" if done else "pending", parts_sent, now_iso(), chat_id, slot],
            )
            if done and digest:
                self.db.execute(
                    "UPDATE subscriptions SET last_digest_at = ? WHERE chat_id = ? "
                    "AND (last_digest_at IS NULL OR last_digest_at < ?)",
                    [slot, chat_id, slot],
                )

    def mark_retry(self, chat_id: int, slot: str, error: str) -> None:
        """The request failed in a way that means it did not arrive; it will be tried again."""
        self._set_delivery(chat_id, slot, "pending", error=error)

    def mark_uncertain(self, chat_id: int, slot: str, error: str) -> None:
        """The request timed out: Telegram may have delivered it. Never resent by a restart."""
        self.db.execute(
            "UPDATE deliveries SET status = 'uncertain', uncertain = 1, last_error = ?, "
            "updated_at = ? WHERE chat_id = ? AND slot = ?",
            [error, now_iso(), chat_id, slot],
        )

    def mark_failed(self, chat_id: int, slot: str, error: str) -> None:
        self._set_delivery(chat_id, slot, "failed", error=error)

    def mark_blocked(self, chat_id: int, slot: str, error: str) -> None:
        """The user blocked the bot or the chat is gone: no more digests to it."""
        with self.db.atomic():
            self._set_delivery(chat_id, slot, "blocked", error=error)
            self.db.execute(
                "UPDATE subscriptions SET active = 0, updated_at = ? WHERE chat_id = ?",
                [now_iso(), chat_id],
            )

    def delivery_counts(self, slot: str | None = None) -> dict[str, int]:
        sql = "SELECT status, COUNT(*) FROM deliveries"
        params: list[Any] = []
        if slot is not None:
            sql += " WHERE slot = ?"
            params.append(slot)
        return dict(self.db.execute(sql + " GROUP BY status", params).fetchall())

    def _set_delivery(self, chat_id: int, slot: str, status: str, error: str | None) -> None:
        self.db.execute(
            "UPDATE deliveries SET status = ?, last_error = ?, updated_at = ? "
            "WHERE chat_id = ? AND slot = ?",
            [status, error, now_iso(), chat_id, slot],
        )

    # -- what digests show ----------------------------------------------------------------------

    def digest_articles(
        self, today: str, since: str | None, recent_from: str, limit: int = 50
    ) -> list[dict[str, Any]]:
        """Articles new to the subscriber: added to the base after `since` (a UTC time), or,
        for a first digest, published since `recent_from`; never ones published after today."""
        if since:
            where, params = "ingested_at > ? AND published <= ?", [since, today]
        else:
            where, params = "published >= ? AND published <= ?", [recent_from, today]
        return list(
            self.db.query(
                "SELECT id, title, source, published, url, ingested_at FROM articles "
                f"WHERE {where} ORDER BY published DESC, id DESC LIMIT ?",
                [*params, limit],
            )
        )

    def agreements_of(self, article_ids: list[int]) -> list[dict[str, Any]]:
        if not article_ids:
            return []
        marks = ",".join("?" * len(article_ids))
        return list(
            self.db.query(
                "SELECT g.*, a.title AS article_title, a.source, a.published, a.url "
                f"FROM agreements g JOIN articles a ON a.id = g.article_id "
                f"WHERE g.article_id IN ({marks}) ORDER BY a.published DESC, g.id",
                article_ids,
            )
        )

    def article_people(self, article_id: int) -> set[int]:
        return {
            row[0]
            for row in self.db.execute(
                "SELECT DISTINCT person_id FROM person_mentions WHERE article_id = ?", [article_id]
            )
        }

    def article_entities(self, article_id: int) -> set[int]:
        return {
            row[0]
            for row in self.db.execute(
                "SELECT DISTINCT entity_id FROM entity_mentions WHERE article_id = ?",
                [article_id],
            )
        }

    def alias_table(self) -> list[tuple[str, str, int]]:
        """(kind, folded alias, id) for people and organisations/places: what follows match."""
        people = self.db.execute("SELECT 'person', norm, person_id FROM person_aliases")
        entities = self.db.execute("SELECT kind, norm, id FROM entities")
        return [tuple(row) for row in (*people.fetchall(), *entities.fetchall())]

    def articles_with_lemmas(self, article_ids: list[int], words: list[str]) -> set[int]:
        """Which of these articles have a sentence containing every one of `words` (lemmas)."""
        if not article_ids or not words:
            return set()
        query = " ".join('"' + word.replace('"', "") + '"' for word in words)
        marks = ",".join("?" * len(article_ids))
        return {
            row[0]
            for row in self.db.execute(
                "SELECT DISTINCT s.article_id FROM sentences_fts f "
                "JOIN sentences s ON s.rowid = f.rowid "
                f"WHERE sentences_fts MATCH ? AND s.article_id IN ({marks})",
                [query, *article_ids],
            )
        }

    def any_sentence_with_lemmas(self, words: list[str]) -> bool:
        if not words:
            return False
        query = " ".join('"' + word.replace('"', "") + '"' for word in words)
        row = self.db.execute(
            "SELECT 1 FROM sentences_fts WHERE sentences_fts MATCH ? LIMIT 1", [query]
        ).fetchone()
        return row is not None

    def names_of(self, person_ids: list[int], entity_ids: list[int]) -> list[str]:
        """Display names of people and organisations/places, in the order asked."""
        names = []
        for table, ids in (("people", person_ids), ("entities", entity_ids)):
            for row_id in ids:
                row = self.db.execute(f"SELECT name FROM {table} WHERE id = ?", [row_id]).fetchone()
                if row:
                    names.append(row[0])
        return list(dict.fromkeys(names))
