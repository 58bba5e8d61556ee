"""Sentences in answers: the whole sentence, led by the dates resolved in it.

A sentence is quoted whole (a snippet cut before the number is a wrong answer); only a very
long one is cut, at a clause, around the words asked for.
"""

from __future__ import annotations

import re
from typing import Any

from bot.search.candidates import PRECISION_RANK, Candidate
from bot.search.show.view import View

WHOLE = 700  # longer sentences are lists; they are cut around what was asked
# A dateline is a place of one or two capitalised words, a day and month, then a full stop, an
# agency tag or a dash ("Астана, 30 ноября.", "Пекин, 17 окт /Синьхуа/ --"); "Несмотря на
# выходной, 7 мая для официальных лиц" is a sentence.
_PLACE = r"[А-ЯЁ][А-ЯЁа-яё-]+(?:\s[А-ЯЁ][А-ЯЁа-яё-]+)?"
_FURNITURE = re.compile(
    rf"^(?:{_PLACE}[,.]\s+\d{{1,2}}\s+[а-яё]+(?:\.\s*(?:/[^/]{{1,40}}/\.?)?|\s*/[^/]{{1,40}}/\.?)"
    r"\s*[-–—]*\s*|[A-ZА-ЯЁ ]{3,30}\s+[-–—]\s+)"
)


def clean(text: str) -> str:
    """Without the dateline and agency tag a wire story opens with ("Астана, 30 ноября.
    /Корр./ –", "KAZAKHSTAN TODAY -")."""
    text = " ".join(text.split())
    stripped = _FURNITURE.sub("", text, count=1)
    return stripped if len(stripped) >= 20 else text


def quote(text: str, needles: list[str], width: int = WHOLE) -> str:
    text = clean(text)
    if len(text) <= width:
        return text
    clauses = [c.strip() for c in re.split(r"(?<=[;:])\s+", text) if c.strip()]
    lowered = [c.lower() for c in clauses]
    scores = [sum(1 for n in needles if n and n in c) for c in lowered]
    if clauses and max(scores) > 0:
        best = scores.index(max(scores))
        start, end = best, best + 1
        while end < len(clauses) and len(" ".join(clauses[start : end + 1])) <= width:
            end += 1
        piece = " ".join(clauses[start:end])
        if len(piece) <= width:
            return ("…" if start else "") + piece + ("…" if end < len(clauses) else "")
    cut = text.rfind(" ", 0, width)
    return text[: cut if cut > width // 2 else width] + "…"


def date_lead(candidate: Candidate, view: View) -> str:
    """The sentence's date: the one fitting the period asked, else its most precise ones."""
    if candidate.fitted is not None:
        return view.span(*candidate.fitted)
    own = [d for d in candidate.dates if d.get("precision") in ("day", "month")]
    if own:
        best = sorted(own, key=lambda d: -PRECISION_RANK.get(d.get("precision") or "day", 2))
        labels = list(dict.fromkeys(view.span(d["start"], d["end"], d["precision"]) for d in best))
        return ", ".join(labels[:2])
    return view.tr("статья от ", "article of ") + view.span(candidate.published)


def line(candidate: Candidate, view: View, needles: list[str]) -> tuple[str, str]:
    return date_lead(candidate, view), view.quote(quote(candidate.text, needles))


def result(candidate: Candidate) -> dict[str, Any]:
    return {
        "type": "sentence",
        "article_id": candidate.article_id,
        "sentence": candidate.sentence,
        "text": candidate.text,
        "dates": [
            {"text": d.get("phrase"), "start": d["start"], "end": d["end"]} for d in candidate.dates
        ],
    }
