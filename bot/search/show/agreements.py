"""Documents in answers: "17 октября 2023 — Протокол о …; стороны: …; подписано"."""

from __future__ import annotations

import json
from typing import Any

from bot.search.candidates import Candidate
from bot.search.show.view import View
from bot.vocab import document_label, status_label


def parties(candidate: Candidate) -> list[str]:
    raw = candidate.row.get("parties")
    try:
        return list(json.loads(raw)) if raw else []
    except (TypeError, ValueError):
        return []


def subject(candidate: Candidate, view: View) -> str:
    row = candidate.row
    kind = row.get("type") or ""
    title = row.get("title") or document_label(kind, view.lang)
    value = row.get("value")
    if value and value not in title:  # the value a later sentence gave the package
        title += view.tr(" на сумму ", ", worth ") + value
    if view.english:
        label = document_label(kind, "en").capitalize()
        return f"{label}: «{title}»" if title and title.lower() != kind else label
    if kind and kind.split()[0].lower() not in title.lower():
        return f"{document_label(kind, 'ru').capitalize()}: {title}"
    return title


def line(candidate: Candidate, view: View) -> tuple[str, str]:
    row = candidate.row
    text = subject(candidate, view)
    signed_by = parties(candidate)
    if signed_by:
        text += view.tr("; стороны: ", "; parties: ") + ", ".join(view.party(p) for p in signed_by)
    status = status_label(row.get("status"), view.lang)
    if status:
        text += f" ({status})"
    if row.get("start"):
        lead = view.span(row["start"], row.get("end"), row.get("precision"))
    else:
        lead = view.tr("статья от ", "article of ") + view.span(row["published"])
    return lead, text


def result(candidate: Candidate) -> dict[str, Any]:
    row = candidate.row
    return {
        "type": "agreement",
        "id": row.get("id"),
        "agreement_type": row.get("type"),
        "title": row.get("title"),
        "parties": parties(candidate),
        "start": row.get("start"),
        "end": row.get("end"),
        "status": row.get("status"),
        "article_id": row["article_id"],
        "evidence": candidate.text,
    }
