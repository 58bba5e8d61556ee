"""Signed and planned documents (stub: replaced by the events work)."""

from __future__ import annotations

from bot.extraction.document import ArticleDoc
from bot.models import Agreement, DateMention, Entity, Person


def find_agreements(
    adoc: ArticleDoc, dates: list[DateMention], people: list[Person], entities: list[Entity]
) -> list[Agreement]:
    return []
