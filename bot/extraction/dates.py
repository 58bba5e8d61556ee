"""Date phrases resolved against a reference date (an article's publication date, or today).

Compiled regexes rather than yargy: every phrase shape here is anchored on a digit, a month
stem or a handful of fixed words, so a few regex passes over an article cost well under the
bulk-ingest budget, while yargy's tokeniser alone would not. pymorphy3 is used only for the
tense of a sentence, which decides the year of a year-less date and which Monday "в
понедельник" means.

Year-less dates ("7 мая", "в январе") take, in order: a year stated earlier in the same
sentence, else the reference year, moved by one when the sentence's tense makes that year
implausible (an announced event well before publication, a reported one well after).
"""

from __future__ import annotations

import bisect
import calendar
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import cache, lru_cache
from typing import Any, Literal, TypeVar

from bot.extraction.document import ArticleDoc
from bot.extraction.phrases import inside_quotes
from bot.models import DateMention, DateSpan
from bot.nlp import lemma, morph

__all__ = ["find_dates", "is_future_sentence", "months_named", "resolve_dates", "sentence_tense"]

Tense = Literal["future", "past"] | None
_T = TypeVar("_T")
DateHit = tuple[int, int, str, DateSpan, bool]

# --- vocabulary -------------------------------------------------------------------------

_MONTH = (
    r"(?:январ[ьяюе]|феврал[ьяюе]|март[аеу]?|апрел[ьяюе]|ма[йяюе]|июн[ьяюе]|июл[ьяюе]"
    r"|август[аеу]?|сентябр[ьяюе]|октябр[ьяюе]|ноябр[ьяюе]|декабр[ьяюе])м?(?![а-яё])"
)
_MONTH_BY_STEM = {
    "янв": 1, "фев": 2, "мар": 3, "апр": 4, "ма": 5, "июн": 6,
    "июл": 7, "авг": 8, "сен": 9, "окт": 10, "ноя": 11, "дек": 12,
}  # fmt: skip

# Adjectives that place a year/month/week relative to the reference: stem -> offset.
_REL_OFFSET = {
    "текущ": 0, "нынешн": 0, "эт": 0, "уходящ": 0,
    "прошл": -1, "минувш": -1, "предыдущ": -1, "истекш": -1, "позапрошл": -2,
    "следующ": 1, "будущ": 1, "предстоящ": 1, "наступающ": 1, "грядущ": 1, "ближайш": 1,
}  # fmt: skip
_REL = (
    r"(?:позапрошл|прошл|минувш|предыдущ|истекш|текущ|нынешн|уходящ|следующ|будущ|предстоящ"
    r"|наступающ|грядущ|ближайш|эт)"
    r"(?:ий|ый|ой|ая|ую|ей|его|ого|ем|ом|им|ым|ему|ому|от|у|а|и)(?![а-яё])"
)
_WEEKDAYS = {
    "понедельник": 0, "вторник": 1, "среду": 2, "четверг": 3,
    "пятницу": 4, "субботу": 5, "воскресенье": 6,
}  # fmt: skip
_DAY_WORDS = {"позавчера": -2, "вчера": -1, "сегодня": 0, "завтра": 1, "послезавтра": 2}
_NUMBER_WORDS = {
    "один": 1, "одну": 1, "одна": 1, "два": 2, "две": 2, "пару": 2, "три": 3, "четыре": 4,
    "пять": 5, "шесть": 6, "семь": 7, "восемь": 8, "девять": 9, "десять": 10,
}  # fmt: skip
_SEASON_MONTHS = {"весн": (3, 5), "лет": (6, 8), "осен": (9, 11), "зим": (12, 2)}
_MONTH_PART_DAYS = {
    "начал": (1, 10),
    "середин": (11, 20),
    "конц": (21, 31),
    "перв": (1, 10),
    "втор": (11, 20),
    "трет": (21, 31),
    "последн": (21, 31),
}
_YEAR_EDGE_MONTHS = {"начал": (1, 3), "середин": (4, 9), "конц": (10, 12)}
_ORDINALS = {"перв": 1, "i": 1, "1": 1, "втор": 2, "ii": 2, "2": 2, "трет": 3, "iii": 3, "3": 3,
             "четверт": 4, "iv": 4, "4": 4}  # fmt: skip

# Words after a 4-digit number that make it an amount, not a year.
_NOT_YEAR_AFTER = re.compile(
    r"\s*(?:%|\$|процент|тыс|млн|млрд|трлн|долл|юан|тенге|рубл|евро|человек|раз|км|тонн|"
    r"кв\.|единиц|штук|проект|компан|мест|метр|га\b|баррел)",
    re.IGNORECASE,
)

# --- patterns ---------------------------------------------------------------------------


def _year_tail(tag: str) -> str:
    """What may follow a month: "2024", "2024 года", "текущего 2024 года", "текущего года"."""
    return (
        rf"(?:\s+(?:(?P<{tag}rel>{_REL})\s+)?(?P<{tag}y>\d{{4}})(?!\d)"
        rf"(?:\s*(?:года?|году|г\.|г(?![а-яё])))?"
        rf"|\s+(?P<{tag}yrel>{_REL})\s+года?(?![а-яё]))?"
    )


_RANGE_SEP = r"(?:\s*[-–—]\s*|\s+(?:по|до)\s+)"
_PREPOSITION = r"(?<![а-яё])(?:в|во|с|со|до|к|ко|по|на|за|от|после)\s+"

