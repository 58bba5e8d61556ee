"""People with canonical names, roles and Latin aliases (stub: replaced by the people work)."""

from __future__ import annotations

from bot.extraction.document import ArticleDoc
from bot.models import Person


def find_people(adoc: ArticleDoc) -> list[Person]:
    people: dict[str, Person] = {}
    for span in adoc.doc.spans:
        if span.type == "PER" and "\n" not in span.text:
            person = people.setdefault(span.normal, Person(name=span.normal))
            person.forms.add(span.text)
            person.sentences.append(adoc.sentence_at(span.start))
    return list(people.values())
