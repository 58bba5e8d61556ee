"""Visits, summits, talks... (stub: replaced by the events work)."""

from __future__ import annotations

from bot.extraction.document import ArticleDoc
from bot.models import DateMention, Entity, Event, Person


def find_events(
    adoc: ArticleDoc, dates: list[DateMention], people: list[Person], entities: list[Entity]
) -> list[Event]:
    return []
