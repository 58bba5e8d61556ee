"""One meaning of "upcoming" (bot/upcoming.py), held to a table of cases in Python and in SQL."""

from __future__ import annotations

from datetime import date

import pytest
from icalendar import Calendar

from bot.digest import build_digest
from bot.ics import calendar_bytes
from bot.models import ArticleFacts, ArticleMeta, DateSpan, Event
from bot.store import open_store
from bot.upcoming import is_upcoming

TODAY = date(2024, 6, 20)

# (what, published, status, start, end, precision, upcoming as of TODAY)
CASES = [
    ("tomorrow", "2024-06-19", "upcoming", "2024-06-21", "2024-06-21", "day", True),
    ("today", "2024-06-19", "upcoming", "2024-06-20", "2024-06-20", "day", True),
    ("under way", "2024-06-10", "upcoming", "2024-06-19", "2024-06-21", "day", True),
    ("ended yesterday", "2024-06-10", "upcoming", "2024-06-17", "2024-06-19", "day", False),
    ("this month, day open", "2024-06-01", "upcoming", "2024-06-01", "2024-06-30", "month", True),
    ("last month", "2024-05-01", "upcoming", "2024-05-01", "2024-05-31", "month", False),
    ("this year, day open", "2024-01-10", "upcoming", "2024-01-01", "2024-12-31", "year", True),
    ("announced in 2015", "2015-05-07", "upcoming", "2015-09-02", "2015-09-03", "day", False),
    ("published after today", "2024-06-25", "upcoming", "2024-07-01", "2024-07-01", "day", False),
    ("reported, not announced", "2024-06-19", "past", "2024-07-01", "2024-07-01", "day", False),
    ("no date", "2024-06-19", "upcoming", None, None, None, False),
]


def span(start: str | None, end: str | None, precision: str | None) -> DateSpan | None:
    if start is None:
        return None
    return DateSpan(date.fromisoformat(start), date.fromisoformat(end), precision)


@pytest.fixture
def store():
    store = open_store(":memory:")
    for n, (what, published, status, start, end, precision, _) in enumerate(CASES):
        event = Event("forum", what, span(start, end, precision), f"Город {n}", [], status, 0)
        facts = ArticleFacts(sentences=[what], events=[event])
        meta = ArticleMeta(published=date.fromisoformat(published), title=what)
        store.save_article(f"case-{n}", what, f"hash-{n}", meta, facts)
    return store


@pytest.mark.parametrize("case", CASES, ids=[case[0] for case in CASES])
def test_python_and_sql_agree_on_every_case(store, case) -> None:
    what, published, status, start, end, precision, expected = case
    row = {"status": status, "start": start, "end": end, "precision": precision}
    assert is_upcoming(row, published, TODAY) is expected
    in_sql = {row["title"] for row in store.upcoming_events(TODAY, limit=None)}
    assert (what in in_sql) is expected


def test_counts_digests_and_the_calendar_hold_the_same_events(store) -> None:
    expected = {case[0] for case in CASES if case[-1]}
    assert store.upcoming_count(TODAY) == len(expected) == store.stats(TODAY)["upcoming_events"]
    assert {e.title for e in build_digest(store, TODAY, horizon_days=365).events} == expected
    content, count = calendar_bytes(store, TODAY)
    assert count == len(expected)
    events = list(Calendar.from_ical(content).walk("VEVENT"))
    assert {str(e["summary"]).split(" — ")[0] for e in events} == expected


def test_one_event_announced_twice_counts_once(store) -> None:
    event = Event(
        "forum",
        "tomorrow again",
        span("2024-06-21", "2024-06-21", "day"),
        "Город 0",
        [],
        "upcoming",
        0,
    )
    meta = ArticleMeta(published=date(2024, 6, 18), title="another site")
    store.save_article(
        "again", "again", "hash-again", meta, ArticleFacts(["again"], events=[event])
    )
    expected = sum(1 for case in CASES if case[-1])
    assert store.upcoming_count(TODAY) == expected
    assert len(build_digest(store, TODAY, horizon_days=365).events) == expected
    assert calendar_bytes(store, TODAY)[1] == expected


def test_an_event_known_to_its_month_is_one_tentative_day_to_be_confirmed(store) -> None:
    events = list(Calendar.from_ical(calendar_bytes(store, TODAY)[0]).walk("VEVENT"))
    month = next(e for e in events if str(e["summary"]).startswith("this month"))
    assert str(month["summary"]) == "this month, day open — дата уточняется (июнь 2024)"
    assert (month.decoded("dtstart"), month.decoded("dtend")) == (
        date(2024, 6, 21),
        date(2024, 6, 22),
    )
    assert str(month["status"]) == "TENTATIVE"
    assert "Точная дата не объявлена" in str(month["description"])
    english = list(Calendar.from_ical(calendar_bytes(store, TODAY, lang="en")[0]).walk("VEVENT"))
    assert sorted(str(e["summary"]) for e in english)[0].startswith("Forum, ")
    assert any("date to be confirmed (June 2024)" in str(e["summary"]) for e in english)
