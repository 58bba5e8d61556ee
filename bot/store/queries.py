"""Reads behind answers, search and digests.

Every fact row comes back with the columns of the article it was drawn from (ARTICLE_COLUMNS), so
the search layer can cite it without a second query. Filters that need morphology or fuzzy
matching (places, titles) stay in Python; the SQL here narrows by ids, dates and FTS.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from typing import Any

from sqlite_utils import Database

ARTICLE_COLUMNS = (
    "a.id AS article_id, a.file, a.title AS article_title, a.source, a.published, a.url"
)
_PARTICIPANTS = (
    "(SELECT group_concat(p.name, ', ') FROM event_participants ep "
    " JOIN people p ON p.id = ep.person_id WHERE ep.event_id = e.id) AS participants"
)
# A fact's sentence, and its lemmas for scoring it against a question's words.
_EVIDENCE = (
    "(SELECT s.text FROM sentences s WHERE s.article_id = {alias}.article_id "
    "AND s.idx = {alias}.sentence) AS evidence, "
    "(SELECT s.lemmas FROM sentences s WHERE s.article_id = {alias}.article_id "
    "AND s.idx = {alias}.sentence) AS evidence_lemmas"
)


def _marks(values: Sequence[Any]) -> str:
    return ", ".join("?" for _ in values)


def _sentence_keys(pairs: Iterable[tuple[int, int]]) -> tuple[str, list[int]]:
    """A `WITH k(a, i)` table of these (article_id, sentence) pairs, deduplicated, and its
    params; empty when there is nothing to match (the caller returns no rows).

    Queries join it first (`FROM k CROSS JOIN ...`): one index probe per pair, several times
    faster than a chain of ORs or a row-value IN list the planner may answer with a scan.
    """
    unique = list(dict.fromkeys(pairs))
    if not unique:
        return "", []
    values = ", ".join("(?, ?)" for _ in unique)
    return f"WITH k(a, i) AS (VALUES {values}) ", [value for pair in unique for value in pair]


MULTI_DAY_LOOKBACK = 31  # a day-precise fact starting earlier than this before a period is missed


def _days_from(day: date, days: int) -> date:
    """`day` moved by `days`, stopping at the ends of the calendar (years 1 and 9999): a
    question about year 1 must not fail for want of a 31 December of year 0."""
    try:
        return day + timedelta(days=days)
    except OverflowError:
        return date.max if days > 0 else date.min


def _span_ids(table: str, span: tuple[date, date]) -> tuple[str, list[str]]:
    """Ids of facts overlapping `span` (undated ones by their article's date), index-friendly.

    A fact overlapping the period either starts inside it, or is a short multi-day fact that
    began shortly before, or is a month/year-precise fact starting on that month's or year's
    first day; each case is an index range or lookup on `start`, never a scan.
    """
    low, high = span[0], span[1]
    before = _days_from(low, -MULTI_DAY_LOOKBACK).isoformat()
    firsts = [low.replace(day=1).isoformat(), low.replace(month=1, day=1).isoformat()]
    return (
        f"SELECT id FROM {table} WHERE start BETWEEN ? AND ? "
        f"UNION SELECT id FROM {table} WHERE start >= ? AND start < ? AND end >= ? "
        f"UNION SELECT id FROM {table} WHERE start IN (?, ?) AND end >= ? "
        f"UNION SELECT f.id FROM articles p JOIN {table} f ON f.article_id = p.id "
        "WHERE p.published BETWEEN ? AND ? AND f.start IS NULL",
        [
            low.isoformat(), high.isoformat(),
            before, low.isoformat(), low.isoformat(),
            *firsts, low.isoformat(),
            low.isoformat(), high.isoformat(),
        ],
    )  # fmt: skip


# bot/upcoming.py's rule: announced in an article published by :today, not over by :today
# (an event known only to its month or year: while that month or year is not over).
_UPCOMING = (
    "e.status = 'upcoming' AND a.published <= :today AND COALESCE(e.end, e.start) >= :today "
    # what is not over started at most a few years before today (a month, a year, «в
    # 2025–2027 годах"): a bound the start index can use
    "AND e.start > :earliest"
)


VAGUE_SPAN_DAYS = 4 * 366  # the longest stretch an announcement names ("в 2025–2028 годах")


def _upcoming_params(today: date) -> dict[str, str]:
    return {
        "today": today.isoformat(),
        "earliest": (today - timedelta(days=VAGUE_SPAN_DAYS)).isoformat()
        if today.toordinal() > VAGUE_SPAN_DAYS
        else "",
    }


class QueriesMixin:
    db: Database

    def upcoming_events(
        self, today: date, until: date | None = None, limit: int | None = 50
    ) -> list[dict[str, Any]]:
        """Events upcoming as of `today` (see bot/upcoming.py) starting by `until`, soonest first.

        Only articles published by `today` count: asked "as of" a date, the bot knows only what
        had been published then.
        """
        return list(
            self.db.query(
                f"SELECT e.*, {ARTICLE_COLUMNS}, {_PARTICIPANTS}, {_EVIDENCE.format(alias='e')}, "
                "(SELECT group_concat(p.name, '|') FROM event_participants ep "
                " JOIN people p ON p.id = ep.person_id WHERE ep.event_id = e.id) AS participant_names, "
                "(SELECT group_concat(ep.person_id, '|') FROM event_participants ep "
                " WHERE ep.event_id = e.id) AS participant_ids "
                f"FROM events e JOIN articles a ON a.id = e.article_id WHERE {_UPCOMING} "
                "AND e.start <= :until ORDER BY e.start, e.id LIMIT :limit",
                {
                    **_upcoming_params(today),
                    "until": (until or date.max).isoformat(),
                    "limit": -1 if limit is None else limit,
                },
            )
        )

    def upcoming_count(self, today: date) -> int:
        """How many real events are upcoming as of `today`: one per `bot.upcoming.event_key`,
        however many articles announced it."""
        return self.db.execute(
            "SELECT COUNT(*) FROM (SELECT DISTINCT e.type, e.start, COALESCE(e.end, e.start), "
            f"COALESCE(e.place, '') FROM events e JOIN articles a ON a.id = e.article_id "
            f"WHERE {_UPCOMING})",
            _upcoming_params(today),
        ).fetchone()[0]

    # -- names ----------------------------------------------------------------------------------

    def alias_rows(self) -> list[dict[str, Any]]:
        """Every person with every alias and how often they are mentioned (for the alias index)."""
        return list(
            self.db.query(
                "SELECT p.id AS person_id, p.name, pa.alias, pa.norm, pa.kind, "
                "COALESCE(m.mentions, 0) AS mentions FROM people p "
                "LEFT JOIN person_aliases pa ON pa.person_id = p.id "
                "LEFT JOIN (SELECT person_id, COUNT(*) AS mentions FROM person_mentions "
                "GROUP BY person_id) m ON m.person_id = p.id"
            )
        )

    def entity_rows(self) -> list[dict[str, Any]]:
        """Organisations and places with the surface forms they appear under."""
        return list(
            self.db.query(
                "SELECT e.id, e.kind, e.name, e.norm, group_concat(DISTINCT m.form) AS forms, "
                "COUNT(m.article_id) AS mentions FROM entities e "
                "LEFT JOIN entity_mentions m ON m.entity_id = e.id GROUP BY e.id"
            )
        )

    def people_by_ids(self, person_ids: Iterable[int]) -> list[dict[str, Any]]:
        ids = list(person_ids)
        if not ids:
            return []
        return list(self.db.query(f"SELECT * FROM people WHERE id IN ({_marks(ids)})", ids))

    # -- a person -------------------------------------------------------------------------------

    # A head of state is named in a large share of all articles: profiles read the person's most
    # recent articles (highest ids, straight off the primary-key index), never all of them.

    def person_roles(self, person_id: int, limit: int = 20) -> list[dict[str, Any]]:
        """Roles as stated in the person's recent articles, oldest first, with their sentence."""
        return list(
            self.db.query(
                f"SELECT r.title, r.sentence, {ARTICLE_COLUMNS}, {_EVIDENCE.format(alias='r')} "
                "FROM (SELECT id FROM roles WHERE person_id = ? ORDER BY id DESC LIMIT 300) AS pick "
                "JOIN roles r ON r.id = pick.id JOIN articles a ON a.id = r.article_id "
                "ORDER BY a.published, r.article_id, r.sentence LIMIT ?",
                [person_id, limit],
            )
        )

    def person_mention_sentences(
        self, person_id: int, per_article: int = 2, limit: int = 12
    ) -> list[dict[str, Any]]:
        """The first sentences naming a person in each of their recent articles, newest first."""
        return list(
            self.db.query(
                "WITH recent AS (SELECT DISTINCT article_id FROM person_mentions "
                "WHERE person_id = ? ORDER BY article_id DESC LIMIT 60) "
                f"SELECT * FROM (SELECT m.sentence, s.text, {ARTICLE_COLUMNS}, "
                "ROW_NUMBER() OVER (PARTITION BY m.article_id ORDER BY m.sentence) AS nth "
                "FROM recent JOIN person_mentions m ON m.article_id = recent.article_id "
                "AND m.person_id = ? JOIN articles a ON a.id = m.article_id "
                "JOIN sentences s ON s.article_id = m.article_id AND s.idx = m.sentence) "
                "WHERE nth <= ? ORDER BY published DESC, article_id, sentence LIMIT ?",
                [person_id, person_id, per_article, limit],
            )
        )

    def related_people(self, person_id: int, limit: int = 8) -> list[dict[str, Any]]:
        """The people closest to a person in the (recent) articles: events taken part in
        together count most, then sentences naming both, then articles naming both."""
        return list(
            self.db.query(
                "WITH recent AS (SELECT DISTINCT article_id FROM person_mentions "
                "WHERE person_id = :id ORDER BY article_id DESC LIMIT 300), "
                "mine AS (SELECT m.article_id, m.sentence FROM person_mentions m "
                "JOIN recent USING (article_id) WHERE m.person_id = :id), "
                "articles AS (SELECT o.person_id, COUNT(DISTINCT o.article_id) AS n "
                "FROM recent JOIN person_mentions o USING (article_id) "
                "WHERE o.person_id != :id GROUP BY o.person_id), "
                "sentences AS (SELECT o.person_id, COUNT(*) AS n FROM mine "
                "JOIN person_mentions o ON o.article_id = mine.article_id "
                "AND o.sentence = mine.sentence AND o.person_id != :id GROUP BY o.person_id), "
                "events AS (SELECT o.person_id, COUNT(DISTINCT o.event_id) AS n "
                "FROM event_participants e JOIN event_participants o "
                "ON o.event_id = e.event_id AND o.person_id != :id "
                "WHERE e.person_id = :id GROUP BY o.person_id) "
                "SELECT p.id, p.name, a.n AS shared, "
                "3 * COALESCE(ev.n, 0) + COALESCE(s.n, 0) + a.n AS closeness "
                "FROM articles a JOIN people p ON p.id = a.person_id "
                "LEFT JOIN sentences s ON s.person_id = a.person_id "
                "LEFT JOIN events ev ON ev.person_id = a.person_id "
                "ORDER BY closeness DESC, p.name LIMIT :limit",
                {"id": person_id, "limit": limit},
            )
        )

    def articles_naming_all(
        self, person_groups: Sequence[Sequence[int]], limit: int = 500
    ) -> list[int]:
        """Articles naming someone of every group (the people one typed name may mean), newest
        (highest id) first. Put the rarest group first: it drives the search."""
        groups = [list(dict.fromkeys(g)) for g in person_groups if g]
        if not groups:
            return []
        where = [f"m.person_id IN ({_marks(groups[0])})"]
        params: list[Any] = list(groups[0])
        for group in groups[1:]:
            where.append(
                "EXISTS (SELECT 1 FROM person_mentions o WHERE o.article_id = m.article_id "
                f"AND o.person_id IN ({_marks(group)}))"
            )
            params += group
        return [
            row[0]
            for row in self.db.execute(
                f"SELECT DISTINCT m.article_id FROM person_mentions m WHERE {' AND '.join(where)} "
                "ORDER BY m.article_id DESC LIMIT ?",
                [*params, limit],
            )
        ]

    def articles_mentioning_all(self, person_ids: Sequence[int], limit: int = 500) -> list[int]:
        """Ids of articles that name every one of the people, newest first."""
        return self.articles_naming_all([[pid] for pid in dict.fromkeys(person_ids)], limit)

    def person_sentences_in(
        self, article_ids: Sequence[int], person_ids: Sequence[int]
    ) -> list[dict[str, Any]]:
        """Sentences of these articles naming any of these people, with how many they name."""
        if not article_ids or not person_ids:
            return []
        return list(
            self.db.query(
                f"SELECT s.idx AS sentence, s.text, {ARTICLE_COLUMNS}, "
                "COUNT(DISTINCT m.person_id) AS named FROM person_mentions m "
                "JOIN sentences s ON s.article_id = m.article_id AND s.idx = m.sentence "
                "JOIN articles a ON a.id = m.article_id "
                f"WHERE m.article_id IN ({_marks(article_ids)}) "
                f"AND m.person_id IN ({_marks(person_ids)}) "
                "GROUP BY s.id ORDER BY a.published DESC, s.article_id, s.idx",
                [*article_ids, *person_ids],
            )
        )

    # -- events and agreements ------------------------------------------------------------------

    def events_where(
        self,
        *,
        person_groups: Sequence[Sequence[int]] = (),
        span: tuple[date, date] | None = None,
        types: Sequence[str] = (),
        places: Sequence[str] = (),
        article_ids: Sequence[int] | None = None,
        status: str | None = None,
        published_by: date | None = None,
        limit: int = 200,
        newest: bool = False,
    ) -> list[dict[str, Any]]:
        """Events with someone of every person group taking part, overlapping `span`, in order
        (the first `limit`, or with `newest` the last `limit`, still listed oldest first).

        A group holds the people one typed name may mean. An event with no date of its own
        counts as happening when its article was published. Written so that every filter can
        drive an index (participants by person, events by start, articles by date).
        """
        where, params = ["1"], []
        # Participants drive the search unless articles are given: then each candidate event
        # is checked through the (event_id, person_id) key instead.
        driven = article_ids is not None
        for group in person_groups:
            ids = list(dict.fromkeys(group))
            if driven:
                where.append(
                    "EXISTS (SELECT 1 FROM event_participants ep WHERE ep.event_id = e.id "
                    f"AND ep.person_id IN ({_marks(ids)}))"
                )
            else:
                where.append(
                    "e.id IN (SELECT event_id FROM event_participants "
                    f"WHERE person_id IN ({_marks(ids)}))"
                )
            params += ids
        if span:
            # When only the period narrows, take the earliest facts in it straight off the index.
            earliest = not person_groups and article_ids is None
            in_span = self._in_span("events", "e", span, earliest=earliest, limit=limit)
            if in_span is None:
                return []
            where.append(in_span[0])
            params += in_span[1]
        if types:
            where.append(f"e.type IN ({_marks(types)})")
            params += list(types)
        if places:
            where.append(f"e.place IN ({_marks(places)})")
            params += list(places)
        if article_ids is not None:
            if not article_ids:
                return []
            where.append(f"e.article_id IN ({_marks(article_ids)})")
            params += list(article_ids)
        if status:
            where.append("e.status = ?")
            params.append(status)
        if published_by:
            where.append("a.published <= ?")
            params.append(published_by.isoformat())
        # Newest among everything: read the table backwards (ingest order) and stop at `limit`
        # rather than sort it all; otherwise by date.
        if newest and not span and not person_groups and article_ids is None:
            order = "e.id DESC"
        else:
            order = f"sort_key {'DESC' if newest else ''}, e.id"
        # Pick the rows first, then compute participants and evidence for those only.
        return list(
            self.db.query(
                f"SELECT e.*, {ARTICLE_COLUMNS}, {_PARTICIPANTS}, {_EVIDENCE.format(alias='e')} "
                "FROM (SELECT e.id, COALESCE(e.start, a.published) AS sort_key FROM events e "
                f"JOIN articles a ON a.id = e.article_id WHERE {' AND '.join(where)} "
                f"ORDER BY {order} LIMIT ?) AS pick "
                "JOIN events e ON e.id = pick.id JOIN articles a ON a.id = e.article_id "
                "ORDER BY pick.sort_key, e.id",
                [*params, limit],
            )
        )

    def _in_span(
        self, table: str, alias: str, span: tuple[date, date], *, earliest: bool, limit: int
    ) -> tuple[str, list[Any]] | None:
        """A WHERE clause keeping facts overlapping `span`; None when there are none.

        With `earliest` (nothing else narrows the search) only the first `limit * 3` by date are
        kept, read off the index; otherwise every fact in the period, for the other filters.
        """
        if earliest:
            ids = self._earliest_in_span(table, span, limit * 3)
            return (f"{alias}.id IN ({_marks(ids)})", list(ids)) if ids else None
        clause, values = _span_ids(table, span)
        return f"{alias}.id IN ({clause})", list(values)

    def _earliest_in_span(self, table: str, span: tuple[date, date], limit: int) -> list[int]:
        """Ids of the first `limit` facts overlapping `span`, read in `start` order from the
        index (a year holds thousands at 100k articles; sorting them all is what costs)."""
        low, high = span[0].isoformat(), span[1].isoformat()
        before = _days_from(span[0], -MULTI_DAY_LOOKBACK).isoformat()
        firsts = [span[0].replace(day=1).isoformat(), span[0].replace(month=1, day=1).isoformat()]
        found: list[tuple[str, int]] = []
        for sql, values in (
            (f"SELECT start, id FROM {table} WHERE start IN (?, ?) AND start < ? AND end >= ?",
             [*firsts, low, low]),
            (f"SELECT start, id FROM {table} WHERE start >= ? AND start < ? AND end >= ?",
             [before, low, low]),
            (f"SELECT start, id FROM {table} WHERE start BETWEEN ? AND ? ORDER BY start, id LIMIT ?",
             [low, high, limit]),
            (f"SELECT p.published, f.id FROM articles p JOIN {table} f ON f.article_id = p.id "
             "WHERE p.published BETWEEN ? AND ? AND f.start IS NULL ORDER BY p.published LIMIT ?",
             [low, high, limit]),
        ):  # fmt: skip
            found += [(row[0], row[1]) for row in self.db.execute(sql, values)]
        return [fact_id for _, fact_id in sorted(set(found))[:limit]]

    def agreements_where(
        self,
        *,
        span: tuple[date, date] | None = None,
        article_ids: Sequence[int] | None = None,
        limit: int = 200,
        newest: bool = False,
    ) -> list[dict[str, Any]]:
        """Agreements dated within `span` (undated ones by their article's date), chronological:
        the first `limit`, or with `newest` (and no span) the most recent ones."""
        where, params = ["1"], []
        if span:
            in_span = self._in_span(
                "agreements", "g", span, earliest=article_ids is None, limit=limit
            )
            if in_span is None:
                return []
            where.append(in_span[0])
            params += in_span[1]
        if article_ids is not None:
            if not article_ids:
                return []
            where.append(f"g.article_id IN ({_marks(article_ids)})")
            params += list(article_ids)
        return list(
            self.db.query(
                f"SELECT g.*, {ARTICLE_COLUMNS}, {_EVIDENCE.format(alias='g')} "
                "FROM (SELECT g.id, COALESCE(g.start, a.published) AS sort_key FROM agreements g "
                f"JOIN articles a ON a.id = g.article_id WHERE {' AND '.join(where)} "
                f"ORDER BY {'g.id DESC' if newest else 'sort_key, g.id'} LIMIT ?) AS pick "
                "JOIN agreements g ON g.id = pick.id JOIN articles a ON a.id = g.article_id "
                "ORDER BY pick.sort_key, g.id",
                [*params, limit],
            )
        )

    def latest_events(
        self, published_by: date, types: Sequence[str] = (), limit: int = 12
    ) -> list[dict[str, Any]]:
        """The most recent events (of these types) known as of `published_by`, read backwards
        off the start index, listed oldest first."""
        horizon = _days_from(published_by, 400).isoformat()
        type_filter = f"AND e.type IN ({_marks(types)}) " if types else ""
        return list(
            self.db.query(
                f"SELECT * FROM (SELECT e.*, {ARTICLE_COLUMNS}, {_PARTICIPANTS}, "
                f"{_EVIDENCE.format(alias='e')} FROM events e JOIN articles a ON a.id = e.article_id "
                f"WHERE e.start <= ? AND a.published <= ? {type_filter}"
                "ORDER BY e.start DESC, e.id DESC LIMIT ?) ORDER BY start, id",
                [horizon, published_by.isoformat(), *types, limit],
            )
        )

    def latest_articles(self, published_by: date, limit: int = 8) -> list[dict[str, Any]]:
        """The newest articles as of `published_by`, with their opening sentence."""
        return list(
            self.db.query(
                # The first real sentence: not a dateline ("Чэнду.") nor a repeated headline.
                f"SELECT {ARTICLE_COLUMNS}, 0 AS sentence, (SELECT s.text FROM sentences s "
                "WHERE s.article_id = a.id AND length(s.text) >= 60 "
                "AND s.text NOT LIKE a.title || '%' ORDER BY s.idx LIMIT 1) AS text "
                "FROM articles a "
                "WHERE a.published <= ? ORDER BY a.published DESC, a.id DESC LIMIT ?",
                [published_by.isoformat(), limit],
            )
        )

    def facts_at_sentences(
        self, table: str, pairs: Iterable[tuple[int, int]]
    ) -> list[dict[str, Any]]:
        """Events or agreements drawn from these (article_id, sentence) pairs."""
        if table not in ("events", "agreements"):
            raise ValueError(table)
        alias = "e" if table == "events" else "g"
        keys, params = _sentence_keys(pairs)
        if not keys:
            return []
        extra = f", {_PARTICIPANTS}" if table == "events" else ""
        return list(
            self.db.query(
                f"{keys}SELECT {alias}.*, {ARTICLE_COLUMNS}{extra}, "
                f"{_EVIDENCE.format(alias=alias)} FROM k CROSS JOIN {table} {alias} "
                f"ON {alias}.article_id = k.a AND {alias}.sentence = k.i "
                f"JOIN articles a ON a.id = {alias}.article_id",
                params,
            )
        )

    # -- dates and text -------------------------------------------------------------------------

    def date_mentions_where(
        self,
        *,
        span: tuple[date, date] | None = None,
        after: date | None = None,
        until: date | None = None,
        published_by: date | None = None,
        article_ids: Sequence[int] | None = None,
        limit: int = 200,
    ) -> list[dict[str, Any]]:
        """Dated sentences: date phrases resolved into `span` (or starting after `after`, by
        `until`)."""
        where, params = ["d.start IS NOT NULL"], []
        if span:
            # Only phrases at least as precise as the question: "в этом году" is not an answer to
            # "16 июня 2025".
            where.append("d.start BETWEEN ? AND ? AND d.end <= ?")
            params += [span[0].isoformat(), span[1].isoformat(), span[1].isoformat()]
        if after:
            where.append("d.start > ?")
            params.append(after.isoformat())
        if until:
            where.append("d.start <= ?")
            params.append(until.isoformat())
        if published_by:
            where.append("a.published <= ?")
            params.append(published_by.isoformat())
        if article_ids is not None:
            if not article_ids:
                return []
            where.append(f"d.article_id IN ({_marks(article_ids)})")
            params += list(article_ids)
        return list(
            self.db.query(
                f"SELECT d.text AS phrase, d.start, d.end, d.precision, d.sentence, d.relative, "
                f"s.text, {ARTICLE_COLUMNS} FROM dates d JOIN articles a ON a.id = d.article_id "
                "JOIN sentences s ON s.article_id = d.article_id AND s.idx = d.sentence "
                f"WHERE {' AND '.join(where)} ORDER BY d.start, d.end, d.article_id, d.sentence "
                "LIMIT ?",
                [*params, limit],
            )
        )

    def dates_at_sentences(self, pairs: Iterable[tuple[int, int]]) -> list[dict[str, Any]]:
        """Resolved date phrases inside these (article_id, sentence) pairs."""
        keys, params = _sentence_keys(pairs)
        if not keys:
            return []
        return list(
            self.db.query(
                f"{keys}SELECT d.article_id, d.sentence, d.text AS phrase, d.start, d.end, "
                "d.precision, d.relative FROM k CROSS JOIN dates d "
                "ON d.article_id = k.a AND d.sentence = k.i WHERE d.start IS NOT NULL "
                "ORDER BY d.id",
                params,
            )
        )

    def people_at_sentences(self, pairs: Iterable[tuple[int, int]]) -> list[dict[str, Any]]:
        """People named in these (article_id, sentence) pairs, in sentence order."""
        keys, params = _sentence_keys(pairs)
        if not keys:
            return []
        return list(
            self.db.query(
                f"{keys}SELECT m.article_id, m.sentence, p.id AS person_id, p.name "
                "FROM k CROSS JOIN person_mentions m ON m.article_id = k.a AND m.sentence = k.i "
                "JOIN people p ON p.id = m.person_id ORDER BY m.article_id, m.sentence",
                params,
            )
        )

    def sentences_at(self, pairs: Iterable[tuple[int, int]]) -> list[dict[str, Any]]:
        """The text and lemmas of these (article_id, sentence) pairs."""
        keys, params = _sentence_keys(pairs)
        if not keys:
            return []
        return list(
            self.db.query(
                f"{keys}SELECT s.article_id, s.idx AS sentence, s.text, s.lemmas "
                "FROM k CROSS JOIN sentences s ON s.article_id = k.a AND s.idx = k.i",
                params,
            )
        )

    def roles_in_article(self, article_id: int, person_ids: list[int]) -> list[dict[str, Any]]:
        """The roles an article gives these people, in its order ("премьер-министр Аскар Мамин")."""
        if not person_ids:
            return []
        return list(
            self.db.query(
                "SELECT person_id, title FROM roles "
                f"WHERE article_id = ? AND person_id IN ({_marks(person_ids)}) ORDER BY sentence",
                [article_id, *person_ids],
            )
        )

    def roles_at_sentences(self, pairs: Iterable[tuple[int, int]]) -> list[dict[str, Any]]:
        """Roles stated in these (article_id, sentence) pairs, with the person's name."""
        keys, params = _sentence_keys(pairs)
        if not keys:
            return []
        return list(
            self.db.query(
                f"{keys}SELECT r.id, r.person_id, p.name, r.title, r.sentence, {ARTICLE_COLUMNS}, "
                f"{_EVIDENCE.format(alias='r')} FROM k CROSS JOIN roles r "
                "ON r.article_id = k.a AND r.sentence = k.i JOIN people p ON p.id = r.person_id "
                "JOIN articles a ON a.id = r.article_id",
                params,
            )
        )

    def search_sentences(
        self,
        match: str,
        *,
        limit: int = 50,
        published_by: date | None = None,
        by_rank: bool = True,
    ) -> list[dict[str, Any]]:
        """FTS5 over sentence lemmas, best bm25 first. `match` must already be safely quoted.

        `by_rank=False` returns the newest sentences instead: FTS5 then reads the posting lists
        from the end and stops at `limit`, where ranking would score every match first.
        """
        where, params = ["sentences_fts MATCH ?"], [match]
        if published_by:
            where.append("a.published <= ?")
            params.append(published_by.isoformat())
        return list(
            self.db.query(
                f"SELECT s.id AS sentence_id, s.idx AS sentence, s.text, s.lemmas, "
                f"bm25(sentences_fts) AS rank, {ARTICLE_COLUMNS} FROM sentences_fts "
                "JOIN sentences s ON s.id = sentences_fts.rowid "
                "JOIN articles a ON a.id = s.article_id "
                f"WHERE {' AND '.join(where)} "
                f"ORDER BY {'rank' if by_rank else 'sentences_fts.rowid DESC'} LIMIT ?",
                [*params, limit],
            )
        )

    def article_refs(self, article_ids: Iterable[int]) -> dict[int, dict[str, Any]]:
        """Citation columns of these articles, by id."""
        ids = list(dict.fromkeys(article_ids))
        if not ids:
            return {}
        return {
            row["article_id"]: row
            for row in self.db.query(
                f"SELECT {ARTICLE_COLUMNS} FROM articles a WHERE a.id IN ({_marks(ids)})", ids
            )
        }

    def articles_with_phrases(self, phrases: Iterable[list[str]], limit: int = 5) -> list[int]:
        """Articles holding these runs of lemmas (each within one sentence), most runs first."""
        hits: Counter[int] = Counter()
        for phrase in phrases:
            quoted = " ".join(word.replace('"', "") for word in phrase).strip()
            if not quoted:
                continue
            rows = self.db.execute(
                "SELECT DISTINCT s.article_id FROM sentences_fts "
                "JOIN sentences s ON s.id = sentences_fts.rowid "
                "WHERE sentences_fts MATCH ? LIMIT 50",
                [f'"{quoted}"'],
            )
            hits.update(row[0] for row in rows)
        return [article_id for article_id, _ in hits.most_common(limit)]

    def sentence_count(self) -> int:
        return self.db.execute("SELECT COALESCE(MAX(rowid), 0) FROM sentences").fetchone()[0]

    def _ensure_vocabulary(self) -> None:
        # In the connection's temp schema: nothing is written to the database file.
        self.db.execute(
            "CREATE VIRTUAL TABLE IF NOT EXISTS temp.sentences_fts_vocab "
            "USING fts5vocab(main, sentences_fts, 'row')"
        )

    def fts_vocabulary(self) -> list[tuple[str, int]]:
        """Every indexed lemma with the number of sentences holding it, in term order.

        One pass over the FTS index (~0.2 s at 100k articles): callers cache it per data version
        and answer frequency and prefix questions from memory.
        """
        self._ensure_vocabulary()
        return [
            (row[0], row[1])
            for row in self.db.execute("SELECT term, doc FROM temp.sentences_fts_vocab")
        ]
