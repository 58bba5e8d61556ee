"""Descriptions stand for the people the article has named: the cast and its DESCRIPTIONS."""

from __future__ import annotations

from datetime import date

import pytest

from bot.extraction import extract_facts
from bot.extraction.cast import (
    CN,
    FOREIGN_MINISTER,
    HEAD_OF_GOVERNMENT,
    HEAD_OF_STATE,
    KZ,
    cast_of,
    country_of_title,
    described,
    home_country,
    office_of,
)
from bot.models import Person, Role


@pytest.mark.parametrize(
    ("title", "office", "country"),
    [
        ("председатель КНР", HEAD_OF_STATE, CN),
        ("Президент Республики Казахстан", HEAD_OF_STATE, KZ),
        ("Премьер Государственного совета Китайской Народной Республики", HEAD_OF_GOVERNMENT, CN),
        ("министр иностранных дел Пакистана", FOREIGN_MINISTER, "Пакистан"),
        ("заместитель министра иностранных дел Ирана", "deputy", "Иран"),
        ("заместитель премьер-министра – министр финансов Республики Узбекистан", "deputy_pm",
         "Узбекистан"),
        ("министр иностранных дел Беларуси", FOREIGN_MINISTER, "Беларусь"),
    ],
)  # fmt: skip
def test_offices_and_countries_come_from_the_role(title: str, office: str, country: str) -> None:
    assert office_of(title) == office
    assert country_of_title(title) == country


def _person(name: str, *titles: str, sentences: int = 2) -> Person:
    return Person(name=name, roles=[Role(t, 0) for t in titles], sentences=list(range(sentences)))


CAST = cast_of(
    [
        _person("Касым-Жомарт Токаев", "Президент Казахстана", sentences=5),
        _person("Си Цзиньпин", "председатель КНР", sentences=4),
        _person("Ли Цян", "премьер Госсовета КНР"),
        _person("Олжас Бектенов", "премьер-министр Казахстана"),
        _person("Ван И", "министр иностранных дел КНР"),
        _person("Мурат Нуртлеу", "министр иностранных дел Казахстана"),
    ]
)


@pytest.mark.parametrize(
    ("sentence", "people"),
    [
        ("Китайский лидер подчеркнул важность встречи.", ["Си Цзиньпин"]),
        ("Высокого гостя встретил глава государства.", ["Си Цзиньпин", "Касым-Жомарт Токаев"]),
        ("Лидеры двух стран обсудили торговлю.", ["Касым-Жомарт Токаев", "Си Цзиньпин"]),
        ("Два премьера осмотрели выставку.", ["Олжас Бектенов", "Ли Цян"]),
        ("Глава МИД КНР прибыл в Астану.", ["Ван И"]),
        ("Стороны подписали меморандум.", ["Касым-Жомарт Токаев", "Си Цзиньпин"]),
        ("С китайской стороны выступил посол.", ["Си Цзиньпин"]),
        ("Заседание Совета глав государств прошло в Бишкеке.", []),
        ("Со стороны бизнеса вопросов не было.", []),
        # a colleague holds the office of the other side's person the sentence names
        ("Помимо переговоров с казахстанским коллегой, китайский лидер посетит выставку.",
         ["Касым-Жомарт Токаев", "Си Цзиньпин"]),
        ("Глава МИД КНР провел переговоры с казахстанским коллегой.", ["Ван И", "Мурат Нуртлеу"]),
    ],
)  # fmt: skip
def test_descriptions_stand_for_the_cast(sentence: str, people: list[str]) -> None:
    found = [member.person.name for member, _, _ in described(sentence, CAST, KZ)]
    assert found == people


WITH_DEPUTIES = cast_of(
    [
        _person("Нурсултан Назарбаев", "Президент Казахстана", sentences=5),
        _person("Ли Кэцян", "премьер Госсовета КНР", sentences=4),
        _person("Чжан Гаоли", "вице-премьер Госсовета КНР"),
        _person("Дун Цзюнь", "министр обороны КНР"),
        _person("Руслан Жаксылыков", "министр обороны Казахстана"),
        _person("Ерлан Аккенженов", "министр энергетики Казахстана"),
        _person("Маулен Ашимбаев", "председатель Сената Казахстана"),
        _person("Чжао Лэцзи", "председатель ПК ВСНП"),
        _person("Хао Минцзинь", "заместитель председателя ПК ВСНП"),
    ]
)


