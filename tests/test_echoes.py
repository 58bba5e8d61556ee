"""The same event told by several articles is answered once and cited from each of them."""

from __future__ import annotations

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
