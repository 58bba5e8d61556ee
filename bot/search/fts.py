"""Full-text search over sentence lemmas that user text can never break.

Every term is a lemma made of letters, digits and hyphens, double-quoted, so FTS5 operators,
quotes, brackets and `*` typed by a user are just words or nothing. Long lemmas are searched by
their stem as a prefix ("экспорт" also finds "экспортируемый"). All terms must match; when none
do, any may, ranked by how many matched, with terms too frequent to discriminate left out.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

MAX_TERMS = 12
COMMON_SHARE = 0.05
RANK_LIMIT = 4000  # more matches than this are listed newest first rather than scored  # a term in more than 5% of sentences does not narrow an OR search
_SAFE = re.compile(r"[^\w-]+")


def stem(term: str) -> str:
    """The prefix searched for a lemma: long words lose their last two letters (endings)."""
    term = _SAFE.sub("", term.lower().replace("ё", "е")).strip("-")
    return term[:-2] if len(term) >= 7 else term


def term_expression(term: str) -> str | None:
    base = stem(term)
    if not base:
        return None
    quoted = '"' + base.replace('"', '""') + '"'
    return f"{quoted} *" if base != _SAFE.sub("", term.lower().replace("ё", "е")) else quoted


def group_expression(alternatives: list[str]) -> str | None:
    parts = [p for p in dict.fromkeys(term_expression(t) for t in alternatives) if p]
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else "(" + " OR ".join(parts) + ")"


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
    groups = [g for g in groups if any(stem(t) for t in g)][:MAX_TERMS]
    groups = [g for g in groups if group_expression(g)]
    if not groups:
        return []
    frequencies = [store.term_frequency([stem(t) for t in g]) for g in groups]
    if all(frequencies):
        expression = " AND ".join(group_expression(g) for g in groups)
        rows = store.search_sentences(
            expression,
            limit=limit,
            published_by=published_by,
            by_rank=min(frequencies) <= RANK_LIMIT,
        )
        if rows or len(groups) == 1:
            return [Hit(row, len(groups)) for row in rows]

    total = max(store.sentence_count(), 1)
    pairs = list(zip(groups, frequencies, strict=True))
    rare = [g for g, f in pairs if f and f <= COMMON_SHARE * total]
    chosen = rare or [g for g, f in pairs if f]
    if not chosen:
        return []
    expression = " OR ".join(group_expression(g) for g in chosen)
    matches = sum(f for g, f in pairs if g in chosen)
    rows = store.search_sentences(
        expression, limit=limit * 5, published_by=published_by, by_rank=matches <= RANK_LIMIT
    )
    needed = max(1, math.ceil(len(chosen) / 2))
    hits = [Hit(row, count_matched(row["lemmas"], groups)) for row in rows]
    hits = [hit for hit in hits if hit.matched >= needed]
    hits.sort(key=lambda hit: (-hit.matched, hit.row["rank"]))
    return hits[:limit]
