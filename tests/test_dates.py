"""Date phrases resolved the way a reader of the article (or of a query) would resolve them."""

from __future__ import annotations

import json
from datetime import date
from functools import cache
from pathlib import Path

import pytest

from bot.extraction.dates import find_dates, is_future_sentence, resolve_dates
from bot.extraction.document import ArticleDoc, prepare
from bot.models import DateMention

DATA = Path(__file__).resolve().parent.parent / "data"

D = date.fromisoformat

# --- resolve_dates on short texts ---------------------------------------------------------

REF = D("2024-05-22")  # a Wednesday

# text, reference, expected [(matched text, start, end, precision, relative)]
CASES: list[tuple[str, date, list[tuple[str, str, str, str, bool]]]] = [
    # absolute
    ("7 мая 2015", REF, [("7 мая 2015", "2015-05-07", "2015-05-07", "day", False)]),
    ("7 мая 2015 года", REF, [("7 мая 2015 года", "2015-05-07", "2015-05-07", "day", False)]),
    ("7 мая 2015 г.", REF, [("7 мая 2015 г.", "2015-05-07", "2015-05-07", "day", False)]),
    ("16 июня 2025", REF, [("16 июня 2025", "2025-06-16", "2025-06-16", "day", False)]),
    ("1 декабря", D("2023-12-01"), [("1 декабря", "2023-12-01", "2023-12-01", "day", False)]),
    ("1-го декабря", D("2023-12-01"), [("1-го декабря", "2023-12-01", "2023-12-01", "day", False)]),
    (
        "Чэнду. 1 декабря.",
        D("2023-12-01"),
        [("1 декабря", "2023-12-01", "2023-12-01", "day", False)],
    ),
    ("29 февраля", REF, [("29 февраля", "2024-02-29", "2024-02-29", "day", False)]),
    # ranges
    ("20–21 мая", REF, [("20–21 мая", "2024-05-20", "2024-05-21", "day", False)]),
    ("20-21 мая", REF, [("20-21 мая", "2024-05-20", "2024-05-21", "day", False)]),
    ("3–4 июля 2024", REF, [("3–4 июля 2024", "2024-07-03", "2024-07-04", "day", False)]),
    ("с 5 по 7 июня", REF, [("с 5 по 7 июня", "2024-06-05", "2024-06-07", "day", False)]),
    (
        "2-3 сентября текущего года",
        D("2015-05-07"),
        [("2-3 сентября текущего года", "2015-09-02", "2015-09-03", "day", False)],
    ),
    (
        "с 31 августа по 1 сентября",
        REF,
        [("с 31 августа по 1 сентября", "2024-08-31", "2024-09-01", "day", False)],
    ),
    (
        "30 ноября – 1 декабря 2023 года",
        REF,
        [("30 ноября – 1 декабря 2023 года", "2023-11-30", "2023-12-01", "day", False)],
    ),
    (
        "30 декабря – 2 января",
        D("2023-12-20"),
        [("30 декабря – 2 января", "2023-12-30", "2024-01-02", "day", False)],
    ),
    ("в 2023–2024 годах", REF, [("в 2023–2024 годах", "2023-01-01", "2024-12-31", "year", False)]),
    (
        "с 2015 по 2020 год",
        REF,
        [("с 2015 по 2020 год", "2015-01-01", "2020-12-31", "year", False)],
    ),
    (
        "с мая по июль 2023",
        REF,
        [("с мая по июль 2023", "2023-05-01", "2023-07-31", "month", False)],
    ),
    ("в 1990-х годах", REF, [("в 1990-х годах", "1990-01-01", "1999-12-31", "year", False)]),
    # numeric and ISO
    ("03.07.2024", REF, [("03.07.2024", "2024-07-03", "2024-07-03", "day", False)]),
    ("3.7.2024", REF, [("3.7.2024", "2024-07-03", "2024-07-03", "day", False)]),
    ("2025-06-17", REF, [("2025-06-17", "2025-06-17", "2025-06-17", "day", False)]),
    (
        "2025-06-17 04:05:45丨Russian.News.Cn",
        REF,
        [("2025-06-17 04:05:45", "2025-06-17", "2025-06-17", "day", False)],
    ),
    # months and years
    ("что было в мае 2024", REF, [("в мае 2024", "2024-05-01", "2024-05-31", "month", False)]),
    ("в мае", REF, [("в мае", "2024-05-01", "2024-05-31", "month", False)]),
    ("в конце мая", REF, [("в конце мая", "2024-05-21", "2024-05-31", "month", False)]),
    (
        "в мае следующего года",
        REF,
        [("в мае следующего года", "2025-05-01", "2025-05-31", "month", False)],
    ),
    ("весной 2023 года", REF, [("весной 2023 года", "2023-03-01", "2023-05-31", "month", False)]),
    (
        "в первом квартале 2024 года",
        REF,
        [("в первом квартале 2024 года", "2024-01-01", "2024-03-31", "month", False)],
    ),
    (
        "во второй половине 2023 года",
        REF,
        [("во второй половине 2023 года", "2023-07-01", "2023-12-31", "month", False)],
    ),
    (
        "в конце прошлого года",
        REF,
        [("в конце прошлого года", "2023-10-01", "2023-12-31", "month", True)],
    ),
    # counted from the day named before, not from publication
    (
        "3 июня прошли переговоры, а на следующий день подписали соглашение",
        REF,
        [
            ("3 июня", "2024-06-03", "2024-06-03", "day", False),
            ("на следующий день", "2024-06-04", "2024-06-04", "day", True),
        ],
    ),
    ("Спустя два дня министр вылетел в Пекин", REF, []),
    (
        "7 мая прошли переговоры. В тот же день министры посетили выставку",
        REF,
        [
            ("7 мая", "2024-05-07", "2024-05-07", "day", False),
            ("В тот же день", "2024-05-07", "2024-05-07", "day", True),
        ],
    ),
    # the edge of the current year or month
    ("до конца года", REF, [("до конца года", "2024-05-22", "2024-12-31", "year", True)]),
    ("до конца месяца", REF, [("до конца месяца", "2024-05-22", "2024-05-31", "month", True)]),
    (
        "до конца текущего года",
        REF,
        [("до конца текущего года", "2024-05-22", "2024-12-31", "year", True)],
    ),
    (
        "до конца 2026 года",
        REF,
        [("до конца 2026 года", "2026-01-01", "2026-12-31", "year", False)],
    ),
    ("в начале года", REF, [("в начале года", "2024-01-01", "2024-03-31", "month", True)]),
    ("в конце месяца", REF, [("в конце месяца", "2024-05-21", "2024-05-31", "month", True)]),
    # a ten-day part of a month
    (
        "в первой декаде июня",
        REF,
        [("в первой декаде июня", "2024-06-01", "2024-06-10", "month", False)],
    ),
    (
        "на третью декаду июня",
        REF,
        [("на третью декаду июня", "2024-06-21", "2024-06-30", "month", False)],
    ),
    ("в конце 2024 года", REF, [("в конце 2024 года", "2024-10-01", "2024-12-31", "month", False)]),
    ("7 и 8 мая", REF, [("7 и 8 мая", "2024-05-07", "2024-05-08", "day", False)]),
    ("Летом визит состоится", REF, [("Летом", "2024-06-01", "2024-08-31", "month", False)]),
    ("в 2015 году", REF, [("в 2015 году", "2015-01-01", "2015-12-31", "year", False)]),
    ("а в 2019-м подписали", REF, [("в 2019-м", "2019-01-01", "2019-12-31", "year", False)]),
    ("2023-й год", REF, [("2023-й год", "2023-01-01", "2023-12-31", "year", False)]),
    ("дорога длиной 2024 км", REF, []),
    ("Меморандум № 2015", REF, []),
    ("2024 год", REF, [("2024 год", "2024-01-01", "2024-12-31", "year", False)]),
    ("до 2030 года", REF, [("до 2030 года", "2030-01-01", "2030-12-31", "year", False)]),
    ("в 2015 Казахстан", REF, [("в 2015", "2015-01-01", "2015-12-31", "year", False)]),
    (
        "объявление текущего 2024 года",
        REF,
        [("текущего 2024 года", "2024-01-01", "2024-12-31", "year", False)],
    ),
    ("текущего года", REF, [("текущего года", "2024-01-01", "2024-12-31", "year", True)]),
    ("прошлого года", REF, [("прошлого года", "2023-01-01", "2023-12-31", "year", True)]),
    # relative
    ("в следующем году", REF, [("в следующем году", "2025-01-01", "2025-12-31", "year", True)]),
    ("в текущем году", REF, [("в текущем году", "2024-01-01", "2024-12-31", "year", True)]),
    ("в этом году", REF, [("в этом году", "2024-01-01", "2024-12-31", "year", True)]),
    ("в прошлом году", REF, [("в прошлом году", "2023-01-01", "2023-12-31", "year", True)]),
    ("за прошлый год", REF, [("за прошлый год", "2023-01-01", "2023-12-31", "year", True)]),
    (
        "в следующем месяце",
        REF,
        [("в следующем месяце", "2024-06-01", "2024-06-30", "month", True)],
    ),
    (
        "в следующем месяце",
        D("2023-12-15"),
        [("в следующем месяце", "2024-01-01", "2024-01-31", "month", True)],
    ),
    (
        "Накануне Токаев встретился с Ван И",
        REF,
        [("Накануне", "2024-05-21", "2024-05-21", "day", True)],
    ),
    ("вчера", REF, [("вчера", "2024-05-21", "2024-05-21", "day", True)]),
    ("сегодня", REF, [("сегодня", "2024-05-22", "2024-05-22", "day", True)]),
    ("завтра", REF, [("завтра", "2024-05-23", "2024-05-23", "day", True)]),
    ("послезавтра", REF, [("послезавтра", "2024-05-24", "2024-05-24", "day", True)]),
    ("через день", REF, [("через день", "2024-05-24", "2024-05-24", "day", True)]),
    ("через 3 дня", REF, [("через 3 дня", "2024-05-25", "2024-05-25", "day", True)]),
    ("через две недели", REF, [("через две недели", "2024-06-05", "2024-06-05", "day", True)]),
    ("через месяц", REF, [("через месяц", "2024-06-01", "2024-06-30", "month", True)]),
    ("два года назад", REF, [("два года назад", "2022-01-01", "2022-12-31", "year", True)]),
    ("на прошлой неделе", REF, [("на прошлой неделе", "2024-05-13", "2024-05-19", "day", True)]),
    (
        "на следующей неделе",
        REF,
        [("на следующей неделе", "2024-05-27", "2024-06-02", "day", True)],
    ),
    (
        "Встреча прошла в понедельник",
        REF,
        [("в понедельник", "2024-05-20", "2024-05-20", "day", True)],
    ),
    (
        "Встреча пройдет в понедельник",
        REF,
        [("в понедельник", "2024-05-27", "2024-05-27", "day", True)],
    ),
    ("Переговоры прошли в среду", REF, [("в среду", "2024-05-22", "2024-05-22", "day", True)]),
    ("в прошлую пятницу", REF, [("в прошлую пятницу", "2024-05-17", "2024-05-17", "day", True)]),
    (
        "что было за последний месяц",
        REF,
        [("за последний месяц", "2024-04-23", "2024-05-22", "day", True)],
    ),
    (
        "в 2024 и 2025 годах",
        REF,
        [("в 2024 и 2025 годах", "2024-01-01", "2025-12-31", "year", False)],
    ),
    ("9 МАЯ 2015 ГОДА", REF, [("9 МАЯ 2015 ГОДА", "2015-05-09", "2015-05-09", "day", False)]),
    ("7\xa0мая", REF, [("7\xa0мая", "2024-05-07", "2024-05-07", "day", False)]),
    # a year stated earlier in the sentence carries over to a year-less date
    (
        "7 мая 2015 года и 9 мая",
        REF,
        [
            ("7 мая 2015 года", "2015-05-07", "2015-05-07", "day", False),
            ("9 мая", "2015-05-09", "2015-05-09", "day", False),
        ],
    ),
    (
        "В 2022 году товарооборот вырос, а саммит пройдет 3–4 июля",
        REF,
        [
            ("В 2022 году", "2022-01-01", "2022-12-31", "year", False),
            ("3–4 июля", "2024-07-03", "2024-07-04", "day", False),
        ],
    ),
    # invalid dates are skipped, not misread
    ("31 февраля", REF, []),
    ("32 мая", REF, []),
    ("32 мая 2024 года", REF, []),
    ("00.13.2024", REF, []),
    ("2024-13-45", REF, []),
    # amounts, counts and prepositions are not dates
    ("41 млрд долларов", REF, []),
    ("52 совместных проектов", REF, []),
    ("товарооборот вырос на 15%", REF, []),
    ("за 10 месяцев", REF, []),
    ("в 2000 километрах от границы", REF, []),
    ("накануне саммита", REF, []),
    ("на сегодняшний день", REF, []),
    ("перед началом 2-го саммита", REF, []),
    ("проведения свыше 100 крупных мероприятий", REF, []),
    ("в $36,5 млрд", REF, []),
    ("Годом экологии ШОС", REF, []),
    ("в 2015", REF, [("в 2015", "2015-01-01", "2015-12-31", "year", False)]),
    ("соглашения 2023", REF, []),  # a bare number is a year only when asked for (queries)
]


