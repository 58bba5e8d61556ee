"""Visits, summits, talks, meetings, councils, forums, parades and calls.

Each event word ("переговоры", "посетит", "саммита") is a mention. A mention takes what its own
sentence says -- the date phrase nearest to it, a place "в Астане", the people named -- and what
is missing comes from close by: another event of the same sentence, the previous sentence, and
for the article's reported main story the dateline and its date. Mentions of one event
("переговоры", "в ходе переговоров", "по завершении переговоров") are then merged, keeping the
best-dated one's date, type and title.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from functools import lru_cache
from itertools import pairwise

from bot import geo
from bot.extraction.article_context import (
    ArticleContext,
    Occurrence,
    article_view,
    is_locative,
    publication_span,
    token_of,
    told_by,
)
from bot.extraction.cast import SPOKESPERSON, office_of
from bot.extraction.dates import is_horizon, says_until
from bot.extraction.document import ArticleDoc
from bot.extraction.phrases import (
    Tok,
    capitalize,
    inflect_name,
    inside_quotes,
    join_text,
    nominative,
    ordinal,
    quoted_span_end,
)
from bot.extraction.roles import is_title_word
from bot.extraction.tense import SPEECH_VERBS, clause_bounds, mention_tense
from bot.extraction.translit import is_chinese_name
from bot.models import DatedBy, DateMention, DateSpan, Entity, Event, EventStatus, Person
from bot.nlp import lemma, morph
from bot.vocab import AWARD, CEREMONY, CONFERENCE, MEETING, TALKS, event_trigger_lemmas

__all__ = ["EventMentions", "find_event_mentions", "find_events"]

# Words naming an event on their own ("визит", "встретиться"); see bot.vocab.
_SIMPLE_TRIGGERS = event_trigger_lemmas()
# Nouns naming the members of a body: "встреча министров", "Совет глав правительств".
_MEMBER_NOUNS = frozenset(
    {"министр", "глава", "руководитель", "лидер", "председатель", "президент", "премьер-министр"}
)
_SESSION_NOUNS = frozenset({"совет", "заседание", "совещание", "сессия"})
# Bodies whose name goes on with "по ...": "комитет по сотрудничеству".
_BODY_NOUNS = frozenset({"комитет", "комиссия", "совет", "подкомитет", "форум"})
_BARE_SESSION_NOUNS = frozenset({"заседание", "сессия"})
# Singular only: "форумы ШОС" in a list of achievements is not one event.
_COUNTABLE = frozenset({"visit", "summit", "forum", "parade", "conference"})
# Words for one kind of event: "телефонный разговор" ... "по итогам переговоров".
_FAMILY = {"talks": "talks", "meeting": "talks", "call": "talks"}
_SPECIFIC = frozenset({"summit", "forum", "parade", "council", "conference", "visit"})
_MULTILATERAL = frozenset({"summit", "council", "forum", "conference"})
_GROUP_WORDS = frozenset(
    {"глава", "лидер", "сторона", "президент", "председатель", "делегация", "руководитель"}
)
_GROUP_NUMERALS = frozenset({"два", "две", "оба", "обе", "три", "трое", "двое"})  # "два лидера"
_GENERIC_BODY = frozenset({"организация", "объединение", "союз", "сообщество"})
_PLACE_ADJ_SUFFIXES = ("инский", "нский", "ский")
_TITLE_WORD = {"talks": "Переговоры", "meeting": "Встреча", "call": "Телефонный разговор"}
_FORMAT_WORDS = ("диалог",)  # talks with a name of their own: "Туристский бизнес-диалог"

# How much a date or place can be trusted, by where it came from.
_OWN, _SAME_SENTENCE, _NEAR, _LEDE = 4, 3, 2, 1
_LEAD_SENTENCES = 6  # where a news story reports its news
_FULL_STOPS = frozenset({".", "!", "?", "…", ":"})


@dataclass(slots=True)
class _Mention:
    type: str
    sentence: int
    index: int  # token index in its sentence
    start: int  # character offset of the event word
    quoted: bool
    name: str | None = None  # what identifies the event: "шос", "китай центральный азия"
    ordinal: int | None = None  # "второй саммит", "5-я встреча": another one than the first
    np_title: str = ""
    tail: str = ""  # the phrase after the event word: "Казахстанско-китайского комитета"
    status: EventStatus = "past"
    when: DateSpan | None = None
    date_rank: int = 0
    place: str | None = None
    place_rank: int = 0
    people: list[str] = field(default_factory=list)  # named in its own sentence
    participants: list[str] = field(default_factory=list)
    visitor: str | None = None
    destination: str | None = None  # as written after "в": "Китай", "Астану"
    days: int | None = None  # "трёхдневный визит": how long it lasts
    ends_here: bool = False  # "визит завершился в пятницу": its date is the last day
    sentences: set[int] = field(default_factory=set)
    cancelled: bool = False
    tenseless: bool = False  # no verb in its sentence says when: a headline's list of events
    heading: bool = False  # a verbless line with no full stop: a section's heading
    postponed_at: int | None = None  # offset of "перенесен": a date after it is the new one
    moving: bool = False  # "вылетит в Москву", "будет находиться в России": a stop of a trip
    tour: bool = False  # "зарубежная поездка 7-12 мая" of one visitor to several countries
    several: bool = False  # "посетят Китай с государственными визитами": each visitor's own
    body: str | None = None  # "комиссия провела заседание": whose session, in the genitive
    represented: bool = False  # "на встрече сторону представлял X": at the gathering just told

    @property
    def score(self) -> tuple[int, int, int]:
        return (self.date_rank, len(self.people) > 0, -self.start)


def _copied(mention: _Mention) -> _Mention:
    """Another mention with the same fields, its lists and set its own (a twin's participants
    must not grow with the original's)."""
    copy = _Mention(**{slot: getattr(mention, slot) for slot in _Mention.__slots__})
    copy.people, copy.participants = list(mention.people), list(mention.participants)
    copy.sentences = set(mention.sentences)
    return copy


@dataclass(slots=True)
class EventMentions:
    """An event and every sentence that mentions it (agreements use it to date documents)."""

    event: Event
    sentences: set[int]


def find_events(
    adoc: ArticleDoc, dates: list[DateMention], people: list[Person], entities: list[Entity]
) -> list[Event]:
    view = article_view(adoc, dates, people, entities)
    return [found.event for found in find_event_mentions(adoc, view, people)]


def find_event_mentions(
    adoc: ArticleDoc, view: tuple[list[list[Tok]], ArticleContext], people: list[Person]
) -> list[EventMentions]:
    """Every event of the article with the sentences that mention it; the pipeline computes
    them once and hands them to the agreements extractor, which dates documents by them."""
    merged = _merged_mentions(adoc, view)
    return [
        EventMentions(_to_event(m, people, adoc), set(m.sentences))
        for m in merged
        if not m.cancelled
    ]


def _merged_mentions(
    adoc: ArticleDoc, view: tuple[list[list[Tok]], ArticleContext]
) -> list[_Mention]:
    tokens, ctx = view
    mentions: list[_Mention] = []
    for index, sentence in enumerate(tokens):
        found = _sentence_mentions(sentence, index, adoc.text, ctx)
        if not found and (
            nxt := _next_of_series(sentence, index, mentions, ctx.places.get(index, []))
        ):
            found = [nxt]
        told = [d for d in ctx.dates.get(index, []) if not _dates_a_report(d, sentence)]
        # the dateline's day gives way to a date the sentence tells of its own
        told = [d for d in told if not _dateline_date(d, adoc.text)] or told
        _assign_dates(found, told, adoc)
        _postpone(found, ctx.dates.get(index, []), adoc)
        mentions.extend(found)
    mentions = _resolve_sessions(mentions)
    _fill_from_context(mentions, tokens, ctx, adoc)
    # a stop nobody makes, or "центр посетили 509 тысяч человек": no one's visit
    mentions = [m for m in mentions if m.participants or not (m.moving or _by_crowd(m, tokens))]
    _mark_tours(mentions)
    events = _merge(_absorb(mentions))
    _add_attendees(events, tokens, ctx)
    _gather_visitors(events)
    events = _guests_travel(_each_visitor(events))
    _visits_hold_their_parts(events)
    # "Визит", "Поездка" with nobody making it: a word, not a fact anyone can use
    return [e for e in events if e.participants or e.type != "visit"]


_PARTS_OF_A_VISIT = frozenset({"talks", "meeting", "ceremony"})
_VISIT_GOES_ON = 3  # days after a visit's known days that its parts may still fall on


def _visits_hold_their_parts(events: list[_Mention]) -> None:
    """ "Си Цзиньпин прибыл в Астану 6 сентября ... 7 сентября прошли переговоры": what the
    visitor does where they went, on the visit's days or just after its arrival, is part of
    the visit; the visit lasts to its last part, takes place where its parts do when it says
    nowhere, and the people met take part in it."""
    for visit in events:
        if visit.type != "visit" or visit.cancelled or visit.when is None or visit.several:
            continue
        visitor = _visitor(visit)
        for part in events:
            if (
                part.type in _PARTS_OF_A_VISIT
                and not part.cancelled
                and part.status == visit.status
                and visitor in part.participants
                and _during_visit(part, visit)
                and _within_visit(part, visit)
            ):
                visit.participants += [p for p in part.participants if p not in visit.participants]
                if visit.place is None and part.place is not None:  # "в рамках того же визита"
                    visit.place, visit.place_rank = part.place, _NEAR
                if part.when.end > visit.when.end and visit.when.precision == "day":
                    visit.when = DateSpan(visit.when.start, part.when.end, "day")


def _during_visit(part: _Mention, visit: _Mention) -> bool:
    """The part's days overlap the visit's, or follow them by a few days when only the
    visit's arrival is known."""
    if part.when is None or visit.when is None:
        return False
    if part.when.overlaps(visit.when):
        return True
    goes_on = visit.when.end + timedelta(days=_VISIT_GOES_ON)
    arrival = visit.when.start == visit.when.end
    return arrival and part.when.precision == "day" and visit.when.end < part.when.start <= goes_on


def _guests_travel(events: list[_Mention]) -> list[_Mention]:
    """ "Визит Руслана Жаксылыкова в Казахстан": in a story of the two countries, a visit to
    Kazakhstan is a Chinese guest's and a visit to China a non-Chinese one's; a host read as
    the visitor gives way to the guest among the participants, and a visit that then repeats
    the guest's own visit on its days joins it."""
    kept: list[_Mention] = []
    for event in events:
        guest = _the_guest(event)
        if guest is not None:
            event.visitor = guest
            event.participants = [guest, *(p for p in event.participants if p != guest)]
            same = next(
                (
                    v
                    for v in kept
                    if v.type == "visit"
                    and v.visitor == guest
                    and v.status == event.status
                    and v.when is not None
                    and event.when is not None
                    and v.when.overlaps(event.when)
                ),
                None,
            )
            if same is not None:
                _combine(same, event)
                continue
        kept.append(event)
    return kept


def _the_guest(visit: _Mention) -> str | None:
    """The participant who must be the visitor when the one read as such is a host."""
    if visit.type != "visit" or visit.cancelled:
        return None
    country = geo.country_of(visit.destination or visit.place or "")
    visitor = _visitor(visit)
    if visitor is None or country not in geo.HOME_COUNTRIES:
        return None
    chinese_host = country == "Китай"
    if is_chinese_name(visitor) != chinese_host:
        return None
    return next((p for p in visit.participants if is_chinese_name(p) != chinese_host), None)


def _each_visitor(events: list[_Mention]) -> list[_Mention]:
    """ "Главы Казахстана, Кыргызстана и Узбекистана посетят Китай с государственными
    визитами": each head of state makes a visit of their own; the host's people make none."""
    found: list[_Mention] = []
    for event in events:
        host = geo.country_of(event.destination or event.place or "")
        guests = [n for n in event.participants if not (host == "Китай" and is_chinese_name(n))]
        if event.type != "visit" or not event.several or len(guests) < 2:
            found.append(event)
            continue
        for guest in guests:
            visit = _copied(event)
            visit.participants, visit.visitor, visit.people = [guest], guest, [guest]
            found.append(visit)
    return found


_CROWD_WORDS = frozenset({"тысяча", "человек", "турист", "гражданин", "посетитель", "миллион"})


def _by_crowd(mention: _Mention, tokens: list[list[Tok]]) -> bool:
    """ "За три года Казахстан посетили более 300 тыс. туристов": a count of visitors."""
    if mention.type != "visit":
        return False
    sentence = tokens[mention.sentence]
    return any(t.lemma in _CROWD_WORDS or t.text.lower() == "тыс" for t in sentence)


def _visitor(mention: _Mention) -> str | None:
    return mention.visitor or (mention.participants[0] if mention.participants else None)


def _stop_of(mention: _Mention) -> str | None:
    """Where a visit goes, as its own sentence says."""
    return mention.destination or (mention.place if mention.place_rank >= _OWN else None)


def _mark_tours(mentions: list[_Mention]) -> None:
    """ "Зарубежная поездка 7-12 мая ... Из Астаны он вылетит в Москву ... завершит турне в
    Беларуси": a visitor going to several countries makes one trip of several visits; the
    trip named without a destination, undated or spanning stops in two countries, is their
    frame, not one of them."""
    stops: dict[str, list[tuple[str, DateSpan | None]]] = {}
    for m in mentions:
        where = _stop_of(m)
        if m.type == "visit" and where and (who := _visitor(m)):
            stops.setdefault(who, []).append((geo.country_of(where) or where, m.when))
    for m in mentions:
        if m.type != "visit" or _stop_of(m):
            continue
        own = stops.get(_visitor(m) or "", [])
        within = {c for c, when in own if m.when is None or (when and m.when.overlaps(when))}
        m.tour = len({c for c, _ in own}) > 1 and len(within) > 1


def _gather_visitors(events: list[_Mention]) -> None:
    """ "Си Цзиньпин прилетел в Астану 7 июня ... Главное случилось 9 июня: лидеры заседали":
    a summit the article places nowhere is where visitors came in its days, and the leaders
    who came then take part in it, as do those who came to its country then."""
    visits = [e for e in events if e.type == "visit" and e.place and e.when and not e.cancelled]
    for event in events:
        when = event.when
        if event.type not in _MULTILATERAL or when is None or event.cancelled:
            continue
        during = [v for v in visits if v.status == event.status and when.overlaps(v.when)]
        if event.place is None and len({v.place for v in during}) == 1:
            event.place, event.place_rank = during[0].place, _LEDE
        for visit in during:
            # a state visit to China in the days of the summit in Сиань brings its guest there
            if visit.place != event.place and visit.place != geo.country_of(event.place or ""):
                continue
            event.participants += [n for n in visit.participants if n not in event.participants]


# "присутствовали", "приняли участие", "выступая на открытии": the people were there
_ATTENDING = frozenset({"присутствовать", "участвовать", "участие", "выступать", "выступить"})
_GATHERINGS = frozenset(
    {"церемония", "встреча", "переговоры", "мероприятие", "открытие", "торжество", "форум",
     "работа", "заседание"}  # "в работе Совета приняли участие"
)  # fmt: skip
# words naming a multilateral gathering: its attendees are the council's, not the talks'
_BODY_OF_MANY = frozenset({"совет", "заседание", "саммит", "сессия", "совещание", "форум"})
_COMPANY = frozenset({"сопровождать", "сопровождение"})
_IT = frozenset({"она", "он", "оно"})
# "в нем участвовали": the tagger may read "нем" as "немой"
_IT_AFTER_PREPOSITION = frozenset({"нем", "нём", "ней", "нее", "неё", "нему"})
_ATTENDEES_REACH = 2  # sentences back to the event the attendees were at


def _add_attendees(events: list[_Mention], tokens: list[list[Tok]], ctx: ArticleContext) -> None:
    """ "На церемонии присутствовали заместитель министра X, ректор Y": a sentence of
    attendance with no event of its own lists the people of the event just told; so do the
    guests an announced one expects ("Ожидаются главы оборонных ведомств ...", "X приглашен в
    качестве гостя")."""
    told = {k for e in events for k in e.sentences}
    for index, sentence in enumerate(tokens):
        attended, expected = _lists_attendance(sentence), _expects_guests(sentence)
        if index in told or not (attended or expected):
            continue
        near = [
            e
            for e in reversed(events)
            if any(index - _ATTENDEES_REACH <= k < index for k in e.sentences)
        ]
        if _BODY_OF_MANY & {t.lemma for t in sentence}:
            near.sort(key=lambda e: e.type not in _MULTILATERAL)  # stable: latest first
        host = near[0] if near else None
        if host is None or not (attended or host.status == "upcoming"):
            continue
        _attend(host, [person.name for person, _ in ctx.people.get(index, [])], index)


def _attend(event: _Mention, names: list[str], sentence: int) -> None:
    """The people of a sentence about an event told before take part in it."""
    event.participants += [n for n in names if n not in event.participants]
    event.sentences.add(sentence)


def _lists_attendance(tokens: Sequence[Tok]) -> bool:
    lemmas = [t.lemma for t in tokens]
    # "на церемонии присутствовали ...", or of the one just told: "в ней приняли участие ..."
    at_gathering = any(
        a.lemma in {"на", "в"}
        and (b.lemma in _GATHERINGS or b.lemma in _IT or b.text.lower() in _IT_AFTER_PREPOSITION)
        for a, b in pairwise(tokens)
    )
    # "Китайскую делегацию возглавляет вице-премьер X": the delegation's head is there
    leads = "делегация" in lemmas and bool({"возглавлять", "возглавить"} & set(lemmas))
    # "Премьера сопровождал министр X", "в сопровождении ...", "в составе делегации - ..."
    company = bool(_COMPANY & set(lemmas)) or ("состав", "делегация") in pairwise(lemmas)
    # "За одним столом собрались министр X, министр Y": who came together there
    gathered = "собраться" in lemmas
    return (at_gathering and bool(_ATTENDING & set(lemmas))) or leads or company or gathered


_EXPECTING = frozenset({"ожидаться", "пригласить", "приглашенный", "приглашённый"})


def _expects_guests(tokens: Sequence[Tok]) -> bool:
    return any(t.lemma in _EXPECTING and t.pos in {"VERB", "ADJ"} for t in tokens)


_HOLDING_BODIES = frozenset({"комитет", "комиссия", "подкомитет"})


def _holding_body(tokens: Sequence[Tok], i: int) -> str | None:
    """The body a bare session belongs to when its sentence names one: "Межправительственная
    комиссия провела заседание" -> "межправительственной комиссии"."""
    k = next((k for k, t in enumerate(tokens) if t.lemma in _HOLDING_BODIES and k != i), None)
    if k is None:
        return None
    first, last = _noun_phrase(tokens, k)
    words = [
        _genitive_word(t.text) if first <= n <= k and t.case == "Nom" else t.text
        for n, t in enumerate(tokens[first:last], start=first)
    ]
    return join_text(words).lower() if words else None


@lru_cache(maxsize=4096)
def _genitive_word(word: str) -> str:
    head, _, tail = word.rpartition("-")
    parse = morph().parse(tail)[0]
    inflected = parse.inflect({"gent"})
    return (f"{head}-" if head else "") + (inflected.word if inflected else tail)


def _resolve_sessions(mentions: list[_Mention]) -> list[_Mention]:
    """A bare "заседание" is a session of the council named before it ("провели следующее
    заседание в октябре" after "заседание Казахстанско-китайского комитета"); with no council
    before, it names nothing worth reporting."""
    kept: list[_Mention] = []
    for mention in mentions:
        if mention.type != "session":
            kept.append(mention)
            continue
        council = next(
            (m for m in reversed(kept) if m.type == "council" and m.tail and not m.represented),
            None,
        )
        if council is None and mention.body:
            # "Межправительственная комиссия провела 5-е заседание": that body's session
            mention.type, mention.tail = "council", mention.body
            mention.np_title = f"Заседание {mention.body}"
            mention.name = mention.body.lower()
            kept.append(mention)
            continue
        if council is None:
            continue
        mention.type = "council"
        mention.tail = council.tail
        if mention.status == council.status:
            mention.np_title = council.np_title
        else:
            mention.np_title = f"{mention.np_title} {council.tail}"
        # the same council's other session ("следующее") must not merge into this one
        mention.name = council.name if mention.status == council.status else None
        kept.append(mention)
    return kept


# --- finding mentions -------------------------------------------------------------------


def _trigger(tokens: Sequence[Tok], i: int) -> str | None:
    tok = tokens[i]
    lemma = tok.lemma
    if tok.pos not in {"NOUN", "PROPN", "VERB"}:
        return None
    following = tokens[i + 1] if i + 1 < len(tokens) else None
    if lemma in _SESSION_NOUNS and _heads_of_state_follow(tokens, i):
        return "summit"  # "Совет глав государств ШОС", "заседание Совета глав государств"
    if lemma in _SESSION_NOUNS:
        is_council = following is not None and (
            following.lemma in _MEMBER_NOUNS or (lemma != "совет" and following.case == "Gen")
        )
        if lemma == "совет" and not tok.capitalized:
            return None
        if not is_council and lemma in _BARE_SESSION_NOUNS:
            return "session"  # "следующее заседание": the council named before, if any
        return "council" if is_council else None
    if lemma == "разговор":
        return "call" if _by_phone(tokens, i) else None
    if tok.pos == "VERB" and lemma in _VERB_EVENTS:
        return _verb_event(tokens, i)
    head = _compound_head(lemma)  # "бизнес-диалоге": a dialogue
    for lemmas, pos, kind, holds in _WORDS_WITH_A_CONDITION:
        if head in lemmas and tok.pos == pos:
            return kind if holds(tokens, i) else None
    if lemma in _TRAVEL_VERBS:  # natasha may tag "перелетит" a noun; its lemma is the verb
        return "visit" if _travels_to_place(tokens, i) else None
    kind = _SIMPLE_TRIGGERS.get(head)
    if kind is None:
        return None
    if kind == CEREMONY and not _has_complement(tokens, i):
        return None  # "после торжественной церемонии": part of a visit, not an event
    if kind in _COUNTABLE and tok.pos != "VERB" and tok.number == "Plur":
        return None
    if kind == "meeting" and tok.pos != "VERB" and _members_follow(tokens, i):
        return "council"
    return kind


def _by_phone(tokens: Sequence[Tok], i: int) -> bool:
    """ "телефонный разговор", "разговор по телефону"."""
    previous = tokens[i - 1].lemma if i else ""
    by = i + 2 < len(tokens) and tokens[i + 1].lemma == "по"
    return previous == "телефонный" or (by and tokens[i + 2].lemma == "телефон")


# A trip told stop by stop: "Из Астаны он вылетит в Москву", "переедет в Пекин", "с 8 по 10
# мая он будет находиться в России". A stop when a place follows: "в" and a name or "столица".
_TRAVEL_VERBS = {
    "отправиться": "Acc", "вылететь": "Acc", "перелететь": "Acc", "переехать": "Acc",
    "направиться": "Acc", "находиться": "Loc", "пребывать": "Loc",
}  # fmt: skip
_STOP_NOUNS = frozenset({"столица", "город", "провинция", "область", "регион"})
_STOP_REACH = 4  # words between the verb and its place ("в казахстанской столице")


def _travels_to_place(tokens: Sequence[Tok], i: int) -> bool:
    """A place after the verb ("вылетит в Москву"); for staying, also before it ("в казахстанской
    столице председатель КНР будет находиться")."""
    case = _TRAVEL_VERBS[tokens[i].lemma]
    windows = [tokens[i + 1 : i + 1 + _STOP_REACH]]
    if case == "Loc":
        windows.append(tokens[max(0, i - 2 * _STOP_REACH) : i])
    return any(_place_after_preposition(window, case) for window in windows)


def _place_after_preposition(window: Sequence[Tok], case: str) -> bool:
    for k, tok in enumerate(window):
        if tok.lemma in {"в", "во"} and any(
            place.case == case and (place.pos == "PROPN" or place.lemma in _STOP_NOUNS)
            for place in window[k + 1 : k + 3]
        ):
            return True
    return False


def _compound_head(word: str) -> str:
    """ "пресс-конференции", "бизнес-форума": a compound is named by its last part (the
    lemmatiser leaves hyphenated words as they are)."""
    if "-" not in word:
        return word
    head = word.rsplit("-", 1)[1]
    return lemma(head) if len(head) > 3 else word


# Verbs that are an event when what follows says so (VERB_EVENTS: verb -> (kind, objects)).
_AWARD_NOUNS = frozenset({"орден", "медаль", "награда", "премия", "звание", "грамота", "знак"})
_OPENED_NOUNS = frozenset(
    {"терминал", "центр", "завод", "выставка", "павильон", "институт", "консульство", "офис",
     "станция", "мост", "дорога", "маршрут", "сервис", "производство", "предприятие", "фабрика",
     "комплекс", "участок", "линия", "рейс", "капсула", "камень", "школа", "университет"}
)  # fmt: skip
_VERB_EVENTS: dict[str, tuple[str, frozenset[str]]] = {
    "вручить": (AWARD, _AWARD_NOUNS),  # "вручил орден «Достык»"
    "открыть": (CEREMONY, _OPENED_NOUNS),  # "открыли новый терминал"
    # "центр открылся в сентябре"; "откроется выставка" is the exhibition itself, told as such
    "открыться": (CEREMONY, _OPENED_NOUNS - {"выставка"}),
    "запустить": (CEREMONY, _OPENED_NOUNS),  # "запустили по видеосвязи контейнерный сервис"
    "заложить": (CEREMONY, _OPENED_NOUNS),  # "заложили капсулу"
    "принять": (MEETING, frozenset()),  # "принял посла КНР", "был принят главой государства"
    # "ввести линию в эксплуатацию планируется в 2027 году": the line's commissioning
    "ввести": (CEREMONY, frozenset({"эксплуатация"})),
    "сдать": (CEREMONY, frozenset({"эксплуатация"})),
}


# Nouns of opening something: "на открытии ЭКСПО-2017", "дали старт контейнерному сервису".
_OPENING_NOUNS = frozenset({"открытие", "запуск", "закладка", "старт"})
_OPENED_REACH_NOUN = 5  # words to what opens ("открытии 6-й Китайской ... выставки")


def _opens_a_thing(tokens: Sequence[Tok], i: int) -> bool:
    """ "участвовал в открытии выставки", "дали старт сервису": an opening is an event when a
    thing that opens follows it in its clause (not "открытие рынка", not "церемония открытия",
    which the ceremony's own word reports)."""
    if i and tokens[i - 1].lemma == "церемония":
        return False
    for tok in tokens[i + 1 : i + 1 + _OPENED_REACH_NOUN]:
        if not tok.is_word and tok.text not in '«»"-':
            return False
        if tok.lemma in _OPENED_NOUNS or (tok.lemma == "экспо" or tok.text.startswith("ЭКСПО")):
            return True
    return False


def _into_service(tokens: Sequence[Tok], i: int) -> bool:
    """ "ввод в эксплуатацию — до конца 2028 года": a plant's or a line's commissioning."""
    return [t.lemma for t in tokens[i + 1 : i + 3]] == ["в", "эксплуатация"]


_HOLDING = frozenset({"провести", "проводить", "состояться", "пройти", "проходить"})


_HELD_OR_ATTENDED = _HOLDING | _ATTENDING


def _dialogue_held(tokens: Sequence[Tok], i: int) -> bool:
    """ "Нуртлеу и Ван И провели второй стратегический диалог", "В диалоге участвовали",
    "на бизнес-диалоге министр сообщил": a dialogue held, attended or spoken at is talks;
    "политический диалог" that goes on or deepens is no event."""
    start, end = clause_bounds(tokens, i)
    if any(t.lemma in _HELD_OR_ATTENDED and t.pos in ("VERB", "NOUN") for t in tokens[start:end]):
        return True
    first, _ = _noun_phrase(tokens, i)
    return first > 0 and tokens[first - 1].lemma == "на" and tokens[i].case == "Loc"


_DISCUSSING = frozenset({"обсудить", "обсуждать"})
_PARTNER_REACH = 10  # words after "с" to the partner's name ("с заместителем министра ... КНР Лэ")


def _discussed_with_someone(tokens: Sequence[Tok], i: int) -> bool:
    """ "Бектенов обсудил с председателем правления Shandong Energy Ли Вэем ...", "обсуждали
    премьер-министр Аскар Мамин и вице-премьер Хань Чжэн": talking a matter over with a named
    person is a meeting; "стороны обсудили вопросы", "с китайской стороной" name no one."""
    start, end = clause_bounds(tokens, i)
    clause = tokens[start:end]
    for k, tok in enumerate(clause):
        partner = clause[k + 1 : k + 1 + _PARTNER_REACH]
        if tok.lemma == "с" and any(_names_someone(t) for t in partner):
            return True  # "с X", before the verb or after it
        joined = tok.lemma == "и" and tokens[i].number == "Plur" and k > 0
        if joined and _names_someone(clause[k - 1]) and any(map(_names_someone, partner[:6])):
            return True  # "X и Y обсуждали"
    return False


def _name_like(tok: Tok) -> bool:
    """A proper name that is no acronym or figure ("Ли", not "CNPC", "ЭКСПО-2017")."""
    return (
        tok.pos == "PROPN" and not tok.text.isupper() and not any(ch.isdigit() for ch in tok.text)
    )


def _names_someone(tok: Tok) -> bool:
    """A capitalised name that is no acronym, figure or place ("Ли Вэем", not "CNPC", "Китаем")."""
    return _name_like(tok) and tok.text[:1].isupper() and geo.country_of(tok.lemma) is None


# Words that are an event when a condition on their sentence holds: (lemmas, part of speech,
# the event's kind, the condition).
_WORDS_WITH_A_CONDITION: tuple[
    tuple[frozenset[str], str, str, Callable[[Sequence[Tok], int], bool]], ...
] = (
    (_OPENING_NOUNS, "NOUN", CEREMONY, _opens_a_thing),
    (_DISCUSSING, "VERB", MEETING, _discussed_with_someone),
    (frozenset({"ввод"}), "NOUN", CEREMONY, _into_service),
    (frozenset({"диалог"}), "NOUN", TALKS, _dialogue_held),
)

_GUEST_NOUNS = frozenset({"гость", "посол", "делегация"})  # "принял высокого гостя"
# What "принять" takes when it is no reception: "принял участие", "приняли решение".
_NOT_RECEIVED = frozenset(
    {"участие", "решение", "меры", "мера", "закон", "декларация", "председательство", "эстафета"}
)


def _verb_event(tokens: Sequence[Tok], i: int) -> str | None:
    """ "вручил орден", "открыли терминал", "принял посла": the verb is an event when its
    object is of the kind the table names (for "принять": a person, not "участие")."""
    kind, objects = _VERB_EVENTS[tokens[i].lemma]
    after = [t for t in tokens[i + 1 : i + 7] if t.is_word]
    if kind == MEETING:
        if any(t.lemma in _NOT_RECEIVED for t in after[:3]):
            return None
        # "принял посла", "принял Чжан Сяо"; not "примет ЭКСПО-2017", "принял председательство
        # в ШОС" (an acronym or a figure names no one)
        clause = tokens[i + 1 : min(i + 7, clause_bounds(tokens, i)[1])]
        person_like = any(
            # "соревнования примет Китай": a country hosting, not someone received
            (_name_like(t) and not (t.case in ("Nom", "Acc") and geo.country_of(t.lemma)))
            or t.lemma in _GROUP_WORDS
            or t.lemma in _MEMBER_NOUNS
            or t.lemma in _GUEST_NOUNS
            or (t.pos == "NOUN" and office_of(t.text) is not None)  # "принял вице-премьера"
            for t in clause[:4]
        )
        return MEETING if person_like else None
    if any(t.lemma in objects for t in after) or _object_put_first(tokens, i, objects) is not None:
        return kind
    return None


_FRONTED_REACH = 3  # words before a verb its object may stand in ("Награду гостю вручил")


def _object_put_first(tokens: Sequence[Tok], i: int, objects: frozenset[str]) -> int | None:
    """The verb's object put before it: "Награду вручил Президент", "Орден гостю вручил"."""
    return next(
        (k for k in range(max(0, i - _FRONTED_REACH), i) if tokens[k].lemma in objects), None
    )


# What an award or ceremony verb's event is called: "вручил орден" -> "Вручение ордена ...".
_VERB_NOUNS = {"вручить": "Вручение", "наградить": "Награждение", "открыть": "Открытие",
               "открыться": "Открытие",
               "запустить": "Запуск", "заложить": "Закладка",
               "ввести": "Ввод в эксплуатацию", "сдать": "Сдача в эксплуатацию"}  # fmt: skip


def _verb_title(tokens: Sequence[Tok], i: int) -> str | None:
    """ "вручил орден «Достык»" -> "Вручение ордена «Достык»", "открыли новый терминал на
    станции" -> "Открытие терминала на станции": the verb's noun and its object phrase."""
    noun = _VERB_NOUNS.get(tokens[i].lemma)
    if noun is None:
        return None
    objects = _AWARD_NOUNS | _OPENED_NOUNS
    j = next((k for k in range(i + 1, min(i + 8, len(tokens))) if tokens[k].lemma in objects), None)
    if j is None:  # the object put first: only its noun ("Награду вручил" -> "Вручение награды")
        j = _object_put_first(tokens, i, objects)
        if j is None:  # "ввести ее в эксплуатацию": the act is named by its phrase alone
            return noun if " " in noun else None
        return f"{noun} {_genitive_noun(tokens[j].lemma)}"
    _, last = _noun_phrase(tokens, j)
    words = [_genitive_noun(tokens[j].lemma), *(t.text for t in tokens[j + 1 : last])]
    return f"{noun} {join_text(words)}"


@lru_cache(maxsize=1000)
def _genitive_noun(lemma: str) -> str:
    parse = morph().parse(lemma)[0]
    inflected = parse.inflect({"gent", "sing"})
    return inflected.word if inflected else lemma


def _heads_of_state_follow(tokens: Sequence[Tok], i: int) -> bool:
    """ "(заседание) Совета глав государств": the council of heads of state is a summit."""
    lemmas = [t.lemma for t in tokens[i + 1 : i + 4]]
    if tokens[i].lemma == "совет":
        return lemmas[:2] == ["глава", "государство"]
    return lemmas[:3] == ["совет", "глава", "государство"]


def _has_complement(tokens: Sequence[Tok], i: int) -> bool:
    """ "церемония открытия", "церемонии вручения": what the ceremony is for follows."""
    following = tokens[i + 1] if i + 1 < len(tokens) else None
    return following is not None and following.case == "Gen" and following.pos == "NOUN"


def _members_follow(tokens: Sequence[Tok], i: int) -> bool:
    """ "встрече министров иностранных дел": a meeting of a body's members."""
    for tok in tokens[i + 1 : i + 3]:
        if tok.lemma in _MEMBER_NOUNS and tok.number == "Plur" and tok.case == "Gen":
            return True
        if tok.pos != "ADJ":
            return False
    return False


def _sentence_mentions(
    tokens: list[Tok], index: int, text: str, ctx: ArticleContext
) -> list[_Mention]:
    found = []
    triggers = [i for i in range(len(tokens)) if _trigger(tokens, i)]
    reporters = told_by(tokens, ctx.people.get(index, []))
    spokespeople = _spokespeople(ctx.people.get(index, []))
    everyone_here = [*ctx.people.get(index, []), *ctx.described.get(index, [])]
    speakers = _speakers(tokens, everyone_here)
    senders = _hosts(tokens, everyone_here, "поручение")  # "по поручению Главы государства"
    for i in triggers:
        tok = tokens[i]
        kind = _trigger(tokens, i)
        assert kind is not None
        # a spokesperson takes part in the briefing, not in the visit it announces
        tellers = reporters if kind == CONFERENCE else reporters | spokespeople
        tellers = (
            tellers
            | senders
            | {name for name, clause in speakers.items() if _told_of(tokens, i, clause)}
        )
        # a place in the sentence belongs to the event word nearest to it
        places = [
            o
            for o in ctx.places.get(index, [])
            if min(triggers, key=lambda j: abs(tokens[j].start - o.start)) == i
        ]
        mention = _Mention(
            kind, index, i, tok.start, inside_quotes(text, tok.start), sentences={index}
        )
        first, last = _noun_phrase(tokens, i)
        mention.name = _name_key(tokens, i, last, ctx.orgs.get(index, []))
        mention.np_title = _np_title(tokens, i, first, last, ctx.orgs.get(index, []))
        # "восьмое заседание", "8-е заседание" (a figure natasha may not tag as an adjective)
        mention.ordinal = next(
            (
                n
                for t in tokens[max(0, first - 1) : i]
                if (n := ordinal(t.text, t.lemma)) is not None
            ),
            None,
        )
        if kind == "session":
            mention.body = _holding_body(tokens, i)
        mention.represented = _representing_at_it(tokens, i, first, mention)
        if tok.pos == "VERB" and kind in (AWARD, CEREMONY):
            mention.np_title = _verb_title(tokens, i) or mention.np_title
        elif tok.lemma == "ввод" and kind == CEREMONY:  # "ввод в эксплуатацию второй очереди"
            _, end = _noun_phrase(tokens, i + 2)
            mention.np_title = join_text(["Ввод", *(t.text for t in tokens[i + 1 : end])])
        mention.tail = join_text([t.text for t in tokens[i + 1 : last]])
        tense = mention_tense(tokens, i)
        mention.status = "upcoming" if tense == "future" else "past"
        mention.tenseless = tense is None
        mention.heading = mention.tenseless and tokens[-1].text not in _FULL_STOPS
        people = [(p, occ) for p, occ in ctx.people.get(index, []) if p.name not in tellers]
        mention.people = [person.name for person, _ in people]
        described = [
            (p, occ)
            for p, occ in ctx.described.get(index, [])
            if p.name not in tellers and p.name not in mention.people
        ]
        everyone = sorted([*people, *described], key=lambda item: item[1].start if item[1] else 0)
        mention.participants = [person.name for person, _ in everyone]
        _place_from_phrase(mention, tokens, first, last, places)
        if kind == "visit":
            mention.several = any(t.lemma == "визит" and t.number == "Plur" for t in tokens)
            mention.moving = tok.lemma in _TRAVEL_VERBS
            _visit_roles(mention, tokens, i, everyone, places)
            mention.days = _duration(tokens, first, i)
            mention.ends_here = any(t.lemma in _ENDING_VERBS for t in tokens)
        found.append(mention)
    _mark_called_off(found, tokens)
    series = _elided_series(found, tokens, ctx.places.get(index, []))
    return _without_opened(found + series, tokens)


def _elided_series(
    found: list[_Mention], tokens: Sequence[Tok], places: list[Occurrence]
) -> list[_Mention]:
    """ "Его 11-е заседание прошло 27 ноября 2023 года в Астане, 12-е – 18 марта 2025 года в
    Пекине": the next one of the series with its noun left out is an event of its own, dated
    and placed by what follows it."""
    numbered = [m for m in found if m.ordinal is not None]
    extra = []
    for k, tok in enumerate(tokens[:-1]):
        number = ordinal(tok.text, tok.lemma)
        if number is None or tokens[k + 1].text not in _DASHES:
            continue
        model = next((m for m in reversed(numbered) if m.index < k and m.ordinal != number), None)
        if model is not None:
            extra.append(_series_twin(model, tokens, k, number, places))
    return extra


def _next_of_series(
    tokens: list[Tok], index: int, earlier: list[_Mention], places: list[Occurrence]
) -> _Mention | None:
    """ "Первое заседание экспертов прошло в марте в Алматы. Второе, как условились стороны,
    соберется в сентябре в Пекине": a sentence opening with the next number of the series
    the sentence before told, its noun left out."""
    if len(tokens) < 2 or tokens[1].pos in {"NOUN", "PROPN", "ADJ"}:
        return None
    number = ordinal(tokens[0].text, tokens[0].lemma)
    model = next(
        (m for m in reversed(earlier) if m.sentence == index - 1 and m.ordinal is not None), None
    )
    if number is None or model is None or model.ordinal == number:
        return None
    twin = _series_twin(model, tokens, 0, number, places)
    twin.sentence, twin.sentences = index, {index}
    tense = mention_tense(tokens, 0)
    twin.status = "upcoming" if tense == "future" else "past"
    twin.tenseless = tense is None
    return twin


def _series_twin(
    model: _Mention, tokens: Sequence[Tok], k: int, number: int, places: list[Occurrence]
) -> _Mention:
    """The model's next of the series at token k: its own number, place and (later) date."""
    tok = tokens[k]
    twin = _copied(model)
    twin.index, twin.start, twin.ordinal = k, tok.start, number
    words = model.np_title.split()
    if words and ordinal(words[0].lower(), lemma(words[0])) is not None:
        twin.np_title = capitalize(" ".join(words[1:]))
    twin.when, twin.date_rank = None, 0
    after = [o for o in places if o.start > tok.start and is_locative(o)]
    twin.place, twin.place_rank = (after[0].name, _OWN) if after else (None, 0)
    return twin


_DASHES = frozenset({"–", "—", "-"})


_OPENED_REACH = 6  # "церемонии открытия 6-й Китайской международной импортной выставки"


def _without_opened(found: list[_Mention], tokens: Sequence[Tok]) -> list[_Mention]:
    """ "примет участие в церемонии открытия выставки": one event, the ceremony, whose title
    names what it opens; the exhibition in its phrase is no second event."""

    def opened_by(ceremony: _Mention, other: _Mention) -> bool:
        between = tokens[ceremony.index + 1 : other.index]
        return (
            0 < other.index - ceremony.index <= _OPENED_REACH
            and any(t.lemma == "открытие" for t in between)
            and all(t.pos in {"NOUN", "ADJ", "NUM", "PROPN"} for t in between)
        )

    inner = set()
    for m in found:
        for other in found:
            if m.type == CEREMONY and other.type in _MULTILATERAL and opened_by(m, other):
                inner.add(id(other))
                head = nominative(tokens, m.index, m.index)
                words = [*head, *(t.text for t in tokens[m.index + 1 : other.index + 1])]
                m.np_title = capitalize(join_text([*words, other.tail]).strip())
                m.name = m.name or other.name
    return [m for m in found if id(m) not in inner]


def _speakers(
    tokens: Sequence[Tok], people: Sequence[tuple[Person, Occurrence | None]]
) -> dict[str, tuple[int, int]]:
    """The subjects of a verb of telling, with the clause they tell in."""
    found = {}
    for person, occ in people:
        k = token_of(tokens, occ)
        if k is None or occ is None or occ.case != "Nom":
            continue
        start, end = clause_bounds(tokens, k)
        if any(t.lemma in SPEECH_VERBS and t.pos == "VERB" for t in tokens[start:end]):
            found[person.name] = (start, end)
    return found


def _told_of(tokens: Sequence[Tok], i: int, clause: tuple[int, int]) -> bool:
    """The event named by noun `i` is what the speaker tells of: "О том, чего ждать от встречи,
    рассказал X", "X рассказал об итогах визита". A verb keeps its speaker ("X заявил, что
    посетит Китай": the one who says it goes)."""
    if tokens[i].pos == "VERB":
        return False
    start, end = clause
    if not start <= i < end:
        return True
    return any(t.lemma in {"о", "об"} for t in tokens[max(start, i - 3) : i])


def _spokespeople(people: list[tuple[Person, Occurrence | None]]) -> set[str]:
    """ "официальный представитель МИД КНР Лу Кан", "пресс-секретарь президента": they announce
    and report events; the events are other people's."""
    return {
        person.name
        for person, _ in people
        if any(office_of(role.title) == SPOKESPERSON for role in person.roles)
    }


_CANCEL_PREFIXES = ("отмен",)
_POSTPONE_PREFIXES = ("перенес", "перенос", "отлож", "отклад")


def _mark_called_off(found: list[_Mention], tokens: Sequence[Tok]) -> None:
    """ "встреча ... отменена", "визит ... перенесен": the verb goes to the nearest event word.
    Nouns stay out ("соглашение об отмене виз" cancels no visit)."""
    if not found:
        return
    for tok in tokens:
        if tok.pos not in {"VERB", "AUX", "ADJ"}:
            continue
        word = tok.text.lower()
        cancels = word.startswith(_CANCEL_PREFIXES) and not word.startswith("отменн")
        if not cancels and not word.startswith(_POSTPONE_PREFIXES):
            continue
        nearest = min(found, key=lambda m: abs(m.start - tok.start))
        if cancels:
            nearest.cancelled = True
        else:
            nearest.postponed_at = tok.start


def _postpone(found: list[_Mention], dates: list[DateMention], adoc: ArticleDoc) -> None:
    """A postponed event is still ahead, and its old date ("запланированный на ноябрь") no
    longer holds: only a date written after "перенесен" ("перенесен на март") is kept."""
    for mention in found:
        if mention.postponed_at is None:
            continue
        mention.status = "upcoming"
        after = [d for d in dates if d.start > mention.postponed_at]
        if after:
            mention.when = _announced_year(after[0], mention, adoc)
        else:
            mention.when = None
        mention.date_rank = _OWN  # known: no date to borrow from around it


def _noun_phrase(tokens: Sequence[Tok], i: int) -> tuple[int, int]:
    """[first, last) of the event word's phrase: agreeing adjectives before it, and after it a
    genitive chain, quoted names and places ("парад на Красной площади в Москве")."""
    first = i
    while first > 0 and tokens[first - 1].pos == "ADJ" and tokens[first - 1].is_word:
        first -= 1
    last = i + 1
    while last < len(tokens) and last - i <= 14:
        tok = tokens[last]
        body = _body_at(tokens, last)
        if body is not None:  # "саммит Совещания по взаимодействию и мерам доверия в Азии"
            last += body[0]
        elif tok.text in {"«", '"', "“"}:
            last = quoted_span_end(tokens, last)
        elif tok.case == "Gen" and tok.pos in {"NOUN", "PROPN", "ADJ"} and not _is_date_word(tok):
            last += 1
        elif tok.text.lower() == "по" and tokens[last - 1].lemma in _BODY_NOUNS:
            # "комитета по сотрудничеству": the body's name goes on
            end = last + 1
            while end < len(tokens) and tokens[end].case == "Dat" and tokens[end].is_word:
                end += 1
            if end == last + 1:
                break
            last = end
        elif (
            tok.pos == "ADP"
            and tok.text.lower() in {"в", "во", "на"}
            and last + 1 < len(tokens)
            and _place_phrase_end(tokens, last + 1) > last + 1
        ):
            last = _place_phrase_end(tokens, last + 1)
        else:
            break
    return first, last


def _is_date_word(tok: Tok) -> bool:
    return tok.text[:1].isdigit() or tok.lemma in {"год", "месяц", "неделя", "день"}


def _place_phrase_end(tokens: Sequence[Tok], j: int) -> int:
    """End of a capitalised locative phrase starting at `j` ("Красной площади", "Москве")."""
    start = j
    while j < len(tokens) and tokens[j].case == "Loc" and tokens[j].pos in {"ADJ", "NOUN", "PROPN"}:
        j += 1
    if j > start and tokens[start].capitalized:
        return j
    return start


def _name_key(tokens: Sequence[Tok], i: int, last: int, orgs: list[Occurrence]) -> str | None:
    """What tells this event from others of its type: the proper words after the event word,
    outside the place phrase ("саммит ШОС в Тяньцзине" -> "шос"). A known body named in full
    is named by its short name ("Совета глав государств Шанхайской организации сотрудничества"
    -> "шос"), as the headline and other sentences call it."""
    if i + 1 < last:
        lo, hi = tokens[i + 1].start, tokens[last - 1].end
        for org in orgs:
            known = geo.organisations().get(geo.fold(org.name))
            if known is not None and lo <= org.start < hi:
                return known[0].lower()
    words: list[str] = []
    in_quotes = False
    for tok in tokens[i + 1 : last]:
        if tok.text in {"«", "»", '"', "“", "”"}:
            in_quotes = not in_quotes if tok.text in {'"'} else tok.text in {"«", "“"}
            continue
        if tok.pos == "ADP" and not in_quotes:
            break
        if tok.is_word and (in_quotes or tok.capitalized):
            words.append(tok.lemma)
    if not words:
        generic = any(t.lemma in _GENERIC_BODY for t in tokens[i + 1 : last])
        abbreviation = _nearest_abbreviation(tokens[i].start, orgs)
        if generic and abbreviation:
            return abbreviation.lower()
        return None
    return " ".join(words)


def _nearest_abbreviation(offset: int, orgs: list[Occurrence]) -> str | None:
    abbreviations = [o for o in orgs if o.name.isupper() and o.name.isalpha() and len(o.name) > 1]
    if not abbreviations:
        return None
    return min(abbreviations, key=lambda o: abs(o.start - offset)).name


def _np_title(tokens: Sequence[Tok], i: int, first: int, last: int, orgs: list[Occurrence]) -> str:
    """The phrase, a known body by its abbreviation ("IV саммит СВМДА", "Саммит ШОС в Астане")."""
    words = nominative(tokens, i, first)
    k = i + 1
    while k < last:
        tok, body = tokens[k], _body_at(tokens, k, last)
        # "саммит организации" is the body named before; "Шанхайской организации" names itself
        if body is not None:
            words.append(body[1])
            k += body[0]
            continue
        if tok.lemma in _GENERIC_BODY and not tok.capitalized and not tokens[k - 1].capitalized:
            abbreviation = _nearest_abbreviation(tok.start, orgs)
            words.append(abbreviation or tok.text)
        else:
            words.append(tok.text)
        k += 1
    return capitalize(join_text(words))


_BODY_WORDS = 10  # the longest full name of a known body


def _body_at(tokens: Sequence[Tok], k: int, stop: int | None = None) -> tuple[int, str] | None:
    """A known body's full name starting at token k (capitalized, as names are)."""
    if not tokens[k].capitalized:
        return None
    end = min(len(tokens), k + _BODY_WORDS, stop if stop is not None else len(tokens))
    return geo.body_at([t.text for t in tokens[k:end]])


def _place_from_phrase(
    mention: _Mention,
    tokens: Sequence[Tok],
    first: int,
    last: int,
    places: list[Occurrence],
) -> None:
    """A place in the event's own phrase or named by a place adjective ("Астанинский саммит"),
    else a locative place elsewhere in the sentence."""
    lo, hi = tokens[first].start, tokens[last - 1].end
    # a body's own name is no venue ("саммит Совещания по ... доверия в Азии")
    bodies = [
        (tokens[k].start, tokens[k + body[0] - 1].end)
        for k in range(first, last)
        if (body := _body_at(tokens, k, last)) is not None
    ]
    inside = [
        o
        for o in places
        if lo <= o.start < hi and is_locative(o) and not any(s <= o.start < e for s, e in bodies)
    ]
    if inside:
        preferred = [o for o in inside if o.prep in {"в", "во"}] or inside
        mention.place, mention.place_rank = preferred[0].name, _OWN
        return
    for tok in tokens[first : mention.index]:
        if tok.capitalized and tok.pos == "ADJ" and tok.start > tokens[0].start:
            city = _place_of_adjective(tok.lemma)
            if city:
                mention.place, mention.place_rank = city, _OWN
                return
    elsewhere = [o for o in places if is_locative(o)]
    if not elsewhere and mention.type in _SPECIFIC - {"visit"}:
        # "отправился в Самарканд для участия в саммите": where one goes for it
        elsewhere = [o for o in places if o.prep in {"в", "во"} and o.case == "Acc"]
    if elsewhere:
        nearest = min(elsewhere, key=lambda o: abs(o.start - mention.start))
        mention.place, mention.place_rank = nearest.name, _SAME_SENTENCE


@lru_cache(maxsize=10_000)
def _place_of_adjective(adjective: str) -> str | None:
    """ "астанинский" -> "Астана", "пекинский" -> "Пекин": pymorphy knows the place nouns.
    Compounds ("Казахстанско-китайский") describe a relation, not a place."""
    if "-" in adjective:
        return None
    for suffix in _PLACE_ADJ_SUFFIXES:
        if not adjective.endswith(suffix):
            continue
        stem = adjective[: -len(suffix)]
        for candidate in (stem + "а", stem, stem + "ь", stem + "я", stem + "ана", stem + "ан"):
            for parse in morph().parse(candidate):
                tag = parse.tag
                if "Geox" in tag and "nomn" in tag and parse.word == candidate:
                    return candidate.capitalize()
    return None


def _visit_roles(
    mention: _Mention,
    tokens: Sequence[Tok],
    i: int,
    people: list[tuple[Person, Occurrence | None]],
    places: list[Occurrence],
) -> None:
    """Who visits where: "X посетит Китай", "визит X в Китай", "пригласил X посетить Y"."""
    targets = [
        o
        for o in places
        if (o.case == "Acc" and o.prep in {"в", "во"})
        or _object_of(tokens, i, o)
        or (mention.moving and o.prep in {"в", "во"})
    ]
    if targets:
        mention.destination = min(targets, key=lambda o: abs(o.start - mention.start)).name
        mention.place, mention.place_rank = mention.destination, _OWN
    invitation = _invited(tokens)
    invited = [p for p, occ in people if occ and occ.case in {"Acc", "Gen"} and invitation]
    if invitation:
        # "Токаев пригласил его с визитом": the one who invites hosts, the visitor is the
        # object -- a pronoun here, left for the merge with the visit it announces
        inviters = {p.name for p, occ in people if occ is None or occ.case == "Nom"}
        mention.participants = [n for n in mention.participants if n not in inviters]
        people = [(p, occ) for p, occ in people if p.name not in inviters]
    # "визит Токаева в Китай", "визита Председателя КНР Си Цзиньпина": the genitive after
    # the word, maybe behind a title in the genitive too
    reach = set()
    if tokens[i].pos == "NOUN":
        for tok in tokens[i + 1 : i + 6]:
            reach.add(tok.start)
            if tok.case != "Gen" and tok.pos != "PROPN":
                break
    hosts = _hosts(tokens, people)
    people = [(p, occ) for p, occ in people if p.name not in hosts]
    own = [p for p, occ in people if occ and occ.case == "Gen" and occ.start in reach]
    subjects = [p for p, occ in people if occ and occ.case == "Nom"]
    if any(t.lemma == "сопровождать" for t in tokens):
        # "Си Цзиньпина в поездке будет сопровождать супруга": the one accompanied travels
        subjects = [p for p, occ in people if occ and occ.case == "Acc"] or subjects
    lone = [
        p for p, occ in people if len(people) == 1 and (occ is None or occ.case in {"Nom", "Gen"})
    ]  # not "в ходе визита ... переговоры с Си Цзиньпином"
    # "встретил Председателя КНР Си Цзиньпина, прибывшего с визитом": the participle's noun
    agreeing = _participle_subject(tokens, i, people)
    chosen = agreeing[:1] or invited or own or subjects or (lone if not invitation else [])
    if chosen:
        mention.visitor = chosen[0].name
        mention.participants = [mention.visitor] + [
            name for name in mention.participants if name != mention.visitor
        ]


_HOST_REACH = 5  # "по приглашению президента Казахстана Касым-Жомарта Токаева"


def _hosts(
    tokens: Sequence[Tok],
    people: Sequence[tuple[Person, Occurrence | None]],
    noun: str = "приглашение",
) -> set[str]:
    """ "по приглашению X": X hosts the visit, whoever else the sentence names ("по поручению
    X": X sent the one who goes)."""
    invitations = [
        t.start
        for k, t in enumerate(tokens)
        if t.lemma == noun and k and tokens[k - 1].lemma == "по"
    ]
    found = set()
    last_host: Occurrence | None = None
    for person, occ in sorted(
        ((p, o) for p, o in people if o is not None), key=lambda item: item[1].start
    ):
        before = [t for t in tokens if t.start < occ.start][-_HOST_REACH - 1 :]
        # "по приглашению председателя Сената X и председателя Мажилиса Y": both host
        joined = (
            last_host is not None and occ.case == "Gen" and _joined_after(tokens, last_host, occ)
        )
        if any(t.start in invitations for t in before) or joined:
            found.add(person.name)
            last_host = occ
    return found


def _joined_after(tokens: Sequence[Tok], first: Occurrence, then: Occurrence) -> bool:
    """Only "и" and a title lie between two names: "X и председателя Мажилиса Y"."""
    between = [t for t in tokens if first.end <= t.start < then.start and t.is_word]
    return 0 < len(between) <= _HOST_REACH and between[0].lemma == "и"


def _participle_subject(
    tokens: Sequence[Tok], i: int, people: list[tuple[Person, Occurrence | None]]
) -> list[Person]:
    """The person a visiting participle of the clause agrees with ("Си Цзиньпина, прибывшего
    в Казахстан с визитом": his visit, also the word "визитом" after it)."""
    start, _ = clause_bounds(tokens, i)
    part = next(
        (
            t
            for t in tokens[start : i + 1]
            if t.form == "Part" and _SIMPLE_TRIGGERS.get(t.lemma) == "visit"
        ),
        None,
    )
    if part is None:
        return []
    before = [
        (p, occ)
        for p, occ in people
        if occ and occ.start < part.start and _agree(occ.case, part.case)
    ]
    return [max(before, key=lambda item: item[1].start)[0]] if before else []


def _agree(a: str | None, b: str | None) -> bool:
    """Cases a participle can agree in; an animate accusative is the genitive's form."""
    return a is not None and (a == b or {a, b} == {"Acc", "Gen"})


def _object_of(tokens: Sequence[Tok], i: int, place: Occurrence) -> bool:
    """ "посетит Китай": the place right after a visiting verb."""
    if tokens[i].pos != "VERB":
        return False
    following = [t for t in tokens[i + 1 : i + 3] if t.start == place.start]
    return bool(following)


def _invited(tokens: Sequence[Tok]) -> bool:
    return any(tok.lemma in {"пригласить", "приглашать"} and tok.pos == "VERB" for tok in tokens)


# --- dates, places and people from context -----------------------------------------------


def _assign_dates(found: list[_Mention], dates: list[DateMention], adoc: ArticleDoc) -> None:
    """Each date phrase goes to the event word of its clause, else the nearest; an event of the
    sentence left without one shares the date of another with the same status."""
    if not found:
        return
    offered: dict[int, list[DateMention]] = {}
    for mention_date in dates:
        if is_horizon(adoc.text, mention_date):
            continue  # "Стратегия до 2035 года" is the plan's term
        # the event word of its own clause first ("Церемония ... намечена на 9 июня, а
        # выставка откроется 10 июня"), then the nearest
        nearest = min(
            range(len(found)),
            key=lambda k: (
                _clauses_between(adoc.text, found[k].start, mention_date),
                _distance(found[k].start, mention_date),
            ),
        )
        offered.setdefault(nearest, []).append(mention_date)
    for k, its_dates in offered.items():
        # a day beats a month or a year; else the one in the event's clause ("2024 год ..., а
        # в 2025 году примет саммит"; "продлится с 4 по 20 февраля, церемония ... на 4
        # февраля"), else the nearest
        best = min(
            its_dates,
            key=lambda d: (
                d.span.precision != "day",
                _clauses_between(adoc.text, found[k].start, d),
                _distance(found[k].start, d),
            ),
        )
        found[k].when, found[k].date_rank = _announced_year(best, found[k], adoc), _OWN
        run = _runs_until(its_dates, adoc.text)
        if run is not None and best in run:  # "начинает визит 30 августа, ... до 3 сентября"
            found[k].when = DateSpan(run[0].span.start, run[1].span.end, "day")
    for mention in found:
        if mention.when is not None:
            mention.status = _status_from_date(mention.when, adoc, mention.status)
    for mention in found:
        if mention.when is None:
            donors = [m for m in found if m.date_rank == _OWN and m.status == mention.status]
            if donors:
                donor = min(donors, key=lambda m: abs(m.start - mention.start))
                mention.when, mention.date_rank = donor.when, _SAME_SENTENCE


RUNS_UNTIL_DAYS = 21  # "с 30 августа ... до 3 сентября": the longest such an occasion runs


def _runs_until(dates: list[DateMention], text: str) -> tuple[DateMention, DateMention] | None:
    """An event's first day and the day it runs until, told apart in one sentence ("Сегодня,
    30 августа, ... начинает визит, который продлится до 3 сентября"): within three weeks."""
    days = [d for d in dates if d.span.precision == "day"]
    for until in days:
        if not says_until(text, until):
            continue
        for first in days:
            if first.start < until.start and 0 < (until.span.start - first.span.end).days <= (
                RUNS_UNTIL_DAYS
            ):
                return first, until
    return None


def _announced_year(mention_date: DateMention, mention: _Mention, adoc: ArticleDoc) -> DateSpan:
    """An announced event's year-less date that fell before publication ("следующее заседание
    ... в октябре", written in March) is next year's."""
    span = mention_date.span
    if (
        mention.status != "upcoming"
        or span.end >= adoc.published
        or mention_date.relative
        or _YEAR.search(mention_date.text)
    ):
        return span
    try:
        return DateSpan(
            span.start.replace(year=span.start.year + 1),
            span.end.replace(year=span.end.year + 1),
            span.precision,
        )
    except ValueError:  # 29 February
        return span


_YEAR = re.compile(r"\d{4}")


_CLAUSE_BREAK = re.compile(r"[,;:()]|\s[-–—]\s")


def _clauses_between(text: str, offset: int, mention_date: DateMention) -> int:
    """How many clause breaks (commas, dashes, brackets) lie between an event word and a date."""
    start, end = sorted(
        (offset, mention_date.start if mention_date.start > offset else mention_date.end)
    )
    return len(_CLAUSE_BREAK.findall(text, start, end))


def _distance(offset: int, mention_date: DateMention) -> int:
    if mention_date.start <= offset < mention_date.end:
        return 0
    return min(abs(mention_date.start - offset), abs(mention_date.end - offset))


def _status_from_date(span: DateSpan, adoc: ArticleDoc, by_tense: EventStatus) -> EventStatus:
    if span.start > adoc.published:
        return "upcoming"
    if span.end < adoc.published:
        return "past"
    return by_tense


def _fits(span: DateSpan, status: EventStatus, adoc: ArticleDoc) -> bool:
    if status == "past":
        return span.start <= adoc.published
    return span.end >= adoc.published


def _fill_from_context(
    mentions: list[_Mention], tokens: list[list[Tok]], ctx: ArticleContext, adoc: ArticleDoc
) -> None:
    """Fill what a mention's sentence did not say: from other events of the sentence, the
    previous sentence, the dateline; nothing for words inside a quotation."""
    by_sentence: dict[int, list[_Mention]] = {}
    for mention in mentions:
        by_sentence.setdefault(mention.sentence, []).append(mention)
    last_with_people: list[str] = []
    earlier_people: list[str] = []  # of the last mention in an earlier sentence
    current_sentence = -1
    for mention in mentions:
        if mention.sentence != current_sentence:
            current_sentence, earlier_people = mention.sentence, list(last_with_people)
        if mention.place is None:
            _place_from_siblings(mention, by_sentence[mention.sentence])
        if mention.quoted:
            continue
        if not _opens_with_sequel(tokens[mention.sentence]):
            # "Затем он отправился в Самарканд": later than the date before, by how much unsaid
            _near_date(mention, tokens, ctx, adoc)
        _near_place(mention, ctx)
        _people_from_context(mention, tokens, ctx, earlier_people, last_with_people)
        if mention.participants:
            last_with_people = mention.participants
    for mention in mentions:
        _place_from_dateline(mention, ctx)


def _place_from_siblings(mention: _Mention, siblings: list[_Mention]) -> None:
    """Another event of the sentence, placed by its own words, with the same status."""
    shared = [
        m for m in siblings if m.place and m.place_rank == _OWN and m.status == mention.status
    ]
    if shared:
        mention.place, mention.place_rank = shared[0].place, _SAME_SENTENCE


def _people_from_context(
    mention: _Mention,
    tokens: list[list[Tok]],
    ctx: ArticleContext,
    earlier_people: list[str],
    last_with_people: list[str],
) -> None:
    """The people a sentence leaves unnamed: a group ("лидеры"), an unnamed office, "он"."""
    sentence = tokens[mention.sentence]
    if not mention.participants and _mentions_group(sentence):
        recent = _actors(mention.sentence - 1, tokens, ctx) or _actors(
            mention.sentence - 2, tokens, ctx
        )
        mention.participants = recent or list(last_with_people)
    elif _unnamed_role(mention, sentence) and earlier_people:
        # "глава государства проведет переговоры с Председателем КНР Си Цзиньпином":
        # the unnamed head of state is the story's protagonist
        protagonist = earlier_people[0]
        if protagonist not in mention.participants:
            mention.participants = [protagonist, *mention.participants]
    if _by_pronoun(mention, sentence):
        # "Он встретился с послом КНР", "Это его первая поездка": the one the previous
        # sentence was about
        subjects = [
            p.name
            for p, occ in ctx.people.get(mention.sentence - 1, [])
            if occ is not None and occ.case == "Nom"
        ]
        if subjects and subjects[-1] not in mention.participants:
            mention.participants = [subjects[-1], *mention.participants]
        if subjects and mention.moving and mention.visitor is None:
            mention.visitor = subjects[-1]


def _place_from_dateline(mention: _Mention, ctx: ArticleContext) -> None:
    """The story the dateline reports (dated by the lede, or undated) happened there."""
    if mention.quoted or mention.status != "past" or mention.type == "call":
        return
    # a country the dateline's city is in says less than the city ("в КНР", "Пекин")
    if mention.place and not _city_of_country(ctx.dateline_place, mention.place):
        return
    if ctx.dateline_place and (mention.when is None or mention.when == ctx.lede_date):
        mention.place, mention.place_rank = ctx.dateline_place, _LEDE


def _actors(index: int, tokens: list[list[Tok]], ctx: ArticleContext) -> list[str]:
    """The people a sentence names, but not those who only tell of it ("рассказал посол")."""
    people = ctx.people.get(index, []) if index >= 0 else []
    told = _speakers(tokens[index], people) if people else {}
    return [p.name for p, _ in people if p.name not in told]


def _city_of_country(city: str | None, country: str) -> bool:
    if city is None:
        return False
    canonical = geo.canonical(country)
    return geo.country_of(city) == canonical and geo.canonical(city) != canonical


_PARAGRAPH_LOOKBACK = 4  # "Главное случилось в пятницу, 9 июня. ... на саммите": that day


def _paragraph_before(adoc: ArticleDoc, index: int) -> list[int]:
    """The sentences before `index` in its paragraph, nearest first, at most a few."""
    found = []
    for k in range(index - 1, max(index - 1 - _PARAGRAPH_LOOKBACK, -1), -1):
        between = adoc.text[adoc.sentences[k].end : adoc.sentences[k + 1].start]
        if "\n" in between:
            break
        found.append(k)
    return found


def _near_date(
    mention: _Mention, tokens: list[list[Tok]], ctx: ArticleContext, adoc: ArticleDoc
) -> None:
    """A date from the sentence before, else from earlier in the paragraph (a story told day
    by day), else the lede's."""
    if mention.when is not None:
        return
    previous: list[DateMention] = []
    for k in [mention.sentence - 1, *_paragraph_before(adoc, mention.sentence)[1:]]:
        previous = [
            d
            for d in ctx.dates.get(k, [])
            if d.span.precision in {"day", "month"}
            and _fits(d.span, mention.status, adoc)
            and not _dates_a_report(d, tokens[k])
        ]
        if previous:
            break
    if previous:
        mention.when, mention.date_rank = previous[-1].span, _NEAR
    elif mention.status == "past" and ctx.lede_date is not None:
        mention.when, mention.date_rank = ctx.lede_date, _LEDE
    elif mention.status == "past" and mention.sentence < _LEAD_SENTENCES:
        # the news itself, reported without a date: it happened when it was published
        mention.when, mention.date_rank = publication_span(adoc.published), _LEDE


_REPORT_REACH = 2  # words between a date and the verb of saying it belongs to


_DATELINE_HEAD = re.compile(r"[А-ЯЁ][А-ЯЁа-яё-]+(?:\s[А-ЯЁа-яё-]+)?,\s*")


def _dateline_date(mention_date: DateMention, text: str) -> bool:
    """ "Пекин, 28 октября (Синьхуа) -- Ли Кэцян в первой декаде ноября отправится ...": the
    date after a line's opening place is the day of the telling."""
    line_start = text.rfind("\n", 0, mention_date.start) + 1
    return _DATELINE_HEAD.fullmatch(text[line_start : mention_date.start]) is not None


def _dates_a_report(mention_date: DateMention, tokens: Sequence[Tok]) -> bool:
    """ "Об этом в понедельник сообщил пресс-секретарь", "Как сообщил 22 января на брифинге
    X, ...": the day of the telling, not of what is told. A verb before the date tells it only
    within its clause ("заявил, что 5 мая ...": the date of what is told)."""
    after = [t for t in tokens if t.start >= mention_date.end and t.is_word][:_REPORT_REACH]
    before: list[Tok] = []
    for tok in reversed([t for t in tokens if t.end <= mention_date.start]):
        if not tok.is_word or len(before) == _REPORT_REACH:
            break
        before.append(tok)
    return any(t.lemma in SPEECH_VERBS for t in after + before) or _told_about_this(
        mention_date, tokens
    )


def _told_about_this(mention_date: DateMention, tokens: Sequence[Tok]) -> bool:
    """ "Об этом во вторник на очередной пресс-конференции сообщила Мао Нин": a clause that
    opens with «об этом» and has a verb of saying tells when it was said, however far apart."""
    at = next((k for k, t in enumerate(tokens) if t.start >= mention_date.start), None)
    if at is None:
        return False
    start, end = clause_bounds(tokens, at)
    words = [t for t in tokens[start:end] if t.is_word]
    if len(words) < 2:
        return False
    opens = words[0].lemma == "о" and words[1].lemma in {"это", "этот"}
    return opens and any(t.lemma in SPEECH_VERBS for t in words)


_SEQUELS = frozenset({"затем", "потом", "далее", "позднее", "позже", "впоследствии"})


def _opens_with_sequel(tokens: Sequence[Tok]) -> bool:
    words = [tok.text.lower() for tok in tokens[:3] if tok.is_word]
    return bool(words) and (
        words[0] in _SEQUELS or words[:2] in (["после", "этого"], ["после", "чего"])
    )


def _near_place(mention: _Mention, ctx: ArticleContext) -> None:
    if mention.place is not None or mention.date_rank != _NEAR:
        return
    previous = [o for o in ctx.places.get(mention.sentence - 1, []) if is_locative(o)]
    if previous:
        mention.place, mention.place_rank = previous[-1].name, _NEAR


_PRONOUN_REACH = 7  # "С 8 по 10 мая он будет находиться в России"


def _opens_with_pronoun(tokens: Sequence[Tok]) -> bool:
    """ "Он встретился ...", "15 мая он провел встречу ...": a pronoun as the first clause's
    subject."""
    for tok in tokens[:_PRONOUN_REACH]:
        if tok.text.lower() in {"он", "она"}:
            return True
        if tok.pos == "VERB" or tok.text in {",", ";", ":"}:
            return False
    return False


_PERSONAL_PRONOUNS = frozenset(
    {
        "он",
        "она",
        "его",
        "её",
        "ее",
        "ему",
        "ей",
        "него",
        "неё",
        "нее",
        "нему",
        "ней",
        "ним",
        "нём",
        "нем",
    }
)


def _by_pronoun(mention: _Mention, tokens: Sequence[Tok]) -> bool:
    """Talks opening with "он", or any event nobody is named for in a sentence that speaks of
    someone as "он", "его", "ему": that someone takes part."""
    if (_family(mention.type) == "talks" or mention.moving) and _opens_with_pronoun(tokens):
        return True  # "С 8 по 10 мая он будет находиться в России": he is the visitor
    return not mention.participants and any(
        tok.text.lower() in _PERSONAL_PRONOUNS for tok in tokens
    )


def _unnamed_role(mention: _Mention, tokens: Sequence[Tok]) -> bool:
    """More people-words ("глава государства", "председатель") than named people in a
    sentence about talks: someone taking part is not named here."""
    if _family(mention.type) != "talks" or len(mention.people) != 1:
        return False
    return sum(tok.lemma in _GROUP_WORDS for tok in tokens) > len(mention.people)


def _mentions_group(tokens: Sequence[Tok]) -> bool:
    """ "главы государств", "стороны", "два лидера", "президент ... и председатель ...": the
    people of the story so far, not named again."""
    words = [i for i, tok in enumerate(tokens) if tok.lemma in _GROUP_WORDS]
    counted = any(i > 0 and tokens[i - 1].lemma in _GROUP_NUMERALS for i in words)
    return counted or any(tokens[i].number == "Plur" for i in words) or len(words) >= 2


# --- merging ------------------------------------------------------------------------------


def _absorb(mentions: list[_Mention]) -> list[_Mention]:
    """A nameless meeting in a sentence about a parade or a summit with the same status is
    that event ("главы государств вновь встретятся ... примут участие в параде")."""
    kept = []
    for mention in mentions:
        if mention.type == "meeting" and not mention.people:
            hosts = [
                m
                for m in mentions
                if m.sentence == mention.sentence
                and m.type in _SPECIFIC
                and m.status == mention.status
            ]
            if hosts:
                continue
        kept.append(mention)
    return kept


def _family(kind: str) -> str:
    return _FAMILY.get(kind, kind)


_MET_AT_DISTANCE = 3  # sentences between a summit and "лидеры встретились" about it


def _met_at(event: _Mention, mention: _Mention) -> bool:
    """ "Завершился саммит ... Руководители шести государств встретились лично": a nameless
    meeting on a summit's days, just after it, is the summit (and brings its people)."""
    summit, meeting = (event, mention) if event.type in _MULTILATERAL else (mention, event)
    return (
        summit.type in _MULTILATERAL
        and meeting.type == "meeting"
        and meeting.name is None
        and not meeting.people  # "руководители встретились", not "X встретился с Y"
        and summit.status == meeting.status
        and summit.when is not None
        and summit.when == meeting.when
        and abs(summit.sentence - meeting.sentence) <= _MET_AT_DISTANCE
    )


def _compatible(event: _Mention, mention: _Mention) -> bool:
    if _met_at(event, mention):
        return True
    if event.tour != mention.tour and event.type == mention.type == "visit":
        return False  # the trip and one of its stops
    if _award_at_ceremony(event, mention) or _award_at_ceremony(mention, event):
        return not (event.when and mention.when) or event.when.overlaps(mention.when)
    if _family(event.type) != _family(mention.type) and not _joins_multilateral(event, mention):
        return False
    if event.type == mention.type == "visit" and event.visitor and mention.visitor:
        # one visitor's visit, told in parts: announced, arriving, "первый визит" -- one visit
        if event.visitor != mention.visitor:
            return False
        return _same_destination(event, mention) and _dates_agree(event, mention)
    if event.name and mention.name and event.name != mention.name:
        return False
    if event.ordinal and mention.ordinal and event.ordinal != mention.ordinal:
        return False  # the first summit and the second are two summits
    same_name = bool(event.name and event.name == mention.name)
    if event.status != mention.status and not same_name:
        return False
    if event.when and mention.when and not event.when.overlaps(mention.when):
        if same_name:
            return False
        # a date borrowed from a neighbour gives way to one the mention's own sentence states;
        # the earlier event's, only to a nameless repetition of it ("церемония открытия")
        return mention.date_rank < _SAME_SENTENCE or (
            event.date_rank < _SAME_SENTENCE
            and event.type == mention.type
            and not mention.people
            and not mention.name
        )
    if _elsewhere(event, mention):
        return False  # talks in Moscow and talks in Minsk, told on the same trip
    if _family(event.type) == "talks":
        return _same_talks(event, mention)
    return True


def _award_at_ceremony(ceremony: _Mention, award: _Mention) -> bool:
    """ "Церемония вручения ордена ... Награду вручил Президент": the award is that ceremony."""
    title = ceremony.np_title.lower()
    return (
        ceremony.type == CEREMONY
        and award.type == AWARD
        and ("вручени" in title or "награжд" in title)
    )


def _elsewhere(event: _Mention, mention: _Mention) -> bool:
    """Each sentence places it, in two countries."""
    if min(event.place_rank, mention.place_rank) < _SAME_SENTENCE:
        return False
    ours, theirs = geo.country_of(event.place or ""), geo.country_of(mention.place or "")
    return bool(ours and theirs and ours != theirs)


def _same_talks(event: _Mention, mention: _Mention) -> bool:
    """Tokayev's talks with Xi and his meeting with Jack Ma the same day are two events; so
    are Masimov's talks with Li Keqiang and "в тот же день премьера принял Си Цзиньпин"."""
    # those a sentence only describes count when it names no one ("высокого гостя принял
    # глава государства" is not the guest's talks with the minister)
    ours = set(event.people) or set(event.participants)
    theirs = set(mention.people) or set(mention.participants)
    if len(ours) >= 2 and len(theirs) >= 2:
        return len(ours & theirs) >= 2 or ours <= theirs or theirs <= ours
    if len(event.participants) >= 2 and theirs:
        return theirs <= set(event.participants)
    return True


def _same_destination(event: _Mention, mention: _Mention) -> bool:
    ours, theirs = event.destination or event.place, mention.destination or mention.place
    if not ours or not theirs:
        return True
    return ours == theirs or geo.country_of(ours) == geo.country_of(theirs)


def _dates_agree(event: _Mention, mention: _Mention) -> bool:
    """Dated parts of one visit lie within a few days of each other. A part dated only by the
    article's lede or publication ("в ходе визита казахстанского лидера ... намерены
    подписать") states no date that could disagree."""
    if not (event.when and mention.when) or _LEDE in (event.date_rank, mention.date_rank):
        return True
    if "day" not in (event.when.precision, mention.when.precision) or (
        event.when.precision != mention.when.precision
    ):
        return event.when.overlaps(mention.when)  # "в октябре" is not a visit on 4 November
    gap = max(event.when.start, mention.when.start) - min(event.when.end, mention.when.end)
    return gap.days <= _VISIT_DAYS


# "Казахстанскую сторону на встрече представлял X", "Туркменистан направил на встречу Y",
# "китайскую делегацию на заседании возглавил Z": who came to a gathering already told
_REPRESENTING = frozenset({"представлять", "представить", "направить", "возглавлять", "возглавить"})
_THE_ONE_TOLD = frozenset({"этот", "это", "тот", "данный"})


def _representing_at_it(tokens: Sequence[Tok], i: int, first: int, mention: _Mention) -> bool:
    """A bare gathering word ("на встрече", "на эту встречу") in a sentence saying who
    represented whom: the people of the gathering just told, not a meeting of their own."""
    bare = all(t.lemma in _THE_ONE_TOLD for t in tokens[first:i])
    after_on = first > 0 and tokens[first - 1].lemma in {"на", "в"}
    # "направил на встречу заместителя председателя Кабинета": who was sent, not whose meeting
    sent = i + 1 < len(tokens) and is_title_word(tokens[i + 1].text)
    return (
        bare
        and after_on
        and tokens[i].pos == "NOUN"
        and (mention.name is None or sent)
        and mention.ordinal is None
        and any(t.lemma in _REPRESENTING and t.pos == "VERB" for t in tokens)
    )


def _gathering_just_told(events: list[_Mention], mention: _Mention) -> _Mention | None:
    return next(
        (
            e
            for e in reversed(events)
            if e.type != "visit"
            and e.status == mention.status
            and any(
                mention.sentence - _ATTENDEES_REACH <= k <= mention.sentence for k in e.sentences
            )
        ),
        None,
    )


def _joins_multilateral(event: _Mention, mention: _Mention) -> bool:
    """Talks "с главами МИД государств ШОС" naming many people are the council's session."""
    return event.type == "council" and mention.type in _FAMILY and len(mention.people) > 3


def _merge(mentions: list[_Mention]) -> list[_Mention]:
    events: list[_Mention] = []
    for mention in mentions:
        target = _gathering_just_told(events, mention) if mention.represented else None
        if target is not None:
            _attend(target, mention.participants, mention.sentence)
            continue
        if _family(mention.type) == "talks" and len(mention.people) > 3:
            target = next((e for e in events if _joins_multilateral(e, mention)), None)
        if target is None and mention.name is None:
            # "в преддверии 2-го саммита ... нынешний саммит": the one just named
            target = next(
                (
                    e
                    for e in reversed(events)
                    if mention.sentence in e.sentences and e.type == mention.type and e.name
                ),
                None,
            )
        if target is None:
            target = _likeliest(events, mention)
        if target is None and mention.quoted and mention.date_rank < _OWN:
            # quoted words ("вы мне позвонили") only add to an event the article reports
            target = next(
                (
                    e
                    for e in reversed(events)
                    if _family(e.type) == _family(mention.type) and e.status == mention.status
                ),
                None,
            )
            if target is None:
                continue
        if target is None:
            events.append(mention)
            continue
        _combine(target, mention)
    events = _fold_undated(events)
    events = _fold_headline(events)
    events = _without_bare(events)
    for event in events:
        if event.type == "visit":
            _apply_duration(event)
    _date_from_visit(events)
    _trip_to_gathering(events)
    events = _one_summit_at_a_time(events)
    _place_from_host(events)
    return events


def _one_summit_at_a_time(events: list[_Mention]) -> list[_Mention]:
    """ "саммит ШОС" and "17-е заседание Совета глав государств – членов ШОС" on the same days
    are one summit: nobody attends two at once, and an article reports no two that coincide."""
    kept: list[_Mention] = []
    for event in events:
        same = next(
            (
                e
                for e in kept
                if e.type == event.type == "summit"
                and e.status == event.status
                and e.when is not None
                and event.when is not None
                and e.when.overlaps(event.when)
                and _may_share(e.participants, event.participants)
                and (not e.ordinal or not event.ordinal or e.ordinal == event.ordinal)
            ),
            None,
        )
        if same is None:
            kept.append(event)
        else:
            _combine(same, event)
    return kept


def _date_from_visit(events: list[_Mention]) -> None:
    """ "Помимо переговоров китайский лидер примет участие в заседании Совета ...": what a
    visitor does with no date of its own falls within their one visit of that status."""
    for event in events:
        if event.when is not None or event.type in ("visit", "call") or event.cancelled:
            continue
        visits = [
            v
            for v in events
            if v.type == "visit"
            and v.when is not None
            and not v.cancelled
            and v.status == event.status
            and v.visitor in event.participants
            and _within_visit(event, v)
        ]
        if len(visits) == 1:
            event.when, event.date_rank = visits[0].when, _NEAR


def _trip_to_gathering(events: list[_Mention]) -> None:
    """ "Ван Цишань возглавит делегацию на саммите, который пройдет 12-13 октября ... Визит
    Ван Цишаня станет вторым ...": a visit dated only by the sentences around it, on other
    days, is the trip to the one summit or forum its visitor attends there, and takes that
    gathering's days."""
    for visit in events:
        if visit.type != "visit" or visit.cancelled or visit.date_rank >= _SAME_SENTENCE:
            continue
        gatherings = [
            g
            for g in events
            if g.type in _MULTILATERAL
            and g.when is not None
            and g.when.precision == "day"  # a trip to a dated summit, not the years of a fair
            and g.date_rank >= _SAME_SENTENCE
            and not g.cancelled
            and g.status == visit.status
            and visit.visitor in g.participants
            and visit.place is not None
            and g.place is not None
            and _within_visit(g, visit)
        ]
        if len(gatherings) == 1 and not (visit.when and visit.when.overlaps(gatherings[0].when)):
            visit.when, visit.date_rank = gatherings[0].when, _NEAR


def _may_share(ours: list[str], theirs: list[str]) -> bool:
    """The same people may be meant: one list is empty, or they share someone."""
    return not ours or not theirs or bool(set(ours) & set(theirs))


def _within_visit(event: _Mention, visit: _Mention) -> bool:
    """The event is placed nowhere, or where the visit went (its city or country)."""
    if event.place is None or visit.place is None:
        return True
    country = geo.country_of(visit.place) or visit.place
    return event.place in (visit.place, country) or geo.country_of(event.place) == country


def _likeliest(events: list[_Mention], mention: _Mention) -> _Mention | None:
    """The event a mention repeats: the latest compatible one on its days, else the latest
    compatible one ("по итогам переговоров", dated only by the lede, is today's talks, not
    the February meeting recalled a paragraph before)."""
    compatible = [e for e in reversed(events) if _compatible(e, mention)]
    latest = compatible[0] if compatible else None
    if mention.when is None:
        return latest
    return next((e for e in compatible if e.when and e.when.overlaps(mention.when)), latest)


def _is_bare(event: _Mention) -> bool:
    """ "Поездка", "Нынешняя встреча", "Саммит": an event word with nobody, no name, no place
    and no date of its own -- a reference to some event, not an event the article reports
    ("следующий саммит пройдет в 2027 году" has a date: it is news)."""
    words = event.np_title.split()
    proper = any(w[:1].isupper() for w in words[1:])
    own_place = event.place is not None and event.place_rank >= _SAME_SENTENCE
    own_date = event.when is not None and event.date_rank >= _SAME_SENTENCE
    anonymous = not event.participants and not event.name
    return anonymous and not (own_place or own_date or proper) and len(words) <= 2


def _without_bare(events: list[_Mention]) -> list[_Mention]:
    """Bare events join the event of their family they most likely refer to (the last one
    before them with the same status), else they are dropped."""
    kept: list[_Mention] = []
    for event in events:
        if not _is_bare(event):
            kept.append(event)
            continue
        host = next(
            (
                e
                for e in reversed(kept)
                if _family(e.type) == _family(event.type) and e.status == event.status
            ),
            None,
        )
        if host is not None:
            host.sentences |= event.sentences
    return kept


def _place_from_host(events: list[_Mention]) -> None:
    """Talks "в рамках форума" or "на полях саммита", or during a visit the same day, happen
    where that forum, summit or visit is."""
    for event in events:
        if event.place or _family(event.type) != "talks" or event.type == "call":
            continue
        host = next(
            (
                h
                for h in events
                if h.place
                and h.type in _SPECIFIC
                and h.status == event.status
                and (
                    event.sentence in h.sentences
                    or bool(
                        h.when
                        and event.when
                        and h.when.precision == event.when.precision == "day"
                        and h.when.overlaps(event.when)
                    )
                )
            ),
            None,
        )
        if host is not None:
            event.place, event.place_rank = host.place, _NEAR
    for event in events:
        # no place of its own, or only the country of the visit's city ("Китайская ...
        # выставка" during the visit to Шанхай)
        if event.type not in ("visit", "call"):
            visit = _visit_of(event, events)
            if visit is not None and (
                event.place is None or event.place == geo.country_of(visit.place or "")
            ):
                event.place, event.place_rank = visit.place, _NEAR


_STAY_DAYS = 3  # a visit dated by its arrival lasts at least this long


def _visit_of(event: _Mention, events: list[_Mention]) -> _Mention | None:
    """ "прибывший в Шанхай ... Во вторник Бектенов примет участие в церемонии открытия":
    what a visitor does in the days of their visit happens where the visit is."""
    when = event.when
    if when is None:
        return None
    for visit in events:
        if visit.type != "visit" or not visit.place or visit.when is None or visit.cancelled:
            continue
        if visit.visitor is None or visit.visitor not in event.participants:
            continue
        start, end = visit.when.start, visit.when.end
        if visit.when.precision == "day" and start == end:
            end = start + timedelta(days=_STAY_DAYS - 1)
        if visit.when.precision == "day" and start <= when.start and when.end <= end:
            return visit
    return None


def _fold_headline(events: list[_Mention]) -> list[_Mention]:
    """ "Токаев в Тяньцзине: ... саммит ШОС, деловой совет в Пекине и парад": a headline's
    event with no date of its own is the one event of its kind the story dates ("Завершит
    поездку 3 сентября военный парад"), not one on the publication day. A section's heading
    («О государственном визите Председателя КНР») is the first such event of its section."""
    folded: list[_Mention] = []
    for event in events:
        headline = min(event.sentences) == 0 and event.tenseless
        if not (headline or event.heading) or event.date_rank >= _OWN:
            continue
        if event.type not in _SPECIFIC:
            continue
        told = [
            e
            for e in events
            if e is not event
            and e not in folded
            and e.type == event.type
            and e.date_rank == _OWN
            # a section is about what its heading names, however its sentences name it
            and (not headline or not e.name or not event.name or e.name == event.name)
        ]
        if not headline:
            told = [e for e in told if _in_section(e, event)][:1]
        if len(told) != 1:
            continue
        body = told[0]
        body.participants += [n for n in event.participants if n not in body.participants]
        body.place = body.place or event.place
        body.sentences |= event.sentences
        folded.append(event)
    return [e for e in events if e not in folded]


_SECTION = 6  # sentences after a heading that tell of what it names


def _in_section(event: _Mention, heading: _Mention) -> bool:
    return 0 < min(event.sentences) - heading.sentence <= _SECTION


def _fold_undated(events: list[_Mention]) -> list[_Mention]:
    """An undated event repeating a dated one of its type, status and place (a headline's
    "пригласил его с визитом в Казахстан") is that one, whatever other events came between."""
    kept: list[_Mention] = []
    for event in events:
        bare = not (event.when or event.place or event.participants or event.name)
        if bare and event.type in _SPECIFIC:
            # "в ходе визита планируется подписать ...": the visit already reported
            earlier = next((e for e in reversed(kept) if e.type == event.type), None)
            if earlier is not None:
                _combine(earlier, event)
                continue
        if event.when is None and event.place:
            target = next(
                (
                    e
                    for e in events
                    if e is not event
                    and e.when is not None
                    and e.type == event.type
                    and e.status == event.status
                    and e.place == event.place
                    and (not e.name or not event.name or e.name == event.name)
                    and (not e.visitor or not event.visitor or e.visitor == event.visitor)
                ),
                None,
            )
            if target is not None:
                _combine(target, event)
                continue
        kept.append(event)
    return kept


_VISIT_DAYS = 7  # a visit's parts ("прибыл в среду", "завершил визит в пятницу") lie this close
_DURATIONS = {"однодневный": 1, "двухдневный": 2, "трехдневный": 3, "трёхдневный": 3,
              "четырехдневный": 4, "четырёхдневный": 4, "пятидневный": 5, "шестидневный": 6,
              "недельный": 7}  # fmt: skip
_ENDING_VERBS = frozenset({"завершить", "завершиться", "закончить", "закончиться", "покинуть"})


def _duration(tokens: Sequence[Tok], first: int, i: int) -> int | None:
    """ "трёхдневный визит": the days a visit lasts, from an adjective before it."""
    near = tokens[max(0, min(first, i - 3)) : i]  # natasha may tag "двухдневным" a verb
    return next((_DURATIONS[t.lemma] for t in near if t.lemma in _DURATIONS), None)


def _apply_duration(event: _Mention) -> None:
    """A three-day visit known by one day: the other two follow its arrival or precede its
    end ("трёхдневный визит ... завершился в пятницу, 12 мая" is 10-12 May)."""
    if not event.days or event.when is None or event.when.precision != "day":
        return
    if (event.when.end - event.when.start).days + 1 >= event.days:
        return
    length = timedelta(days=event.days - 1)
    if event.ends_here:
        event.when = DateSpan(event.when.end - length, event.when.end, "day")
    else:
        event.when = DateSpan(event.when.start, event.when.start + length, "day")


def _visit_span(event: _Mention, mention: _Mention) -> DateSpan | None:
    """A visit's days run from its first dated part to its last."""
    spans = [
        m.when
        for m in (event, mention)
        if m.when and m.when.precision == "day" and m.date_rank >= _SAME_SENTENCE
    ]  # a date borrowed from the dateline or the publication day is no part of the visit
    if len(spans) < 2 or not _dates_agree(event, mention):
        return None
    return DateSpan(min(s.start for s in spans), max(s.end for s in spans), "day")


def _combine(event: _Mention, mention: _Mention) -> None:
    if event.type == mention.type == "visit":
        span = _visit_span(event, mention)
        if span is not None:
            event.when = mention.when = span
            if "past" in (event.status, mention.status):  # it has begun: reported, not announced
                event.status = mention.status = "past"
    people = [
        *event.participants,
        *(p for p in mention.participants if p not in event.participants),
    ]
    sentences = event.sentences | mention.sentences
    if mention.score > event.score and not _joins_multilateral(event, mention):
        best_place, best_rank = (
            (mention.place, mention.place_rank)
            if mention.place_rank >= event.place_rank
            else (event.place, event.place_rank)
        )
        old = _copied(event)
        for slot in _Mention.__slots__:
            setattr(event, slot, getattr(mention, slot))
        event.place, event.place_rank = best_place, best_rank
        mention = old
    elif mention.place_rank > event.place_rank:
        event.place, event.place_rank = mention.place, mention.place_rank
    if mention.name and not event.name:  # the dated mention is "саммит"; the named, "саммит ШОС"
        event.np_title = mention.np_title
    event.name = event.name or mention.name
    event.ordinal = event.ordinal or mention.ordinal
    if mention.type in _MULTILATERAL and event.type == "meeting":  # the summit stays a summit
        event.type, event.np_title = mention.type, mention.np_title or event.np_title
    event.cancelled = event.cancelled or mention.cancelled
    event.visitor = event.visitor or mention.visitor
    event.days = event.days or mention.days
    event.ends_here = event.ends_here or mention.ends_here
    event.destination = event.destination or mention.destination
    event.participants = people
    event.sentences = sentences


# --- the result ---------------------------------------------------------------------------


def _dated_by(mention: _Mention, adoc: ArticleDoc) -> DatedBy | None:
    if mention.when is None:
        return None
    if mention.date_rank >= _NEAR:
        return "text"
    if mention.when == publication_span(adoc.published):
        return "publication"
    return "context"


def _to_event(mention: _Mention, people: list[Person], adoc: ArticleDoc) -> Event:
    place = mention.place
    if mention.type == "call" and mention.place_rank <= _LEDE:
        place = None  # a call happens between two places; the dateline is neither
    return Event(
        dated_by=_dated_by(mention, adoc),
        type=mention.type,
        title=_title(mention, {p.name: p for p in people}),
        when=mention.when,
        place=place,
        participants=list(mention.participants),
        status=mention.status,
        sentence=mention.sentence,
    )


def _title(mention: _Mention, people: dict[str, Person]) -> str:
    """Readable: "Переговоры Нурсултана Назарбаева и Си Цзиньпина", "Визит X в Китай",
    "Саммит ШОС", "Парад на Красной площади в Москве"."""
    if mention.type == "visit":
        parts = ["Визит"]
        if mention.visitor:
            parts.append(_genitive(people.get(mention.visitor), mention.visitor))
        if mention.destination:
            parts.append(f"в {_accusative_place(geo.canonical(mention.destination))}")
        if len(parts) > 1:
            return " ".join(parts)
    named = mention.participants if len(mention.participants) <= 3 else mention.people
    own_name = any(word in mention.np_title.lower() for word in _FORMAT_WORDS)
    if mention.type in _TITLE_WORD and 0 < len(named) <= 3 and not own_name:
        names = [_genitive(people.get(name), name) for name in named]
        joined = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " и " + names[-1]
        return f"{_TITLE_WORD[mention.type]} {joined}"
    return _numbered(mention.np_title, mention.ordinal)


# The ending an ordinal in figures takes from the gender of the word it numbers.
_ORDINAL_ENDINGS = {"masc": "-й", "femn": "-я", "neut": "-е"}


def _numbered(title: str, number: int | None) -> str:
    """ "8-е заседание комитета": a series' number the text gave ("провели 8-е заседание",
    "восьмое заседание") and the title lacks."""
    words = title.split()
    if number is None or not words or ordinal(words[0].lower(), lemma(words[0])) is not None:
        return title
    parse = morph().parse(words[0])[0]
    ending = "-е" if "plur" in parse.tag else _ORDINAL_ENDINGS.get(parse.tag.gender or "", "")
    if not ending or parse.tag.POS != "NOUN":
        return title
    return f"{number}{ending} {words[0].lower()} {' '.join(words[1:])}".strip()


def _genitive(person: Person | None, name: str) -> str:
    if person is None:
        return inflect_name(name.split(), "gent")
    for form in sorted(person.forms):
        if len(form.split()) == len(name.split()) and _looks_genitive(form, name):
            return form
    names = name.split()
    if is_chinese_name(name):
        return _chinese_genitive(names)
    words = inflect_name(names, "gent").split()
    declined = {w for f in person.forms for w in f.split()}
    # A man's surname took "-а" ("Ашимбаева"), so his consonant-final first name does too;
    # women's surnames take "-ой" and Chinese family names do not decline, so they stay.
    masculine = words[-1] != names[-1] and words[-1].endswith(("а", "я"))
    for k, word in enumerate(names):
        if words[k] != word:
            continue
        first_of_man = masculine and word == person.first and word[-1] not in "аеёиоуыэюя"
        # a name the dictionaries do not know but the text declines ("Ли Цяном"): masculine
        if _declined_in_text(word, declined) or first_of_man:
            words[k] = word[:-1] + "я" if word[-1] in "йь" else word + "а"
    return " ".join(words)


def _chinese_genitive(names: list[str]) -> str:
    """ "Си Цзиньпина", "Дун Цзюня", "Чжан Гаоли": the family name stays, the given name
    declines as a Russian masculine noun would, unless it ends in a vowel."""
    given = names[-1]
    if given[-1].lower() in "йь":
        given = given[:-1] + "я"
    elif given[-1].lower() not in "аеёиоуыэюя":
        given += "а"
    return " ".join([*names[:-1], given])


def _declined_in_text(word: str, forms: set[str]) -> bool:
    if not word[-1:].isalpha() or word[-1] in "аеёиоуыэюя":
        return False
    stem = word[:-1] if word[-1] in "йь" else word
    return any(f != word and f.startswith(stem) and f[len(stem) :] in _MASC_ENDINGS for f in forms)


_MASC_ENDINGS = frozenset({"а", "у", "ом", "е", "я", "ю", "ем"})


def _looks_genitive(form: str, name: str) -> bool:
    """A surface form that is the name in the genitive: same words, "-а"/"-я" endings."""
    pairs = list(zip(form.split(), name.split(), strict=True))
    changed = [(f, n) for f, n in pairs if f != n]
    return bool(changed) and all(f.startswith(n) and f[len(n) :] in {"а", "я"} for f, n in changed)


@lru_cache(maxsize=10_000)
def _accusative_place(name: str) -> str:
    """ "Астана" -> "Астану" (a feminine place changes, most others stay as they are)."""
    words = name.split()
    last = words[-1]
    for parse in morph().parse(last):
        if "Geox" in parse.tag and "nomn" in parse.tag:
            inflected = parse.inflect({"accs"})
            if inflected and inflected.word != last.lower():
                words[-1] = last[0] + inflected.word[1:]
            break
    return " ".join(words)
