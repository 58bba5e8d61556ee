"""Candidates for an analysed question: the facts linked to its constraints, and the sentences
full-text search finds for its words, each with the facts drawn from it.

The second stage of answering. Retrieval is generous (the scorer decides); only what every
answer must respect narrows it here: the articles published by `today`, and, when the question
names people, the articles that name them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from bot import geo
from bot.nlp import lemma
from bot.search import fts
from bot.search.aliases import AliasIndex
from bot.search.analyse import Analysis, Focus, searched_by
from bot.search.candidates import AGREEMENT, EVENT, ROLE, SENTENCE, Candidate
from bot.vocab import DOCUMENT_KINDS, EVENT_TYPES, MEETING, SIGNING_WORDS, related_event_types

SENTENCE_LIMIT = 80  # sentences read off the full-text index per question
FACT_LIMIT = 100  # events or documents read per question
FACTS_AT_TOP = 40  # the best sentences whose facts join the candidates
PEOPLE_ARTICLES = 500  # newest articles naming the people asked about
LISTED_ENOUGH = 12  # facts enough for a list without full-text search


@dataclass
class Pool:
    """Everything retrieved for one question, and what the scorer needs to know about it."""

    candidates: list[Candidate] = field(default_factory=list)
    groups: list[fts.TermGroup] = field(default_factory=list)  # words searched, as indexed
    topic: list[fts.TermGroup] = field(default_factory=list)  # of them, the topic words
    kinds: list[fts.TermGroup] = field(default_factory=list)  # and the words of kinds asked
    person_articles: set[int] | None = None  # articles naming everyone asked about
    best_rank: float = -1.0

    @property
    def only_a_kind(self) -> bool:
        """Only the words of one kind were searched ("когда встречались X и Y"): how a sentence
        matches them says nothing a fact's type does not."""
        return len(self.kinds) == len(self.groups) <= 1

    def add(self, candidate: Candidate, seen: dict[tuple[Any, ...], Candidate]) -> None:
        known = seen.get(candidate.identity)
        if known is None:
            seen[candidate.identity] = candidate
            self.candidates.append(candidate)
        elif candidate.rank is not None and (known.rank is None or candidate.rank < known.rank):
            known.rank = candidate.rank


def search_words(analysis: Analysis) -> list[list[str]]:
    """The term groups to search: topic words, and the names of places, bodies and kinds asked
    for (a sentence about "саммит ШОС в Астане" names them too)."""
    groups = analysis.term_forms()
    for name in [*analysis.places, *analysis.orgs]:
        groups.append(place_forms(name))
    groups += kind_words(analysis)
    unique: dict[tuple[str, ...], list[str]] = {}
    for group in groups:
        unique.setdefault(tuple(group), group)
    return list(unique.values())


def kind_words(analysis: Analysis) -> list[list[str]]:
    """The words of the kinds of event and document asked for ("прибыли" is a visit too)."""
    groups = [sorted(searched_by(EVENT_TYPES[key])) for key in sorted(analysis.event_types)]
    groups += [
        sorted({DOCUMENT_KINDS[key].ru.split()[0], *DOCUMENT_KINDS[key].names})
        for key in sorted(analysis.document_kinds)
    ]
    if analysis.wants_documents and not analysis.document_kinds:
        groups.append(list(SIGNING_WORDS))
    return groups


def place_forms(name: str) -> list[str]:
    """The lemmas a place or body is searched by: every Cyrillic spelling, a word or a phrase
    ("Астана", "Нур-Султан"; "ШОС", "шанхайский организация сотрудничество")."""
    forms = [
        " ".join(lemma(word) for word in spelling.split())
        for spelling in (name, *geo.spellings(name))
        if spelling and not spelling.isascii()
    ]
    return list(dict.fromkeys(forms)) or [name]


def _span(analysis: Analysis):
    span = analysis.window or analysis.period
    return (span.start, span.end) if span else None


def _person_groups(analysis: Analysis) -> list[list[int]]:
    return [match.person_ids[:3] for match in analysis.people]


def _wants_events(analysis: Analysis) -> bool:
    return bool(
        analysis.event_types
        or analysis.wants_events
        or analysis.people
        or analysis.period
        or analysis.window
        or analysis.places
        or analysis.focus in (Focus.WHEN, Focus.WHO, Focus.WHERE, Focus.UPCOMING, Focus.LIST)
    ) and not (analysis.wants_documents and not analysis.event_types and not analysis.wants_events)


