"""A question -> its constraints (people, places, period, kinds of fact, topic terms) and focus.

The first stage of answering. Whatever phrasing a user chooses, the same few things come out:
who and where the question is about, which period it means, which kinds of fact it wants
(events of some types, documents of some kinds, roles), the words left for full-text search
with their expansions (lemmas, the corpus's spelling of a typo, the Russian of an English word,
the Cyrillic of a transliterated one), and its focus: what the first line of the answer must
say (a date, names, a number, a role, a document) or that a list is wanted.

Cues are named tables of stems matched against the folded word and its lemma, so "подписали",
"подписание" and "signed" read alike; `tests/test_analyse.py` holds questions and what they
must come out as.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum
from functools import lru_cache

from bot import geo
from bot.extraction.dates import resolve_dates
from bot.extraction.phrases import ordinal
from bot.i18n import EN_MONTHS, RU_MONTHS_GENITIVE
from bot.models import DateSpan
from bot.nlp import lemma, morph
from bot.search import fts
from bot.search.aliases import AliasIndex, NameMatch, fold
from bot.search.lexicon import (
    clipped_terms,
    compound_terms,
    english_terms,
    is_latin,
    named_by_adjective,
    reads_as_russian,
    russian_terms,
    to_cyrillic,
    transliterated_to_cyrillic,
)
from bot.vocab import DOCUMENT_ASK, DOCUMENT_KINDS, EVENT_TYPES, GENERAL_DOCUMENT, MEETING, FactType

MAX_WORDS = 40  # a 5,000-character message is searched by its first words, not all of them
MAX_CHARS = 2000


class Focus(StrEnum):
    """What the first line of the answer must say."""

    WHEN = "when"  # a date
    WHO = "who"  # names of people (other than those asked about)
    WHERE = "where"  # a place
    HOW_MANY = "how_many"  # a number, with the sentence that holds it
    ROLE = "role"  # a person's role as of a period, or who held a role
    WHAT = "what"  # what a document provides, what happened: the evidence itself
    UPCOMING = "upcoming"  # what is announced after today
    LATEST = "latest"  # the newest material
    PROFILE = "profile"  # a person or an organisation by name alone
    LIST = "list"  # facts of a period, kind, place or person, in date order
    TOPIC = "topic"  # anything else: the best evidence for the words


# Question words -> focus; multi-word cues are matched on the folded text, single ones on a
# word's start or its lemma's. The first focus of FOCUS_ORDER found wins.
FOCUS_PHRASES: dict[Focus, tuple[str, ...]] = {
    Focus.HOW_MANY: ("how many", "how much", "на сколько", "на какую сумму", "в каком объеме",
                     "какой объем", "какую долю", "какая доля", "what share", "какой процент"),
    Focus.ROLE: ("кем был", "кем была", "кем являл", "кем работал", "какую должность",
                 "какой пост", "what role", "what position", "what post", "who was the",
                 "who is the", "кто был министр", "кто был посл", "кто был премьер",
                 "кто был аким", "кто был президент", "кто возглавля"),
    Focus.WHAT: ("что предусматр", "о чем", "what does", "what did", "что включ", "что входит",
                 "в чем суть", "what is in", "provide", "what was agreed", "о чем договорил",
                 "что было согласовано", "что обсуждал", "what was discussed"),
    Focus.WHEN: ("какого числа", "с какого", "до какого", "since when", "what day", "which day",
                 "какие числа", "какое число", "каких числах", "в какие дни", "в какой день",
                 "в каком году", "в каком месяце", "what dates", "which dates", "what year",
                 "which year", "what month"),
    Focus.WHO: ("с кем", "вместе с кем", "who met", "who took part", "who signed",
                "who represented", "who attended", "who visited", "кто из"),
    Focus.PROFILE: ("кто такой", "кто такая", "кто это", "who is", "who's", "what is known about",
                    "что известно о", "расскажи о", "расскажи про", "tell me about"),
    Focus.UPCOMING: ("what's next", "whats next", "what is next", "что дальше", "what's coming",
                     "coming up", "скоро ли", "что ждет", "что ожидается", "какие планы",
                     "в планах", "plans for", "what plans", "что будет дальше", "чего ждать",
                     "что намечено", "на повестке"),
}  # fmt: skip
FOCUS_STEMS: dict[Focus, tuple[str, ...]] = {
    Focus.HOW_MANY: ("сколько", "объем", "сумм", "доля", "долю", "процент"),
    Focus.WHEN: ("когда", "дата", "датой", "when", "date"),
    Focus.WHO: ("кто", "кого", "кому", "who", "whom", "участник", "участвова", "представля"),
    Focus.WHERE: ("где", "куда", "where"),
    # the question word of "что предусматривает соглашение", not a word to find in its text
    Focus.WHAT: ("предусматрива", "предусмотр", "provide", "stipulat"),
    Focus.ROLE: ("должност", "role", "position", "пост "),
    Focus.UPCOMING: ("предстоя", "ближайш", "грядущ", "скоро", "запланир", "планиру", "анонс",
                     "следующ", "очередн", "впереди",
                     "upcoming", "soon", "coming", "ожидает", "намечен", "planned", "scheduled",
                     "expected", "next", "future"),
    Focus.LATEST: ("нового", "новенького", "новост", "свеж", "latest", "recent", "news"),
    Focus.PROFILE: ("досье", "биограф", "профиль", "справк", "profile", "bio", "такой", "такая"),
}  # fmt: skip
FOCUS_ORDER = (Focus.ROLE, Focus.HOW_MANY, Focus.WHAT, Focus.WHEN, Focus.WHO, Focus.WHERE,
               Focus.UPCOMING, Focus.LATEST, Focus.PROFILE)  # fmt: skip
# Verbs of talking in a question ("о чём говорил", "что обсуждали") ask what was said: the
# evidence itself, never a topic word.
SPEECH_LEMMAS = frozenset(
    [
        "говорить",
        "сказать",
        "обсуждать",
        "обсудить",
        "договориться",
        "договариваться",
        "рассказать",
        "рассказывать",
        "заявить",
        "заявлять",
        "беседовать",
        "побеседовать",
        "сообщить",
        "сообщать",
        "обещать",
        "пообещать",
    ]
)
# Of those, the ones two people do together: the question is about their meeting.
CONVERSATION_LEMMAS = frozenset(
    {"говорить", "обсуждать", "обсудить", "договориться", "договариваться", "беседовать",
     "побеседовать"}
)  # fmt: skip
# Words asking for events of any kind, and for a list rather than one fact.
EVENT_ASK = (
    "событи",
    "мероприяти",
    "event",
    "happen",
    "происход",
    "произош",
    "случил",
    "проход",
    "было",
)
# Nouns naming an office: "кто был министром иностранных дел" asks who held it.
ROLE_NOUNS = ("министр", "посол", "премьер", "президент", "председател", "аким", "губернатор",
              "глава", "руководител", "генсек", "секретар", "замминистр", "вице", "спикер",
              "ambassador", "minister", "premier", "chairman", "governor", "mayor", "secretary")  # fmt: skip
# Lemmas that say nothing about the topic ("расскажи", "информация", "год").
NOISE_LEMMAS = frozenset(
    [
        "что",
        "какой",
        "быть",
        "весь",
        "это",
        "который",
        "мочь",
        "про",
        "о",
        "об",
        "рассказать",
        "показать",
        "сделать",  # "что сделал ПК ВСНП": what happened, in the words the articles use
        "делать",
        "найти",
        "информация",
        "новость",
        "там",
        "год",
        "свой",
        "его",
        "их",
        "она",
        "он",
        "они",
        "мне",
        "пожалуйста",
        "известный",
        "узнать",
        "хотеть",
        "нужно",
        "можно",
        "также",
        "ли",
        "же",
        "бы",
        "вот",
        "как",
        "так",
        "уже",
        "еще",
        "или",
        "и",
        "а",
        "но",
        "да",
        "нет",
        "тот",
        "этот",
        "такой",
        "сам",
        "самый",
        "время",
        "раз",
        "день",
        "месяц",
        "неделя",
        "подробно",
        "подробность",
        "кратко",
        "коротко",
        "сведение",
        "данные",
        "когда",
        "где",
        "кто",
        "сколько",
        "chto",
        "kogda",
        "gde",
        "kto",
        "дальше",  # "что будет дальше", "что впереди": the upcoming cue, not a topic
        "впереди",
    ]
)
_NOISE_POS = {"PREP", "CONJ", "PRCL", "NPRO", "INTJ", "PRED", "NUMR"}
# English time phrases the Russian date reader knows in Russian.
_EN_RELATIVE = (
    (r"\bnext week\b", "на следующей неделе"), (r"\bthis week\b", "на этой неделе"),
    (r"\bnext month\b", "в следующем месяце"), (r"\bthis month\b", "в этом месяце"),
    (r"\bnext year\b", "в следующем году"), (r"\bthis year\b", "в этом году"),
    (r"\blast year\b", "в прошлом году"), (r"\blast month\b", "в прошлом месяце"),
    (r"\b(?:the\s+)?day after tomorrow\b", "послезавтра"), (r"\btomorrow\b", "завтра"),
    (r"\btoday\b", "сегодня"), (r"\byesterday\b", "вчера"),
    (r"\b(?:this|the|next|coming)\s+weekend\b|\bweekend\b", "на ближайших выходных"),
)  # fmt: skip
# "в ближайший месяц" is the next thirty days, not next calendar month.
_WINDOW = re.compile(
    r"(?:ближайш|coming|next|upcoming)\w*\s+(?:(?P<n>\d{1,3}|два|две|три|четыре|пять|шесть|"
    r"несколько|two|three|four|six|few)\s+)?(?P<unit>дн|сут|недел|месяц|полгод|год|врем|day"
    r"|week|month|year)(?P<plural>\w*)"
)
_UNIT_DAYS = {"дн": 1, "сут": 1, "day": 1, "недел": 7, "week": 7, "месяц": 31, "month": 31,
              "полгод": 183, "год": 366, "year": 366,
              "врем": 45}  # fmt: skip  # "в ближайшее время": a month and a half
_FEW = {"два": 2, "две": 2, "two": 2, "три": 3, "three": 3, "четыре": 4, "four": 4, "пять": 5,
        "шесть": 6, "six": 6, "несколько": 3, "few": 3}  # fmt: skip
# A unit in the plural without a number ("в ближайшие недели", "coming months"): about this many.
_PLURAL_DAYS = {1: 7, 7: 21, 31: 90, 366: 732}


def window_days(folded: str) -> int | None:
    """ "в ближайший месяц" -> 31, "в ближайшие две недели" -> 14, "coming days" -> 7."""
    match = _WINDOW.search(folded)
    if match is None:
        return None
    unit = _UNIT_DAYS[match["unit"]]
    if match["n"]:
        number = int(match["n"]) if match["n"].isdigit() else _FEW[match["n"]]
        return number * unit + 1
    plural = match["plural"] and match["plural"] not in ("ь", "ю", "я", "а", "е", "и", "й")
    if unit == 1 and match["unit"] == "дн":
        return _PLURAL_DAYS[1]  # "ближайшие дни"
    return _PLURAL_DAYS[unit] if plural and match["unit"] not in ("полгод",) else unit + 1


UPCOMING_HORIZON_DAYS = 400


@dataclass(frozen=True, slots=True)
class Term:
    """A topic word and the indexed words it may stand for (its lemma first)."""

    text: str  # as typed
    forms: tuple[str, ...]  # lemmas to search: the word's, a correction's, a translation's
    source: str = "word"  # word | correction | english | latin


@dataclass
class Analysis:
    raw: str
    today: date
    lang: str = "ru"
    words: list[str] = field(default_factory=list)
    people: list[NameMatch] = field(default_factory=list)
    places: list[str] = field(default_factory=list)  # canonical place names
    orgs: list[str] = field(default_factory=list)
    period: DateSpan | None = None
    period_text: str | None = None
    window: DateSpan | None = None  # an upcoming window: "в ближайший месяц", "next week"
    event_types: set[str] = field(default_factory=set)
    document_kinds: set[str] = field(default_factory=set)
    wants_documents: bool = False
    wants_events: bool = False
    wants_role_holder: bool = False  # "кто был министром ...": find the person by the role
    ordinal: int | None = None  # "первая встреча", "5-й саммит": which one of a series
    after_place: str | None = None  # "куда поедет после Москвы": the stop before the one asked
    role_words: list[str] = field(default_factory=list)
    focus: Focus = Focus.TOPIC
    cues: set[Focus] = field(default_factory=set)
    future: bool = False  # "посетит", "будет подписано": an announcement is wanted
    in_force: bool = False  # "с какого числа действует", "когда вступило в силу"
    terms: list[Term] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)  # topic words no article has

    @property
    def empty(self) -> bool:
        return not self.words and self.period is None

    @property
    def narrowing_places(self) -> list[str]:
        """The places and bodies that narrow the answer: Kazakhstan and China narrow only where
        a visit goes, since every article is about them."""
        visiting = "visit" in self.event_types
        places = [p for p in self.places if visiting or p not in geo.HOME_COUNTRIES]
        return places + self.orgs

    @property
    def countries(self) -> set[str]:
        return {c for c in (geo.country_of(p) for p in self.places) if c}

    def term_forms(self) -> list[list[str]]:
        return [list(t.forms) for t in self.terms]


# -- text ----------------------------------------------------------------------------------------

_INVISIBLE = re.compile("[\u200b-\u200f\u2060\ufeff\ufffd\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")
_WORD = re.compile(r"[A-Za-zА-Яа-яЁё0-9]+(?:['’.-][A-Za-zА-Яа-яЁё0-9]+)*")
_EN_MONTH = (
    r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_EN_DATE = re.compile(
    rf"\b(?:(?P<day1>\d{{1,2}})\s+{_EN_MONTH}(?:\s+(?P<year1>\d{{4}}))?"
    rf"|{_EN_MONTH.replace('month', 'month2')}\s+(?:(?P<day2>\d{{1,2}})(?:st|nd|rd|th)?,?\s+)?"
    rf"(?P<year2>\d{{4}}))\b",
    re.IGNORECASE,
)


# "in July", "for May": after a preposition a month name is a month, even "May"
_EN_IN_MONTH = re.compile(
    rf"\b(?P<prep>in|for|during|by|until|till|since|through|from)\s+{_EN_MONTH}(?![\w])",
    re.IGNORECASE,
)


def clean_text(text: str) -> str:
    """Compatibility forms made plain, invisible characters and lone surrogates gone."""
    text = _INVISIBLE.sub(" ", text[: MAX_CHARS * 2])
    return unicodedata.normalize("NFKC", text)[:MAX_CHARS]


def _russian_month(name: str) -> str:
    prefix = name.lower()[:3]
    number = next(i for i, month in enumerate(EN_MONTHS) if month.lower().startswith(prefix))
    return RU_MONTHS_GENITIVE[number]


def english_dates_to_russian(text: str) -> str:
    """ "May 2024", "June 16, 2025", "next week" -> forms the Russian date reader knows.

    Only with a day or a year beside it is "May" a month rather than a verb.
    """

    def replace(match: re.Match[str]) -> str:
        if match["month"]:
            year = f" {match['year1']}" if match["year1"] else ""
            return f"{match['day1']} {_russian_month(match['month'])}{year}"
        day = f"{match['day2']} " if match["day2"] else ""
        return f"{day}{_russian_month(match['month2'])} {match['year2']}"

    text = _EN_DATE.sub(replace, text)
    text = _EN_IN_MONTH.sub(lambda m: f"{m['prep']} {_russian_month(m['month'])}", text)
    for pattern, russian in _EN_RELATIVE:
        text = re.sub(pattern, russian, text, flags=re.IGNORECASE)
    return text


# -- the stages of reading -----------------------------------------------------------------------


# Ways of asking "how is it going with X" whose words are no topic ("дела" is no
# "министр иностранных дел").
_HOW_IS_IT_GOING = re.compile(
    r"(?<![а-яё])как\s+(?:сейчас\s+)?(?:обстоят|обстоит|идут|продвигаются)\s+(?:дела|дело)"
    r"(?![а-яё])", re.IGNORECASE,
)  # fmt: skip


def without_filler(text: str) -> str:
    """ "как обстоят дела с авиасообщением?" asks about air travel."""
    return _HOW_IS_IT_GOING.sub(" ", text)


_BARE_WEEKEND = re.compile(r"(?<![а-яё])(на|в)\s+(выходн(?:ых|ые))(?![а-яё])", re.IGNORECASE)


def weekend_ahead(text: str) -> str:
    """ "что у Назарбаева на выходных?": a question with no past verb asks of the coming
    weekend ("что было на выходных" asks of the last one)."""
    if not _BARE_WEEKEND.search(text) or any(_is_past_verb(w) for w in _WORD.findall(text)):
        return text
    return _BARE_WEEKEND.sub(r"\1 ближайших \2", text)


def _is_past_verb(word: str) -> bool:
    return any(p.tag.POS == "VERB" and "past" in p.tag for p in morph().parse(word.lower())[:1])


def _read_dates(analysis: Analysis, text: str) -> list[range]:
    """The period asked about, or the window ahead of today for an upcoming question."""
    try:
        hits = resolve_dates(text, analysis.today, bare_years=True)
    except (ValueError, OverflowError):  # year 1 or 9999 at the edge of the calendar
        hits = []
    if hits:
        _, _, phrase, span, _ = hits[0]
        for _, _, extra_phrase, extra, _ in hits[1:]:
            span = DateSpan(min(span.start, extra.start), max(span.end, extra.end), span.precision)
            phrase = f"{phrase}, {extra_phrase}"
        analysis.period, analysis.period_text = span, phrase
    days = window_days(fold(text))
    if days is not None and not (analysis.period and "следующ" in (analysis.period_text or "")):
        analysis.window = DateSpan(analysis.today, _add_days(analysis.today, days), "day")
        analysis.period, analysis.period_text = None, None
        analysis.cues.add(Focus.UPCOMING)
    return [range(start, end) for start, end, _, _, _ in hits]


def _add_days(day: date, days: int) -> date:
    try:
        return day + timedelta(days=days)
    except OverflowError:
        return date.max


_NUMBERED = re.compile(r"\d{1,3}-[а-яё]{1,3}")


def _words(text: str, skip: list[range]) -> list[str]:
    words = []
    for match in _WORD.finditer(text):
        if any(match.start() in r for r in skip):
            continue
        word = match.group()
        latin_pair = word.isascii() and "-" in word and english_terms(word) is None
        if _NUMBERED.fullmatch(word):  # "8-е заседание": which one of a series
            words.append(word)
        elif "-" in word and (any(ch.isdigit() for ch in word) or latin_pair):
            # "ШОС-2024", "Kazakhstan-China": two words
            words += [part for part in word.split("-") if part]
        else:
            words.append(word)
    return words[:MAX_WORDS]


_EN_SUFFIXES = ("", "s", "es", "ed", "d", "ing", "ers", "er")


def _has(folded: str, word_lemma: str, stems: tuple[str, ...]) -> bool:
    """A Russian stem starts the word or its lemma; an English one is the word itself, give
    or take an ending ("visits", "signed"), so "tour" is not "tourism"."""
    if folded.isascii():
        return any(folded == s + end for s in stems if s.isascii() for end in _EN_SUFFIXES)
    return any(folded.startswith(s) or word_lemma.startswith(s) for s in stems if not s.isascii())


def _read_cues(analysis: Analysis, folded_text: str) -> None:
    padded = f" {folded_text} "
    for focus, phrases in FOCUS_PHRASES.items():
        if any(f" {p}" in padded or p in folded_text for p in phrases):
            analysis.cues.add(focus)


def searched_by(kind: FactType) -> frozenset[str]:
    """The words a kind of event is searched by: its own name's last word and its names."""
    return frozenset({kind.ru.split()[-1], *kind.names})


