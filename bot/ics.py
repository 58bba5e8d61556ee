"""Upcoming events as an iCalendar file that Google, Apple and Outlook calendars import.

Every event upcoming as of today is in it (bot/upcoming.py: the same events /start counts and
/upcoming lists), each TENTATIVE, since an article announced it and nobody confirmed it yet.
Day-precise events are all-day (VALUE=DATE; articles give days, not hours) with an exclusive
DTEND, as RFC 5545 wants. An event known only to its month or year is not a month- or year-long
block: it is one all-day entry on the first day it could take place, its title saying that the
date is to be confirmed. Titles and descriptions are in the reader's language. The UID is
derived from the event's identity, not its row id, so importing a newer file updates events
instead of duplicating them.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime, timedelta

from icalendar import Calendar, Event

from bot import geo
from bot.digest import EventItem, event_items
from bot.i18n import format_span, tr
from bot.search.aliases import latin_name, latin_place
from bot.store import Store
from bot.vocab import event_label

PRODID = "-//kzcn-briefing//Kazakhstan-China briefings//RU"


def event_uid(item: EventItem) -> str:
    identity = "|".join([item.type, item.start, item.end, item.place or "", item.title])
    return hashlib.sha1(identity.encode()).hexdigest()[:20] + "@kzcn-briefing"


def calendar_bytes(
    store: Store, today: date, horizon_days: int | None = None, lang: str = "ru"
) -> tuple[bytes, int]:
    """The .ics content of the events upcoming as of `today` (those starting within
    `horizon_days`, when given), and how many events it holds."""
    until = today + timedelta(days=horizon_days) if horizon_days is not None else None
    items = event_items(store, today, until)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", tr(lang, "Казахстан–Китай", "Kazakhstan–China"))
    stamp = datetime.now(UTC).replace(microsecond=0)
    for item in items:
        calendar.add_component(_vevent(item, stamp, today, lang))
    return calendar.to_ical(), len(items)


def summary(item: EventItem, lang: str) -> str:
    """The event's title in the reader's language: the article's own in Russian; in English
    composed from its type, participants and place («Talks: Wang Yi and Murat Nurtleu, Chengdu»)."""
    if lang != "en":
        return item.title or event_label(item.type, lang)
    title = event_label(item.type, "en").capitalize()
    people = [latin_name(name) or name for name in item.participants[:3]]
    if people:
        title += ": " + (" and ".join(people) if len(people) <= 2 else ", ".join(people))
    if item.place:
        title += ", " + (geo.latin(item.place) or latin_place(item.place) or item.place)
    return title


def _vevent(item: EventItem, stamp: datetime, today: date, lang: str) -> Event:
    event = Event()
    event.add("uid", event_uid(item))
    event.add("dtstamp", stamp)
    title = summary(item, lang)
    lines = []
    start = date.fromisoformat(item.start)
    if item.precision == "day":
        event.add("dtstart", start)
        event.add("dtend", date.fromisoformat(item.end) + timedelta(days=1))
    else:
        when = format_span(item.start, item.end, item.precision, lang)
        title += tr(lang, f" — дата уточняется ({when})", f" — date to be confirmed ({when})")
        lines.append(
            tr(
                lang,
                f"Точная дата не объявлена: ожидается {when}.",
                f"The exact date has not been announced: expected {when}.",
            )
        )
        first_possible = max(start, today + timedelta(days=1))
        event.add("dtstart", first_possible)
        event.add("dtend", first_possible + timedelta(days=1))
    event.add("summary", title)
    if item.place:
        place = item.place if lang != "en" else geo.latin(item.place) or latin_place(item.place)
        event.add("location", place or item.place)
    if item.participants:
        people = (
            item.participants if lang != "en" else [latin_name(p) or p for p in item.participants]
        )
        lines.append(tr(lang, "Участники: ", "Participants: ") + ", ".join(people))
    for source in item.sources:
        cite = ", ".join(filter(None, [source.title, source.source, source.published[:10]]))
        lines.append(tr(lang, "Источник: ", "Source: ") + cite)
        if source.url:
            lines.append(source.url)
    event.add("description", "\n".join(lines) if lines else title)
    url = next((s.url for s in item.sources if s.url), None)
    if url:
        event.add("url", url)
    event.add("status", "TENTATIVE")  # announced in an article, not confirmed
    event.add("transp", "TRANSPARENT")
    return event