# Patterns run on lower-cased text (ё folded) and start with a literal, a digit or a short
# alternation so the regex engine can skip ahead fast; what may stand before a phrase (a
# preposition, "текущего", "с") is checked afterwards on a short slice by the _LEFT_* patterns.
_ISO = re.compile(
    r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?:[ t]\d{1,2}:\d{2}(?::\d{2})?)?(?!\d)"
)
_NUMERIC = re.compile(r"(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>\d{4})(?!\d)(?:\s*(?:года?|г\.))?")
_CROSS_MONTH_RANGE = re.compile(
    rf"(?P<d1>\d{{1,2}})\s+(?P<m1>{_MONTH}){_year_tail('a')}"
    rf"{_RANGE_SEP}(?P<d2>\d{{1,2}})\s+(?P<m2>{_MONTH}){_year_tail('b')}"
)
_DAY_RANGE = re.compile(
    rf"(?P<d1>\d{{1,2}}){_RANGE_SEP}(?P<d2>\d{{1,2}})\s+(?P<m>{_MONTH}){_year_tail('')}"
)
_DAY_MONTH = re.compile(rf"(?P<d>\d{{1,2}})(?:-?(?:го|е|ое))?\s+(?P<m>{_MONTH}){_year_tail('')}")
_MONTH_RANGE = re.compile(rf"(?P<m1>{_MONTH}){_RANGE_SEP}(?P<m2>{_MONTH}){_year_tail('')}")
_MONTH_ONLY = re.compile(rf"(?P<m>{_MONTH}){_year_tail('')}")
_SEASON_ALONE = re.compile(r"(?P<season>весн|лет|осен|зим)(?:ой|ом|ью)(?![а-яё])")
_DAY_LIST = re.compile(
    rf"(?P<d1>\d{{1,2}})(?:\s*,\s*\d{{1,2}})*\s*(?:,|\sи)\s*(?P<d2>\d{{1,2}})\s+"
    rf"(?P<m>{_MONTH}){_year_tail('')}"
)
_SEASON = re.compile(
    rf"(?P<season>весн|лет|осен|зим)(?:ой|ою|а|у|е|ы|ом|о|ью|ь|и)\s+"
    rf"(?:(?P<rel>{_REL})\s+года?|(?P<y>\d{{4}})(?:\s*(?:года?|г\.))?)(?![а-яё\d])"
)
_YEAR_RANGE = re.compile(  # "2023–2024 годы", "с 2015 по 2020 год", "в 2024 и 2025 годах"
    rf"(?P<y1>\d{{4}})(?:{_RANGE_SEP}|\s+и\s+|\s*,\s*)(?P<y2>\d{{4}})\s*(?:год(?:ы|ах|ов|ам|а)?(?![а-яё])|гг?\.)"
)
_DECADE = re.compile(r"(?P<y>1[89]\d0|20\d0)-(?:х|е|ых|ые)(?:\s+год(?:ах|ы|ов|ам))?(?![а-яё])")
_YEAR_MARKED = re.compile(  # "2024 год", "2024 г.", "2023-й год", "в 2019-м"
    r"(?P<y>\d{4})(?:(?:-(?:й|го|му|м|ом))?\s*(?:год(?:а|у|ом)?(?![а-яё])|гг?\.)"
    r"|-(?:й|го|му|м|ом)(?![а-яё]))"
)
_YEAR_PLAIN = re.compile(r"(?P<y>\d{4})(?![\d%-]|[.,]\d)")
_REL_PERIOD = re.compile(
    rf"(?P<rel>{_REL})\s+(?:(?P<year>год(?:а|у|ом)?)|(?P<month>месяц(?:а|е|у|ем)?)"
    r"|(?P<week>недел[еиюя]))(?![а-яё])"
)
_EDGE_OF_PERIOD = re.compile(  # "до конца года", "в начале месяца": the current one
    r"(?P<edge>начал|середин|конц)[аеоуы]\s+(?:(?P<year>года)|(?P<month>месяца))(?![а-яё])"
)
_DAY_WORD = re.compile(r"(?P<w>позавчера|вчера|сегодня|послезавтра|завтра|накануне)(?![а-яё])")
_WEEKDAY = re.compile(
    rf"во?\s+(?:(?P<rel>{_REL})\s+)?"
    r"(?P<wd>понедельник|вторник|среду|четверг|пятницу|субботу|воскресенье)(?![а-яё])"
)
_WEEKEND = re.compile(
    r"(?:на|в)\s+(?:(?P<rel>эт|прошл|минувш|следующ|ближайш|предстоящ)[а-я]*\s+)?"
    r"выходн(?:ых|ые)(?:\s+дн(?:ях|и))?(?![а-яё])"
)
_UNIT = r"(?P<unit>день|дня|дней|сутки|суток|недел[юиь]|месяц(?:а|ев)?|год(?:а)?|лет|полгода)"
_NUMBER = r"(?:\d{1,3}|" + "|".join(_NUMBER_WORDS) + r")"
_IN_TIME = re.compile(rf"через\s+(?:(?P<n>{_NUMBER})\s+)?{_UNIT}(?![а-яё])")
_AGO = re.compile(rf"{_UNIT}\s+назад(?![а-яё])")
_RECENT = re.compile(
    rf"(?:за|в\s+течение)\s+последн[а-я]*\s+(?:(?P<n>{_NUMBER})\s+)?{_UNIT}(?![а-яё])"
)

_DAY_AFTER = re.compile(
    rf"(?:в\s+(?P<same>тот|этот)\s+же\s+день|на\s+(?:следующий|другой)\s+день|днем\s+позже|спустя\s+(?:(?P<n>{_NUMBER})\s+)?"
    r"(?:день|дня|дней|сутки|суток))(?![а-яё])"
)

_LEFT_PREP = re.compile(rf"{_PREPOSITION}$")
_LEFT_RANGE_FROM = re.compile(r"(?<![а-яё])с\s+$")
_LEFT_MONTH = re.compile(
    rf"{_PREPOSITION}(?:(?:(?P<part>начал|середин|конц)[аеоуы]"
    r"|(?P<decade>перв|втор|трет|последн)[а-я]*\s+декад[а-я]*)\s+)?$"
)  # "в начале мая", "в первой декаде ноября"
_LEFT_REL_YEAR = re.compile(rf"(?:{_PREPOSITION})?(?<![а-яё]){_REL}\s+$")
_LEFT_YEAR_PART = re.compile(
    rf"(?:{_PREPOSITION})?(?<![а-яё])(?:(?P<edge>начал|середин|конц)[аеоуы]"
    r"|(?P<ord>перв|втор|трет|четверт|iv|i{1,3}|[1-4])(?:-?[а-я]{1,3})?\s+"
    r"(?P<unit>квартал|полугоди|половин)[а-я]*)\s+$"
)
_LEFT_NUMBER = re.compile(rf"(?<![а-яё\d])(?P<n>{_NUMBER})\s+$")
_LEFT_WINDOW = 40
_NOT_WORD_BEFORE = frozenset("абвгдежзийклмнопрстуфхцчшщъыьэюяabcdefghijklmnopqrstuvwxyz")
_NOT_NUMBER_BEFORE = frozenset("0123456789.,-/$№#")
_NEXT_WORD = re.compile(r"\s+([А-Яа-яЁё]+)")


