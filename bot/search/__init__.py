"""Answers to users' questions: `answer(store, query, today)` -> a cited, structured Answer.

Also the lookups the Telegram layer needs on their own: `find_people` (inline mode, /person)
and `suggest` ("did you mean"), and `render_html_pages` for Telegram HTML.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from bot.search.aliases import alias_index, fold
from bot.search.analyse import Focus, analyse
from bot.search.answer import MAX_CITATIONS, TELEGRAM_LIMIT, Answer, Citation, Line, Section
from bot.search.fts import vocabulary
from bot.search.pipeline import safe_build_answer, suggestions_for
from bot.search.render import render_html_pages, render_plain_pages, telegram_length

__all__ = [
    "MAX_CITATIONS",
    "TELEGRAM_LIMIT",
    "Answer",
    "Citation",
    "Focus",
    "Line",
    "PersonHit",
    "Section",
    "answer",
    "find_people",
    "render_html_pages",
    "render_plain_pages",
    "suggest",
    "telegram_length",
    "warm_up",
]


def answer(
    store: Any,
    query: str,
    today: date | None = None,
    lang: str = "ru",
    focus: Focus | None = None,
) -> Answer:
    """The answer to one message as of `today` (only articles published by then count).

    `focus` fixes what is asked, for commands: /upcoming is `Focus.UPCOMING` over its words.
    """
    return safe_build_answer(store, query, today or date.today(), lang, focus)


@dataclass(frozen=True)
class PersonHit:
    person_id: int
    name: str
    mentions: int
    roles: list[str]


def find_people(store: Any, text: str, limit: int = 10) -> list[PersonHit]:
    """People a (possibly partial, misspelt, Latin or inflected) name may mean, best first.

    Exact and fuzzy matches come first; then people with an alias starting with the text, which
    is what inline mode has while the user is still typing.
    """
    index = alias_index(store)
    ids: list[int] = []
    found = index.lookup(text)
    if found:
        ids += found[0]
    for match in index.find_people_in(text.split()[:12])[0]:
        ids += match.person_ids
    if len(fold(text)) >= 2:
        ids += index.prefix_people(text, limit)
    hits = []
    for person_id in list(dict.fromkeys(ids))[:limit]:
        name, mentions = index.people[person_id]
        roles = list(dict.fromkeys(row["title"] for row in store.person_roles(person_id, limit=5)))
        hits.append(PersonHit(person_id, name, mentions, roles))
    return hits


def warm_up(store: Any) -> None:
    """Build the in-memory name index and vocabulary now (about 1.5 s at 100k articles) rather
    than during the first question; call at start-up and after bulk ingests."""
    alias_index(store)
    vocabulary(store)


def suggest(store: Any, text: str, limit: int = 5) -> list[str]:
    """Names and corpus words closest to `text`, for "Возможно, вы имели в виду …"."""
    index = alias_index(store)
    analysis = analyse(text, date.today(), index, vocabulary(store))
    return suggestions_for(store, index, analysis, limit)
