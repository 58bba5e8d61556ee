"""The digest a subscriber reads: upcoming events first, what is new, what they follow on top."""

from __future__ import annotations

import json
import re
from datetime import date

import pytest
from icalendar import Calendar

from bot.cli import main as cli_main
from bot.digest import build_digest, paginate
from bot.follows import resolve_follows
from bot.ics import calendar_bytes
from bot.models import Agreement, ArticleFacts, ArticleMeta, DateSpan, Event, Person
from bot.store import open_store

TODAY = date(2024, 6, 20)


def day(iso: str) -> DateSpan:
    return DateSpan(date.fromisoformat(iso), date.fromisoformat(iso))


def span(start: str, end: str, precision: str = "day") -> DateSpan:
    return DateSpan(date.fromisoformat(start), date.fromisoformat(end), precision)


WANG_YI = Person("Ван И", first="Ван", last="И", forms={"Ван И"}, latin={"Wang Yi"}, sentences=[0])
TOKAYEV = Person(
    "Касым-Жомарт Токаев",
    first="Касым-Жомарт",
    last="Токаев",
    forms={"Токаев", "Токаевым"},
    latin={"Kassym-Jomart Tokayev", "Tokayev"},
    sentences=[0, 1],
)
XI = Person("Си Цзиньпин", first="Си", last="Цзиньпин", latin={"Xi Jinping"}, sentences=[1])


def add_article(store, key, published, title, sentences, *, people=(), events=(), agreements=()):
    facts = ArticleFacts(
        sentences=list(sentences),
        people=list(people),
        events=list(events),
        agreements=list(agreements),
    )
    meta = ArticleMeta(
        published=date.fromisoformat(published),
        title=title,
        source="Kazinform",
        url=f"https://example.kz/{key}",
    )
    return store.save_article(key, "\n".join(sentences), key, meta, facts).article_id


@pytest.fixture
def store():
    store = open_store(":memory:")
    add_article(
        store,
        "sco",
        "2024-06-10",
        "Саммит ШОС пройдёт в Астане",
        [
            "Саммит ШОС пройдёт в Астане 3-4 июля 2024 года.",
            "Касым-Жомарт Токаев и Си Цзиньпин примут участие.",
        ],
        people=[TOKAYEV, XI],
        events=[
            Event(
                "summit",
                "Саммит ШОС",
                span("2024-07-03", "2024-07-04"),
                "Астана",
                ["Касым-Жомарт Токаев", "Си Цзиньпин"],
                "upcoming",
                0,
            ),
            Event("forum", "Форум прошлого", day("2024-05-01"), "Алматы", [], "past", 1),
        ],
    )
    add_article(
        store,
        "wangyi",
        "2024-06-15",
        "Ван И посетит Казахстан",
        ["Министр иностранных дел КНР Ван И посетит Астану 25 июля."],
        people=[WANG_YI],
        events=[
            Event(
                "visit",
                "Визит Ван И в Астану",
                day("2024-07-25"),
                "Астана",
                ["Ван И"],
                "upcoming",
                0,
            )
        ],
    )
    add_article(
        store,
        "rail",
        "2024-06-18",
        "Железная дорога Тачэн – Аягоз",
        ["Стороны подписали соглашение о строительстве железной дороги Тачэн – Аягоз."],
        agreements=[
            Agreement(
                "соглашение",
                "соглашение о строительстве железной дороги Тачэн – Аягоз",
                ["Казахстан", "Китай"],
                day("2024-06-18"),
                "signed",
                0,
            )
        ],
    )
    add_article(
        store,
        "far",
        "2024-06-01",
        "Форум в следующем году",
        ["Форум пройдёт в сентябре 2025 года."],
        events=[
            Event(
                "forum", "Форум", span("2025-09-01", "2025-09-30", "month"), None, [], "upcoming", 0
            )
        ],
    )
    # Published after "today": the digest of 20 June cannot know about it.
    add_article(
        store,
        "future",
        "2024-06-25",
        "Статья из будущего",
        ["Переговоры состоятся 1 июля."],
        events=[Event("talks", "Переговоры", day("2024-07-01"), None, [], "upcoming", 0)],
    )
    return store