# --- calendar helpers -------------------------------------------------------------------


def _month_number(word: str) -> int:
    word = word.lower()
    return _MONTH_BY_STEM.get(word[:3]) or _MONTH_BY_STEM[word[:2]]


def _last_day(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def _day(year: int, month: int, day: int) -> date | None:
    """A calendar date, or None for "31 февраля", "32 мая", "00.13.2024"."""
    try:
        return date(year, month, day) if 1 <= year <= 9999 else None
    except ValueError:
        return None


def _days(start: date | None, end: date | None) -> DateSpan | None:
    if start is None or end is None or end < start:
        return None
    return DateSpan(start, end, "day")


def _month_span(year: int, month: int, first: int = 1, last: int = 31) -> DateSpan | None:
    if not 1 <= month <= 12 or not 1 <= year <= 9999:
        return None
    return DateSpan(
        date(year, month, first), date(year, month, min(last, _last_day(year, month))), "month"
    )


def _months(year: int, first: int, last: int) -> DateSpan:
    """Months `first` to `last` of a year: "в конце года", "во втором полугодии"."""
    return DateSpan(date(year, first, 1), date(year, last, _last_day(year, last)), "month")


def _year_span(first: int, last: int | None = None) -> DateSpan | None:
    last = first if last is None else last
    if not 1 <= first <= last <= 9999:
        return None
    return DateSpan(date(first, 1, 1), date(last, 12, 31), "year")


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, _last_day(year, month + 1)))


def _rel_offset(word: str) -> int:
    word = word.lower().replace("ё", "е")
    for stem, offset in sorted(_REL_OFFSET.items(), key=lambda item: -len(item[0])):
        if word.startswith(stem):
            return offset
    return 0


# --- tense ------------------------------------------------------------------------------

_FUTURE_LEMMAS = frozenset(
    {
        "предстоящий", "предстоять", "запланировать", "запланированный", "планировать",
        "планироваться", "намеренный", "намерить", "намереваться", "собираться", "ожидаться",
        "грядущий", "наступающий", "ближайший", "завтра", "послезавтра",
        "намечать", "намечаться", "наметить", "намеченный",
    }
)  # fmt: skip
_WORD = re.compile(r"[А-Яа-яЁё]+")
# "следующий"/"будущий" point ahead only next to a period ("следующим образом" does not).
_FUTURE_PERIOD = re.compile(r"(?:следующ|будущ)[а-яё]*\s+(?:год|месяц|недел)", re.IGNORECASE)


@lru_cache(maxsize=100_000)
def _word_tense(word: str) -> Tense:
    if lemma(word) in _FUTURE_LEMMAS:
        return "future"
    parse = morph().parse(word)[0]
    tag = parse.tag
    if tag.POS == "VERB" and parse.is_known:  # "Циндаоскую" is guessed a verb: it is none
        if "futr" in tag:
            return "future"
        if "past" in tag:
            return "past"
    return None


def sentence_tense(text: str) -> Tense:
    """Future if anything in the sentence is announced or upcoming, else past if a verb
    reports it, else None (no verb: a headline, a dateline)."""
    if _FUTURE_PERIOD.search(text):
        return "future"
    found: Tense = None
    for word in _WORD.findall(text):
        tense = _word_tense(word.lower())
        if tense == "future":
            return "future"
        found = found or tense
    return found


_PERIOD_REVIEWED = re.compile(
    r"(?<![а-яё])за\s+(?:(?:перв|последн|\d)\S*\s+|(?:дв|тр|четыр|пят|шест|сем|восем|девят|десят)"
    r"[а-яё]*\s+)?(?:(?:месяц|квартал|полугоди)[а-яё]*\s+)?$"
)


_PLAN_WORD = re.compile(r"(?<![а-яё])(?:план|программ|стратеги|дорожн\w* карт|концепци)")
_PLAN_REACH = 80  # characters from a plan's word to the year it is for


def says_until(text: str, mention: DateMention) -> bool:
    """The date is what something runs or lasts until: "до 2035 года", "продлится до 3 мая"."""
    before = text[max(0, mention.start - _LEFT_WINDOW) : mention.start].lower()
    return mention.text.lower().startswith("до ") or before.endswith(" до ")


def is_horizon(text: str, mention: DateMention) -> bool:
    """ "Стратегия развития до 2035 года", "План сотрудничества на 2024 год": the year a plan
    runs to or is for, not when anything happens ("продлится до 5 мая" is a day and stays;
    "саммит намечен на 2026 год" is a date)."""
    if mention.span.precision != "year":
        return False
    before = text[max(0, mention.start - _LEFT_WINDOW) : mention.start].lower()
    own = mention.text.lower()
    if says_until(text, mention):
        return True
    # "План военного сотрудничества на 2024 год": the year a plan is for
    plan = _PLAN_WORD.search(text[max(0, mention.start - _PLAN_REACH) : mention.start].lower())
    return plan is not None and (own.startswith("на ") or before.endswith(" на "))


def reviews_period(text: str, mention: DateMention) -> bool:
    """ "итоги работы за 2024–2025 годы", "товарооборот за 10 месяцев 2024 года": the period a
    figure or a review covers, not the day anything happens."""
    before = text[max(0, mention.start - _LEFT_WINDOW) : mention.start].lower()
    own = mention.text.lower()
    return own.startswith("за ") or _PERIOD_REVIEWED.search(before) is not None


def is_future_sentence(text: str) -> bool:
    """Whether a sentence announces something upcoming: a future-tense verb ("посетит",
    "будет", "состоится") or a word of planning ("предстоящий", "намерен", "в следующем году")."""
    return sentence_tense(text) == "future"


