"""Upcoming events as an iCalendar file that Google, Apple and Outlook calendars import.

Events are all-day (VALUE=DATE) because articles give days, not hours; DTEND is exclusive, as
RFC 5545 wants. The UID is derived from the event's identity, not its row id, so importing a
newer file updates events instead of duplicating them.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime, timedelta

from icalendar import Calendar, Event

from bot.digest import EventItem, build_digest
from bot.store import Store

PRODID = "-//kzcn-briefing//Kazakhstan-China briefings//RU"


def event_uid(item: EventItem) -> str:
    identity = "|".join([item.type, item.start, item.end, item.place or "", item.title])
    return hashlib.sha1(identity.encode()).hexdigest()[:20] + "@kzcn-briefing"


def calendar_bytes(
    store: Store, today: date, horizon_days: int = 365, lang: str = "ru"
) -> tuple[bytes, int]:
    """The .ics content of announced events from `today` on, and how many events it holds."""
    digest = build_digest(store, today=today, horizon_days=horizon_days, lang=lang, max_events=500)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", "Казахстан–Китай" if lang == "ru" else "Kazakhstan–China")
    stamp = datetime.now(UTC).replace(microsecond=0)
    for item in digest.events:
        calendar.add_component(_vevent(item, stamp, lang))
    return calendar.to_ical(), len(digest.events)


def _vevent(item: EventItem, stamp: datetime, lang: str) -> Event:
    event = Event()
    event.add("uid", event_uid(item))
    event.add("dtstamp", stamp)
    event.add("summary", item.title or item.type)
    event.add("dtstart", date.fromisoformat(item.start))
    event.add("dtend", date.fromisoformat(item.end) + timedelta(days=1))
    if item.place:
        event.add("location", item.place)
    lines = []
    if item.precision != "day":
        lines.append(
            "Дата известна с точностью до " + ("месяца" if item.precision == "month" else "года")
            if lang == "ru"
            else f"Date known only to the {item.precision}"
        )
    if item.participants:
        label = "Участники" if lang == "ru" else "Participants"
        lines.append(f"{label}: {', '.join(item.participants)}")
    for source in item.sources:
        cite = ", ".join(filter(None, [source.title, source.source, source.published[:10]]))
        lines.append(("Источник: " if lang == "ru" else "Source: ") + cite)
        if source.url:
            lines.append(source.url)
    if lines:
        event.add("description", "\n".join(lines))
    url = next((s.url for s in item.sources if s.url), None)
    if url:
        event.add("url", url)
    event.add("status", "TENTATIVE" if item.precision != "day" else "CONFIRMED")
    event.add("transp", "TRANSPARENT")
    return event
