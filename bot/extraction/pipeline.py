"""Article text + publication date -> ArticleFacts. Each extractor is a pure function.

The article is prepared once (sentences, natasha's parse); its tokens with the people, places
and dates located in them (the view) and its event mentions are computed once too and handed
to the extractors that need them.
"""

from __future__ import annotations

from datetime import date

from bot.extraction.agreements import find_agreements
from bot.extraction.article_context import article_view
from bot.extraction.dates import find_dates
from bot.extraction.document import prepare
from bot.extraction.entities import find_entities
from bot.extraction.events import find_event_mentions
from bot.extraction.people import find_people
from bot.models import ArticleFacts
from bot.nlp import lemmas


def extract_facts(text: str, published: date, dateline: str | None = None) -> ArticleFacts:
    adoc = prepare(text, published, dateline)
    dates = find_dates(adoc)
    people = find_people(adoc)
    entities = find_entities(adoc)
    view = article_view(adoc, dates, people, entities)
    mentions = find_event_mentions(adoc, view, people)
    agreements = find_agreements(adoc, dates, people, entities, view=view, events=mentions)
    return ArticleFacts(
        sentences=[s.text for s in adoc.sentences],
        people=people,
        entities=entities,
        dates=dates,
        events=[found.event for found in mentions],
        agreements=agreements,
        sentence_lemmas=[" ".join(lemmas(s.text)) for s in adoc.sentences],
    )