# --- the engine -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _DaysAfterPrevious:
    """ "на следующий день", "в тот же день": from the day the text named last, not from
    publication."""

    days: int


# A resolved span, a function from a year to a span for year-less dates, or a day count.
Resolution = DateSpan | Callable[[int], DateSpan | None] | _DaysAfterPrevious | None


@dataclass(slots=True)
class _Candidate:
    start: int
    end: int
    value: Resolution
    relative: bool = False
    # Whether the phrase fixes a year of its own (so later year-less dates may borrow it).
    states_year: bool = False


@dataclass(slots=True)
class _Context:
    text: str
    low: str  # `text` lower-cased with ё folded: same length, same offsets
    reference: date
    tense_at: Callable[[int], Tense]
    sentence_of: Callable[[int], int]

    def word_starts(self, offset: int) -> bool:
        return offset == 0 or self.low[offset - 1] not in _NOT_WORD_BEFORE

    def number_starts(self, offset: int) -> bool:
        return offset == 0 or self.low[offset - 1] not in _NOT_NUMBER_BEFORE

    def left(self, pattern: re.Pattern[str], offset: int) -> re.Match[str] | None:
        """`pattern` (anchored with $) matched just before `offset`."""
        window = max(0, offset - _LEFT_WINDOW)
        return pattern.search(self.low, window, offset)

    def extend(self, pattern: re.Pattern[str], offset: int) -> int:
        found = self.left(pattern, offset)
        return found.start() if found else offset


_Handler = Callable[[re.Match[str], _Context], "_Candidate | None"]


def _lowered(text: str) -> str:
    low = text.lower().replace("ё", "е")
    if len(low) != len(text):  # a rare character whose lower case is longer: keep offsets
        low = "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in text).replace("ё", "е")
    return low


def _yearless_or_fixed(
    match: re.Match[str], ctx: _Context, tag: str, build: Callable[[int], DateSpan | None]
) -> tuple[Resolution, bool]:
    """Apply a year tail (see _year_tail) if present; otherwise leave the year to context."""
    year = match.group(f"{tag}y")
    if year:
        return build(int(year)), True
    rel = match.group(f"{tag}yrel")
    if rel:
        return build(ctx.reference.year + _rel_offset(rel)), True
    return build, False


def _iso(match: re.Match[str], ctx: _Context) -> _Candidate | None:
    if not ctx.number_starts(match.start()):
        return None
    y, m, d = (int(match.group(k)) for k in "ymd")
    day = _day(y, m, d)
    return _Candidate(match.start(), match.end(), _days(day, day), states_year=True)


def _day_month(match: re.Match[str], ctx: _Context) -> _Candidate | None:
    if not ctx.number_starts(match.start()):
        return None
    day, month = int(match.group("d")), _month_number(match.group("m"))
    value, states = _yearless_or_fixed(
        match, ctx, "", lambda y: _days(_day(y, month, day), _day(y, month, day))
    )
    return _Candidate(match.start(), match.end(), value, states_year=states)


def _day_range(match: re.Match[str], ctx: _Context) -> _Candidate | None:
    if not ctx.number_starts(match.start()):
        return None
    first, last = int(match.group("d1")), int(match.group("d2"))
    month = _month_number(match.group("m"))
    value, states = _yearless_or_fixed(
        match, ctx, "", lambda y: _days(_day(y, month, first), _day(y, month, last))
    )
    start = ctx.extend(_LEFT_RANGE_FROM, match.start())
    return _Candidate(start, match.end(), value, states_year=states)


def _cross_month_range(match: re.Match[str], ctx: _Context) -> _Candidate | None:
    if not ctx.number_starts(match.start()):
        return None
    d1, m1 = int(match.group("d1")), _month_number(match.group("m1"))
    d2, m2 = int(match.group("d2")), _month_number(match.group("m2"))
    wrap = 1 if m2 < m1 else 0  # "30 декабря – 2 января"

    def build(year_of_end: int) -> DateSpan | None:
        return _days(_day(year_of_end - wrap, m1, d1), _day(year_of_end, m2, d2))

    value, states = _yearless_or_fixed(match, ctx, "b", build)
    if not states:  # "31 августа 2024 – 1 сентября": the year stated on the first date
        first_year, states = _yearless_or_fixed(match, ctx, "a", _year_span)
        if isinstance(first_year, DateSpan):
            value = build(first_year.start.year + wrap)
    start = ctx.extend(_LEFT_RANGE_FROM, match.start())
    return _Candidate(start, match.end(), value, states_year=states)


def _month_range(match: re.Match[str], ctx: _Context) -> _Candidate | None:
    prep = ctx.left(_LEFT_PREP, match.start())
    if not prep or not ctx.word_starts(match.start()):
        return None
    m1, m2 = _month_number(match.group("m1")), _month_number(match.group("m2"))

    def build(year: int) -> DateSpan | None:
        first, last = _month_span(year - (m2 < m1), m1), _month_span(year, m2)
        return DateSpan(first.start, last.end, "month") if first and last else None

    value, states = _yearless_or_fixed(match, ctx, "", build)
    return _Candidate(prep.start(), match.end(), value, states_year=states)


def _month_only(match: re.Match[str], ctx: _Context, *, loose: bool) -> _Candidate | None:
    if not ctx.word_starts(match.start()):
        return None
    prep = ctx.left(_LEFT_MONTH, match.start())
    if not (prep or match.group("y") or match.group("yrel") or loose):
        return None  # a bare "мая" in running text is more often noise than a date
    month = _month_number(match.group("m"))
    part = prep.group("part") or prep.group("decade") if prep else None
    first, last = _MONTH_PART_DAYS.get(part or "", (1, 31))
    value, states = _yearless_or_fixed(match, ctx, "", lambda y: _month_span(y, month, first, last))
    start = prep.start() if prep else match.start()
    return _Candidate(start, match.end(), value, states_year=states)


def _season_span(season: str, year: int) -> DateSpan | None:
    """Winter of a year runs from the December before it."""
    first, last = _SEASON_MONTHS[season]
    start = _month_span(year - 1 if first > last else year, first)
    end = _month_span(year, last)
    return DateSpan(start.start, end.end, "month") if start and end else None


