"""A user's message -> what they ask about: people, places, a period, a kind of fact, topic words.

Intent must not hinge on exact phrasing, so cues are matched on word stems and pymorphy lemmas
("подписали", "подписание", "signed" all mean documents), and whatever is not a cue, a name, a
place or a date becomes topic words for full-text search.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date

from bot.extraction.dates import resolve_dates
from bot.i18n import EN_MONTHS, RU_MONTHS_GENITIVE
from bot.models import DateSpan
from bot.nlp import lemma, morph
from bot.search.aliases import AliasIndex, NameMatch

MAX_WORDS = 40  # a 5,000-character message is searched by its first words, not all of them

# Cue stems, matched against the folded word and its lemma.
WHEN_CUES = ("когда", "дата", "числ", "when", "date")
WHO_CUES = ("кто", "who", "участник", "участвова", "участи")
PERSON_CUES = ("такой", "такая", "какой-то")
DOCUMENT_CUES = (
    "документ", "соглашени", "меморандум", "протокол", "договор", "декларац", "подписа",
    "подписыва", "подписан", "инициатив", "заявлени", "конвенц", "agreement", "treaty",
    "memorand", "sign", "document", "declaration",
)  # fmt: skip
UPCOMING_CUES = (
    "предстоя", "ближайш", "будущ", "скоро", "грядущ", "запланир", "планиру", "upcoming",
    "coming", "soon", "next", "анонс",
)  # fmt: skip
# Any kind of event ("какие события", "мероприятия") and the newest material ("последние новости").
EVENT_CUES = ("событи", "мероприяти", "event", "happen", "происход", "случил", "проход")
LATEST_CUES = ("последн", "свеж", "нового", "новост", "latest", "recent", "news")
# Event types (as the events extractor writes them) and the stems that ask for them.
EVENT_TYPE_CUES: dict[str, tuple[str, ...]] = {
    "visit": ("визит", "посет", "посещ", "приезд", "прибы", "прибуд", "visit"),
    "summit": ("саммит", "summit"),
    "talks": ("переговор", "talks", "negotiat"),
    "meeting": ("встреч", "встрет", "meeting", "met", "meet"),
    "forum": ("форум", "forum"),
    "parade": ("парад", "parade"),
    "call": ("звон", "телефон", "call"),
    "session": ("заседани", "совещани", "session"),
    "council": ("совет", "council"),
}
# Types close enough that asking for one should find the other.
RELATED_TYPES = {
    "talks": {"meeting"},
    "meeting": {"talks", "council"},
    "session": {"meeting", "summit", "council"},
    "council": {"session"},
}

_NOISE_POS = {"PREP", "CONJ", "PRCL", "NPRO", "INTJ", "PRED", "NUMR"}
_NOISE_LEMMAS = {
    "что", "какой", "быть", "весь", "это", "который", "мочь", "про", "о", "об", "рассказать",
    "расскать", "показать", "найти", "информация", "новость", "там", "the", "a", "an", "of", "in",
    "on", "and", "about", "what", "is", "was", "with", "by", "for", "to", "год", "году", "года",
    "свой", "его", "их", "она", "он", "они", "мне", "пожалуйста", "please", "tell", "me", "show",
    "were", "are", "did", "does", "do", "which", "who", "when", "where", "has", "have",
    "been", "be", "will", "any", "all", "there", "it", "its", "at", "from", "between", "that",
    "this", "how", "many", "much", "known", "give", "list", "find", "year", "какие", "где", "кто",
    "досье", "биография", "профиль", "сведение", "данные", "справка", "подробно", "подробность",
    "кратко", "коротко", "известный", "узнать", "хотеть", "нужно", "можно", "bio", "profile",
    "info", "information", "everything", "know",
}  # fmt: skip


@dataclass
class Query:
    """Everything the answer builders need to know about one message."""

    raw: str
    today: date
    lang: str = "ru"
    words: list[str] = field(default_factory=list)
    people: list[NameMatch] = field(default_factory=list)  # one per name in the message
    places: list[str] = field(default_factory=list)  # folded place names
    orgs: list[str] = field(default_factory=list)
    span: DateSpan | None = None
    span_text: str | None = None
    event_types: set[str] = field(default_factory=set)
    asks_when: bool = False
    asks_who: bool = False
    asks_person: bool = False
    asks_documents: bool = False
    asks_upcoming: bool = False
    asks_events: bool = False
    asks_latest: bool = False
    topic: list[str] = field(default_factory=list)  # lemmas left for full-text search
    topic_words: list[str] = field(default_factory=list)  # the same, as typed (for suggestions)

    def topic_words_beyond_places(self) -> list[str]:
        """Topic words other than event-type words and place names."""
        places = {fold_text(p) for p in self.places}
        return [
            w
            for w in self.topic
            if fold_text(w) not in places
            and not any(w.startswith(c) for cues in EVENT_TYPE_CUES.values() for c in cues)
        ]

    @property
    def empty(self) -> bool:
        return not self.words

    @property
    def has_filters(self) -> bool:
        return bool(
            self.span or self.event_types or self.asks_documents or self.places or self.topic
        )


def _has_cue(word: str, word_lemma: str, cues: tuple[str, ...]) -> bool:
    return any(word.startswith(cue) or word_lemma.startswith(cue) for cue in cues)


def _fold(text: str) -> str:
    return text.lower().replace("ё", "е")


fold_text = _fold


def resolve_query_dates(text: str, today: date) -> list[tuple[int, int, str, DateSpan]]:
    """Date phrases in the message, bare years included ("2015")."""
    hits = resolve_dates(text, today, bare_years=True)
    return [(start, end, phrase, span) for start, end, phrase, span, _ in hits]


_EN_MONTH = r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_EN_DATE = re.compile(
    rf"\b(?:(?P<day1>\d{{1,2}})\s+{_EN_MONTH}(?:\s+(?P<year1>(?:19|20)\d\d))?"
    rf"|{_EN_MONTH.replace('month', 'month2')}\s+(?:(?P<day2>\d{{1,2}})(?:st|nd|rd|th)?,?\s+)?(?P<year2>(?:19|20)\d\d))\b",
    re.IGNORECASE,
)


def _russian_month(name: str) -> str:
    prefix = name.lower()[:3]
    number = next(i for i, month in enumerate(EN_MONTHS) if month.lower().startswith(prefix))
    return RU_MONTHS_GENITIVE[number]


def english_dates_to_russian(text: str) -> str:
    """ "May 2024", "June 16, 2025", "16 June" -> the Russian forms the date reader knows.

    Only with a day or a year beside it is "May" a month rather than a verb.
    """

    def replace(match: re.Match[str]) -> str:
        if match["month"]:
            year = f" {match['year1']}" if match["year1"] else ""
            return f"{match['day1']} {_russian_month(match['month'])}{year}"
        month = _russian_month(match["month2"])
        day = f"{match['day2']} " if match["day2"] else ""
        return f"{day}{month} {match['year2']}"

    return _EN_DATE.sub(replace, text)


def _is_noise(word: str, word_lemma: str) -> bool:
    if word_lemma in _NOISE_LEMMAS or word in _NOISE_LEMMAS:
        return True
    if not any("а" <= ch <= "я" for ch in word):
        return len(word) < 2
    tag = morph().parse(word)[0].tag
    return tag.POS in _NOISE_POS


def parse_query(text: str, today: date, names: AliasIndex, lang: str = "ru") -> Query:
    """Read one message: names first (they may look like anything), then dates, cues, topic."""
    text = english_dates_to_russian(clean_text(text))
    query = Query(raw=text, today=today, lang=lang)
    dates = resolve_query_dates(text, today)
    if dates:
        _start, _end, phrase, span = dates[0]
        for _, _, extra_phrase, extra in dates[1:]:
            span = DateSpan(min(span.start, extra.start), max(span.end, extra.end), span.precision)
            phrase = f"{phrase}, {extra_phrase}"
        query.span, query.span_text = span, phrase
    date_ranges = [range(start, end) for start, end, _, _ in dates]

    spans = [(m.start(), m.group()) for m in _word_matches(text)]
    spans = [(pos, w) for pos, w in spans if not any(pos in r for r in date_ranges)]
    words = [part for _, w in spans for part in _split_code(w)][:MAX_WORDS]
    query.words = words
    if not words and not query.span:
        return query

    people, used = names.find_people_in(words)
    query.people = people
    for index, word in enumerate(words):
        if index in used:
            continue
        folded = _fold(word)
        word_lemma = lemma(word)
        place = names.match_place(folded, word_lemma)
        if place is not None:
            (query.places if place[0] == "place" else query.orgs).append(place[1])
            if place[0] == "org":
                query.topic.append(word_lemma)
                query.topic_words.append(word)
            continue
        cue = False
        if _has_cue(folded, word_lemma, WHEN_CUES):
            query.asks_when = cue = True
        if _has_cue(folded, word_lemma, WHO_CUES):
            query.asks_who = cue = True
        if folded in PERSON_CUES:
            query.asks_person = cue = True
        if _has_cue(folded, word_lemma, UPCOMING_CUES):
            query.asks_upcoming = cue = True
        if _has_cue(folded, word_lemma, EVENT_CUES):
            query.asks_events = cue = True
        if _has_cue(folded, word_lemma, LATEST_CUES):
            query.asks_latest = cue = True
        for event_type, cues in EVENT_TYPE_CUES.items():
            if _has_cue(folded, word_lemma, cues):
                query.event_types.add(event_type)
                query.topic.append(word_lemma)  # also a search word: "саммит" is a topic
                query.topic_words.append(word)
                cue = True
        if _has_cue(folded, word_lemma, DOCUMENT_CUES):
            query.asks_documents = True
            if not folded.startswith("подпис") and not folded.startswith("sign"):
                query.topic.append(word_lemma)
                query.topic_words.append(word)
            cue = True
        if cue or _is_noise(folded, word_lemma) or folded.isdigit():
            continue
        query.topic.append(word_lemma)
        query.topic_words.append(word)
    query.topic = list(dict.fromkeys(query.topic))
    return query


_WORD = re.compile(r"[A-Za-zА-Яа-яЁё0-9]+(?:[-.][A-Za-zА-Яа-яЁё0-9]+)*")


# Lone surrogates ("x\udbff" from a broken client or a shell) cannot be encoded to send or store.
_INVISIBLE = re.compile("[\u200b-\u200f\u2060\ufeff\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")


def clean_text(text: str) -> str:
    """Full-width letters and other compatibility forms made plain; invisible characters gone."""
    return _INVISIBLE.sub(" ", unicodedata.normalize("NFKC", text[:5000]))[:2000]


def _split_code(word: str) -> list[str]:
    """ "ШОС-2024" is two search words; "Касым-Жомарт" stays one."""
    if "-" in word and any(ch.isdigit() for ch in word):
        return [part for part in word.split("-") if part]
    return [word]


def _word_matches(text: str):
    """Words with their offsets; "К.Токаев" and "Касым-Жомарт" stay whole."""
    return _WORD.finditer(text)


__all__ = ["Query", "english_dates_to_russian", "parse_query", "resolve_query_dates"]
