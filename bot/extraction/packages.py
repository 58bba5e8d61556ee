"""Packages of documents: «подписано более 40 документов на сумму 9 млрд долларов».

A visit often ends with many documents that the article counts rather than names: «пакет из
15 соглашений», «22 контракта общей стоимостью около 30 млрд долларов», «ряд двусторонних
документов». Each is one fact, a package, with its count and value as written. Patterns are
a table of named regexes over the sentence, like the date readers'.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_NUMBER_WORDS = {
    "два": 2, "двух": 2, "три": 3, "трех": 3, "трёх": 3, "четыре": 4, "четырех": 4,
    "пять": 5, "пяти": 5, "шесть": 6, "шести": 6, "семь": 7, "семи": 7, "восемь": 8,
    "восьми": 8, "девять": 9, "девяти": 9, "десять": 10, "десяти": 10, "одиннадцать": 11,
    "двенадцать": 12, "пятнадцать": 15, "двадцать": 20, "двадцати": 20, "тридцать": 30,
    "тридцати": 30, "сорок": 40, "сорока": 40, "пятьдесят": 50, "сто": 100,
}  # fmt: skip
_COUNT = r"(?P<count>\d{1,3}|" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True)) + r")"
_APPROX = r"(?P<approx>более|свыше|около|порядка|почти|не менее|примерно|до)\s+"
# The documents a package holds: "документов", "межправительственных соглашений", "контрактов".
_NOUN = (
    r"(?P<noun>(?:[а-яё-]+(?:ых|их|ого|ые|ий|ый)\s+(?:и\s+)?){0,4}"
    r"(?:документ|соглашени|контракт|меморандум|договор|протокол|сделк|проект)[а-яё]*)"
)
_SIDES = r"(?:двусторонн|межправительственн|межведомственн|межгосударственн)"
_MONEY = (
    r"(?P<value>\d[\d\s,.]*\s*(?:млрд|млн|трлн|миллиард\w*|миллион\w*)\.?"
    r"(?:\s+(?:долларов(?:\s+США)?|юаней|тенге|евро|рублей))?)"
)
_VALUE = re.compile(
    r"(?:на\s+(?:общую\s+)?сумму|(?:общей|совокупной)\s+стоимостью|стоимостью"
    r"|(?:общая|совокупная)\s+стоимость\s+которых(?:\s+\w+){0,2}"
    r"|(?:их\s+)?общая\s+стоимость\s*[–—-]?|с\s+общим\s+объемом\s+инвестиций"
    r"|на)\s+(?:(?:более|свыше|около|почти|порядка|приближается\s+к)\s+)?" + _MONEY,
    re.IGNORECASE,
)
PACKAGES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(pattern, re.IGNORECASE))
    for name, pattern in (
        ("пакет из N документов", rf"пакет\w*\s+(?:из\s+(?:{_APPROX})?{_COUNT}\s+)?{_NOUN}"),
        ("N документов", rf"(?<![\d.,])(?:{_APPROX})?{_COUNT}\s+{_NOUN}"),
        ("по N из них соглашения", rf"по\s+{_COUNT}\s+из\s+них\s+{_NOUN}"),
        ("ряд документов", r"(?P<noun>ряд\w*\s+(?:[а-яё-]+(?:ых|их)\s+){0,3}документ\w*)"),
        # "подписание двусторонних документов о сотрудничестве": documents, uncounted
        ("двусторонние документы", rf"(?P<noun>{_SIDES}\w*\s+документ(?:ы|ов|ами|ах)\b)"),
    )
)
_SIGNING = re.compile(
    r"подпис|заключ|парафир|ратифиц|пакет|утвердил|принят|примут|достигнут|согласова"
    r"|рассмотр",  # "лидеры рассмотрят около 20 документов": to be adopted
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Package:
    title: str  # as written: "22 контракта общей стоимостью почти 30 млрд долларов"
    count: int | None
    value: str | None  # "30 млрд долларов"
    start: int  # character offsets within the sentence
    end: int


def _count(match: re.Match[str]) -> int | None:
    text = (match.groupdict().get("count") or "").lower()
    if not text:
        return None
    return int(text) if text.isdigit() else _NUMBER_WORDS.get(text)


def packages_in(sentence: str) -> list[Package]:
    """The packages a sentence speaks of, when it speaks of signing them."""
    if not _SIGNING.search(sentence):
        return []
    found: list[Package] = []
    for _, pattern in PACKAGES:
        for match in pattern.finditer(sentence):
            start, end = match.span()
            if any(p.start <= start < p.end or start <= p.start < end for p in found):
                continue
            count = _count(match)
            if count is not None and count < 2:
                continue
            value = _VALUE.match(sentence, end) or _VALUE.match(sentence, end + 1)
            if value is None:
                value = _VALUE.search(sentence[end : end + 120])
                value_end = end + value.end() if value else end
            else:
                value_end = value.end()
            title_end = value_end if value else end
            title = " ".join(sentence[start:title_end].split()).strip(" ,.")
            amount = " ".join(value.group("value").split()).rstrip(" ,.") if value else None
            found.append(Package(title, count, amount, start, title_end))
    return sorted(found, key=lambda p: p.start)


# "Общая стоимость достигнутых договоренностей, по оценке китайской стороны, составила около 14
# млрд долларов": the value of the package the sentence before counted.
_VALUE_TOLD_AFTER = re.compile(
    r"^\W*(?:их\s+)?(?:общая|совокупная|суммарная)\s+(?:стоимость|сумма|объем|объём)\b"
    r"[^.]{0,100}?(?:составил\w*|достиг\w*|оценива\w*\s+в|превысил\w*|[–—-])\s+"
    r"(?:(?:более|свыше|около|почти|порядка|примерно)\s+)?" + _MONEY,
    re.IGNORECASE,
)


def value_told_after(sentence: str) -> str | None:
    """The value a sentence gives the package counted just before it, if it opens so."""
    match = _VALUE_TOLD_AFTER.search(sentence)
    return " ".join(match.group("value").split()).rstrip(" ,.") if match else None