def _season(match: re.Match[str], ctx: _Context) -> _Candidate | None:
    if not ctx.word_starts(match.start()):
        return None
    rel = match.group("rel")
    year = int(match.group("y")) if match.group("y") else ctx.reference.year + _rel_offset(rel)
    value = _season_span(match.group("season"), year)
    begin = ctx.extend(_LEFT_PREP, match.start())
    return _Candidate(begin, match.end(), value, relative=bool(rel), states_year=True)


def _season_alone(match: re.Match[str], ctx: _Context) -> _Candidate | None:
    if not ctx.word_starts(match.start()):
        return None
    season = match.group("season")
    start = ctx.extend(_LEFT_PREP, match.start())
    return _Candidate(start, match.end(), lambda year: _season_span(season, year))


def _year_part(ctx: _Context, start: int, span: DateSpan | None) -> tuple[int, DateSpan | None]:
    """Narrow a year to the part named before it: "в конце", "в первом квартале"; else take
    a preposition before the phrase into it."""
    part = ctx.left(_LEFT_YEAR_PART, start)
    if part is None:
        return ctx.extend(_LEFT_PREP, start), span
    if span is None or span.start.year != span.end.year:
        return part.start(), span
    if _is_deadline(part.group("edge"), part.group()):  # "до конца 2025 года": until then
        return part.start(), _until_end(span, ctx.reference)
    if part.group("edge"):
        first, last = _YEAR_EDGE_MONTHS[part.group("edge")]
    else:
        n = _ORDINALS[part.group("ord")]
        size = 3 if part.group("unit") == "квартал" else 6
        if n * size > 12:
            return start, span
        first, last = (n - 1) * size + 1, n * size
    return part.start(), _months(span.start.year, first, last)


def _year_range(match: re.Match[str], ctx: _Context) -> _Candidate | None:
    if not ctx.number_starts(match.start()):
        return None
    span = _year_span(int(match.group("y1")), int(match.group("y2")))
    return _Candidate(ctx.extend(_LEFT_PREP, match.start()), match.end(), span, states_year=True)


def _decade(match: re.Match[str], ctx: _Context) -> _Candidate | None:
    if not ctx.number_starts(match.start()):
        return None
    first = int(match.group("y"))
    start = ctx.extend(_LEFT_PREP, match.start())
    return _Candidate(start, match.end(), _year_span(first, first + 9), states_year=False)


def _year_marked(match: re.Match[str], ctx: _Context) -> _Candidate | None:
    if not ctx.number_starts(match.start()):
        return None
    start = ctx.extend(_LEFT_REL_YEAR, match.start())  # "текущего 2024 года"
    start, span = _year_part(ctx, start, _year_span(int(match.group("y"))))
    return _Candidate(start, match.end(), span, states_year=True)


def _year_plain(match: re.Match[str], ctx: _Context, *, loose: bool) -> _Candidate | None:
    """A 4-digit number is a year after a preposition ("в 2015"), or alone if `loose`."""
    start = match.start()
    if not ctx.number_starts(start) or _counts_something(ctx.text, match.end()):
        return None
    year = int(match.group("y"))
    prep = ctx.left(_LEFT_PREP, start)
    if prep and 1900 <= year <= 2100:
        start = prep.start()
    elif not (loose and 1990 <= year <= 2100):
        return None
    return _Candidate(start, match.end(), _year_span(year), states_year=True)


def _rel_period(match: re.Match[str], ctx: _Context) -> _Candidate | None:
    if not ctx.word_starts(match.start()):
        return None
    offset = _rel_offset(match.group("rel"))
    ref = ctx.reference
    start = ctx.extend(_LEFT_PREP, match.start())
    if match.group("year"):  # "в конце прошлого года" narrows the year
        start, span = _year_part(ctx, match.start(), _year_span(ref.year + offset))
    elif match.group("month"):
        day = _add_months(ref, offset)
        span = _month_span(day.year, day.month)
    else:
        monday = ref - timedelta(days=ref.weekday()) + timedelta(weeks=offset)
        span = _days(monday, monday + timedelta(days=6))
    return _Candidate(
        start, match.end(), span, relative=True, states_year=bool(match.group("year"))
    )


def _is_deadline(edge: str | None, phrase: str) -> bool:
    """ "до конца года", "к концу месяца": a deadline, not the last part of the period."""
    return edge == "конц" and phrase.split()[:1] in (["до"], ["к"])


def _until_end(span: DateSpan | None, reference: date) -> DateSpan | None:
    """A deadline: from the reference day (or the period's start, if later) to its end."""
    if span is None or not span.start < reference <= span.end:
        return span
    return DateSpan(reference, span.end, span.precision)


def _edge_of_period(match: re.Match[str], ctx: _Context) -> _Candidate | None:
    if not ctx.word_starts(match.start()):
        return None
    ref, edge = ctx.reference, match.group("edge")
    start = ctx.extend(_LEFT_PREP, match.start())
    if _is_deadline(edge, ctx.low[start : match.end()]):
        whole = _year_span(ref.year) if match.group("year") else _month_span(ref.year, ref.month)
        span = _until_end(whole, ref)
    elif match.group("year"):
        span = _months(ref.year, *_YEAR_EDGE_MONTHS[edge])
    else:
        first, last = _MONTH_PART_DAYS[edge]
        span = _month_span(ref.year, ref.month, first, last)
    return _Candidate(
        start, match.end(), span, relative=True, states_year=bool(match.group("year"))
    )


def _day_after(match: re.Match[str], ctx: _Context) -> _Candidate | None:
    if not ctx.word_starts(match.start()):
        return None
    days = 0 if match.group("same") else _count(match.group("n")) or 1
    return _Candidate(match.start(), match.end(), _DaysAfterPrevious(days), relative=True)


