"""Full-text search over sentence lemmas that user text can never break.

Every term is a lemma made of letters, digits and hyphens, double-quoted, so FTS5 operators,
quotes, brackets and `*` typed by a user are just words or nothing. Long lemmas are searched by
their stem as a prefix ("экспорт" also finds "экспортируемый"). All terms must match; when none
do, any may, ranked by how many matched, with terms too frequent to discriminate left out.
"""

from __future__ import annotations

import bisect
import functools
import math
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from bot.search.per_version import PerDataVersion

MAX_TERMS = 12
COMMON_SHARE = 0.05  # a term in more than 5% of sentences does not narrow an OR search
RANK_LIMIT = 4000  # more matches than this are listed newest first rather than scored
MAX_EXPANSIONS = 25  # words sharing a stem searched as alternatives; beyond that only the word
_SAFE = re.compile(r"[^\w-]+")


def stem(term: str) -> str:
    """The prefix searched for a lemma: long words lose their last two letters (endings)."""
    term = _SAFE.sub("", term.lower().replace("ё", "е")).strip("-")
    return term[:-2] if len(term) >= 7 else term


def clean(term: str) -> str:
    return _SAFE.sub("", term.lower().replace("ё", "е")).strip("-")


def quote(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def phrase_words(form: str) -> list[str]:
    """The lemmas of a multi-word form ("шанхайский организация сотрудничество"); [] for a word."""
    words = [clean(w) for w in form.split()]
    return [w for w in words if w] if len(words) > 1 else []


@dataclass
class Vocabulary:
    """The corpus' lemmas and their sentence counts, for cheap frequency and prefix questions."""

    terms: list[str]
    docs: list[int]

    def prefix_range(self, prefix: str) -> range:
        low = bisect.bisect_left(self.terms, prefix)
        high = bisect.bisect_left(self.terms, prefix + "\U0010ffff")
        return range(low, high)

    def frequency(self, term: str) -> int:
        """Sentences holding the words `term` is searched by (summed: an upper bound; "мед" is
        not "медицина", as `expansions` says); for a phrase, those holding its rarest word."""
        words = phrase_words(term)
        if words:
            return min(self.frequency(w) for w in words)
        return sum(self._docs_of(t) for t in self.expansions(term))

    def _docs_of(self, term: str) -> int:
        at = bisect.bisect_left(self.terms, term)
        return self.docs[at] if at < len(self.terms) and self.terms[at] == term else 0

    def knows(self, term: str) -> bool:
        exact = bisect.bisect_left(self.terms, term)
        return exact < len(self.terms) and self.terms[exact] == term

    def expansions(self, term: str) -> list[str]:
        """The indexed words a query lemma stands for: the word itself, and words sharing its
        stem ("экспорт" -> "экспортируемый") unless the stem is too common to help. A phrase
        stands for itself, word for word, when the index holds every word."""
        words = phrase_words(term)
        if words:
            return [" ".join(words)] if all(self.knows(w) for w in words) else []
        base, full = stem(term), clean(term)
        if not base:
            return []
        matching = self.prefix_range(base)
        if base == full:  # a short word is itself (or a compound: "экспо-2017"), not "экспорт"
            return [t for i in matching if _itself(t := self.terms[i], full)]
        if len(matching) <= MAX_EXPANSIONS:
            return [self.terms[i] for i in matching]
        return [full] if self.knows(full) else []

    @functools.cached_property
    def _by_shape(self) -> dict[tuple[str, int], list[int]]:
        shapes: dict[tuple[str, int], list[int]] = {}
        for i, term in enumerate(self.terms):
            shapes.setdefault((term[:1], len(term)), []).append(i)
        return shapes

    def correction(self, word: str) -> str | None:
        """The indexed word a misspelt one most likely meant ("товарооборт" -> "товарооборот"):
        within one typo (two for long words), same first letter, the most widespread first."""
        word = clean(word)
        if len(word) < 5 or self.expansions(word):
            return None
        limit = 1 if len(word) <= 8 else 2
        best: tuple[int, int, str] | None = None
        for size in range(len(word) - limit, len(word) + limit + 1):
            candidates = self._by_shape.get((word[:1], size), [])
            choices = [self.terms[i] for i in candidates]
            for term, distance, position in process.extract(
                word, choices, scorer=Levenshtein.distance, score_cutoff=limit, limit=5
            ):
                key = (distance, -self.docs[candidates[position]], term)
                if best is None or key < best:
                    best = key
        return best[2] if best else None

    @functools.cached_property
    def frequent(self) -> list[str]:
        """The 5,000 most widespread words (longer than 3 letters), for "did you mean"."""
        order = sorted(range(len(self.terms)), key=lambda i: -self.docs[i])
        return [self.terms[i] for i in order if len(self.terms[i]) > 3][:5000]


def _build_vocabulary(store: Any) -> Vocabulary:
    rows = store.fts_vocabulary()
    return Vocabulary([t for t, _ in rows], [d for _, d in rows])


_vocabularies: PerDataVersion[Vocabulary] = PerDataVersion(_build_vocabulary)


def vocabulary(store: Any) -> Vocabulary:
    """The vocabulary of the store's current data, rebuilt only when the data changed."""
    return _vocabularies(store)


def group_expression(alternatives: list[str], words: Vocabulary) -> str | None:
    """An FTS5 expression for one query word (or its alternatives), only of indexed words, each
    quoted: nothing a user types can act as an operator."""
    found = [w for t in alternatives for w in words.expansions(t)]
    parts = list(dict.fromkeys(quote(w) for w in found if w))
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else "(" + " OR ".join(parts) + ")"


def idf(frequency: int, total: int) -> float:
    """How much finding a term says: BM25's inverse document frequency, never negative."""
    return math.log(1 + (total - frequency + 0.5) / (frequency + 0.5))


@dataclass(frozen=True, slots=True)
class TermGroup:
    """One query word with its alternatives, as the index holds them, and its weight."""

    forms: tuple[str, ...]
    expression: str  # FTS5, every word quoted
    frequency: int  # sentences holding it (an upper bound)
    weight: float  # idf


def term_groups(store: Any, groups: list[list[str]]) -> list[TermGroup]:
    """The query's term groups the index knows, each with its FTS expression and IDF."""
    words = vocabulary(store)
    total = max(store.sentence_count(), 1)
    found = []
    for forms in groups[:MAX_TERMS]:
        expression = group_expression(forms, words)
        if expression is None:
            continue
        frequency = sum(words.frequency(t) for t in forms)
        found.append(TermGroup(tuple(forms), expression, frequency, idf(frequency, total)))
    return found


def search_any(
    store: Any,
    groups: list[TermGroup],
    *,
    limit: int = 200,
    published_by: date | None = None,
) -> list[dict[str, Any]]:
    """Sentences holding any of the rarer terms, best bm25 first (rare words outweigh common
    ones: an OR of terms, not an AND of all of them).

    Terms in more than COMMON_SHARE of the sentences do not narrow the search; they count in
    the scoring instead. When every term is that common, all of them must match.
    """
    if not groups:
        return []
    total = max(store.sentence_count(), 1)
    rare = [g for g in groups if g.frequency <= COMMON_SHARE * total]
    if rare:
        expression = " OR ".join(g.expression for g in rare)
        by_rank = sum(g.frequency for g in rare) <= RANK_LIMIT
    else:
        expression = " AND ".join(g.expression for g in groups)
        by_rank = min(g.frequency for g in groups) <= RANK_LIMIT
    return store.search_sentences(
        expression, limit=limit, published_by=published_by, by_rank=by_rank
    )


# What a short word may go on with and still be itself: its adjective ("китай" -> "китайский",
# "газ" -> "газовый"), not another word ("газета", "экспорт" for "экспо").
_ADJECTIVE_ENDINGS = ("ский", "ской", "овый", "евый", "ный", "ной", "ний")


def _itself(word: str, term: str) -> bool:
    rest = word[len(term) :]
    return not rest or rest.startswith("-") or rest in _ADJECTIVE_ENDINGS


def _form_pattern(form: str) -> str:
    words = phrase_words(form)
    if words:  # the words in a row, as the FTS phrase matches them
        return r"\w*\s+".join(map(re.escape, words)) + r"(?![\w-])"
    base = stem(form)
    if base == clean(form):  # a short word: itself, as `Vocabulary.expansions` matches it
        endings = "|".join(_ADJECTIVE_ENDINGS)
        return re.escape(base) + rf"(?:{endings})?(?!\w)"
    return re.escape(base)


@functools.lru_cache(maxsize=4096)
def stems_pattern(forms: tuple[str, ...]) -> re.Pattern[str] | None:
    """A word starting with one of the forms' stems (or a phrase's words in a row), as the index
    matches them."""
    patterns = sorted({_form_pattern(t) for t in forms if stem(t)}, key=len, reverse=True)
    if not patterns:
        return None
    return re.compile(r"(?<![\w-])(?:" + "|".join(patterns) + ")")


def matches(lemmas: str, group: TermGroup | list[str] | tuple[str, ...]) -> bool:
    """The lemmatised text holds one of the group's forms (as the index matches: by stem)."""
    forms = group.forms if isinstance(group, TermGroup) else tuple(group)
    pattern = stems_pattern(forms)
    return bool(pattern and pattern.search(lemmas))


@dataclass
class Hit:
    row: dict[str, Any]
    matched: int  # how many term groups the sentence contains

    @property
    def key(self) -> tuple[int, int]:
        return self.row["article_id"], self.row["sentence"]


def _contains(lemmas: list[str], alternatives: list[str]) -> bool:
    stems = [stem(t) for t in alternatives]
    return any(word.startswith(s) for s in stems if s for word in lemmas)


def count_matched(lemma_text: str, groups: list[list[str]]) -> int:
    words = lemma_text.split()
    return sum(1 for group in groups if _contains(words, group))


def search(
    store: Any,
    groups: list[list[str]],
    *,
    limit: int = 40,
    published_by: date | None = None,
) -> list[Hit]:
    """Sentences matching the term groups (each a list of alternatives), best first.

    Ranking scores every match, so terms common enough to match more than RANK_LIMIT
    sentences are served newest first instead (posting lists read from the end).
    """
    words = vocabulary(store)
    groups = [g for g in groups if any(stem(t) for t in g)][:MAX_TERMS]
    expressions = [group_expression(g, words) for g in groups]
    frequencies = [
        sum(words.frequency(t) for t in g) if e else 0
        for g, e in zip(groups, expressions, strict=True)
    ]
    if not any(expressions):
        return []
    if all(expressions):
        rows = store.search_sentences(
            " AND ".join(e for e in expressions if e),
            limit=limit,
            published_by=published_by,
            by_rank=min(frequencies) <= RANK_LIMIT,
        )
        if rows or len(groups) == 1:
            return [Hit(row, len(groups)) for row in rows]

    total = max(store.sentence_count(), 1)
    found = [(g, e, f) for g, e, f in zip(groups, expressions, frequencies, strict=True) if e]
    rare = [(g, e, f) for g, e, f in found if f <= COMMON_SHARE * total]
    chosen = rare or found
    rows = store.search_sentences(
        " OR ".join(e for _, e, _ in chosen),
        limit=limit * 5,
        published_by=published_by,
        by_rank=sum(f for _, _, f in chosen) <= RANK_LIMIT,
    )
    needed = max(1, math.ceil(len(chosen) / 2))
    hits = [Hit(row, count_matched(row["lemmas"], groups)) for row in rows]
    hits = [hit for hit in hits if hit.matched >= needed]
    hits.sort(key=lambda hit: (-hit.matched, hit.row["rank"]))
    return hits[:limit]