@pytest.mark.parametrize(
    ("sentence", "people"),
    [
        ("Состоялась также встреча вице-премьера КНР с премьером.", ["Чжан Гаоли"]),
        ("Премьер Госсовета КНР выступил на форуме.", ["Ли Кэцян"]),
        ("Министр обороны КНР поблагодарил за приём.", ["Дун Цзюнь"]),
        # two Kazakh ministers: "министр ... Казахстана" may be either, so neither
        ("Министра Казахстана поблагодарили за приём.", []),
        ("Казахстанский спикер провел встречу.", ["Маулен Ашимбаев"]),
        ("Председатель ПК ВСНП выступил с речью.", ["Чжао Лэцзи"]),
        ("Китайский парламентский лидер прибыл в Астану.", ["Чжао Лэцзи"]),
        # the deputy is not the chairman the phrase inside his title names
        ("Встреча с заместителем председателя ПК ВСНП прошла в Астане.", []),
    ],
)
def test_an_office_with_its_country_stands_for_its_one_holder(
    sentence: str, people: list[str]
) -> None:
    found = [member.person.name for member, _, _ in described(sentence, WITH_DEPUTIES, KZ)]
    assert found == people


def test_an_event_takes_the_people_it_only_describes() -> None:
    text = (
        "Президент Казахстана Касым-Жомарт Токаев встретился с председателем КНР Си Цзиньпином.\n"
        "Высокий гость прибыл в Астану во вторник.\n"
        "Затем лидеры двух стран провели переговоры в расширенном составе."
    )
    facts = extract_facts(text, date(2024, 7, 3))
    talks = [e for e in facts.events if e.type in ("talks", "meeting")]
    assert talks and set(talks[0].participants) == {"Касым-Жомарт Токаев", "Си Цзиньпин"}
    visits = [e for e in facts.events if e.type == "visit"]
    assert visits and visits[0].participants[0] == "Си Цзиньпин"


def test_a_document_keeps_only_the_parties_it_names() -> None:
    text = (
        "Министр коммерции КНР Ван Вэньтао сообщил о переговорах.\n"
        "Стороны планируют подписать Соглашение о взаимном учреждении культурных центров."
    )
    facts = extract_facts(text, date(2024, 9, 3))
    assert facts.agreements and facts.agreements[0].parties == []


@pytest.mark.parametrize(
    ("dateline", "top", "home"),
    [
        ("Тяньцзинь", "ТЯНЬЦЗИНЬ, 31 августа. /Корр. КазТАГ/. – Идет второй день визита.", KZ),
        ("Астана", "Астана, 3 июля /Синьхуа/ -- Председатель КНР прибыл в Астану.", CN),
        ("Пекин", "Пекин, 5 мая. Министр провел брифинг.", CN),
        (None, "Глава государства провел переговоры.", KZ),
    ],
)
def test_the_side_a_story_is_told_from_is_its_agencys_else_its_datelines(
    dateline: str | None, top: str, home: str
) -> None:
    assert home_country(dateline, top) == home


def test_a_head_of_state_without_a_country_is_kazakh_unless_the_name_is_chinese() -> None:
    members = cast_of(
        [_person("Нурсултан Назарбаев", "президент"), _person("Си Цзиньпин", "председатель")],
        home=CN,
    )
    assert {m.person.name: m.country for m in members} == {
        "Нурсултан Назарбаев": KZ,
        "Си Цзиньпин": CN,
    }


def test_the_high_guest_is_the_guest_sides_highest_office_holder() -> None:
    members = cast_of(
        [
            _person("Касым-Жомарт Токаев", "Президент Казахстана", sentences=4),
            _person("Дун Цзюнь", "министр обороны КНР", sentences=3),
            _person("Чжан Сяо", "посол КНР в Казахстане"),
        ]
    )
    found = [
        m.person.name
        for m, _, _ in described("Высокого гостя принял глава государства.", members, KZ)
    ]
    assert found == ["Дун Цзюнь", "Касым-Жомарт Токаев"]
