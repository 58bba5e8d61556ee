"""What the evidence under an answer shows beyond its best sentence: the figure a topic asks
for, and the part of a two-part question the best fact does not say."""

from __future__ import annotations

from bot.search.candidates import EVENT, SENTENCE, Candidate
from bot.search.fts import TermGroup
from bot.search.pipeline import add_rest_of_question
from bot.search.retrieve import COUNTRY_OF_PLACE, place_fits
from bot.search.score import has_figure

LOGISTICS = TermGroup(("логистика",), '"логистика"', 3, 2.0)


def sentence(index: int, text: str, lemmas: str, kind: str = SENTENCE, article: int = 1):
    return Candidate(kind, {"article_id": article, "sentence": index}, text, lemmas)


def test_a_figure_is_a_number_that_is_not_a_date() -> None:
    assert has_figure("Экспорт вырос до 870 тысяч тонн.")
    assert has_figure("Подписаны три соглашения.")
    assert not has_figure("Встреча прошла 5 июня 2025 года в Урумчи.")


def test_the_part_of_the_question_the_best_fact_lacks_comes_from_its_article() -> None:
    best = sentence(1, "Аким встретился с председателем.", "аким встретиться", EVENT)
    rest = sentence(4, "Через Хоргос прошло 120 тысяч контейнеров.", "хоргос логистика")
    elsewhere = sentence(2, "Логистика растёт.", "логистика расти", article=2)
    add_rest_of_question([best, elsewhere, rest], [LOGISTICS])
    assert best.after == "… Через Хоргос прошло 120 тысяч контейнеров."


def test_nothing_is_added_when_the_best_fact_says_it_all() -> None:
    best = sentence(1, "Обсудили логистику.", "обсудить логистика", EVENT)
    add_rest_of_question([best, sentence(4, "Логистика.", "логистика")], [LOGISTICS])
    assert best.after == ""


def test_an_event_in_the_country_of_the_city_asked_fits_it_in_part() -> None:
    visit = Candidate(EVENT, {"article_id": 1, "sentence": 0, "place": "Казахстан"}, "Визит.")
    assert place_fits(visit, ["Астана"]) == COUNTRY_OF_PLACE
    assert place_fits(visit, ["Пекин"]) == 0.0


def test_a_body_written_only_in_latin_letters_is_found_as_a_whole_word() -> None:
    opened = sentence(3, "В Сарани запустили завод QazTehna, партнёр — Yutong.", "")
    assert place_fits(opened, ["QazTehna"]) > 0
    assert place_fits(sentence(4, "Делегация прибыла в Moscow.", ""), ["SCO"]) == 0.0


def test_a_sentence_of_the_article_naming_the_body_asked_is_partly_about_it() -> None:
    from datetime import date

    from bot.search.analyse import Analysis
    from bot.search.retrieve import Pool
    from bot.search.score import ARTICLE_PLACE_CREDIT, context, place_part

    asked = Analysis("во сколько обошёлся завод QazTehna", date(2026, 1, 1))
    asked.orgs = ["QazTehna"]
    named = sentence(3, "В Сарани запустили завод QazTehna.", "")
    cost = sentence(8, "Во что обошёлся завод: порядка 23 млрд тенге.", "")
    elsewhere = sentence(2, "Завод обошёлся в 100 млрд тенге.", "", article=2)
    ctx = context(asked, Pool(candidates=[named, cost, elsewhere]))
    assert place_part(cost, ctx) == ARTICLE_PLACE_CREDIT
    assert place_part(elsewhere, ctx) == 0.0


def test_of_dates_told_alike_the_one_nearest_the_words_asked_answers_when() -> None:
    from datetime import date

    from bot.search.analyse import Analysis, Term
    from bot.search.pipeline import dates_nearest_first

    text = (
        "В декабре 2002 года стороны подписали договор, а в сентябре 2013 года, выступая в "
        "университете, председатель предложил строить пояс."
    )
    found = sentence(3, text, "")
    found.dates = [
        {"phrase": "В декабре 2002 года", "start": "2002-12-01", "end": "2002-12-31",
         "precision": "month"},
        {"phrase": "в сентябре 2013 года", "start": "2013-09-01", "end": "2013-09-30",
         "precision": "month"},
    ]  # fmt: skip
    asked = Analysis("когда он выступал в университете", date(2026, 1, 1))
    asked.terms = [Term("выступал", ("выступать",))]
    dates_nearest_first([found], asked)
    assert found.own_span() == ("2013-09-01", "2013-09-30", "month")
