"""Site furniture never reaches the extractors: FURNITURE's examples and lines that stay."""

from __future__ import annotations

import pytest

from bot.furniture import FURNITURE, is_furniture, without_site_name


@pytest.mark.parametrize(("name", "example"), [(n, e) for n, e, _ in FURNITURE])
def test_each_kind_of_furniture_is_recognised_by_its_example(name: str, example: str) -> None:
    assert is_furniture(example), name
    assert is_furniture(f"[{example}]"), name


@pytest.mark.parametrize(
    "line",
    [
        "Казахстан и Китай подписали 33 документа",
        "АСТАНА, 3 июля. /Корр. КазТАГ/. – Президент провёл переговоры.",
        "17 октября 2023 года стороны подписали соглашение.",
        "Текст соглашения опубликован на сайте МИД.",
        "Главная задача визита — укрепить торговлю.",
    ],
)
def test_article_text_is_not_furniture(line: str) -> None:
    assert not is_furniture(line)


@pytest.mark.parametrize(
    ("line", "headline"),
    [
        ("Си Цзиньпин прибыл в Астану_Russian.news.cn", "Си Цзиньпин прибыл в Астану"),
        ("Токаев встретился с Ван И | Kazinform", "Токаев встретился с Ван И"),
        ("Товарооборот вырос на 20% - Tengrinews.kz", "Товарооборот вырос на 20%"),
        (
            "Встреча в формате «Центральная Азия — Китай»",
            "Встреча в формате «Центральная Азия — Китай»",
        ),
        ("Переговоры в Пекине - Итоги", "Переговоры в Пекине - Итоги"),
    ],
)
def test_a_site_name_glued_to_the_headline_comes_off(line: str, headline: str) -> None:
    assert without_site_name(line) == headline


@pytest.mark.parametrize(
    ("sentence", "quoted"),
    [
        ("Астана, 30 ноября. Президент провёл встречу с послом Китая.",
         "Президент провёл встречу с послом Китая."),
        ("Пекин, 17 окт /Синьхуа/ Председатель КНР Си Цзиньпин провел переговоры.",
         "Председатель КНР Си Цзиньпин провел переговоры."),
        ("KAZAKHSTAN TODAY - Мурат Нуртлеу провел встречу с Ван И в Чэнду.",
         "Мурат Нуртлеу провел встречу с Ван И в Чэнду."),
        # a sentence that opens with a clause and a date is no dateline
        ("Несмотря на выходной, 7 мая для официальных лиц в Астане оказался насыщенным днем.",
         "Несмотря на выходной, 7 мая для официальных лиц в Астане оказался насыщенным днем."),
    ],
)  # fmt: skip
def test_quotes_lose_the_dateline_and_keep_the_sentence(sentence: str, quoted: str) -> None:
    from bot.search.show.sentences import clean

    assert clean(sentence) == quoted
