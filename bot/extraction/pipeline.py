"""Article text + publication date -> ArticleFacts. Each extractor is a pure function."""

from __future__ import annotations

from datetime import date

from bot.extraction.agreements import find_agreements
from bot.extraction.dates import find_dates
from bot.extraction.document import prepare
from bot.extraction.entities import find_entities
from bot.extraction.events import find_events
from bot.extraction.people import find_people
from bot.models import ArticleFacts
from bot.nlp import lemmas


def extract_facts(text: str, published: date, dateline: str | None = None) -> ArticleFacts:
    adoc = prepare(text, published, dateline)
    dates = find_dates(adoc)
    people = find_people(adoc)
    entities = find_entities(adoc)
    return ArticleFacts(
        sentences=[s.text for s in adoc.sentences],
        people=people,
        entities=entities,
        dates=dates,
        events=find_events(adoc, dates, people, entities),
        agreements=find_agreements(adoc, dates, people, entities),
        sentence_lemmas=[" ".join(lemmas(s.text)) for s in adoc.sentences],
    )