def _next_word_is_genitive(text: str, end: int) -> bool:
    following = _NEXT_WORD.match(text, end)
    if not following:
        return False
    word = following.group(1)
    tags = [parse.tag for parse in morph().parse(word)]
    if word[0].isupper():
        # "накануне Дня Победы" vs "Накануне Токаев заявил", which pymorphy reads as
        # a plural genitive of "токай": capitalised plural nouns are taken as surnames.
        top = tags[0]
        return "gent" in top and (top.POS == "ADJF" or (top.POS == "NOUN" and "sing" in top))
    return any("gent" in tag for tag in tags) and not any("nomn" in tag for tag in tags)


def _counts_something(text: str, end: int) -> bool:
    """Whether a number is followed by what it counts: "2000 километрах", "1500 рублей"."""
    if _NOT_YEAR_AFTER.match(text, end):
        return True
    following = _NEXT_WORD.match(text, end)
    if not following:
        return False
    tag = morph().parse(following.group(1))[0].tag
    return tag.POS == "NOUN" and "plur" in tag and "nomn" not in tag


def _day_word(match: re.Match[str], ctx: _Context) -> _Candidate | None:
    if not ctx.word_starts(match.start()):
        return None
    word = match.group("w")
    if word == "накануне":
        if _next_word_is_genitive(ctx.text, match.end()):
            return None  # "накануне саммита": before an event, not before publication
        offset = -1
    else:
        offset = _DAY_WORDS[word]
    day = ctx.reference + timedelta(days=offset)
    return _Candidate(match.start(), match.end(), _days(day, day), relative=True)


_DATE_FOLLOWS = re.compile(r"[,\s]\s*\d{1,2}(?:\s|-)")


def _weekday(match: re.Match[str], ctx: _Context) -> _Candidate | None:
    """ "в пятницу": the Friday the tense points to; "в пятницу, 9 июня" is 9 June, which the
    day's own reader finds."""
    if not ctx.word_starts(match.start()) or _DATE_FOLLOWS.match(ctx.low, match.end()):
        return None
    weekday = _WEEKDAYS[match.group("wd")]
    ref = ctx.reference
    rel = match.group("rel")
    offset = _rel_offset(rel) if rel else None
    if offset == 0:  # "в эту пятницу": this week's
        day = ref - timedelta(days=ref.weekday() - weekday)
    elif offset == 1 or (offset is None and ctx.tense_at(match.start()) == "future"):
        day = ref + timedelta(days=(weekday - ref.weekday() - 1) % 7 + 1)
    elif offset is None:  # a reported event: the latest such day up to publication
        day = ref - timedelta(days=(ref.weekday() - weekday) % 7)
    else:  # "в прошлую пятницу": the latest one before publication
        day = ref - timedelta(days=(ref.weekday() - weekday - 1) % 7 + 1)
    return _Candidate(match.start(), match.end(), _days(day, day), relative=True)


def _weekend(match: re.Match[str], ctx: _Context) -> _Candidate | None:
    """ "на выходных", "в эти выходные": the Saturday and Sunday the tense points to, the
    coming ones for what is ahead, the latest ones for what is reported."""
    if not ctx.word_starts(match.start()):
        return None
    ref = ctx.reference
    rel = match.group("rel")
    ahead = _rel_offset(rel) >= 0 if rel else ctx.tense_at(match.start()) == "future"
    if ahead:
        saturday = (
            ref - timedelta(days=1)
            if ref.weekday() == 6
            else ref + timedelta(days=(5 - ref.weekday()) % 7)
        )
    else:  # the latest weekend up to the day (before it, for "на прошлых выходных")
        back = (ref.weekday() - 5) % 7
        if rel is not None and back <= 1:
            back += 7
        saturday = ref - timedelta(days=back)
    return _Candidate(
        match.start(), match.end(), _days(saturday, saturday + timedelta(days=1)), relative=True
    )


def _shift(ref: date, unit: str, n: int) -> DateSpan | None:
    if unit.startswith(("д", "сут")):
        day = ref + timedelta(days=n)
        return _days(day, day)
    if unit.startswith("недел"):
        day = ref + timedelta(weeks=n)
        return _days(day, day)
    if unit == "полгода":
        day = _add_months(ref, 6 if n > 0 else -6)
        return _month_span(day.year, day.month)
    if unit.startswith("месяц"):
        day = _add_months(ref, n)
        return _month_span(day.year, day.month)
    return _year_span(ref.year + n)


def _count(number: str | None) -> int | None:
    if number is None:
        return None
    return int(number) if number.isdigit() else _NUMBER_WORDS[number]


_AFTER_SOMETHING = re.compile(r"\s+(?:после|спустя после|с момента|со дня)\s")


def _in_time(match: re.Match[str], ctx: _Context) -> _Candidate | None:
    """ "через неделю" from the reference day; "через неделю после Ханчжоу" counts from
    something else the phrase names, so it is no date here."""
    if not ctx.word_starts(match.start()) or _AFTER_SOMETHING.match(ctx.low, match.end()):
        return None
    unit = match.group("unit")
    n = _count(match.group("n"))
    if n is None:
        n = 2 if unit == "день" else 1  # bare "через день" is colloquial for "послезавтра"
    span = _shift(ctx.reference, unit, n)
    return _Candidate(match.start(), match.end(), span, relative=True)


def _recent(match: re.Match[str], ctx: _Context) -> _Candidate | None:
    """The stretch up to the reference day: "за последний месяц", "за последние 3 года"."""
    if not ctx.word_starts(match.start()):
        return None
    unit, n = match.group("unit"), _count(match.group("n")) or 1
    if unit.startswith(("д", "сут")):
        first = ctx.reference - timedelta(days=n)
    elif unit.startswith("недел"):
        first = ctx.reference - timedelta(weeks=n)
    else:
        months = 6 if unit == "полгода" else n if unit.startswith("месяц") else 12 * n
        first = _add_months(ctx.reference, -months)
    span = _days(first + timedelta(days=1), ctx.reference)
    return _Candidate(match.start(), match.end(), span, relative=True)


def _ago(match: re.Match[str], ctx: _Context) -> _Candidate | None:
    if not ctx.word_starts(match.start()):
        return None
    number = ctx.left(_LEFT_NUMBER, match.start())
    n = _count(number.group("n")) if number else 1
    start = number.start() if number else match.start()
    span = _shift(ctx.reference, match.group("unit"), -(n or 1))
    return _Candidate(start, match.end(), span, relative=True)