def _simplify(hits: list) -> list[tuple[str, str, str, str, bool]]:
    return [(t, s.start.isoformat(), s.end.isoformat(), s.precision, r) for _, _, t, s, r in hits]


@pytest.mark.parametrize(("text", "reference", "expected"), CASES, ids=[c[0] for c in CASES])
def test_resolve_dates(text: str, reference: date, expected: list) -> None:
    assert _simplify(resolve_dates(text, reference)) == expected


def test_offsets_point_at_the_matched_text() -> None:
    text = "Саммит ШОС пройдет 3–4 июля в Астане, а в следующем году — в Китае."
    for start, end, matched, _, _ in resolve_dates(text, REF):
        assert text[start:end] == matched


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("2015", [("2015", "2015-01-01", "2015-12-31", "year", False)]),
        ("соглашения 2023", [("2023", "2023-01-01", "2023-12-31", "year", False)]),
        ("май 2024", [("май 2024", "2024-05-01", "2024-05-31", "month", False)]),
        ("визиты 1500", []),  # outside the plausible range
        ("41 млрд долларов в 2023", [("в 2023", "2023-01-01", "2023-12-31", "year", False)]),
    ],
)
def test_bare_years_in_short_queries(query: str, expected: list) -> None:
    assert _simplify(resolve_dates(query, REF, bare_years=True)) == expected