def _is_verb(folded: str) -> bool:
    if not any("а" <= ch <= "я" for ch in folded):
        return False
    return morph().parse(folded)[0].tag.POS in {"VERB", "INFN", "GRND", "PRTF", "PRTS"}


def _names_kind(kind: FactType, folded: str, word_lemma: str) -> bool:
    """The word names this kind: its lemma is one of the kind's names, or it starts with one
    of its stems and is not a verb ("договорились" is not a treaty)."""
    if word_lemma in kind.names:
        return True
    return _has(folded, word_lemma, kind.ask) and not _is_verb(folded)


def _spoken_place(index: AliasIndex, word: str) -> tuple[str, str] | None:
    """A place or body typed as Russian is spoken, in Latin letters or read from them
    («Kitai», «Китаи», «Pekin»)."""
    if len(word) < 4 or (is_latin(word) and english_terms(word) is not None):
        return None
    cyrillic = to_cyrillic(word) if is_latin(word) else word.lower()
    # "i" after a vowel is often "й" («Kitai», «Shanhai»)
    readings = [cyrillic] if is_latin(word) else []
    readings.append(re.sub(r"(?<=[аеиоуыэюя])и$", "й", cyrillic))
    for reading in dict.fromkeys(r for r in readings if r != word.lower()):
        found = _place_or_org(index, fold(reading), lemma(reading))
        if found is not None:
            return found
    return None