# Rules whose phrase starts with a number are tried only where a number starts, which is far
# cheaper than a regex pass each over the whole text.
_NUMBER_RULES: tuple[tuple[re.Pattern[str], _Handler], ...] = (
    (_ISO, _iso),
    (_NUMERIC, _iso),
    (_CROSS_MONTH_RANGE, _cross_month_range),
    (_DAY_RANGE, _day_range),
    (_DAY_LIST, _day_range),
    (_DAY_MONTH, _day_month),
    (_YEAR_RANGE, _year_range),
    (_YEAR_MARKED, _year_marked),
    (_DECADE, _decade),
)
_WORD_RULES: tuple[tuple[re.Pattern[str], _Handler], ...] = (
    (_RECENT, _recent),
    (_SEASON, _season),
    (_SEASON_ALONE, _season_alone),
    (_REL_PERIOD, _rel_period),
    (_EDGE_OF_PERIOD, _edge_of_period),
    (_DAY_AFTER, _day_after),
    (_DAY_WORD, _day_word),
    (_WEEKDAY, _weekday),
    (_WEEKEND, _weekend),
    (_IN_TIME, _in_time),
    (_AGO, _ago),
)
_NUMBER_START = re.compile(r"\d+")


def _in_calendar(read: Callable[..., _T], *args: Any, **kwargs: Any) -> _T | None:
    """`read(...)`, or None when the date it would give lies outside years 1–9999 ("через
    неделю" written on 31.12.9999): such a phrase is no date, and must not stop the article."""
    try:
        return read(*args, **kwargs)
    except (OverflowError, ValueError):
        return None


def _plus_days(day: date, days: int) -> date:
    return day + timedelta(days=days)


def _candidates(ctx: _Context, *, bare_years: bool) -> Iterator[_Candidate | None]:
    low = ctx.low
    for number in _NUMBER_START.finditer(low):
        at = number.start()
        for pattern, handler in _NUMBER_RULES:
            match = pattern.match(low, at)
            if match:
                yield _in_calendar(handler, match, ctx)
        match = _YEAR_PLAIN.match(low, at)
        if match:
            yield _in_calendar(_year_plain, match, ctx, loose=bare_years)
    for match in _MONTH_ONLY.finditer(low):
        yield _in_calendar(_month_only, match, ctx, loose=bare_years)
        months = _MONTH_RANGE.match(low, match.start())
        if months:
            yield _in_calendar(_month_range, months, ctx)
    for pattern, handler in _WORD_RULES:
        for match in pattern.finditer(low):
            yield _in_calendar(handler, match, ctx)


def _pick_year(
    build: Callable[[int], DateSpan | None], reference: date, tense: Tense
) -> DateSpan | None:
    """The reference year, unless the tense says the phrase means the year after or before."""
    span = build(reference.year)
    if span is None:
        return build(reference.year + 1) or build(reference.year - 1)  # 29 февраля
    if tense == "future" and span.end < reference - timedelta(days=30):
        return build(reference.year + 1)
    if tense == "past" and span.start > reference + timedelta(days=60):
        return build(reference.year - 1)
    if tense is None and span.start > reference + timedelta(days=183):
        return build(reference.year - 1)
    if tense is None and span.end < reference - timedelta(days=183):
        return build(reference.year + 1)
    return span


def _scan(ctx: _Context, *, bare_years: bool) -> list[tuple[_Candidate, DateSpan]]:
    found = [c for c in _candidates(ctx, bare_years=bare_years) if c is not None]
    found.sort(key=lambda c: (c.start, -(c.end - c.start)))
    chosen: list[_Candidate] = []
    for candidate in found:
        # Invalid dates ("32 мая") still claim their text, so no shorter reading of it survives.
        if not chosen or candidate.start >= chosen[-1].end:
            chosen.append(candidate)
    resolved: list[tuple[_Candidate, DateSpan]] = []
    stated: dict[int, tuple[int, int]] = {}  # sentence -> (year stated last, where it ended)
    story: tuple[int, int] | None = None  # the last day or month stated with its year
    for candidate in chosen:
        value = candidate.value
        sentence = ctx.sentence_of(candidate.start)
        if isinstance(value, _DaysAfterPrevious):
            named = [span.end for _, span in resolved if span.precision == "day"]
            day = _in_calendar(_plus_days, named[-1], value.days) if named else None
            value = _days(day, day)
        elif callable(value):
            told = story if story and "\n" not in ctx.text[story[1] : candidate.start] else None
            value = _in_calendar(
                _year_from_context, value, candidate.start, stated.get(sentence), told, ctx
            )
        if value is None:
            continue
        if candidate.states_year:
            stated[sentence] = (value.end.year, candidate.end)
            if value.precision in {"day", "month"}:
                story = (value.end.year, candidate.end)
        resolved.append((candidate, value))
    return resolved


# "2019-й. Премьер встречается с Ли Кэцяном 2 ноября", "В 2022 году ...": a paragraph that
# opens with a year tells of that year (a column going through the years)
_PARAGRAPH_YEAR = re.compile(
    r"\s*(?:в\s+)?(?P<y>(?:19|20)\d\d)(?:-?(?:й|м|го))?(?:\s*[.:—–]|\s+год(?:а|у)?\b)",
    re.IGNORECASE,
)


def _paragraph_year(text: str, offset: int) -> int | None:
    start = text.rfind("\n", 0, offset) + 1
    found = _PARAGRAPH_YEAR.match(text, start, offset)
    return int(found.group("y")) if found else None


_STATED_YEAR_REACH = 80  # characters: "7 мая 2015 года и 9 мая", not a distant clause


