"""Latin spellings users type must reach the Russian-script names the articles use."""

import pytest

from bot.extraction.translit import (
    is_chinese_name,
    latin_aliases,
    palladius_syllables,
    palladius_to_pinyin,
    to_latin,
)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Си Цзиньпин", "Xi Jinping"),
        ("Ван И", "Wang Yi"),
        ("Ли Цян", "Li Qiang"),
        ("Чжан Мин", "Zhang Ming"),
        ("Дэн Сяопин", "Deng Xiaoping"),
        ("Мао Цзэдун", "Mao Zedong"),
        ("Ху Цзиньтао", "Hu Jintao"),
        ("Вэнь Цзябао", "Wen Jiabao"),
        ("Цинь Ган", "Qin Gang"),
        ("Сюй Цилян", "Xu Qiliang"),
        ("Лю Хэ", "Liu He"),
    ],
)
def test_chinese_names_become_pinyin(name: str, expected: str) -> None:
    assert expected in latin_aliases(name)
    assert "Tszinpin" not in " ".join(latin_aliases(name))


def test_chinese_family_name_alone_is_an_alias() -> None:
    assert {"Xi", "Wang"} <= latin_aliases("Си Цзиньпин") | latin_aliases("Ван И")


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (
            "Касым-Жомарт Токаев",
            {"Kasym-Zhomart Tokayev", "Kassym-Jomart Tokayev", "Tokayev", "Tokaev"},
        ),
        ("Нурсултан Назарбаев", {"Nursultan Nazarbayev", "Nazarbayev", "Nazarbaev"}),
        ("Сергей Лавров", {"Sergey Lavrov", "Sergei Lavrov", "Lavrov"}),
        ("Мурат Нуртлеу", {"Murat Nurtleu", "Nurtleu"}),
    ],
)
def test_russian_and_kazakh_names_get_standard_romanisations(name: str, expected: set[str]) -> None:
    assert expected <= latin_aliases(name)


@pytest.mark.parametrize(
    "name", ["Мурат Нуртлеу", "Иван Ли", "Анна Иванова", "Сергей Лавров", "Токаев"]
)
def test_non_chinese_names_are_not_taken_for_chinese(name: str) -> None:
    assert not is_chinese_name(name)


@pytest.mark.parametrize("name", ["Си Цзиньпин", "Ван И", "Чжан Мин", "Ли Цян"])
def test_chinese_names_are_recognised(name: str) -> None:
    assert is_chinese_name(name)


def test_palladius_word_without_a_syllable_split_is_rejected() -> None:
    assert palladius_to_pinyin("Нуртлеу") is None
    assert palladius_to_pinyin("Цзиньпин") == "Jinping"


def test_generic_romanisation() -> None:
    assert to_latin("Токаев") == "Tokayev"
    assert latin_aliases("") == set()


def test_chinese_place_names_split_into_palladius_syllables() -> None:
    assert palladius_syllables("Сиань") == ("си", "ань")
    assert palladius_syllables("Тяньцзинь") == ("тянь", "цзинь")
    assert palladius_syllables("Бишкек") == ()


def test_a_dictionary_word_names_a_barely_mentioned_person_only_with_a_capital() -> None:
    from bot.search.aliases import AliasIndex

    rows = [
        {"person_id": 1, "name": "Юань Сикунь", "alias": "Юань", "norm": "юань",
         "kind": "surname", "mentions": 1},
        {"person_id": 2, "name": "Аскар Мамин", "alias": "Мамин", "norm": "мамин",
         "kind": "surname", "mentions": 12},
    ]  # fmt: skip
    index = AliasIndex.build(rows, [])
    found = lambda text: [m.names[0] for m in index.find_people_in(text.split())[0]]  # noqa: E731
    assert found("своп юань тенге") == []  # the currency
    assert found("памятник работы Юань Сикуня") == ["Юань Сикунь"]
    assert found("памятник Юань") == ["Юань Сикунь"]
    assert found("с кем встречался мамин") == ["Аскар Мамин"]  # named often: the premier
