"""What "upcoming" means, wherever the bot says it: the /start and /stats counts, /upcoming,
the «предстоит» marks of /article, digests and the .ics export.

An event is upcoming as of `today` when it was announced (extracted as "upcoming" from an
article published on or before today) and is not over: it starts today or later, or it is under
way (a tour of 12–20 May asked about on 13 May, "what's on this week?"). An event known only to
its month or year («в июле», «в 2025 году») starts on a day not announced yet: it is upcoming
until its month or year is over, since that day may still lie ahead. So an event of 2015 is
never upcoming in 2026, whatever its article said then.

The store applies the same rule in SQL (`Store.upcoming_events`, `Store.upcoming_count`);
tests/test_upcoming.py holds the two to the same table of cases. One real event announced by
several articles is one upcoming event: rows are merged by `event_key`.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

ANNOUNCED = "upcoming"  # the status extraction gives an event its article announces
VAGUE_PRECISIONS = ("month", "year")


def not_over(start: str | None, end: str | None, today: date) -> bool:
    """Does an event with this date last until `today` or beyond? Its last day is the end of
    its span: a visit's last day, or the last day its month or year leaves open."""
    return bool(start) and (end or start) >= today.isoformat()


def under_way(start: str | None, end: str | None, precision: str | None, today: date) -> bool:
    """Has an event of known days started by `today` and not ended?"""
    return (
        precision not in VAGUE_PRECISIONS
        and bool(start)
        and start <= today.isoformat() <= (end or start)
    )


def is_upcoming(event: Mapping[str, Any], published: str, today: date) -> bool:
    """An event row (status, start, end, precision) of an article published on `published`."""
    return (
        event.get("status") == ANNOUNCED
        and published[:10] <= today.isoformat()
        and not_over(event.get("start"), event.get("end"), today)
    )


def event_key(event: Mapping[str, Any]) -> tuple[str, str, str, str]:
    """One real event however many articles announced it: its type, dates and place."""
    return (
        event.get("type") or "",
        event.get("start") or "",
        event.get("end") or event.get("start") or "",
        event.get("place") or "",
    )