def _cue_reading(word: str, folded: str, word_lemma: str) -> tuple[str, str]:
    """The word as cues read it: a transliterated Russian word («dogovor», «vstrecha») in
    Cyrillic, so it asks for what the Russian one does."""
    if is_latin(word) and len(word) > 3 and not word.isupper() and reads_as_russian(word):
        cyrillic = to_cyrillic(word)
        return fold(cyrillic), lemma(cyrillic)
    return folded, word_lemma


_PLANS = frozenset({"планы", "планах", "планов", "plans"})


def _word_cues(analysis: Analysis, folded: str, word_lemma: str) -> bool:
    """Record what the word asks for; True when it is a cue rather than a topic word."""
    if folded in _PLANS and Focus.UPCOMING in analysis.cues:
        return True  # "какие планы у Смаилова": intentions, not a document called a plan
    cue = False
    if word_lemma in SPEECH_LEMMAS:
        if "impr" not in morph().parse(folded)[0].tag:  # "расскажи про X" asks for a profile
            analysis.cues.add(Focus.WHAT)
        if word_lemma in CONVERSATION_LEMMAS and len(analysis.people) >= 2:
            analysis.event_types.add(MEETING)  # "о чём Токаев говорил с Дин Сюэсяном": they met
        return True
    for focus, stems in FOCUS_STEMS.items():
        if _has(folded, word_lemma, stems):
            analysis.cues.add(focus)
            cue = True
    for key, kind in EVENT_TYPES.items():
        if _names_kind(kind, folded, word_lemma):
            analysis.event_types.add(key)
            # "заседание комитета": «заседание» is what the kind is searched by; «комитет»
            # names the body too and stays a word to search
            cue = cue or is_latin(folded) or word_lemma in searched_by(kind)
    for key, kind in DOCUMENT_KINDS.items():
        if _names_kind(kind, folded, word_lemma):
            if key != GENERAL_DOCUMENT:
                analysis.document_kinds.add(key)
            analysis.wants_documents = True
            cue = True
    if _has(folded, word_lemma, DOCUMENT_ASK):
        analysis.wants_documents = True
        cue = True
    if _has(folded, word_lemma, EVENT_ASK):
        analysis.wants_events = True
        cue = True
    if _has(folded, word_lemma, ROLE_NOUNS):
        analysis.role_words.append(word_lemma)
    return cue


