"""Roles in answers: "Мурат Нуртлеу — министр иностранных дел Казахстана (на 1 декабря 2023)".

A role is dated by its article: it held when the article was written.
"""

from __future__ import annotations

from typing import Any

from bot.search.candidates import Candidate
from bot.search.show.view import View


def subject(candidate: Candidate, view: View) -> str:
    return f"{view.person(candidate.row['name'])} — {view.quote(candidate.row['title'])}"


def as_of(candidate: Candidate, view: View) -> str:
    return view.tr("на ", "as of ") + view.span(candidate.published)


def line(candidate: Candidate, view: View) -> tuple[str, str]:
    return as_of(candidate, view), subject(candidate, view)


def result(candidate: Candidate) -> dict[str, Any]:
    row = candidate.row
    return {
        "type": "role",
        "person_id": row.get("person_id"),
        "name": row.get("name"),
        "title": row["title"],
        "as_of": row["published"],
        "article_id": row["article_id"],
    }