def _event_rows(store: Any, analysis: Analysis, articles: list[int] | None) -> list[dict]:
    types = sorted(related_event_types(analysis.event_types)) if analysis.event_types else []
    if MEETING in analysis.event_types and len(analysis.people) >= 2:
        types = []  # "когда встречались X и Y": wherever both took part (score.met_there)
    if analysis.focus == Focus.UPCOMING:
        until = analysis.window.end if analysis.window else None
        rows = store.upcoming_events(analysis.today, until, limit=FACT_LIMIT)
        if articles is not None:
            allowed = set(articles)
            rows = [r for r in rows if r["article_id"] in allowed]
        return rows
    if articles is not None and not articles:
        return []
    where = {
        "person_groups": _person_groups(analysis),
        "span": _span(analysis),
        "types": types,
        "article_ids": articles if analysis.people and len(articles or []) < 50 else None,
        "published_by": analysis.today,
        "limit": FACT_LIMIT,
        "newest": not analysis.period,
    }
    rows = store.events_where(**where)
    places = [s for p in analysis.narrowing_places for s in geo.spellings(p)]
    if places and len(rows) >= FACT_LIMIT:
        # the newest of a kind may all be elsewhere: those held in the place asked for too
        seen = {r["id"] for r in rows}
        rows += [r for r in store.events_where(**where, places=places) if r["id"] not in seen]
    return rows


def _agreement_rows(store: Any, analysis: Analysis, articles: list[int] | None) -> list[dict]:
    if articles is not None and not articles:
        return []
    rows = store.agreements_where(
        span=_span(analysis), article_ids=articles, limit=FACT_LIMIT, newest=not analysis.period
    )
    return [r for r in rows if r["published"] <= analysis.today.isoformat()]


def _role_rows(store: Any, analysis: Analysis) -> list[dict]:
    rows = []
    for match in analysis.people:
        for person_id in match.person_ids[:2]:
            for row in store.person_roles(person_id, limit=40):
                rows.append({**row, "person_id": person_id, "name": match.names[0]})
    return [r for r in rows if r["published"] <= analysis.today.isoformat()]


def retrieve(store: Any, analysis: Analysis, index: AliasIndex) -> Pool:
    pool = Pool()
    seen: dict[tuple[Any, ...], Candidate] = {}
    groups = _person_groups(analysis)
    articles = store.articles_naming_all(groups, limit=PEOPLE_ARTICLES) if groups else None
    if articles is not None:
        pool.person_articles = set(articles)
    _linked_facts(store, analysis, articles, pool, seen)
    _searched_sentences(store, analysis, articles, pool, seen)
    _facts_at_best_sentences(store, analysis, pool, seen)
    add_dates(store, pool.candidates)
    return pool


def _fact(kind: str, row: dict[str, Any]) -> Candidate:
    """A fact with its sentence and lemmas as the store reads them, its participants' names
    known before `enrich` reads the rest."""
    names = [n.strip() for n in (row.get("participants") or "").split(",") if n.strip()]
    if kind == ROLE and row.get("name"):
        names = [row["name"]]
    return Candidate(
        kind,
        row,
        text=row.get("evidence") or "",
        lemmas=row.get("evidence_lemmas") or "",
        names=names,
    )


def _linked_facts(
    store: Any, analysis: Analysis, articles: list[int] | None, pool: Pool, seen: dict
) -> None:
    """Events, documents and roles linked to the constraints (people, period, kinds)."""
    if _wants_events(analysis):
        for row in _event_rows(store, analysis, articles):
            pool.add(_fact(EVENT, row), seen)
    if analysis.wants_documents or analysis.period:
        for row in _agreement_rows(store, analysis, articles):
            pool.add(_fact(AGREEMENT, row), seen)
    if analysis.focus == Focus.ROLE and analysis.people:
        for row in _role_rows(store, analysis):
            pool.add(_fact(ROLE, row), seen)