@pytest.mark.parametrize(
    ("text", "reference", "hint", "expected"),
    [
        # announced for January, published in December: next January
        ("Визит состоится в январе.", D("2023-12-01"), None, ("2024-01-01", "2024-01-31")),
        ("в январе", D("2023-12-01"), True, ("2024-01-01", "2024-01-31")),
        # reported in January about December: last December
        ("Саммит прошел в декабре.", D("2024-01-10"), None, ("2023-12-01", "2023-12-31")),
        ("29 декабря стороны подписали соглашение.", D("2024-01-05"), None, ("2023-12-29",) * 2),
        # close to publication: the same year whatever the tense
        ("Токаев провел 20–21 мая встречи.", D("2024-05-22"), None, ("2024-05-20", "2024-05-21")),
        ("Саммит состоится 3–4 июля.", D("2024-05-22"), None, ("2024-07-03", "2024-07-04")),
        (
            "Стороны договорились провести форум в июле.",
            D("2024-05-22"),
            None,
            ("2024-07-01", "2024-07-31"),
        ),
        # no verb at all: the nearest year
        ("Форум, январь.", D("2023-12-01"), None, ("2024-01-01", "2024-01-31")),
    ],
)
def test_year_of_a_yearless_date_follows_tense(
    text: str, reference: date, hint: bool | None, expected: tuple[str, str]
) -> None:
    hits = resolve_dates(text, reference, future_hint=hint, bare_years=True)
    assert [(s.start.isoformat(), s.end.isoformat()) for *_, s, _ in hits] == [expected]


