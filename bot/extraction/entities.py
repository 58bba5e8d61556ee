"""Organisations and places (stub: replaced by the people work)."""

from __future__ import annotations

from bot.extraction.document import ArticleDoc
from bot.models import Entity


def find_entities(adoc: ArticleDoc) -> list[Entity]:
    found: dict[tuple[str, str], Entity] = {}
    for span in adoc.doc.spans:
        if span.type in ("ORG", "LOC"):
            kind = "org" if span.type == "ORG" else "place"
            entity = found.setdefault((kind, span.normal), Entity(kind=kind, name=span.normal))
            entity.forms.add(span.text)
            entity.sentences.append(adoc.sentence_at(span.start))
    return list(found.values())
