"""Bot-written text in Russian (default) or English, and dates the way each language writes them."""

from __future__ import annotations

from datetime import date

LANGS = ("ru", "en")

RU_MONTHS_GENITIVE = (
    "января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября",
    "октября", "ноября", "декабря",
)  # fmt: skip
RU_MONTHS_NOMINATIVE = (
    "январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август", "сентябрь",
    "октябрь", "ноябрь", "декабрь",
)  # fmt: skip
EN_MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)  # fmt: skip


def normalize_lang(code: str | None) -> str:
    """A Telegram language_code ("en-US", "kk", None) to one we speak; Russian unless English."""
    return "en" if code and code.lower().startswith("en") else "ru"


def tr(lang: str, ru: str, en: str) -> str:
    """The string for `lang`; keeping both versions side by side keeps them in step."""
    return en if lang == "en" else ru


def format_date(day: date, lang: str = "ru") -> str:
    if lang == "en":
        return f"{day.day} {EN_MONTHS[day.month - 1]} {day.year}"
    return f"{day.day} {RU_MONTHS_GENITIVE[day.month - 1]} {day.year}"


def format_span(
    start: date | str | None,
    end: date | str | None = None,
    precision: str | None = "day",
    lang: str = "ru",
) -> str:
    """ "3–4 июля 2024", "май 2024", "2015": as precise as the fact is, never more."""
    if start is None:
        return tr(lang, "дата не указана", "date not given")
    start = date.fromisoformat(start) if isinstance(start, str) else start
    end = date.fromisoformat(end) if isinstance(end, str) else (end or start)
    months = EN_MONTHS if lang == "en" else RU_MONTHS_GENITIVE
    if precision == "year":
        return str(start.year) if start.year == end.year else f"{start.year}–{end.year}"
    if precision == "month":
        names = EN_MONTHS if lang == "en" else RU_MONTHS_NOMINATIVE
        if (start.year, start.month) == (end.year, end.month):
            return f"{names[start.month - 1]} {start.year}"
        return f"{names[start.month - 1]} {start.year} – {names[end.month - 1]} {end.year}"
    if start == end:
        return format_date(start, lang)
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{end.day} {months[start.month - 1]} {start.year}"
    if start.year == end.year:
        return f"{start.day} {months[start.month - 1]} – {end.day} {months[end.month - 1]} {start.year}"
    return f"{format_date(start, lang)} – {format_date(end, lang)}"


def count_of(number: int, forms: tuple[str, str, str], english: tuple[str, str], lang: str) -> str:
    """ "4 документа", "11 документов", "1 document": a number with its noun as each language
    agrees them (Russian: one, few, many)."""
    if lang == "en":
        return f"{number} {english[0] if number == 1 else english[1]}"
    tens, units = number % 100, number % 10
    if units == 1 and tens != 11:
        form = forms[0]
    elif 2 <= units <= 4 and not 12 <= tens <= 14:
        form = forms[1]
    else:
        form = forms[2]
    return f"{number} {form}"