@pytest.mark.parametrize(
    ("sentence", "future"),
    [
        ("А 2-3 сентября текущего года Нурсултан Назарбаев посетит Китай.", True),
        ("Саммит ШОС состоится 3–4 июля.", True),
        ("Инициатива будет официально принята в ходе предстоящего саммита.", True),
        ("Стороны намерены расширять сотрудничество.", True),
        ("Он пригласил Си Цзиньпина посетить Казахстан в следующем году.", True),
        ("Встреча запланирована на июль.", True),
        ("Визит в Казахстан ожидается в ближайшее время.", True),
        ("Токаев провел встречу с Ван И.", False),
        ("Стороны договорились следующим образом.", False),
        ("Об этом в понедельник в Астане заявил председатель КНР.", False),
        ("Товарооборот вырос на 30%.", False),
        ("Чэнду. 1 декабря.", False),
    ],
)
def test_is_future_sentence(sentence: str, future: bool) -> None:
    assert is_future_sentence(sentence) is future


# --- find_dates on the bundled articles ----------------------------------------------------

# article id -> every date phrase a careful reader resolves: (phrase, start, end, precision)
GOLD: dict[str, list[tuple[str, str, str, str]]] = {
    "000": [
        ("7 мая", "2015-05-07", "2015-05-07", "day"),
        ("через день", "2015-05-09", "2015-05-09", "day"),
        ("9 мая", "2015-05-09", "2015-05-09", "day"),
        ("2-3 сентября текущего года", "2015-09-02", "2015-09-03", "day"),
    ],
    "001": [
        ("2024 год", "2024-01-01", "2024-12-31", "year"),
        ("в следующем году", "2024-01-01", "2024-12-31", "year"),
    ],
    "002": [
        ("20–21 мая", "2024-05-20", "2024-05-21", "day"),
        ("3–4 июля", "2024-07-03", "2024-07-04", "day"),
        ("прошлый год", "2023-01-01", "2023-12-31", "year"),
        ("текущего 2024 года", "2024-01-01", "2024-12-31", "year"),
        ("3–4 июля", "2024-07-03", "2024-07-04", "day"),
        ("Весной этого года", "2024-03-01", "2024-05-31", "month"),
    ],
    "003": [
        ("2025-06-17 04:05:45", "2025-06-17", "2025-06-17", "day"),
        ("16 июня", "2025-06-16", "2025-06-16", "day"),
        ("в понедельник", "2025-06-16", "2025-06-16", "day"),
        ("в этом году", "2025-01-01", "2025-12-31", "year"),
    ],
    "004": [
        ("1 декабря", "2023-12-01", "2023-12-01", "day"),
        ("прошлого года", "2022-01-01", "2022-12-31", "year"),
    ],
}