def _is_noise(folded: str, word_lemma: str) -> bool:
    if word_lemma in NOISE_LEMMAS or folded in NOISE_LEMMAS:
        return True
    if not any("а" <= ch <= "я" for ch in folded):
        return len(folded) < 2
    return morph().parse(folded)[0].tag.POS in _NOISE_POS


# "собирались подписать", "намеревались посетить": what was announced, in any tense
INTENT_LEMMAS = frozenset(
    {"собираться", "намереваться", "намечаться", "предполагаться", "готовиться"}
)


# A document's taking effect is asked for: its in-force date answers, not its signing.
_IN_FORCE = re.compile(r"в сил[уеы]|\bдейству\w*|начн\w* действ|in force|tak\w* effect|effective")


def _is_future_verb(folded: str) -> bool:
    """ "посетит", "будет", "пройдет": a verb in the future tense."""
    if not any("а" <= ch <= "я" for ch in folded):
        return folded in {"will", "going"}
    for parse in morph().parse(folded)[:2]:
        tag = parse.tag
        if tag.POS == "VERB" and ("futr" in tag or ("perf" in tag and "pres" in tag)):
            return True
        if parse.normal_form == "быть" and "futr" in tag:
            return True
    return False


def _term(word: str, word_lemma: str, vocabulary: fts.Vocabulary) -> Term | None:
    """The indexed words a topic word stands for, or None when the corpus has none of them."""
    if is_latin(word):
        english = english_terms(word)
        if english == ():
            return None
        if english:  # and the Russian words that say the same ("visa-free": "визовый" too)
            forms = (f for lemma_ in english for f in russian_terms(lemma_))
            return Term(word, tuple(dict.fromkeys(forms)), "english")
        if vocabulary.expansions(fold(word)):  # written in Latin in the articles too: "CNPC"
            return Term(word, (fold(word),))
        cyrillic = to_cyrillic(word)
        fixed = vocabulary.correction(lemma(cyrillic)) or vocabulary.correction(cyrillic)
        forms = [f for f in (lemma(cyrillic), fixed) if f and vocabulary.expansions(f)]
        # an English word the table does not know, and no Russian word read from it: filler
        return Term(word, tuple(dict.fromkeys(forms)), "latin") if forms else None
    clipped = [f for f in clipped_terms(word_lemma, fold(word)) if vocabulary.expansions(f)]
    if clipped:  # "безвиз": the articles' "безвизовый режим"
        return Term(word, tuple(clipped))
    if vocabulary.expansions(word_lemma):
        forms = [f for f in russian_terms(word_lemma) if vocabulary.expansions(f)]
        return Term(word, tuple(forms))
    # "кашаганская нефть", an adjective the articles never use: their "нефть Кашагана"
    named = [f for f in named_by_adjective(word_lemma) if vocabulary.knows(f)]
    if named:
        return Term(word, tuple(named))
    parts = [f for f in compound_terms(word_lemma) if vocabulary.expansions(f)]
    if parts:  # "автозавод": the articles' "автомобильный завод"
        return Term(word, tuple(parts))
    hyphenated = [lemma(p) for p in fold(word).split("-") if p]
    if len(hyphenated) > 1 and all(vocabulary.expansions(p) for p in hyphenated):
        # "аль-Фараби": the index holds its parts; the longest says the most
        return Term(word, (max(hyphenated, key=len),))
    fixed = vocabulary.correction(word_lemma) or vocabulary.correction(fold(word))
    if fixed:
        return Term(word, (fixed,), "correction")
    return Term(word, (word_lemma,), "unknown")


