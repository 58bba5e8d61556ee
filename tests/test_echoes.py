"""The same event told by several articles is answered once and cited from each of them."""

from __future__ import annotations

from datetime import date

from bot.search.candidates import EVENT, SENTENCE, Candidate
from bot.search.compose import ECHOES, echoes


def summit(article: int, start: str = "2024-07-03") -> Candidate:
    row = {"article_id": article, "sentence": 3, "published": "2024-05-01", "type": "summit",
           "start": start, "end": "2024-07-04", "place": "Астана", "id": article}  # fmt: skip
    return Candidate(EVENT, row, "Саммит ШОС пройдёт в Астане 3–4 июля.")


def test_other_articles_telling_the_same_summit_are_its_echoes() -> None:
    best = summit(1)
    others = [summit(1), summit(2), summit(2), summit(3, "2017-06-08"), summit(4), summit(5)]
    assert [c.article_id for c in echoes(best, others)] == [2, 4][:ECHOES]


def test_a_bare_sentence_has_no_echoes() -> None:
    best = Candidate(SENTENCE, {"article_id": 1, "sentence": 0, "published": "2024-05-01"}, "…")
    assert echoes(best, [summit(2)]) == []


def meeting(article: int, start: str, end: str, precision: str) -> Candidate:
    row = {"article_id": article, "sentence": 2, "published": "2026-03-01", "type": "meeting",
           "start": start, "end": end, "precision": precision, "id": article}  # fmt: skip
    names = ["Касым-Жомарт Токаев", "Дай Хоулян"]
    return Candidate(EVENT, row, "Токаев встретился с Дай Хоуляном.", names=names)


def test_one_meeting_dated_to_the_month_here_and_to_the_day_there_is_one_fact() -> None:
    vague = meeting(1, "2025-09-01", "2025-09-30", "month")
    precise = meeting(2, "2025-09-02", "2025-09-02", "day")
    assert [c.article_id for c in echoes(vague, [precise])] == [2]
    other_month = meeting(3, "2025-10-02", "2025-10-02", "day")
    assert echoes(vague, [other_month]) == []
    alone = meeting(4, "2025-09-02", "2025-09-02", "day")
    alone.names = ["Касым-Жомарт Токаев"]  # one person in common is not the same meeting
    assert echoes(vague, [alone]) == []


def test_a_list_cites_the_other_article_telling_the_same_meeting() -> None:
    from bot.search.analyse import Analysis, Focus
    from bot.search.compose import compose

    asked = Analysis("встречи Токаева в 2025", date(2026, 3, 1))
    asked.focus = Focus.LIST
    vague = meeting(1, "2025-09-01", "2025-09-30", "month")
    precise = meeting(2, "2025-09-02", "2025-09-02", "day")
    for n, c in enumerate([vague, precise]):
        c.row.update(file=f"a{n}.txt", title="Встреча", article_title="Статья", source="S")
        c.score = 10.0 - n
    answer = compose(asked, [vague, precise], date(2026, 3, 1))
    assert [c.article_id for c in answer.citations] == [1, 2]
    assert len(answer.results) == 1