def test_upcoming_events_within_the_horizon_soonest_first_with_sources(store):
    digest = build_digest(store, today=TODAY, horizon_days=60)
    assert [e.title for e in digest.events] == ["Саммит ШОС", "Визит Ван И в Астану"]
    summit = digest.events[0]
    assert summit.place == "Астана"
    assert set(summit.participants) == {"Касым-Жомарт Токаев", "Си Цзиньпин"}
    assert "3–4 июля 2024" in digest.text
    assert "«Саммит ШОС пройдёт в Астане», Kazinform, 10 июня 2024" in digest.text
    # past events, events beyond the horizon and articles published later stay out
    assert "Форум прошлого" not in digest.text
    assert "Переговоры" not in digest.text


def test_horizon_limits_events(store):
    assert [e.title for e in build_digest(store, today=TODAY, horizon_days=7).events] == []
    assert len(build_digest(store, today=TODAY, horizon_days=30).events) == 1
    year_ahead = build_digest(store, today=TODAY, horizon_days=500)
    # known only to the month: after every event with a fixed day, and said to be open
    assert [e.title for e in year_ahead.events][-1] == "Форум"
    assert "сентябрь 2025 (точная дата не объявлена) — Форум" in year_ahead.text


def test_an_event_under_way_stays_in_the_digest_until_it_ends(store):
    summit_days = [date(2024, 7, 3), date(2024, 7, 4)]
    marks = [build_digest(store, today=d, horizon_days=7).text for d in summit_days]
    assert all("3–4 июля 2024" in text for text in marks)
    assert "(сегодня)" in marks[0] and "(идёт)" in marks[1], marks
    assert "Саммит ШОС" not in build_digest(store, today=date(2024, 7, 5), horizon_days=7).text


def test_an_honest_message_when_nothing_is_announced(store):
    ru = build_digest(store, today=TODAY, horizon_days=7)
    en = build_digest(store, today=TODAY, horizon_days=7, lang="en")
    assert "Объявленных предстоящих событий на ближайшие 7 дн. нет" in ru.text
    assert "No upcoming events announced for the next 7 days" in en.text
    assert ru.to_json()["events"] == []


def test_new_articles_are_those_added_since_the_last_digest(store):
    first = build_digest(store, today=TODAY)
    assert {a.source.title for a in first.articles} == {
        "Ван И посетит Казахстан",
        "Железная дорога Тачэн – Аягоз",
    }
    assert [a.title for a in first.agreements] == [
        "соглашение о строительстве железной дороги Тачэн – Аягоз"
    ]
    later = build_digest(store, today=TODAY, since="2999-01-01T00:00:00+00:00")
    assert later.articles == [] and later.agreements == []
    assert "Новых статей нет" in later.text


def test_followed_items_lead_and_are_marked(store):
    digest = build_digest(store, today=TODAY, horizon_days=60, follows=["Ван И"])
    assert digest.events[0].title == "Визит Ван И в Астану"
    assert digest.events[0].followed == ["Ван И"]
    assert digest.text.index("★") < digest.text.index("Саммит ШОС")


def test_follows_match_typos_latin_and_inflected_words(store):
    by_term = {t.term: t for t in resolve_follows(store, ["Токаеф", "Wang Yi", "железной дороги"])}
    tokayev_id = store.db.execute("SELECT id FROM people WHERE last = 'Токаев'").fetchone()[0]
    wang_id = store.db.execute("SELECT id FROM people WHERE last = 'И'").fetchone()[0]
    assert tokayev_id in by_term["Токаеф"].person_ids
    assert by_term["Wang Yi"].person_ids == {wang_id}
    assert by_term["железной дороги"].matches_text("Железная дорога Тачэн – Аягоз")
    digest = build_digest(store, today=TODAY, follows=["железная дорога"])
    assert digest.articles[0].source.title == "Железная дорога Тачэн – Аягоз"
    assert digest.agreements[0].followed == ["железная дорога"]


