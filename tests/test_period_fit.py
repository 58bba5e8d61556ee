"""How a fact fits the period asked: inside it, as precisely as asked, and, for a question
about what was to be done ("собирались подписать"), announced rather than reported."""

from __future__ import annotations

from datetime import date

from bot.models import DateSpan
from bot.search.analyse import Analysis
from bot.search.candidates import AGREEMENT, Candidate
from bot.search.score import period_part

YEAR_2016 = DateSpan(date(2016, 1, 1), date(2016, 12, 31), "year")


def document(status: str, start: str = "2016-11-03") -> Candidate:
    row = {"article_id": 1, "sentence": 0, "published": "2016-10-31", "start": start,
           "end": start, "precision": "day", "status": status}  # fmt: skip
    return Candidate(AGREEMENT, row, "Документ.")


def test_what_was_to_be_signed_prefers_the_announced_document() -> None:
    asked = Analysis("какие документы собирались подписать в 2016", date(2026, 1, 1))
    asked.period, asked.future = YEAR_2016, True
    assert period_part(document("planned"), asked) > period_part(document("signed"), asked)


def test_what_was_signed_does_not_weigh_status() -> None:
    asked = Analysis("какие документы подписали в 2016", date(2026, 1, 1))
    asked.period = YEAR_2016
    assert period_part(document("planned"), asked) == period_part(document("signed"), asked) == 1.0


def test_outside_the_period_is_excluded() -> None:
    asked = Analysis("какие документы подписали в 2016", date(2026, 1, 1))
    asked.period = YEAR_2016
    assert period_part(document("signed", "2017-02-01"), asked) is None


def test_a_fact_known_only_to_its_year_is_not_in_the_next_few_days() -> None:
    asked = Analysis("что у Ван И в ближайшие дни?", date(2024, 5, 16))
    asked.window = DateSpan(date(2024, 5, 16), date(2024, 5, 23), "day")
    summit = document("upcoming", "2024-01-01")
    summit.row.update(end="2024-12-31", precision="year")
    assert period_part(summit, asked) is None
    assert period_part(document("upcoming", "2024-05-18"), asked) == 1.0
    asked.window = DateSpan(date(2024, 5, 16), date(2024, 11, 16), "day")  # half a year: it may
    assert period_part(summit, asked) is not None


def test_soon_is_a_window_of_weeks() -> None:
    from bot.search.analyse import window_days

    assert window_days("в ближайшее время") == 46
    assert window_days("в ближайшие дни") == 7
