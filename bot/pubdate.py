"""Publication dates as people write them (2024-01-31, 31.01.2024, «31 января 2024», May 31, 2024),
and no guessing.

Every relative date of an article ("вчера", "в следующем году", "12 марта") is resolved against
its publication date, so a wrong one silently corrupts all of them. A value in one of the forms
below is read; anything else is refused with a message saying what was wrong.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from bot.i18n import EN_MONTHS, RU_MONTHS_GENITIVE


class BadDate(ValueError):
    """A publication date that cannot be used, with a message fit to show the user."""


@dataclass(frozen=True, slots=True)
class DateForm:
    name: str
    pattern: re.Pattern[str]
    parts: Callable[[re.Match[str]], tuple[int, int, int]]  # (year, month, day)


_MONTHS = {name: number for number, name in enumerate(RU_MONTHS_GENITIVE, start=1)}
_MONTH_WORD = "|".join(RU_MONTHS_GENITIVE)
_EN_MONTHS = {
    **{name.lower(): number for number, name in enumerate(EN_MONTHS, start=1)},
    **{name.lower()[:3]: number for number, name in enumerate(EN_MONTHS, start=1)},
}
_EN_MONTH_WORD = "|".join(sorted(_EN_MONTHS, key=len, reverse=True))

# The forms a publication date may take, tried in this order; {year} is filled per use.
_FORMS = (
    (
        "ISO (2024-01-31)",
        r"(?P<y>{year})-(?P<m>\d\d?)-(?P<d>\d\d?)(?:[T ]\d\d:\d\d(?::\d\d(?:\.\d+)?)?(?:Z|[+-]\d\d:?\d\d)?)?",
        lambda m: (int(m["y"]), int(m["m"]), int(m["d"])),
    ),
    (
        "31.01.2024",
        r"(?P<d>\d\d?)[./](?P<m>\d\d?)[./](?P<y>{year})",
        lambda m: (int(m["y"]), int(m["m"]), int(m["d"])),
    ),
    (
        "31 января 2024",
        rf"(?P<d>\d\d?)\s+(?P<month>{_MONTH_WORD})\s+(?P<y>{{year}})(?:\s*(?:года|г\.?))?",
        lambda m: (int(m["y"]), _MONTHS[m["month"].lower()], int(m["d"])),
    ),
    (
        "May 31, 2024",
        rf"(?P<month>{_EN_MONTH_WORD})\.?\s+(?P<d>\d\d?),?\s+(?P<y>{{year}})",
        lambda m: (int(m["y"]), _EN_MONTHS[m["month"].lower()], int(m["d"])),
    ),
    (
        "31 May 2024",
        rf"(?P<d>\d\d?)\s+(?P<month>{_EN_MONTH_WORD})\.?,?\s+(?P<y>{{year}})",
        lambda m: (int(m["y"]), _EN_MONTHS[m["month"].lower()], int(m["d"])),
    ),
)


def _forms(year: str) -> tuple[DateForm, ...]:
    return tuple(
        DateForm(name, re.compile(pattern.replace("{year}", year), re.IGNORECASE), parts)
        for name, pattern, parts in _FORMS
    )


# A whole value may name any year; inside free text only plausible ones count as a date.
VALUE_FORMS = _forms(r"\d{4}")
TEXT_FORMS = _forms(r"(?:19|20)\d\d")
ACCEPTED = ", ".join(name for name, _, _ in _FORMS)


def parse_publication_date(value: object) -> date:
    """The date `value` (a manifest field, a flag, a reply) names; BadDate when it names none."""
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        raise BadDate("a date must be text such as 2024-01-31")
    text = " ".join(value.split()).strip(" .,")
    if not text:
        raise BadDate(f"the date is empty; write it as {ACCEPTED}")
    for form in VALUE_FORMS:
        match = form.pattern.fullmatch(text)
        if match is not None:
            return _calendar_date(match, form, value)
    raise BadDate(f"{_shown(value)} is not a date in a form I read ({ACCEPTED})")


@dataclass(frozen=True, slots=True)
class FoundDate:
    day: date
    start: int
    end: int


def search_publication_date(text: str) -> FoundDate | None:
    """The first real calendar date written in `text` in one of the forms, with where it is."""
    candidates = [
        (match.start(), order, match, form)
        for order, form in enumerate(TEXT_FORMS)
        for match in form.pattern.finditer(text)
        if _bounded(text, match.start(), match.end())
    ]
    for _, _, match, form in sorted(candidates, key=lambda item: item[:2]):
        try:
            return FoundDate(_calendar_date(match, form, match[0]), match.start(), match.end())
        except BadDate:
            continue
    return None


def find_publication_date(text: str) -> date | None:
    found = search_publication_date(text)
    return found.day if found else None


def _calendar_date(match: re.Match[str], form: DateForm, value: str) -> date:
    year, month, day = form.parts(match)
    try:
        return date(year, month, day)
    except ValueError as error:
        raise BadDate(f"{_shown(value)} is not a calendar date ({error})") from None


def _bounded(text: str, start: int, end: int) -> bool:
    """Not a piece of a longer number ("12024-01-01", "2024-01-011")."""
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return not before.isdigit() and not after.isdigit()


def _shown(value: str) -> str:
    text = value if len(value) <= 40 else value[:40] + "…"
    return repr(text)
