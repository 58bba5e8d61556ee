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
