"""Writing articles and their facts, and the reads that `show`, `stats` and admins need."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlite_utils import Database

from bot.models import ArticleFacts, ArticleMeta, DateSpan, Person
from bot.nlp import lemmas

FACT_TABLES = ("person_mentions", "roles", "entity_mentions", "dates", "events", "agreements")


def fold(text: str) -> str:
    """The comparison form of a name or term: lower case, ё as е, single spaces."""
    return " ".join(text.lower().replace("ё", "е").split())


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass(frozen=True, slots=True)
class SaveResult:
    article_id: int
    status: str  # "added" | "replaced" | "unchanged" | "duplicate"


def _span_columns(span: DateSpan | None) -> dict[str, Any]:
    if span is None:
        return {"start": None, "end": None, "precision": None}
    return {
        "start": span.start.isoformat(),
        "end": span.end.isoformat(),
        "precision": span.precision,
    }


class ArticlesMixin:
    db: Database

    # -- writing -------------------------------------------------------------------------------

    def find_article(self, key: str) -> dict[str, Any] | None:
        rows = list(self.db["articles"].rows_where("key = ?", [key], limit=1))
        return rows[0] if rows else None

    def find_by_hash(self, content_hash: str) -> dict[str, Any] | None:
        rows = list(self.db["articles"].rows_where("content_hash = ?", [content_hash], limit=1))
        return rows[0] if rows else None

    def save_article(
        self,
        key: str,
        text: str,
        content_hash: str,
        meta: ArticleMeta,
        facts: ArticleFacts,
        *,
        added_by: int | None = None,
    ) -> SaveResult:
        """Insert or replace one article with all its facts, atomically.

        The same key with the same text is a no-op; the same key with new text replaces the old
        version and every fact drawn from it; the same text under another key is a duplicate.
        """
        existing = self.find_article(key)
        if existing and existing["content_hash"] == content_hash:
            return SaveResult(existing["id"], "unchanged")
        if existing is None and (twin := self.find_by_hash(content_hash)):
            return SaveResult(twin["id"], "duplicate")
        with self.db.atomic():
            row = {
                "key": key,
                "file": meta.file,
                "title": meta.title,
                "source": meta.source,
                "author": meta.author,
                "url": meta.url,
                "dateline": meta.dateline,
                "published": meta.published.isoformat(),
                "content_hash": content_hash,
                "text": text,
                "chars": len(text),
                "ingested_at": now_iso(),
                "added_by": added_by,
            }
            if existing:
                article_id = existing["id"]
                self._delete_facts(article_id)
                self.db["articles"].update(article_id, row)
            else:
                article_id = self.db["articles"].insert(row).last_pk
            self._insert_facts(article_id, facts)
        return SaveResult(article_id, "replaced" if existing else "added")

    def replace_facts(
        self, article_id: int, facts: ArticleFacts, *, published: str | None = None
    ) -> None:
        """Swap an article's facts for freshly extracted ones (reindex, corrected date)."""
        with self.db.atomic():
            if published:
                self.db["articles"].update(article_id, {"published": published})
            self._delete_facts(article_id)
            self._insert_facts(article_id, facts)

    def update_article(self, article_id: int, **fields: str | None) -> None:
        """Correct what an admin may edit (title, source, author, url); the date goes through
        `replace_facts`, since the facts depend on it."""
        unknown = set(fields) - {"title", "source", "author", "url"}
        if unknown:
            raise ValueError(f"not editable: {sorted(unknown)}")
        if fields:
            with self.db.atomic():
                self.db["articles"].update(article_id, fields)

    def delete_article(self, article_id: int) -> bool:
        if not self.db["articles"].count_where("id = ?", [article_id]):
            return False
        with self.db.atomic():
            self._delete_facts(article_id)
            self.db["articles"].delete(article_id)
        return True

    def _delete_facts(self, article_id: int) -> None:
        self.db.execute(
            "DELETE FROM event_participants WHERE event_id IN "
            "(SELECT id FROM events WHERE article_id = ?)",
            [article_id],
        )
        for table in FACT_TABLES:
            self.db.execute(f"DELETE FROM {table} WHERE article_id = ?", [article_id])
        self.db.execute("DELETE FROM sentences WHERE article_id = ?", [article_id])
        # People and organisations no article mentions any more are gone with it.
        self.db.execute(
            "DELETE FROM person_aliases WHERE person_id NOT IN "
            "(SELECT person_id FROM person_mentions)"
        )
        self.db.execute(
            "DELETE FROM people WHERE id NOT IN (SELECT person_id FROM person_mentions)"
        )
        self.db.execute(
            "DELETE FROM entities WHERE id NOT IN (SELECT entity_id FROM entity_mentions)"
        )

    def _insert_facts(self, article_id: int, facts: ArticleFacts) -> None:
        sentence_lemmas = facts.sentence_lemmas or [" ".join(lemmas(s)) for s in facts.sentences]
        self.db["sentences"].insert_all(
            {"article_id": article_id, "idx": index, "text": sentence, "lemmas": lemmatised}
            for index, (sentence, lemmatised) in enumerate(
                zip(facts.sentences, sentence_lemmas, strict=True)
            )
        )
        # One insert_all per table: each call costs a schema lookup in sqlite-utils.
        person_ids = {person.name: self._person_id(person) for person in facts.people}
        mentions, roles = [], []
        for person in facts.people:
            person_id = person_ids[person.name]
            mentions += (
                {"person_id": person_id, "article_id": article_id, "sentence": s}
                for s in sorted(set(person.sentences) or {0})
            )
            roles += (
                {
                    "person_id": person_id,
                    "article_id": article_id,
                    "title": role.title,
                    "sentence": role.sentence,
                }
                for role in person.roles
            )
        self.db["person_mentions"].insert_all(mentions, ignore=True)
        self.db["roles"].insert_all(roles)
        entity_mentions = []
        for entity in facts.entities:
            entity_id = self._entity_id(entity.kind, entity.name)
            form = next(iter(sorted(entity.forms)), entity.name)
            entity_mentions += (
                {"entity_id": entity_id, "article_id": article_id, "sentence": s, "form": form}
                for s in sorted(set(entity.sentences) or {0})
            )
        self.db["entity_mentions"].insert_all(entity_mentions, ignore=True)
        self.db["dates"].insert_all(
            {
                "article_id": article_id,
                "text": mention.text,
                **_span_columns(mention.span),
                "sentence": mention.sentence,
                "relative": int(mention.relative),
            }
            for mention in facts.dates
        )
        participants = []
        for event in facts.events:
            event_id = (
                self.db["events"]
                .insert(
                    {
                        "article_id": article_id,
                        "type": event.type,
                        "title": event.title,
                        **_span_columns(event.when),
                        "place": event.place,
                        "status": event.status,
                        "sentence": event.sentence,
                        "dated_by": event.dated_by,
                    }
                )
                .last_pk
            )
            participants += (
                {"event_id": event_id, "person_id": person_ids[name]}
                for name in event.participants
                if name in person_ids
            )
        self.db["event_participants"].insert_all(participants, ignore=True)
        self.db["agreements"].insert_all(
            {
                "article_id": article_id,
                "type": agreement.type,
                "title": agreement.title,
                "parties": json.dumps(agreement.parties, ensure_ascii=False),
                **_span_columns(agreement.when),
                "status": agreement.status,
                "sentence": agreement.sentence,
                "dated_by": agreement.dated_by,
                "count": agreement.count,
                "value": agreement.value,
                "in_force": agreement.in_force.start.isoformat() if agreement.in_force else None,
            }
            for agreement in facts.agreements
        )

    def _person_id(self, person: Person) -> int:
        """One row per real person across the corpus.

        A full name matches exactly; a surname-only mention ("Токаев") joins the one person with
        that surname, and a full name upgrades an earlier surname-only row.
        """
        norm = fold(person.name)
        row = self.db.execute("SELECT id FROM people WHERE norm = ?", [norm]).fetchone()
        if row is None and person.last:
            candidates = self.db.execute(
                "SELECT id, first FROM people WHERE last = ?", [person.last]
            ).fetchall()
            if person.first:
                matching = [c for c in candidates if not c[1] or c[1][0] == person.first[0]]
            else:
                matching = candidates
            if len(matching) == 1:
                row = matching[0]
        if row is None:
            person_id = (
                self.db["people"]
                .insert(
                    {
                        "name": person.name,
                        "first": person.first,
                        "last": person.last,
                        "patronymic": person.patronymic,
                        "norm": norm,
                    }
                )
                .last_pk
            )
        else:
            person_id = row[0]
            if person.first:
                current = self.db["people"].get(person_id)
                # a fuller name (more words) upgrades the row; a longer spelling of as many
                # words is likelier a typo ("Касыма-Жомартам") than the better name
                fuller = len(person.name.split()) > len(current["name"].split())
                if not current["first"] or fuller:
                    self.db["people"].update(
                        person_id,
                        {
                            "name": person.name,
                            "first": person.first,
                            "patronymic": person.patronymic or current["patronymic"],
                            "norm": norm,
                        },
                    )
        aliases = {(person.name, "name")}
        aliases |= {(form, "form") for form in person.forms}
        aliases |= {(latin, "latin") for latin in person.latin}
        if person.last:
            aliases.add((person.last, "surname"))
        self.db["person_aliases"].insert_all(
            (
                {"person_id": person_id, "alias": alias, "norm": fold(alias), "kind": kind}
                for alias, kind in sorted(aliases)
            ),
            ignore=True,
        )
        return person_id

    def _entity_id(self, kind: str, name: str) -> int:
        norm = fold(name)
        row = self.db.execute(
            "SELECT id FROM entities WHERE kind = ? AND norm = ?", [kind, norm]
        ).fetchone()
        if row:
            return row[0]
        return self.db["entities"].insert({"kind": kind, "name": name, "norm": norm}).last_pk

    # -- reading ------------------------------------------------------------------------------

    def article(self, article_id: int) -> dict[str, Any] | None:
        rows = list(self.db["articles"].rows_where("id = ?", [article_id], limit=1))
        return rows[0] if rows else None

    def article_ids(self) -> list[int]:
        return [row[0] for row in self.db.execute("SELECT id FROM articles ORDER BY id")]

    def resolve_article(self, ref: str) -> dict[str, Any] | None:
        """An article by key, file name (with or without extension), unique file prefix, or id."""
        where = "key = ? OR file = ? OR file LIKE ? || '.%'"
        rows = list(self.db["articles"].rows_where(where, [ref, ref, ref], limit=1))
        if not rows:
            rows = list(self.db["articles"].rows_where("file LIKE ? || '%'", [ref], limit=2))
            rows = rows if len(rows) == 1 else []
        if not rows and ref.isdigit():
            rows = [row] if (row := self.article(int(ref))) else []
        return rows[0] if rows else None

    def articles_page(self, offset: int = 0, limit: int = 10) -> list[dict[str, Any]]:
        return list(
            self.db.query(
                "SELECT id, key, file, title, source, published, chars FROM articles "
                "ORDER BY published DESC, id DESC LIMIT ? OFFSET ?",
                [limit, offset],
            )
        )

    def count(self, table: str) -> int:
        return self.db[table].count

    def is_empty(self) -> bool:
        return self.db["articles"].count == 0

    def stats(self, today: date | None = None) -> dict[str, Any]:
        """Counts of everything the base holds, and its time range; upcoming as of `today`."""
        span = self.db.execute("SELECT MIN(published), MAX(published) FROM articles").fetchone()
        return {
            "articles": self.count("articles"),
            "sentences": self.count("sentences"),
            "people": self.count("people"),
            "organisations": self.db["entities"].count_where("kind = 'org'"),
            "places": self.db["entities"].count_where("kind = 'place'"),
            "dates": self.count("dates"),
            "events": self.count("events"),
            "upcoming_events": self.upcoming_count(today or date.today()),
            "agreements": self.count("agreements"),
            "first_published": span[0],
            "last_published": span[1],
        }

    def article_facts(self, article_id: int) -> dict[str, list[dict[str, Any]]]:
        """Every fact drawn from one article, each with the sentence it came from."""
        sentence = "(SELECT text FROM sentences s WHERE s.article_id = f.article_id AND s.idx = f.sentence)"
        q = self.db.query
        return {
            "people": list(
                q(
                    f"SELECT p.id, p.name, MIN(f.sentence) AS sentence_idx, {sentence} AS evidence, "
                    "(SELECT group_concat(DISTINCT r.title) FROM roles r "
                    " WHERE r.person_id = p.id AND r.article_id = f.article_id) AS roles "
                    "FROM person_mentions f JOIN people p ON p.id = f.person_id "
                    "WHERE f.article_id = ? GROUP BY p.id ORDER BY sentence_idx",
                    [article_id],
                )
            ),
            "roles": list(
                q(
                    f"SELECT p.name, f.title, {sentence} AS evidence FROM roles f "
                    "JOIN people p ON p.id = f.person_id WHERE f.article_id = ? ORDER BY f.sentence",
                    [article_id],
                )
            ),
            "entities": list(
                q(
                    f"SELECT e.kind, e.name, MIN(f.sentence) AS sentence_idx, {sentence} AS evidence "
                    "FROM entity_mentions f JOIN entities e ON e.id = f.entity_id "
                    "WHERE f.article_id = ? GROUP BY e.id ORDER BY e.kind, sentence_idx",
                    [article_id],
                )
            ),
            "dates": list(
                q(
                    f"SELECT f.text, f.start, f.end, f.precision, f.relative, {sentence} AS evidence "
                    "FROM dates f WHERE f.article_id = ? ORDER BY f.sentence, f.id",
                    [article_id],
                )
            ),
            "events": list(
                q(
                    f"SELECT f.*, {sentence} AS evidence, "
                    "(SELECT group_concat(p.name, ', ') FROM event_participants ep "
                    " JOIN people p ON p.id = ep.person_id WHERE ep.event_id = f.id) AS participants "
                    "FROM events f WHERE f.article_id = ? ORDER BY f.start, f.id",
                    [article_id],
                )
            ),
            "agreements": list(
                q(
                    f"SELECT f.*, {sentence} AS evidence FROM agreements f "
                    "WHERE f.article_id = ? ORDER BY f.id",
                    [article_id],
                )
            ),
        }

    # -- admin log ---------------------------------------------------------------------------

    def log_admin_action(self, user_id: int, action: str, detail: str = "") -> None:
        self.db["admin_log"].insert(
            {"user_id": user_id, "action": action, "detail": detail, "at": now_iso()}
        )

    def admin_log(self, limit: int = 50) -> list[dict[str, Any]]:
        return list(self.db.query("SELECT * FROM admin_log ORDER BY id DESC LIMIT ?", [limit]))