def _place_or_org(index: AliasIndex, folded: str, word_lemma: str) -> tuple[str, str] | None:
    known = geo.place(folded) or geo.place(word_lemma) or geo.place_of_form(folded)
    if known is not None:
        return "place", known.name
    org = geo.organisations().get(folded) or geo.organisations().get(word_lemma)
    if org is not None:
        return "org", org[0]
    found = index.match_place(folded, word_lemma)
    if found is not None:
        return found[0], geo.canonical(found[1])
    return None


@lru_cache(maxsize=1)
def _org_phrases() -> tuple[tuple[tuple[str, ...], str], ...]:
    """Bodies named in several words, as lemma sequences, longest first."""
    phrases = {
        tuple(lemma(word) for word in spelling.split()): name
        for spelling, (name, _) in geo.organisations().items()
        if " " in spelling
    }
    return tuple(sorted(phrases.items(), key=lambda item: -len(item[0])))


def _phrase_orgs(analysis: Analysis, words: list[str], used: set[int]) -> set[int]:
    """Bodies of several words, in any case ("Шанхайской организации сотрудничества",
    "Eurasian Economic Union"): their words are the body's name, not topic words."""
    lemmas = [lemma(word) for word in words]
    taken: set[int] = set()
    for phrase, name in _org_phrases():
        size = len(phrase)
        for start in range(len(lemmas) - size + 1):
            span = set(range(start, start + size))
            if tuple(lemmas[start : start + size]) == phrase and not span & (used | taken):
                taken |= span
                if name not in analysis.orgs:
                    analysis.orgs.append(name)
    return taken