@cache
def _article(article_id: str) -> ArticleDoc:
    manifest = json.loads((DATA / "manifest.json").read_text(encoding="utf-8"))
    entry = next(a for a in manifest["articles"] if a["id"] == article_id)
    text = (DATA / entry["file"]).read_text(encoding="utf-8")
    return prepare(text, date.fromisoformat(entry["published"]))


def _matches(mention: DateMention, gold: tuple[str, str, str, str]) -> bool:
    phrase, start, end, precision = gold
    span = mention.span
    return phrase in mention.text and (
        span.start.isoformat(),
        span.end.isoformat(),
        span.precision,
    ) == (start, end, precision)


def score(mentions: list[DateMention], gold: list[tuple[str, str, str, str]]) -> tuple[int, int]:
    """(true positives among mentions, gold items found), each mention matching one gold item."""
    unused = list(gold)
    hits = 0
    for mention in mentions:
        found = next((g for g in unused if _matches(mention, g)), None)
        if found is not None:
            unused.remove(found)
            hits += 1
    return hits, len(gold) - len(unused)


@pytest.mark.parametrize("article_id", sorted(GOLD))
def test_article_dates_match_gold_exactly(article_id: str) -> None:
    mentions = find_dates(_article(article_id))
    found = [
        (m.text, m.span.start.isoformat(), m.span.end.isoformat(), m.span.precision)
        for m in mentions
    ]
    true_positives, recalled = score(mentions, GOLD[article_id])
    assert recalled == len(GOLD[article_id]), found  # recall 1.0
    assert true_positives == len(mentions), found  # precision 1.0: no junk from amounts etc.


@pytest.mark.parametrize("article_id", sorted(GOLD))
def test_article_mentions_are_consistent(article_id: str) -> None:
    adoc = _article(article_id)
    mentions = find_dates(adoc)
    assert [m.start for m in mentions] == sorted(m.start for m in mentions)
    for mention in mentions:
        assert adoc.text[mention.start : mention.end] == mention.text
        sentence = adoc.sentences[mention.sentence]
        assert sentence.start <= mention.start < sentence.end


def test_relative_flag_marks_phrases_without_a_written_date() -> None:
    relative = {m.text: m.relative for m in find_dates(_article("003"))}
    assert relative["в понедельник"] is True
    assert relative["в этом году"] is True
    assert relative["16 июня"] is False


def test_dateline_year_comes_from_publication() -> None:
    adoc = _article("004")
    (first, *_) = find_dates(adoc)
    assert (first.text, first.span.start) == ("1 декабря", D("2023-12-01"))
    assert "1 декабря" in adoc.sentences[first.sentence].text


