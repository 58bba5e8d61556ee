"""Where people and places sit in a sentence, and the article's dateline: what event and
agreement extraction needs from the other extractors' results, located in the text."""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from bot.extraction.cast import cast_of, described, home_country
from bot.extraction.dates import reviews_period
from bot.extraction.document import ArticleDoc
from bot.extraction.phrases import Tok, sentence_tokens
from bot.extraction.tense import SPEECH_VERBS, clause_bounds
from bot.models import DateMention, DateSpan, Entity, Person

_LOCATIVE_PREPS = {"в", "во", "на"}
_LEDE_SENTENCES = 4
_LEDE_MAX_AGE = timedelta(days=31)


@dataclass(frozen=True, slots=True)
class Occurrence:
    """One occurrence of a person's or a place's name inside a sentence."""

    name: str
    start: int
    end: int
    case: str | None  # natasha's case of the name's last word
    prep: str | None  # the word just before, lower-cased, when it is a preposition


def _find_forms(text: str, base: int, forms: set[str]) -> list[tuple[int, int]]:
    spans = []
    for form in sorted(forms, key=len, reverse=True):
        if not form.strip():
            continue
        pattern = r"(?<![\w-])" + re.escape(form) + r"(?![\w-])"
        for match in re.finditer(pattern, text):
            start, end = base + match.start(), base + match.end()
            if not any(s <= start < e for s, e in spans):
                spans.append((start, end))
    return spans


def _described(
    adoc: ArticleDoc,
    tokens: list[list[Tok]],
    starts: list[list[int]],
    people: list[Person],
    people_at: dict[int, list[tuple[Person, Occurrence | None]]],
    dateline_place: str | None,
) -> dict[int, list[tuple[Person, Occurrence]]]:
    """People each sentence names only by a description ("китайский лидер", "стороны")."""
    found: dict[int, list[tuple[Person, Occurrence]]] = {}
    home = home_country(dateline_place, adoc.text)
    members = cast_of(people, home)
    if not members:
        return found
    for sentence in adoc.sentences:
        here = people_at.get(sentence.index, [])
        named = {person.name for person, _ in here}
        for member, start, end in described(sentence.text, members, home):
            person = member.person
            if person.name in named:
                continue
            toks, offs = tokens[sentence.index], starts[sentence.index]
            first = _token_at(toks, offs, sentence.start + start)
            last = _token_at(toks, offs, sentence.start + end - 1)
            case = toks[last].case if last is not None else None
            prep = None
            if first is not None and first > 0 and toks[first - 1].pos == "ADP":
                prep = toks[first - 1].text.lower()
            occurrence = Occurrence(
                person.name, sentence.start + start, sentence.start + end, case, prep
            )
            found.setdefault(sentence.index, []).append((person, occurrence))
            named.add(person.name)
            if sentence.index not in person.sentences:
                person.sentences.append(sentence.index)
    return found


def _token_at(tokens: list[Tok], starts: list[int], offset: int) -> int | None:
    index = bisect.bisect_right(starts, offset) - 1
    return index if index >= 0 and tokens[index].start <= offset < tokens[index].end else None


@dataclass(slots=True)
class ArticleContext:
    """People and places located per sentence, plus the dateline place and lede date."""

    people: dict[int, list[tuple[Person, Occurrence | None]]]
    # people a sentence only describes ("китайский лидер", "стороны"): participants of its
    # events, never parties of its documents (those are named)
    described: dict[int, list[tuple[Person, Occurrence]]]
    places: dict[int, list[Occurrence]]
    orgs: dict[int, list[Occurrence]]
    dates: dict[int, list[DateMention]]
    dateline_place: str | None
    lede_date: DateSpan | None


def build_context(
    adoc: ArticleDoc,
    tokens: list[list[Tok]],
    dates: list[DateMention],
    people: list[Person],
    entities: list[Entity],
) -> ArticleContext:
    people_at: dict[int, list[tuple[Person, Occurrence | None]]] = {}
    places_at: dict[int, list[Occurrence]] = {}
    orgs_at: dict[int, list[Occurrence]] = {}
    starts = [[t.start for t in sentence] for sentence in tokens]

    def occurrences(index: int, name: str, forms: set[str]) -> list[Occurrence]:
        if not 0 <= index < len(adoc.sentences):
            return []
        sentence = adoc.sentences[index]
        found = []
        for start, end in _find_forms(sentence.text, sentence.start, forms | {name}):
            toks, offs = tokens[index], starts[index]
            last = _token_at(toks, offs, end - 1)
            first = _token_at(toks, offs, start)
            case = toks[last].case if last is not None else None
            found.append(Occurrence(name, start, end, case, _preposition(toks, first)))
        return sorted(found, key=lambda o: o.start)

    for person in people:
        for index in sorted(set(person.sentences)):
            found = occurrences(index, person.name, person.forms)
            if found and _addressed(
                adoc.sentences[index].text, found[0], adoc.sentences[index].start
            ):
                continue
            people_at.setdefault(index, []).append((person, found[0] if found else None))
    described_at = _described(adoc, tokens, starts, people, people_at, adoc.dateline)
    for found_people in people_at.values():
        found_people.sort(key=lambda item: item[1].start if item[1] else 10**9)
    for entity in entities:
        target = places_at if entity.kind == "place" else orgs_at
        for index in sorted(set(entity.sentences)):
            target.setdefault(index, []).extend(occurrences(index, entity.name, entity.forms))
    for found in (*places_at.values(), *orgs_at.values()):
        found.sort(key=lambda o: o.start)
    dateline = _dateline(adoc, places_at)
    dates_at: dict[int, list[DateMention]] = {}
    for mention in dates:
        if not reviews_period(adoc.text, mention):  # "итоги за 2024 год" dates no fact
            dates_at.setdefault(mention.sentence, []).append(mention)
    return ArticleContext(
        people=people_at,
        described=described_at,
        places=places_at,
        orgs=orgs_at,
        dates=dates_at,
        # the text's own dateline, else one the article's metadata gave (when the document
        # carries it: ArticleMeta.dateline, e.g. "Астана" for an article whose text has none)
        dateline_place=dateline[0] if dateline else adoc.dateline,
        lede_date=_lede_date(adoc, dates_at, dateline[1] if dateline else None),
    )