def test_unrelated_names_do_not_match_a_follow(store):
    (target,) = resolve_follows(store, ["Путин"])
    assert not target.person_ids
    digest = build_digest(store, today=TODAY, horizon_days=60, follows=["Путин"])
    assert not any(e.followed for e in digest.events)


def test_english_digest(store):
    text = build_digest(store, today=TODAY, horizon_days=60, lang="en").text
    assert "Upcoming events" in text and "3–4 July 2024" in text and "Participants" in text


def test_html_pages_escape_article_text_and_fit_telegram():
    store = open_store(":memory:")
    for n in range(120):
        add_article(
            store,
            f"a{n}",
            "2024-06-19",
            f"<script>Статья & {n}</script> " + "длинный заголовок " * 8,
            [f"Встреча {n}."],
            events=[
                Event(
                    "meeting",
                    f"Встреча <b>{n}</b>",
                    day("2024-06-25"),
                    f"Город {n}",
                    [],
                    "upcoming",
                    0,
                )
            ],
        )
    digest = build_digest(store, today=TODAY, horizon_days=30)
    pages = digest.html_pages()
    assert len(pages) > 1
    assert all(len(page) <= 4096 for page in pages)
    joined = "".join(pages)
    assert "<script>" not in joined and "&lt;script&gt;" in joined
    assert "Встреча &lt;b&gt;0&lt;/b&gt;" in joined
    assert pages[-1].endswith(f"({len(pages)}/{len(pages)})")
    assert "…и ещё 80" in digest.text  # capped, and says so


def test_paginate_keeps_blocks_whole():
    blocks = [f"block {n} " + "x" * 1000 for n in range(10)]
    pages = paginate(blocks, limit=4096)
    assert all(len(p) <= 4096 for p in pages)
    assert sum(p.count("block ") for p in pages) == 10
    assert all(re.search(r"\(\d+/\d+\)$", p) for p in pages)


def test_json_form(store):
    data = build_digest(store, today=TODAY, horizon_days=60, lang="en").to_json()
    json.dumps(data)
    assert data["until"] == "2024-08-19"
    assert data["events"][0]["when"] == "3–4 July 2024"
    assert data["events"][0]["sources"][0]["url"] == "https://example.kz/sco"


def test_cli_prints_the_digest(tmp_path, capsys):
    db = tmp_path / "kb.db"
    store = open_store(db)
    add_article(
        store,
        "wangyi",
        "2024-06-15",
        "Ван И посетит Казахстан",
        ["Ван И посетит Астану 25 июня."],
        people=[WANG_YI],
        events=[
            Event("visit", "Визит Ван И", day("2024-06-25"), "Астана", ["Ван И"], "upcoming", 0)
        ],
    )
    store.close()
    assert cli_main(["--db", str(db), "digest", "--today", "2024-06-20", "--days", "7"]) == 0
    assert "Визит Ван И" in capsys.readouterr().out
    assert cli_main(["--db", str(db), "digest", "--today", "2024-06-20", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["events"][0]["title"] == "Визит Ван И"


def test_calendar_is_valid_icalendar_with_all_day_events(store):
    content, count = calendar_bytes(store, today=TODAY, horizon_days=500)
    assert count == 3
    calendar = Calendar.from_ical(content)
    events = [c for c in calendar.walk("VEVENT")]
    summit = next(e for e in events if str(e["summary"]) == "Саммит ШОС")
    assert summit.decoded("dtstart") == date(2024, 7, 3)
    assert summit.decoded("dtend") == date(2024, 7, 5)  # exclusive end
    assert str(summit["location"]) == "Астана"
    assert "Kazinform" in str(summit["description"])
    # stable identities: a re-import updates instead of duplicating
    again, _ = calendar_bytes(store, today=TODAY, horizon_days=500)
    uids = lambda raw: sorted(str(e["uid"]) for e in Calendar.from_ical(raw).walk("VEVENT"))  # noqa: E731
    assert uids(content) == uids(again)