def _searched_sentences(
    store: Any, analysis: Analysis, articles: list[int] | None, pool: Pool, seen: dict
) -> None:
    """Sentences holding the question's words (bm25), in the people's articles when named;
    their sentences when nothing else is searched; a period's dated sentences."""
    pool.groups = fts.term_groups(store, search_words(analysis))
    topic_forms = {tuple(forms) for forms in analysis.term_forms()}
    pool.topic = [g for g in pool.groups if g.forms in topic_forms]
    kind_forms = {tuple(forms) for forms in kind_words(analysis)}
    pool.kinds = [g for g in pool.groups if g.forms in kind_forms]
    listed = analysis.focus in (Focus.LIST, Focus.UPCOMING) and not analysis.terms
    places = analysis.narrowing_places
    fitting = [c for c in pool.candidates if not places or place_fits(c, places) >= 0.7]
    if listed and len(fitting) >= LISTED_ENOUGH:
        # "саммиты в Москве": the facts of that kind and place are the list; sentences
        # naming the words would only be read to be left out
        return
    hits = fts.search_any(store, pool.groups, limit=SENTENCE_LIMIT, published_by=analysis.today)
    if pool.person_articles is not None:
        hits = [h for h in hits if h["article_id"] in pool.person_articles]
    if not hits and articles:
        people = [p for g in _person_groups(analysis) for p in g]
        hits = store.person_sentences_in(articles[:60], people)
    if analysis.period and not analysis.terms and not analysis.people:
        hits += store.date_mentions_where(
            span=(analysis.period.start, analysis.period.end),
            published_by=analysis.today,
            limit=100,
        )
    if hits:
        pool.best_rank = min((h.get("rank") or 0.0) for h in hits) or -1.0
    for row in hits:
        candidate = Candidate(SENTENCE, row, text=row["text"], lemmas=row.get("lemmas") or "")
        candidate.rank = row.get("rank")
        pool.add(candidate, seen)


def _facts_at_best_sentences(store: Any, analysis: Analysis, pool: Pool, seen: dict) -> None:
    """The events, documents (and, for a role-holder question, roles) drawn from the best
    sentences: full-text search finds facts that no constraint links to."""
    top = [c.key for c in pool.candidates if c.kind == SENTENCE][:FACTS_AT_TOP]
    ranks = {c.key: c.rank for c in pool.candidates if c.kind == SENTENCE}
    fetched = [(EVENT, store.facts_at_sentences("events", top))]
    fetched.append((AGREEMENT, store.facts_at_sentences("agreements", top)))
    if analysis.wants_role_holder or (analysis.focus == Focus.ROLE and not analysis.people):
        fetched.append((ROLE, store.roles_at_sentences(top)))
    for kind, rows in fetched:
        for row in rows:
            candidate = _fact(kind, row)
            candidate.rank = ranks.get((row["article_id"], row["sentence"]))
            pool.add(candidate, seen)


def add_dates(store: Any, candidates: list[Candidate]) -> None:
    """The dates resolved in each candidate's sentence: every candidate needs them to be
    judged against a period or "upcoming"."""
    # a dated fact is judged by its own dates; sentences and undated facts by their sentence's
    needing = [c for c in candidates if c.kind in (SENTENCE, ROLE) or not c.row.get("start")]
    keys = list(dict.fromkeys(c.key for c in needing))
    dates: dict[tuple[int, int], list[dict[str, Any]]] = {}
    for row in _chunks(store.dates_at_sentences, keys):
        dates.setdefault((row["article_id"], row["sentence"]), []).append(row)
    for candidate in candidates:
        candidate.dates = dates.get(candidate.key, [])
    add_context_dates(store, [c for c in candidates if c.kind == SENTENCE and not c.dates])


CONTEXT_BACK = 2  # sentences before an undated one read for the dates it goes on with


def add_context_dates(store: Any, undated: list[Candidate]) -> None:
    """An undated sentence goes on with the dates of the sentences just before it: "По данным
    QazTrade, за 2023 год товарооборот составил 31,5 млрд. Экспорт вырос до 14,7 млрд" is about
    2023 in an article of April 2024."""
    back = range(1, CONTEXT_BACK + 1)
    keys = list(dict.fromkeys((c.article_id, c.sentence - k) for c in undated for k in back))
    dates: dict[tuple[int, int], list[dict[str, Any]]] = {}
    for row in _chunks(store.dates_at_sentences, [k for k in keys if k[1] >= 0]):
        dates.setdefault((row["article_id"], row["sentence"]), []).append(row)
    for candidate in undated:
        found = (dates.get((candidate.article_id, candidate.sentence - k)) for k in back)
        candidate.context_dates = next((d for d in found if d), [])


