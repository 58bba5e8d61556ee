"""How a fact fits the period asked: inside it, as precisely as asked, and, for a question
about what was to be done ("собирались подписать"), announced rather than reported."""

from __future__ import annotations

from datetime import date

from bot.models import DateSpan
from bot.search.analyse import Analysis, Focus
from bot.search.candidates import AGREEMENT, EVENT, SENTENCE, Candidate
from bot.search.score import current_part, period_part

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


def annual_figure() -> Candidate:
    """ "За 2023 год товарооборот составил 31,5 млрд. Экспорт вырос до 14,7 млрд." in April 2024."""
    row = {"article_id": 1, "sentence": 5, "published": "2024-04-24"}
    candidate = Candidate(SENTENCE, row, "Экспорт вырос до 14,7 млрд долларов.")
    candidate.context_dates = [{"sentence": 4, "start": "2023-01-01", "end": "2023-12-31",
                                "precision": "year"}]  # fmt: skip
    return candidate


def test_a_sentence_goes_on_with_the_year_the_sentence_before_it_names() -> None:
    asked = Analysis("сколько экспортировали в Китай в 2023 году", date(2026, 1, 1))
    asked.period = DateSpan(date(2023, 1, 1), date(2023, 12, 31), "year")
    figure = annual_figure()
    assert period_part(figure, asked) == 0.5
    assert figure.dated_by_context() and figure.span()[0] == "2023-01-01"
    figure.context_dates = []  # dated by its article alone, it is about 2024
    assert period_part(figure, asked) is None


def test_what_is_ahead_is_not_dated_by_the_sentence_before() -> None:
    asked = Analysis("что будет в декабре?", date(2023, 11, 1))
    asked.window = DateSpan(date(2023, 11, 1), date(2023, 12, 31), "day")
    figure = annual_figure()
    figure.row["published"] = "2023-10-01"
    figure.context_dates[0].update(start="2023-12-01", end="2023-12-31", precision="month")
    assert period_part(figure, asked) is None


def test_a_sentence_saying_a_plan_with_no_date_is_still_ahead_for_a_while() -> None:
    asked = Analysis("скоро ли откроют отделение казахского языка?", date(2015, 11, 20))
    asked.focus = Focus.UPCOMING
    row = {"article_id": 1, "sentence": 3, "published": "2015-11-16"}
    plan = Candidate(SENTENCE, row, "В ближайшее время планируется открыть отделение.",
                     "в ближайший время планироваться открыть отделение")  # fmt: skip
    assert period_part(plan, asked) == 0.5
    told = Candidate(SENTENCE, dict(row), "Отделение открыли.", "отделение открыть")
    assert period_part(told, asked) is None
    asked.today = date(2016, 6, 1)  # half a year on, the plan is not news any more
    assert period_part(plan, asked) is None


def test_a_meeting_announced_long_ago_is_no_fresher_than_any_past_one() -> None:
    # "с кем встретится Токаев?" asked in October 2023: a meeting announced for February 2022
    # is as over as one reported then; one announced for next week is the answer
    asked = Analysis("с кем встретится Токаев?", date(2023, 10, 17))
    asked.future = True
    stale, past = document("upcoming", "2022-02-04"), document("past", "2022-02-05")
    stale.row["published"] = past.row["published"] = "2022-01-31"
    assert period_part(stale, asked) == period_part(past, asked) < 1.0
    fresh = document("upcoming", "2023-10-18")
    fresh.row["published"] = "2023-10-16"
    assert period_part(fresh, asked) == 1.0
    lately = document("upcoming", "2023-10-10")  # announced, and over only a week ago
    lately.row["published"] = "2023-10-01"
    assert period_part(lately, asked) > period_part(past, asked)


def visit(start: str, end: str, precision: str = "day") -> Candidate:
    row = {"article_id": 1, "sentence": 0, "published": "2025-08-30", "start": start,
           "end": end, "precision": precision, "type": "visit"}  # fmt: skip
    return Candidate(EVENT, row, "Визит.")


def test_with_no_period_asked_the_visit_under_way_is_the_one_meant() -> None:
    asked = Analysis("Tokayev trip to China dates", date(2025, 8, 30))
    assert current_part(visit("2025-08-30", "2025-09-03"), asked) == 1.0
    assert current_part(visit("2025-10-02", "2025-10-03"), asked) == 1.0  # just ahead
    assert current_part(visit("2019-09-11", "2019-09-12"), asked) == 0.0  # its namesake
    assert current_part(visit("2025-06-16", "2025-12-31"), asked) == 0.0  # a season
    assert current_part(visit("2025-01-01", "2025-12-31", "year"), asked) == 0.0


def test_a_stated_period_leaves_the_present_out_of_it() -> None:
    asked = Analysis("визит Токаева в Китай в 2019", date(2025, 8, 30))
    asked.period = DateSpan(date(2019, 1, 1), date(2019, 12, 31), "year")
    assert current_part(visit("2025-08-30", "2025-09-03"), asked) == 0.0