@pytest.mark.parametrize(
    "text",
    [
        "1 января 0000 года",
        "0000 год",
        "31.12.9999",
        "9999-12-31",
        "31 декабря 9999 – 2 января",
        "с декабря по январь 0001",
        "зимой 0001 года",
        "через 999 лет",
        "999 месяцев назад",
        "0 мая",
        "99 июня",
        "",
        "...--–—",
    ],
)
def test_odd_input_never_crashes(text: str) -> None:
    for *_, span, _ in resolve_dates(text, REF, bare_years=True):
        assert span.start <= span.end


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("«Это решение откроет новые возможности», – отметил министр в понедельник.", "2024-05-20"),
        ("«Визит пройдет в понедельник», – сказал министр.", "2024-05-27"),
    ],
)
def test_a_quotations_tense_does_not_move_the_day_it_was_said(sentence: str, expected: str) -> None:
    (mention,) = find_dates(prepare(sentence, REF))
    assert mention.span.start.isoformat() == expected


def test_a_delay_after_a_named_event_is_not_counted_from_publication() -> None:
    from bot.extraction.dates import resolve_dates

    hits = resolve_dates(
        "Через неделю после Ханчжоу, в пятницу 9 сентября, президент назначил премьера.",
        date(2016, 10, 31),
    )
    assert [(h[2], h[3].start) for h in hits] == [("9 сентября", date(2016, 9, 9))]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a column looks back: the Friday of the story, not the one before publication
        ("Главное случилось 2 сентября в Ханчжоу. В пятницу лидеры провели переговоры.",
         date(2016, 9, 2)),
        ("Си Цзиньпин прилетел 7 июня. В четверг прошли переговоры.", date(2016, 6, 9)),
        # a new paragraph is a new story: the weekday is read against publication again
        ("Главное случилось 2 сентября в Ханчжоу.\n\nВ пятницу президент подписал указ.",
         date(2016, 10, 28)),
    ],
)  # fmt: skip
def test_a_weekday_after_a_written_date_is_that_dates_week(text: str, expected: date) -> None:
    mentions = find_dates(prepare(text, date(2016, 10, 31)))
    assert mentions[-1].span.start == expected, mentions


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a story told day by day keeps the year of its last dated day
        ("Саммит прошёл 8 июля 2019 года. 9 июля лидеры приняли декларацию.", "2019-07-09"),
        # a proper adjective pymorphy would guess a verb ("Сианьскую") sets no tense
        (
            "Сразу после визита, 8–9 июля 2019 года, президент участвовал в саммите в Сиане "
            "– первом для нового генсека; 9 июля лидеры подписали Сианьскую декларацию.",
            "2019-07-09",
        ),
        # a bare year sets no story: the day is this year's
        ("Договор подписан в 2002 году. 25 апреля стороны провели заседание.", "2024-04-25"),
        # a new paragraph is a new story
        ("Саммит прошёл 8 июля 2019 года.\nВ среду, 15 мая, министр выступил.", "2024-05-15"),
    ],
)
def test_a_yearless_day_in_a_story_takes_the_stories_year(text: str, expected: str) -> None:
    last = find_dates(prepare(text, REF))[-1]
    assert last.span.start.isoformat() == expected


def test_a_paragraph_opening_with_a_year_dates_its_yearless_days() -> None:
    text = (
        "Колонка о том, как менялась повестка.\n\n"
        "2017-й. Премьеры встречаются 3 декабря в Сочи, 4 декабря подписывают протокол.\n\n"
        "В 2020 году связь уходит в онлайн: 27 ноября премьеры проводят видеовстречу.\n\n"
        "А 12 октября министр впервые побывал в Урумчи."
    )
    mentions = find_dates(prepare(text, date(2025, 11, 10)))
    days = {m.text: m.span.start.isoformat() for m in mentions if m.span.precision == "day"}
    assert days == {
        "3 декабря": "2017-12-03",
        "4 декабря": "2017-12-04",
        "27 ноября": "2020-11-27",
        "12 октября": "2025-10-12",
    }


@pytest.mark.parametrize(
    ("text", "published", "saturday"),
    [
        ("В выходные президент полетит в Пекин.", date(2017, 5, 11), date(2017, 5, 13)),
        ("На выходных в Алматы прошел форум.", date(2017, 5, 15), date(2017, 5, 13)),
        ("На прошлых выходных в Алматы прошел форум.", date(2017, 5, 14), date(2017, 5, 6)),
        ("В эти выходные откроется выставка.", date(2017, 5, 14), date(2017, 5, 13)),
    ],
)  # fmt: skip
def test_a_weekend_is_the_saturday_and_sunday_its_tense_points_to(
    text: str, published: date, saturday: date
) -> None:
    ((_, _, _, span, _),) = resolve_dates(text, published)
    assert (span.start, (span.end - span.start).days) == (saturday, 1)