def _year_from_context(
    build: Callable[[int], DateSpan | None],
    start: int,
    stated: tuple[int, int] | None,
    story: tuple[int, int] | None,
    ctx: _Context,
) -> DateSpan | None:
    """A year-less date takes a year stated just before it in the same sentence, else the year
    its paragraph opens with ("2019-й. Премьер встречается ... 2 ноября"), unless the tense
    contradicts it ("В 2022 году ... а саммит пройдет 3–4 июля"); in a story told day by day
    ("Саммит прошёл 9 июня 2018 года. 10 июня лидеры приняли декларацию") the year of the
    paragraph's last dated day, if that day is past and the date is reported; else see
    _pick_year."""
    tense = ctx.tense_at(start)
    for year in (
        stated[0] if stated is not None and start - stated[1] <= _STATED_YEAR_REACH else None,
        _paragraph_year(ctx.text, start),
    ):
        span = build(year) if year is not None else None
        if span is not None and not (
            tense == "future" and span.end < ctx.reference - timedelta(days=30)
        ):
            return span
    if story is not None and story[0] < ctx.reference.year and tense == "past":
        span = build(story[0])
        if span is not None:
            return span
    return _pick_year(build, ctx.reference, tense)


_SENTENCE_BREAK = re.compile(r"(?<=[.!?…])\s+(?=[А-ЯЁA-Z0-9«\"])|\n")


def resolve_dates(
    text: str, reference: date, *, future_hint: bool | None = None, bare_years: bool = False
) -> list[DateHit]:
    """Date phrases in any text, as (start, end, matched text, span, relative).

    `future_hint` overrides the tense read from the text (True: upcoming, False: past);
    `bare_years` lets a lone "2015" or "мая" count, for short inputs such as search queries.
    """
    breaks = [m.end() for m in _SENTENCE_BREAK.finditer(text)]
    bounds = list(zip([0, *breaks], [*breaks, len(text)], strict=True))

    def sentence_of(offset: int) -> int:
        return bisect.bisect_right(breaks, offset)

    @cache
    def tense_of(index: int) -> Tense:
        if future_hint is not None:
            return "future" if future_hint else "past"
        start, end = bounds[index]
        return sentence_tense(text[start:end])

    ctx = _Context(text, _lowered(text), reference, lambda o: tense_of(sentence_of(o)), sentence_of)
    return [
        (c.start, c.end, text[c.start : c.end], span, c.relative)
        for c, span in _scan(ctx, bare_years=bare_years)
    ]


_QUOTATION = re.compile(r"«[^«»]*»|\"[^\"]*\"|“[^“”]*”")


def find_dates(adoc: ArticleDoc) -> list[DateMention]:
    """Every date phrase of an article, in text order, resolved against its publication date."""
    sentences = adoc.sentences

    @cache
    def tense_of(index: int, quoted: bool) -> Tense:
        # "«...откроет новые возможности», – отметил он в понедельник": the words around a
        # date outside a quotation set its tense, not what the quotation says
        text = sentences[index].text
        outside = _QUOTATION.sub(" ", text)
        if quoted or outside == text:
            return sentence_tense(text)
        return sentence_tense(outside) or sentence_tense(text)

    def tense_at(offset: int) -> Tense:
        if not sentences:
            return None
        return tense_of(adoc.sentence_at(offset), inside_quotes(adoc.text, offset))

    ctx = _Context(
        adoc.text,
        _lowered(adoc.text),
        adoc.published,
        tense_at,
        adoc.sentence_at,
    )
    mentions = [
        DateMention(
            text=adoc.text[c.start : c.end],
            span=span,
            start=c.start,
            end=c.end,
            sentence=adoc.sentence_at(c.start),
            relative=c.relative,
        )
        for c, span in _scan(ctx, bare_years=False)
    ]
    return _weekdays_of_the_story(mentions, adoc)


_STORY_SENTENCES = 2  # a weekday this close after a written date is that date's week
_SAME_WEEK_DAYS = 3


def _weekdays_of_the_story(mentions: list[DateMention], adoc: ArticleDoc) -> list[DateMention]:
    """ "Главное случилось 2 сентября в Ханчжоу. ... В пятницу два лидера провели переговоры":
    a weekday told after a written date in the same paragraph is the one nearest that date, not
    the one before publication (a column looks back on a whole year)."""
    anchor: DateMention | None = None
    for index, mention in enumerate(mentions):
        weekday = _WEEKDAY.fullmatch(_lowered(mention.text))
        if not mention.relative and mention.span.precision == "day":
            anchor = mention
        elif weekday and not weekday.group("rel") and anchor and _same_story(anchor, mention, adoc):
            wanted = _WEEKDAYS[weekday.group("wd")]
            day = anchor.span.start + timedelta(
                days=(wanted - anchor.span.start.weekday() + _SAME_WEEK_DAYS) % 7 - _SAME_WEEK_DAYS
            )
            # the tense placed it before or after publication; the week moves, the side does
            # not ("4–5 февраля побывает ... Об этом в понедельник сообщил": that Monday)
            if (day > adoc.published) == (mention.span.start > adoc.published):
                mentions[index] = replace(mention, span=_days(day, day))
    return mentions


def _same_story(anchor: DateMention, mention: DateMention, adoc: ArticleDoc) -> bool:
    if not 0 <= mention.sentence - anchor.sentence <= _STORY_SENTENCES:
        return False
    between = adoc.text[anchor.end : mention.start]
    return "\n" not in between


_MONTH_WORD = re.compile(rf"(?<![а-яё]){_MONTH}", re.IGNORECASE)


def months_named(text: str) -> set[int]:
    """The months a text names by word ("в сентябре 2016 года", "9 июня"): 1..12."""
    return {_month_number(match.group()) for match in _MONTH_WORD.finditer(text)}


_IMPOSSIBLE_CANDIDATE = re.compile(
    rf"(?<!\d)(?P<d>\d{{1,2}})\s+(?P<m>{_MONTH})(?:\s+(?P<y>\d{{4}}))?", re.IGNORECASE
)


def impossible_dates(text: str) -> list[str]:
    """Day-month phrases no calendar has ("31 февраля", "31 апреля 2024"), as written.

    The extractor skips them silently; a question asking about one deserves to be told why
    nothing matched.
    """
    found = []
    for match in _IMPOSSIBLE_CANDIDATE.finditer(text):
        year = int(match["y"]) if match["y"] else 2024  # a leap year: 29 февраля is possible
        if _day(year, _month_number(match["m"]), int(match["d"])) is None:
            found.append(match.group().strip())
    return found