def enrich(store: Any, candidates: list[Candidate], index: AliasIndex) -> None:
    """The people each candidate's sentence names (and its text where retrieval had none):
    read for the best candidates only, after a first ranking without them."""
    keys = list(dict.fromkeys(c.key for c in candidates))
    if not keys:
        return
    texts = {}
    missing = [c.key for c in candidates if not c.lemmas]
    for row in _chunks(store.sentences_at, missing):
        texts[(row["article_id"], row["sentence"])] = row
    people: dict[tuple[int, int], list[tuple[int, str]]] = {}
    for row in _chunks(store.people_at_sentences, keys):
        people.setdefault((row["article_id"], row["sentence"]), []).append(
            (row["person_id"], row["name"])
        )
    ids_by_name = {name: pid for pid, (name, _) in index.people.items()}
    for candidate in candidates:
        if not candidate.lemmas and candidate.key in texts:
            candidate.lemmas = texts[candidate.key]["lemmas"] or ""
            candidate.text = candidate.text or texts[candidate.key]["text"]
        named = people.get(candidate.key, [])
        if candidate.kind == EVENT and candidate.row.get("participants"):
            taking_part = [n.strip() for n in candidate.row["participants"].split(",")]
            named = [(ids_by_name.get(n, -1), n) for n in taking_part] + named
        if candidate.kind == ROLE:
            named = [(candidate.row["person_id"], candidate.row["name"]), *named]
        candidate.people = {pid for pid, _ in named if pid >= 0}
        candidate.names = list(dict.fromkeys(name for _, name in named))


def _chunks(fetch: Any, keys: Iterable[tuple[int, int]], size: int = 400) -> list[dict]:
    keys = list(keys)
    rows: list[dict] = []
    for start in range(0, len(keys), size):
        rows += fetch(keys[start : start + size])
    return rows


COUNTRY_OF_PLACE = 0.5  # an event in the country of the city asked may well be in that city


def place_fits(candidate: Candidate, places: list[str]) -> float:
    """How well a candidate is at the places asked: its own place (or one in that country), or
    the places its sentence names."""
    if not places:
        return 1.0
    own = candidate.row.get("place") if candidate.kind == EVENT else None
    hits = 0.0
    text = f"{candidate.text} {candidate.title or ''}".lower().replace("ё", "е")
    for wanted in places:
        if own and (geo.canonical(own) == wanted or geo.country_of(own) == wanted):
            hits += 1
        elif any(stem in text for stem in _spelling_stems(wanted)) or _latin_named(wanted, text):
            hits += 0.7 if own is None else 0.4
        elif own and geo.canonical(own) == geo.country_of(wanted):
            hits += COUNTRY_OF_PLACE  # "визит в Казахстан" for "приедет в Астану"
    return hits / len(places)


def _spellings(name: str) -> list[str]:
    found = geo.place(name)
    return [s for s in (name, *(found.aliases if found else ())) if s]


@lru_cache(maxsize=4096)
def _spelling_stems(name: str) -> tuple[str, ...]:
    return tuple(_stem(s) for s in _spellings(name) if not s.isascii())


def _latin_named(name: str, text: str) -> bool:
    """A body the articles write only in Latin letters ("завод QazTehna", "Shandong Energy"),
    as a whole word: "SCO" is not inside "Moscow"."""
    pattern = _latin_pattern(name)
    return bool(pattern and pattern.search(text))


@lru_cache(maxsize=4096)
def _latin_pattern(name: str) -> re.Pattern[str] | None:
    spellings = [re.escape(s.lower()) for s in _spellings(name) if s.isascii() and len(s) >= 3]
    if not spellings:
        return None
    return re.compile(rf"(?<![a-z0-9])(?:{'|'.join(spellings)})(?![a-z0-9])")


def _stem(name: str) -> str:
    word = name.lower().replace("ё", "е")
    return word[:-1] if len(word) > 4 else word


__all__ = ["ROLE", "SENTENCE", "Pool", "place_fits", "retrieve", "search_words"]