def _signed_what(analysis: Analysis) -> bool:
    """ "What did Tokayev and Xi sign in 2023?", «что подписали в Сиане»: documents of no named
    kind or subject, which a list answers; «что предусматривает соглашение» stays a WHAT."""
    return (
        analysis.wants_documents
        and not analysis.document_kinds
        and not analysis.terms
        and bool(analysis.people or analysis.period or analysis.places)
    )


def _choose_focus(analysis: Analysis) -> Focus:
    cues = analysis.cues
    named = analysis.people or analysis.orgs
    constrained = analysis.event_types or analysis.wants_documents or analysis.period
    if Focus.PROFILE in cues and named and not constrained and not analysis.terms:
        return Focus.PROFILE
    if analysis.unknown and analysis.people and not (constrained or analysis.terms or cues):
        return Focus.PROFILE  # "Токаев балет": say who he is, and that nothing matched
    if (
        analysis.role_words
        and Focus.WHO in cues
        and not analysis.people
        and not (analysis.event_types or analysis.wants_documents)
    ):
        analysis.wants_role_holder = True
        return Focus.ROLE
    for focus in FOCUS_ORDER:
        if focus in cues:
            if focus == Focus.ROLE and not (analysis.people or analysis.role_words):
                continue
            if focus == Focus.PROFILE and not (analysis.people or analysis.orgs):
                continue
            if focus == Focus.WHAT and _signed_what(analysis):
                return Focus.LIST  # "what did they sign": the documents, not one provision
            return focus
    if analysis.window is not None:
        return Focus.UPCOMING
    kinds = analysis.event_types or analysis.wants_documents or analysis.wants_events
    if not analysis.terms:
        if analysis.people and not (kinds or analysis.places):
            if analysis.period is not None and analysis.period.start >= analysis.today:
                return Focus.UPCOMING  # "что у Назарбаева на выходных?", "Li Keqiang tomorrow"
            return Focus.PROFILE  # with a period: the person's roles and events in it
        if analysis.orgs and not analysis.people and not (kinds or analysis.period):
            return Focus.PROFILE
        if kinds or analysis.period or analysis.places or analysis.people or analysis.orgs:
            return Focus.LIST
    return Focus.TOPIC


