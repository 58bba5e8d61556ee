"""Questions -> constraints and focus: the first stage of answering, as a table.

Each row is a question as a user might type it and what `analyse` must read from it. The
base is the bundled one, so names and places resolve to the people and places it knows.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from bot.nlp import lemmas
from bot.search import fts
from bot.search.aliases import alias_index
from bot.search.analyse import Analysis, Focus, analyse, window_days
from bot.store import Store, open_store

TODAY = date(2024, 6, 1)


@pytest.fixture(scope="module")
def store(bundled_db_file: Path) -> Iterator[Store]:
    store = open_store(bundled_db_file)
    yield store
    store.close()


def read(store: Store, text: str, today: date = TODAY) -> Analysis:
    return analyse(text, today, alias_index(store), fts.vocabulary(store))


CASES: list[tuple[str, dict[str, Any]]] = [
    ("Ван И", {"focus": Focus.PROFILE, "people": ["Ван И"]}),
    ("с какого числа действует соглашение о визах?", {"focus": Focus.WHEN, "in_force": True}),
    ("когда подписали соглашение о визах?", {"focus": Focus.WHEN, "in_force": False}),
    ("в какие дни Смаилов был в Шанхае?", {"focus": Focus.WHEN}),
    ("Бектенов ездил в Урумчи, какие числа?", {"focus": Focus.WHEN}),
    ("in what year was the visa agreement signed?", {"focus": Focus.WHEN}),
    ("в каком году Тлеуберди был министром иностранных дел?", {"focus": Focus.WHEN}),
    ("какие документы собирались подписать в 2016", {"future": True}),
    ("когда Си Цзиньпин выступал в Назарбаев Университете", {"people": ["Си Цзиньпин"]}),
    ("что у Токаева на выходных?", {"focus": Focus.UPCOMING, "period": "на ближайших выходных"}),
    ("what's on Tokayev's schedule tomorrow?", {"focus": Focus.UPCOMING, "period": "завтра"}),
    ("что впереди?", {"focus": Focus.UPCOMING, "terms": []}),
    ("как обстоят дела с товарооборотом?", {"terms": ["товарооборот"]}),
    # «заседание» is how a session is searched; «комитет» also names the body asked about
    (
        "когда было 8-е заседание комитета?",
        {"event_types": {"session", "council"}, "terms": ["комитет"]},
    ),
    ("когда Си Цзиньпин приезжал с госвизитом?", {"terms": ["государственный"]}),
    ("о чём Нуртлеу говорил с Ван И?", {"focus": Focus.WHAT, "event_types": {"meeting"}}),
    ("что будет дальше у Ван И?", {"focus": Focus.UPCOMING, "terms": [], "people": ["Ван И"]}),
    ("Кто такой Чжан Мин?", {"focus": Focus.PROFILE, "people": ["Чжан Мин"]}),
    ("расскажи подробно про Ван И", {"focus": Focus.PROFILE}),
    ("Wang Yi 2013", {"focus": Focus.PROFILE, "people": ["Ван И"], "period": "2013"}),
    (
        "Когда Нуртлеу встречался с Ван И?",
        {"focus": Focus.WHEN, "people": ["Мурат Нуртлеу", "Ван И"], "event_types": {"meeting"}},
    ),
    (
        "Когда Назарбаев посетит Китай?",
        {"focus": Focus.WHEN, "places": ["Китай"], "event_types": {"visit"}, "future": True},
    ),
    (
        "кто вместе с Токаевым встречал Си Цзиньпина в Акорде",
        {
            "focus": Focus.WHO,
            "people": ["Касым-Жомарт Токаев", "Си Цзиньпин"],
            "places": ["Акорда"],
        },
    ),
    (
        "кто был министром иностранных дел Казахстана в 2023",
        {"focus": Focus.ROLE, "role_holder": True, "period": "в 2023"},
    ),
    ("Нуртлеу должность", {"focus": Focus.ROLE, "people": ["Мурат Нуртлеу"]}),
    ("сколько совместных проектов и на какую сумму", {"focus": Focus.HOW_MANY}),
    (
        "на сколько вырос товарооборот за 10 месяцев",
        {"focus": Focus.HOW_MANY, "terms": ["товарооборот"]},
    ),
    ("что предусматривает соглашение", {"focus": Focus.WHAT, "documents": True}),
    ("о чём Токаев говорил с Си Цзиньпином?", {"focus": Focus.WHAT, "terms": []}),
    (
        "Астанинская декларация",
        {"focus": Focus.TOPIC, "document_kinds": {"декларация"}, "terms": ["астанинский"]},
    ),
    ("протокол о рапсе кто подписал", {"focus": Focus.WHO, "document_kinds": {"протокол"}}),
    ("соглашения 2023 года", {"focus": Focus.LIST, "documents": True, "document_kinds": set()}),
    (
        "меморандумы 2023 года",
        {"focus": Focus.LIST, "document_kinds": {"меморандум", "меморандум о взаимопонимании"}},
    ),
    (
        "SCO summit Astana",
        {"focus": Focus.LIST, "orgs": ["ШОС"], "places": ["Астана"], "event_types": {"summit"}},
    ),
    (
        "rapeseed export protocol",
        {"terms": ["рапс", "экспорт"], "document_kinds": {"протокол"}, "event_types": set()},
    ),
    ("zheleznaya doroga", {"terms": ["железный", "дорога"]}),
    # "что сделал": what happened, not a word to look for; the NPC by its Russian initials
    ("что сделал ВСНП 1 июля 2015 года?", {"orgs": ["ВСНП"], "terms": []}),
    ("NPC delegation in Astana", {"orgs": ["ВСНП"], "places": ["Астана"]}),
    ("Rashid Meredov kto takoy", {"profile_cue": True}),
    ("trade turnover with China", {"places": ["Китай"], "terms": ["товарооборот"]}),
    ("railway agreement 2023", {"documents": True, "period": "2023", "terms": ["железный"]}),
    # after a preposition an English month is a month, even "May"; alone "may" is a verb
    ("upcoming events in July", {"focus": Focus.UPCOMING, "period": "июля"}),
    ("what happened in May", {"period": "мая"}),
    # "предусматривает" asks what a document provides; it is not a word to look for
    (
        "что предусматривает соглашение о безвизовом режиме?",
        {"focus": Focus.WHAT, "documents": True, "terms": ["режим"]},
    ),
    (
        "what is planned for 2017 in Kazakhstan-China relations?",
        {"focus": Focus.UPCOMING, "places": ["Казахстан", "Китай"]},
    ),
    ("что предстоит?", {"focus": Focus.UPCOMING}),
    ("что в ближайший месяц", {"focus": Focus.UPCOMING, "window_days": 32}),
    ("что у Ван И на следующей неделе", {"people": ["Ван И"], "period": "на следующей неделе"}),
    ("скоро ли саммит", {"focus": Focus.UPCOMING, "event_types": {"summit"}}),
    ("what's next for the SCO", {"focus": Focus.UPCOMING, "orgs": ["ШОС"]}),
    ("когда следующий саммит ШОС?", {"focus": Focus.WHEN, "ahead": True}),
    ("16 июня 2025", {"focus": Focus.LIST, "period": "16 июня 2025"}),
    ("что было в мае 2024", {"focus": Focus.LIST, "period": "в мае 2024"}),
    ("Токаев балет", {"focus": Focus.PROFILE, "unknown": ["балет"]}),
    ("товорооборот", {"terms": ["товарооборот"], "corrected": True}),
    ("визит в Пекин", {"places": ["Пекин"], "countries": {"Китай"}, "event_types": {"visit"}}),
    ("когда прошло 8-е заседание комитета?", {"focus": Focus.WHEN, "ordinal": 8, "terms": []}),
    # a city in a case the corpus never wrote it in
    ("визит в Тегеране", {"places": ["Тегеран"]}),
    # the place after "после" is where they will have been: the stop before the one asked
    (
        "куда поедет Ван И после Пекина?",
        {"focus": Focus.WHERE, "places": [], "after_place": "Пекин", "event_types": {"visit"}},
    ),
    # "планы" of a person are intentions, not a document called a plan
    ("какие планы у Ван И на завтра?", {"focus": Focus.UPCOMING, "documents": False}),
    # transliterated Russian asks what the Russian does: a treaty, a place
    (
        "dogovor o granitse Kitai",
        {"documents": True, "document_kinds": {"договор"}, "places": ["Китай"]},
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[text for text, _ in CASES])
def test_a_question_reads_as(store: Store, text: str, expected: dict[str, Any]) -> None:
    got = read(store, text)
    checks = {
        "focus": lambda: got.focus,
        "people": lambda: [m.best_name for m in got.people],
        "places": lambda: got.places,
        "orgs": lambda: got.orgs,
        "period": lambda: got.period_text,
        "event_types": lambda: got.event_types,
        "documents": lambda: got.wants_documents,
        "document_kinds": lambda: got.document_kinds,
        "role_holder": lambda: got.wants_role_holder,
        "future": lambda: got.future,
        "terms": lambda: [form for t in got.terms for form in t.forms[:1]],
        "profile_cue": lambda: Focus.PROFILE in got.cues,
        "window_days": lambda: (got.window.end - got.window.start).days if got.window else None,
        "ahead": lambda: Focus.UPCOMING in got.cues,
        "unknown": lambda: got.unknown,
        "corrected": lambda: any(t.source == "correction" for t in got.terms),
        "countries": lambda: got.countries,
        "ordinal": lambda: got.ordinal,
        "after_place": lambda: got.after_place,
        "in_force": lambda: got.in_force,
    }
    for key, wanted in expected.items():
        value = checks[key]()
        if key == "terms" and wanted:
            assert set(wanted) <= set(value), (key, value)
        elif key == "terms":  # no word left over as a term: "8-е" is no word to search
            assert not any(ch.isdigit() for v in value for ch in v), (key, value)
        else:
            assert value == wanted, (key, value)


@pytest.mark.parametrize(
    ("text", "days"),
    [("в ближайший месяц", 32), ("в ближайшие две недели", 15), ("ближайшие дни", 7),
     ("в ближайшие месяцы", 90), ("next 30 days", 31), ("coming weeks", 21), ("в среду", None)],
)  # fmt: skip
def test_an_upcoming_window_counts_days_from_today(text: str, days: int | None) -> None:
    assert window_days(text) == days


def test_hostile_text_reads_as_nothing_rather_than_failing(store: Store) -> None:
    for text in ["x\udbff", "(" * 100_000, "соглашения 0001 года", "с 31.12.9999 по 01.01.0001"]:
        read(store, text)


def test_what_was_signed_is_a_list_and_what_a_document_provides_is_not(store: Store) -> None:
    assert read(store, "What did Tokayev and Xi sign in 2023?").focus == Focus.LIST
    assert read(store, "что предусматривает соглашение о транзите?").focus == Focus.WHAT


def test_a_hyphenated_word_is_known_by_its_parts(store: Store) -> None:
    analysis = read(store, "транзитно-транспортный потенциал")
    assert analysis.unknown == []
    assert any(t.text == "транзитно-транспортный" for t in analysis.terms)


@pytest.mark.parametrize(
    ("word", "russian"),
    [("smelter", "завод"), ("launched", "запустить"), ("queues", "очередь"),
     ("modernization", "модернизация"), ("swap", "своп"), ("video", "видеосвязь"),
     ("shareholders", "акционер"), ("results", "итог"), ("clearance", "оформление"),
     ("faster", "сократиться"), ("ores", "руда"), ("urea", "карбамид"), ("the", None),
     ("now", None)],
)  # fmt: skip
def test_english_words_stand_for_the_corpus_russian_terms(word: str, russian: str | None) -> None:
    from bot.search.lexicon import english_terms

    found = english_terms(word)
    assert (russian in found) if russian else found == ()


@pytest.mark.parametrize(
    ("lemma_", "also"),
    [("экспортировать", "экспорт"), ("импортировать", "импорт"), ("продать", "экспорт"),
     ("купить", "импорт"), ("запустить", "ввод"), ("пировать", None),
     ("компания", "предприятие"), ("мощность", "способность"), ("открыться", "эксплуатация")],
)  # fmt: skip
def test_a_verb_is_searched_by_the_noun_reports_count_it(lemma_: str, also: str | None) -> None:
    from bot.search.lexicon import russian_terms

    found = russian_terms(lemma_)
    assert found[0] == lemma_
    assert (also in found) if also else found == (lemma_,)


@pytest.mark.parametrize("word", ["МФЦА", "НПЗ", "КМГ"])
def test_an_abbreviation_the_dictionary_lacks_is_read_as_the_question_writes_it(word: str) -> None:
    # the article's "в МФЦА" and the question's "AIFC" (-> "мфца") meet on the same letters
    assert lemmas(f"представительство в {word}")[-1] == word.lower()


def test_a_known_word_in_capitals_is_still_inflected() -> None:
    assert lemmas("ВИЗИТ В ПЕКИНЕ") == ["визит", "в", "пекин"]
    assert lemmas("Chinese banks at the AIFC")[-1] == "aifc"


@pytest.mark.parametrize(
    ("typed", "russian"),
    [("neft", "нефть"), ("svyaz", "связь"), ("Kitai", "китай"), ("zheleznaya", "железная"),
     ("kashaganskaya", "кашаганская"), ("skolko", "сколько"), ("tolko", "только")],
)  # fmt: skip
def test_russian_typed_in_latin_letters_gets_back_its_soft_sign_and_short_i(
    typed: str, russian: str
) -> None:
    from bot.search.lexicon import to_cyrillic

    assert to_cyrillic(typed) == russian


def test_a_question_in_latin_letters_with_an_adjective_from_a_name_reads_as_russian() -> None:
    from bot.search.lexicon import transliterated_to_cyrillic

    assert transliterated_to_cyrillic("kashaganskaya neft v Kitai") == "кашаганская нефть в Китай"


def test_a_latin_question_keeps_the_abbreviation_inside_a_hyphenated_name() -> None:
    from bot.search.lexicon import transliterated_to_cyrillic

    assert transliterated_to_cyrillic("skolko urana vypuskaet Ulba-TVS") == (
        "сколько урана выпускает Ульба-TVS"
    )


def test_an_adjective_made_from_a_name_also_finds_the_name(store: Store) -> None:
    # the articles say "нефть Кашагана"; the question, "кашаганская нефть"
    vocabulary = fts.Vocabulary(terms=["кашаган", "нефть"], docs=[1, 5])
    analysis = analyse("кашаганская нефть", TODAY, alias_index(store), vocabulary)
    assert [t.forms for t in analysis.terms] == [("кашаган",), ("нефть",)]
