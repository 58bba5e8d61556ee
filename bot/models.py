"""The facts extraction produces and the store keeps: plain dataclasses, no behaviour.

Every fact carries `sentence`, the index of the article sentence it came from, so answers can
quote their evidence and `briefing show` can print it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

Precision = Literal["day", "month", "year"]
EntityKind = Literal["org", "place"]
EventStatus = Literal["past", "upcoming"]
AgreementStatus = Literal["signed", "planned"]


@dataclass(frozen=True, slots=True)
class DateSpan:
    """A resolved date or period: `start`..`end` inclusive, as precise as the text allowed."""

    start: date
    end: date
    precision: Precision = "day"

    def overlaps(self, other: DateSpan) -> bool:
        return self.start <= other.end and other.start <= self.end


@dataclass(slots=True)
class DateMention:
    """A date phrase in the text and what it resolves to against the publication date."""

    text: str
    span: DateSpan
    start: int  # character offsets in the article text
    end: int
    sentence: int
    relative: bool = False  # "накануне", "в следующем году": resolved, not written out


@dataclass(slots=True)
class Role:
    title: str  # as stated: "министр иностранных дел КНР"
    sentence: int


@dataclass(slots=True)
class Person:
    """One real person in one article, every form of their name merged."""

    name: str  # canonical nominative full name: "Касым-Жомарт Токаев"
    first: str | None = None
    last: str | None = None
    patronymic: str | None = None
    forms: set[str] = field(default_factory=set)  # surface forms seen: "Токаевым", "К.Токаев"
    latin: set[str] = field(default_factory=set)  # "Kassym-Jomart Tokayev", "Tokayev"
    roles: list[Role] = field(default_factory=list)
    sentences: list[int] = field(default_factory=list)


@dataclass(slots=True)
class Entity:
    """An organisation or a place, by its normal form."""

    kind: EntityKind
    name: str  # "ШОС", "Астана"
    forms: set[str] = field(default_factory=set)
    sentences: list[int] = field(default_factory=list)


# Where a fact's date comes from: its own words ("3 июля"), its context (the dateline, the
# event it belongs to), or only the day its article was published.
DatedBy = Literal["text", "context", "publication"]


@dataclass(slots=True)
class Event:
    type: str  # visit, summit, talks, meeting, forum, parade, call, ...
    title: str  # "Саммит ШОС в Астане"
    when: DateSpan | None
    place: str | None
    participants: list[str]  # canonical person names (Person.name)
    status: EventStatus
    sentence: int
    dated_by: DatedBy | None = None


@dataclass(slots=True)
class Agreement:
    type: str  # соглашение, меморандум о взаимопонимании, ..., "пакет документов"
    title: str  # as in the text
    parties: list[str]  # people, governments or bodies named as signatories
    when: DateSpan | None
    status: AgreementStatus
    sentence: int
    dated_by: DatedBy | None = None
    count: int | None = None  # a package: how many documents ("подписано 33 документа")
    value: str | None = None  # its value as written ("23,6 млрд долларов")
    in_force: DateSpan | None = None  # when it enters (entered) into force


@dataclass(slots=True)
class ArticleFacts:
    """Everything extracted from one article."""

    sentences: list[str]
    people: list[Person] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    agreements: list[Agreement] = field(default_factory=list)
    # Lemmatised sentences for full-text search, computed with the facts so bulk ingest does
    # this work in its extraction processes; empty means "compute when saving".
    sentence_lemmas: list[str] = field(default_factory=list)


@dataclass(slots=True)
class ArticleMeta:
    """What is known about an article besides its text (from a manifest, flags or /add)."""

    published: date
    title: str | None = None
    source: str | None = None
    author: str | None = None
    url: str | None = None
    dateline: str | None = None
    file: str | None = None  # the source file's name, when the article came from a file
