"""How a question about a figure is scored: a passage may answer what no one sentence does,
and a meeting that mentions the figure's words is no better answer than the sentence giving it."""

from __future__ import annotations

from datetime import date

import pytest

from bot.search.analyse import Analysis, Focus
from bot.search.candidates import EVENT, SENTENCE, Candidate
from bot.search.fts import TermGroup
from bot.search.retrieve import Pool
from bot.search.score import context, fact_part, has_figure, passage_part

LENGTH = TermGroup(("длина",), '"длина"', 10, 6.0)
COST = TermGroup(("стоимость", "вложение"), '"стоимость" OR "вложение"', 20, 4.0)


def sentence(index: int, text: str, lemmas: str) -> Candidate:
    row = {"article_id": 7, "sentence": index, "published": "2025-12-10"}
    return Candidate(SENTENCE, row, text, lemmas)


def scored(question: str, *candidates: Candidate) -> tuple[Analysis, Pool]:
    analysis = Analysis(question, date(2026, 1, 1))
    analysis.focus = Focus.HOW_MANY
    return analysis, Pool(candidates=list(candidates), groups=[LENGTH, COST])


def test_the_sentence_beside_holds_the_rest_of_the_question() -> None:
    length = sentence(8, "Длина трубы — 962,2 км.", "длина труба км")
    cost = sentence(9, "Общие вложения сторон оценивались в 700 млн долларов.", "общий вложение")
    far = sentence(20, "Стоимость проекта выросла.", "стоимость проект вырасти")
    analysis, pool = scored("какой длины нефтепровод и во сколько обошёлся?", length, cost, far)
    ctx = context(analysis, pool)
    assert passage_part(length, ctx) == COST.weight / (LENGTH.weight + COST.weight)
    assert passage_part(cost, ctx) == LENGTH.weight / (LENGTH.weight + COST.weight)
    assert passage_part(far, ctx) == 0.0  # twelve sentences away is another passage


def test_a_figure_question_gives_a_fact_no_credit_unless_a_kind_was_asked() -> None:
    analysis = Analysis("сколько экспортировали в 2023", date(2026, 1, 1))
    meeting = Candidate(EVENT, {"article_id": 1, "sentence": 0, "published": "2024-01-01"})
    analysis.focus = Focus.HOW_MANY
    assert fact_part(meeting, analysis) == 0.0
    analysis.event_types = {"meeting"}  # "сколько встреч провели"
    assert fact_part(meeting, analysis) == 1.0
    analysis.event_types, analysis.focus = set(), Focus.WHEN
    assert fact_part(meeting, analysis) == 1.0


@pytest.mark.parametrize(
    ("text", "figure"),
    [
        ("Стороны обсудили двустороннее сотрудничество", False),  # "сто", "дву" inside words
        ("Казахстан примет участие в 8-м ЭКСПО «Китай – Евразия»", False),  # it orders
        ("Третья встреча министров прошла в Астане", False),
        ("Во вторник, 17 июня 2025 года, прошёл саммит", False),  # a date
        ("На выставку приехали более тысячи компаний из 50 стран", True),
        ("Две страны подписали соглашения на 14 млрд долларов", True),
        ("Товарооборот вырос на тридцать процентов", True),
    ],
)
def test_a_figure_is_a_number_that_counts(text: str, figure: bool) -> None:
    assert has_figure(text) is figure
