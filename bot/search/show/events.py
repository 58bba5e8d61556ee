"""Events in answers: "3–4 июля 2024 — Саммит ШОС, Астана; участники: …"."""

from __future__ import annotations

from typing import Any

from bot.search.candidates import Candidate
from bot.search.show.view import View
from bot.upcoming import not_over, under_way
from bot.vocab import event_label


def participants(candidate: Candidate) -> list[str]:
    names = candidate.row.get("participants") or ""
    return [n.strip() for n in names.split(",") if n.strip()]


def subject(candidate: Candidate, view: View) -> str:
    """What the event is: its title in Russian; composed from its parts in English
    ("Talks: Wang Yi and Murat Nurtleu, Chengdu")."""
    row = candidate.row
    if not view.english:
        return row.get("title") or event_label(row.get("type"), "ru").capitalize()
    label = event_label(row.get("type"), "en").capitalize()
    people = [view.person(n) for n in participants(candidate)[:3]]
    text = label
    if row.get("type") == "visit" and people:  # its first participant is the visitor
        where = f" to {view.place(row['place'])}" if row.get("place") else ""
        return f"{label}: {people[0]}{where}"
    if people:
        text += ": " + (
            people[0] if len(people) == 1 else ", ".join(people[:-1]) + " and " + people[-1]
        )
    if row.get("place"):
        text += f", {view.place(row['place'])}"
    return text


def status_note(candidate: Candidate, view: View) -> str:
    row = candidate.row
    if row.get("status") != "upcoming":
        return ""
    # one meaning of "upcoming" (bot/upcoming.py): a year-known visit is ahead all that year
    start, end = row.get("start"), row.get("end")
    if view.today is not None and under_way(start, end, row.get("precision"), view.today):
        return view.tr(" (идёт)", " (under way)")
    if view.today is None or not_over(start, end, view.today):
        return view.tr(" (предстоит)", " (upcoming)")
    return view.tr(" (по анонсу)", " (as announced)")


def line(candidate: Candidate, view: View, *, all_people: bool = False) -> tuple[str, str]:
    """(lead, text): the date, and what · where · who."""
    row = candidate.row
    text = subject(candidate, view)
    if row.get("place") and (view.english is False) and view.place(row["place"]) not in text:
        text += f", {view.place(row['place'])}"
    people = participants(candidate)
    if people:
        text += view.tr("; участники: ", "; participants: ") + view.people(
            people, limit=40 if all_people else 6
        )
    text += status_note(candidate, view)
    return view.span(row.get("start"), row.get("end"), row.get("precision")), text


def result(candidate: Candidate) -> dict[str, Any]:
    row = candidate.row
    return {
        "type": "event",
        "id": row.get("id"),
        "event_type": row.get("type"),
        "title": row.get("title"),
        "start": row.get("start"),
        "end": row.get("end"),
        "precision": row.get("precision"),
        "place": row.get("place"),
        "status": row.get("status"),
        "participants": row.get("participants"),
        "article_id": row["article_id"],
        "evidence": candidate.text,
    }
