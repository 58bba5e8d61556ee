"""What the answering stages pass along: one candidate answer with its evidence and its score.

A candidate is a structured fact (an event, a document, a role) or a bare sentence, always with
the sentence it came from, the dates resolved in that sentence and the people it names, so the
scorer can judge every kind by the same measures and the composer can quote it whole.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

EVENT, AGREEMENT, ROLE, SENTENCE = "event", "agreement", "role", "sentence"
PRECISION_RANK = {"year": 0, "month": 1, "day": 2}


@dataclass
class Candidate:
    kind: str  # EVENT | AGREEMENT | ROLE | SENTENCE
    row: dict[str, Any]  # the store's row, with its article's citation columns
    text: str = ""  # the evidence sentence, whole
    lemmas: str = ""  # the sentence's lemmas, as indexed for full-text search
    people: set[int] = field(default_factory=set)  # named in the sentence or taking part
    names: list[str] = field(default_factory=list)  # the same, as names, in order
    dates: list[dict[str, Any]] = field(default_factory=list)  # resolved in the sentence
    # an undated sentence's: those of the sentence just before that has any ("За 2023 год
    # товарооборот составил ... . Экспорт вырос до 14,7 млрд")
    context_dates: list[dict[str, Any]] = field(default_factory=list)
    after: str = ""  # the sentence that follows, when the answer needs its context
    before: str = ""  # the sentence before, when it is what dates this one
    roles: dict[str, str] = field(default_factory=dict)  # its people's roles in its article
    rank: float | None = None  # bm25 of the sentence (lower is better), when it was searched
    fitted: tuple[str, str, str] | None = None  # a sentence's date that fits the period asked
    score: float = 0.0
    parts: dict[str, float] = field(default_factory=dict)  # the score's terms, for debugging

    @property
    def article_id(self) -> int:
        return self.row["article_id"]

    @property
    def sentence(self) -> int:
        return self.row["sentence"]

    @property
    def key(self) -> tuple[int, int]:
        return self.article_id, self.sentence

    @property
    def identity(self) -> tuple[Any, ...]:
        if self.kind == SENTENCE:
            return (SENTENCE, *self.key)
        return (self.kind, self.row.get("id"), *self.key)

    @property
    def title(self) -> str:
        return self.row.get("title") or ""

    @property
    def published(self) -> str:
        return self.row["published"]

    def own_span(self) -> tuple[str, str, str] | None:
        """(start, end, precision) the fact or its sentence states; None when only the article
        is dated. A sentence's most precise date wins."""
        if self.kind in (EVENT, AGREEMENT) and self.row.get("start"):
            row = self.row
            return row["start"], row.get("end") or row["start"], row.get("precision") or "day"
        if self.dates:
            best = max(self.dates, key=lambda d: PRECISION_RANK.get(d.get("precision") or "day", 2))
            return best["start"], best["end"], best.get("precision") or "day"
        return None

    def fitting_span(
        self, low: str | None, high: str | None, *, context: bool = True
    ) -> tuple[str, str, str]:
        """The candidate's dates that fit a period ("А 2017 год обещает ... установлены 3
        января 1992 года" is about 2017 when 2017 is asked), an undated sentence's those of the
        sentences before it (unless `context` is off), else its best dates. Remembered:
        the answer shows and orders the sentence by that date."""
        self.fitted = None
        dated = self.dates or (self.context_dates if context else [])
        if self.kind == SENTENCE and dated and (low or high):
            fitting = [
                d
                for d in dated
                if (low is None or d["end"] >= low) and (high is None or d["start"] <= high)
            ]
            if fitting:
                best = max(
                    fitting, key=lambda d: PRECISION_RANK.get(d.get("precision") or "day", 2)
                )
                self.fitted = best["start"], best["end"], best.get("precision") or "day"
                return self.fitted
        return self.span()

    def dated_by_context(self) -> bool:
        """Its date fitting the period asked is the sentences' before it, not its own."""
        return self.kind == SENTENCE and not self.dates and self.fitted is not None

    def span(self) -> tuple[str, str, str]:
        """The candidate's dates: those fitting the period asked, its own, else its article's
        publication day."""
        return self.fitted or self.own_span() or (self.published, self.published, "day")