_AFTER_WORDS = frozenset({"после", "after"})


def analyse(
    text: str, today: date, index: AliasIndex, vocabulary: fts.Vocabulary, lang: str = "ru"
) -> Analysis:
    """Read one message: dates, names (they may look like anything), cues, then topic words."""
    text = clean_text(text or "")
    text = english_dates_to_russian(transliterated_to_cyrillic(text, index.knows_latin))
    text = without_filler(weekend_ahead(text))
    analysis = Analysis(raw=text, today=today, lang=lang)
    skip = _read_dates(analysis, text)
    words = _words(text, skip)
    analysis.words = words
    if not words:
        analysis.focus = _choose_focus(analysis)
        return analysis
    folded_text = fold(text)
    _read_cues(analysis, folded_text)
    analysis.people, used = index.find_people_in(words)
    used = used | _phrase_orgs(analysis, words, used)
    for position, word in enumerate(words):
        if position in used:
            continue
        folded, word_lemma = fold(word), lemma(word)
        analysis.ordinal = analysis.ordinal or ordinal(folded, word_lemma)
        if _NUMBERED.fullmatch(folded):
            continue
        known = _place_or_org(index, folded, word_lemma) or _spoken_place(index, word)
        if known is not None:
            kind, name = known
            if kind == "place" and position and fold(words[position - 1]) in _AFTER_WORDS:
                analysis.after_place = name  # where they will have been, not where asked
                continue
            target = analysis.places if kind == "place" else analysis.orgs
            if name not in target:
                target.append(name)
            continue
        if _is_future_verb(folded) or word_lemma in INTENT_LEMMAS:
            analysis.future = True
        if _word_cues(analysis, *_cue_reading(word, folded, word_lemma)) or _is_noise(
            folded, word_lemma
        ):
            continue
        term = _term(word, word_lemma, vocabulary)
        if term is not None and term.forms:
            analysis.terms.append(term)
    analysis.terms = list({t.forms: t for t in analysis.terms}.values())
    analysis.unknown = [
        t.text for t in analysis.terms if t.source == "unknown" and not _is_verb(fold(t.text))
    ]
    analysis.terms = [t for t in analysis.terms if t.source != "unknown"]
    analysis.focus = _choose_focus(analysis)
    analysis.in_force = bool(_IN_FORCE.search(fold(analysis.raw)))
    if analysis.focus == Focus.UPCOMING or Focus.UPCOMING in analysis.cues:
        analysis.future = True
    return analysis


__all__ = ["Analysis", "Focus", "Term", "analyse", "clean_text", "english_dates_to_russian"]