_ADDRESS_OPENING = re.compile(r"[\s\-–—]*")


def _addressed(text: str, occ: Occurrence, base: int) -> bool:
    """ "– Шахрат Шаяхметович, когда соберутся лидеры?": the interviewer addresses the person;
    the question is not about them taking part."""
    before, after = text[: occ.start - base], text[occ.end - base :]
    return (
        _ADDRESS_OPENING.fullmatch(before) is not None
        and after.startswith(",")
        and text.rstrip().endswith("?")
    )


def article_view(
    adoc: ArticleDoc, dates: list[DateMention], people: list[Person], entities: list[Entity]
) -> tuple[list[list[Tok]], ArticleContext]:
    """Tokens and context of an article, for the event and the agreement extractors: the
    pipeline builds it once and hands it to both."""
    tokens = sentence_tokens(adoc)
    return tokens, build_context(adoc, tokens, dates, people, entities)


_ADJECTIVES_BEFORE_PLACE = 2  # "в китайском Сиане", "в соседнем южном Шымкенте"


# "в приморском городе Циндао", "в провинции Шэньси": the kind of place stands in apposition
_PLACE_KINDS = frozenset({"город", "провинция", "область", "регион", "район", "столица", "округ"})


def _preposition(toks: list[Tok], first: int | None) -> str | None:
    """The preposition governing a place, over the adjectives between ("в китайском Сиане")
    and the kind of place ("в приморском городе Циндао")."""
    if first is None:
        return None
    j = first - 1
    if j >= 0 and toks[j].lemma in _PLACE_KINDS:
        j -= 1
        first = j + 1
    while j >= 0 and first - j <= _ADJECTIVES_BEFORE_PLACE and toks[j].pos == "ADJ":
        j -= 1
    return toks[j].text.lower() if j >= 0 and toks[j].pos == "ADP" else None


def is_locative(occurrence: Occurrence) -> bool:
    """ "в Астане", "на Красной площади": where something happens, not where someone goes."""
    return occurrence.prep in _LOCATIVE_PREPS and occurrence.case != "Acc"


def _dateline(
    adoc: ArticleDoc, places: dict[int, list[Occurrence]]
) -> tuple[str, tuple[int, int]] | None:
    """The place a dateline or byline names: "Чэнду. 1 декабря.", "Астана, 16 июня /Синьхуа/",
    "Ирина Севостьянова, Астана, Vласть" -- a place opening a line or standing between commas
    in a short line near the top. Returns the place and its line's character span."""
    text = adoc.text
    for sentence in adoc.sentences[: _LEDE_SENTENCES + 2]:
        for occ in places.get(sentence.index, []):
            line_start = text.rfind("\n", 0, occ.start) + 1
            line_end = text.find("\n", occ.end)
            line = text[line_start : line_end if line_end >= 0 else len(text)]
            before = text[line_start : occ.start].strip()
            after = text[occ.end : occ.end + 1]
            if after not in {",", ".", "\n", ""}:  # "14 декабря 2015 года, Пекин" ends its line
                continue
            if not before or (before.endswith(",") and len(line) <= 80):
                return occ.name, (line_start, line_start + len(line))
    return None


def _lede_date(
    adoc: ArticleDoc, dates: dict[int, list[DateMention]], dateline: tuple[int, int] | None
) -> DateSpan | None:
    """The day the story is about: the dateline's date, else the first day-precise date near
    the top that is not after publication and not long before it."""
    published = adoc.published
    candidates = [
        mention
        for sentence in adoc.sentences[: _LEDE_SENTENCES + 2]
        for mention in dates.get(sentence.index, [])
        if mention.span.precision == "day"
        and mention.span.end <= published
        and published - mention.span.start <= _LEDE_MAX_AGE
    ]
    if dateline:
        for mention in candidates:
            if dateline[0] <= mention.start < dateline[1]:
                return mention.span
    return candidates[0].span if candidates else None


def publication_span(published: date) -> DateSpan:
    return DateSpan(published, published, "day")


def told_by(tokens: Sequence[Tok], people: Sequence[tuple[Person, Occurrence | None]]) -> set[str]:
    """People who only tell the news: "Как сообщил пресс-секретарь X, ...", "..., — сказал X",
    "По словам X, ...". A speech verb before them in a clause that opens with "как" or
    "по словам", or that ends the sentence. ("X заявил, что посетит ..." keeps X: the one
    who says it is the one who goes.)"""
    found = set()
    for person, occ in people:
        k = token_of(tokens, occ)
        if k is None:
            continue
        start, end = clause_bounds(tokens, k)
        opening = [t.lemma for t in tokens[start : start + 2]]
        if opening == ["по", "слово"]:
            found.add(person.name)
        if occ and occ.case not in (None, "Nom"):
            continue  # "объявила о визите Ли Цяна": the one told of
        said = any(t.lemma in SPEECH_VERBS for t in tokens[start:k])
        closes = not any(t.is_word for t in tokens[end:])
        if said and (opening[:1] == ["как"] or closes):
            found.add(person.name)
    return found


def token_of(tokens: Sequence[Tok], occ: Occurrence | None) -> int | None:
    """The index of the token a name occurrence starts at."""
    return next((k for k, t in enumerate(tokens) if occ and t.start == occ.start), None)
