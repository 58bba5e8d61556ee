"""Hostile or odd input never breaks search, and what comes back always fits Telegram."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest

from bot.models import ArticleFacts, ArticleMeta, DateSpan, Event, Person
from bot.search import Answer, answer, find_people, render_html_pages, telegram_length
from bot.search.answer import Line
from bot.store import Store, open_store

ROOT = Path(__file__).resolve().parent.parent
INTENTS = {
    "person",
    "date",
    "agreement",
    "event",
    "upcoming",
    "combo",
    "fulltext",
    "empty",
    "none",
    "org",
    "role",
}
HOSTILE = [
    '"',
    '"unbalanced',
    "*",
    "Токаев*",
    "NEAR(Ван И)",
    "Ван OR И",
    "AND OR NOT",
    "(((",
    "))",
    "^саммит",
    "lemmas:саммит",
    "col:text",
    "-саммит +ШОС",
    "'; DROP TABLE articles; --",
    "<b>Ван И</b> & <script>alert(1)</script>",
    "😀🇰🇿🙏",
    "🇰🇿 Токаев 🇨🇳",
    "",
    "   \n\t ",
    "\x00\x01",
    "a\u200bb",
    "Ｔｏｋａｙｅｖ",
    "а" * 5000,
    ("саммит ШОС в Астане " * 300)[:5000],
    " ".join(["Токаев", "Си", "Цзиньпин", "2015", "визит"] * 1000)[:5000],
    "31 февраля 2024",
    "99999999999999999999",
    "ШОС-2024",
    "%_%",
    "\\",
    "{}[]<>",
]


class TagChecker(HTMLParser):
    """Telegram accepts a few tags, properly nested; anything else means escaping failed."""

    ALLOWED = frozenset({"b", "i", "a", "code", "pre", "u", "s"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag not in self.ALLOWED:
            self.errors.append(f"<{tag}>")
        self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack.pop() != tag:
            self.errors.append(f"</{tag}>")


def assert_valid_html(page: str) -> None:
    checker = TagChecker()
    checker.feed(page)
    checker.close()
    assert not checker.errors and not checker.stack, (checker.errors, checker.stack, page[:300])
    assert telegram_length(page, is_html=True) <= 4096


@pytest.fixture(scope="module")
def store(bundled_db_file: Path) -> Iterator[Store]:
    store = open_store(bundled_db_file)
    yield store
    store.close()


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_text_gets_a_normal_answer(store: Store, text: str) -> None:
    result = answer(store, text, date(2026, 1, 1))
    assert result.intent in INTENTS
    assert result.text.strip()
    assert len(result.text) <= 4096
    assert len(result.citations) <= 10
    for page in render_html_pages(result, "ru"):
        assert_valid_html(page)
    json.dumps(result.to_json(), ensure_ascii=False)


def test_user_markup_is_escaped_in_html(store: Store) -> None:
    result = answer(store, "<script>alert(1)</script> Ван И", date(2026, 1, 1))
    html = "".join(render_html_pages(result, "ru"))
    assert "<script>" not in html


def test_cli_answers_every_hostile_line(bundled_db_file: Path) -> None:
    lines = "".join(json.dumps({"query": q}, ensure_ascii=False) + "\n" for q in HOSTILE)
    lines += "not json at all\n"
    done = subprocess.run(
        [sys.executable, "-m", "bot.cli", "--db", str(bundled_db_file), "ask", "--json", "-"],
        input=lines,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
        check=True,
    )
    outputs = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(outputs) == len(HOSTILE) + 1
    assert all(o["answer"].strip() for o in outputs[:-1])
    assert "error" in outputs[-1]


def ask_lines(db: Path, lines: bytes) -> list[dict]:
    done = subprocess.run(
        [sys.executable, "-m", "bot.cli", "--db", str(db), "ask", "--json", "-"],
        input=lines,
        capture_output=True,
        cwd=ROOT,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0 and b"Traceback" not in done.stderr, done.stderr[-2000:]
    return [json.loads(line) for line in done.stdout.splitlines()]


def test_every_line_gets_its_own_json_line_whatever_it_holds(bundled_db_file: Path) -> None:
    good = [
        {"query": "x\udbff"},  # a lone surrogate, as JSON can write it
        {"query": "(" * 100_000 + "Ван И" + ")" * 100_000},
        {"query": "соглашения 0001 года"},
        {"query": "с 31.12.9999 по 01.01.0001"},
        {"query": "события 9999 года", "today": "9997-12-31"},
        {"query": "что предстоит?", "today": "9997-12-31"},
        {"query": "что предстоит?", "today": "0003-01-01"},
        {"query": "Ван И", "today": "31.01.2024"},
    ]
    bad = [
        b"[" * 100_000 + b"]" * 100_000,
        b"not json at all",
        b"[1, 2]",
        b'"just text"',
        b"null",
        b'{"query": 5}',
        b'{"query": "\xff\xfe"}',  # not UTF-8
        *(
            json.dumps({"query": "Ван И", "today": today}).encode()
            for today in ("9999-12-31", "9998-12-31", "0002-12-31", "31.02.2024", True)
        ),
    ]
    lines = [json.dumps(item).encode() for item in good] + bad
    lines.append(json.dumps({"query": "Ван И"}).encode())
    outputs = ask_lines(bundled_db_file, b"\n".join(lines) + b"\n")
    assert len(outputs) == len(lines)
    for request, output in zip(good, outputs, strict=False):
        assert output.get("answer", "").strip() and "Не удалось" not in output["answer"], request
    for line, output in zip(bad, outputs[len(good) :], strict=False):
        assert set(output) == {"error"} and output["error"].startswith("bad request line"), line
    assert "Ван И" in outputs[-1]["answer"]


def test_a_lone_surrogate_on_the_command_line_is_a_question_like_any(bundled_db_file: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "bot.cli", "--db", str(bundled_db_file), "ask", "нечто\udced"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0 and "Traceback" not in done.stderr
    assert "«нечто»" in done.stdout  # the question is echoed, without the broken character


# -- articles with hostile content ----------------------------------------------------------------


@pytest.fixture()
def hostile_store() -> Iterator[Store]:
    """An in-memory base whose article carries markup and emoji in its title and text."""
    store = open_store(":memory:")
    sentences = [
        "Тестор Тестович <b>встретился</b> с коллегой & обсудил <script>x</script> 😀 сотрудничество.",
        "Саммит <i>Тест</i> пройдёт 5 мая 2031 года в Астане.",
    ]
    person = Person(name="Тестор Тестович", forms={"Тестор Тестович"}, sentences=[0, 1])
    event = Event(
        type="summit",
        title="Саммит <i>Тест</i> & co",
        when=DateSpan(date(2031, 5, 5), date(2031, 5, 5)),
        place="Астана",
        participants=["Тестор Тестович"],
        status="upcoming",
        sentence=1,
    )
    facts = ArticleFacts(sentences=sentences, people=[person], events=[event])
    meta = ArticleMeta(
        published=date(2030, 1, 1), title="<b>Заголовок</b> & «кавычки»", source="<src>"
    )
    store.save_article("hostile", "\n".join(sentences), "hash-1", meta, facts)
    yield store
    store.close()


def test_article_markup_is_escaped_in_html(hostile_store: Store) -> None:
    for text in ("Тестор Тестович", "что предстоит", "сотрудничество"):
        result = answer(hostile_store, text, date(2030, 6, 1))
        assert result.citations, result.text
        pages = render_html_pages(result, "ru")
        for page in pages:
            assert_valid_html(page)
        joined = "".join(pages)
        assert "&lt;b&gt;Заголовок&lt;/b&gt;" in joined or "&lt;b&gt;встретился" in joined


def test_alias_index_follows_new_articles(hostile_store: Store) -> None:
    assert find_people(hostile_store, "Тестович")
    assert not find_people(hostile_store, "Новиков")
    person = Person(name="Пётр Новиков", forms={"Петр Новиков"}, sentences=[0])
    facts = ArticleFacts(sentences=["Пётр Новиков прибыл."], people=[person])
    hostile_store.save_article(
        "second", "Пётр Новиков прибыл.", "hash-2", ArticleMeta(published=date(2030, 2, 1)), facts
    )
    assert [hit.name for hit in find_people(hostile_store, "Новиков")] == ["Пётр Новиков"]


# -- pagination ------------------------------------------------------------------------------------


def long_answer() -> Answer:
    result = Answer("q", "fulltext")
    result.headline = "Много <фактов> & длинных строк"
    section = result.section("Раздел")
    for number in range(300):
        section.lines.append(
            Line(text=f"строка {number} " + "слово & <тег> 😀 " * 12, lead="1 мая 2024")
        )
    return result


def test_long_answers_are_split_into_pages_that_fit() -> None:
    result = long_answer()
    pages = result.pages()
    assert len(pages) > 1
    assert all(len(page) <= 4096 for page in pages)
    joined = "\n".join(pages)
    assert all(f"строка {n} " in joined for n in range(300))
    assert result.text == pages[0]


def test_html_pages_fit_telegram_counting_utf16() -> None:
    pages = render_html_pages(long_answer(), "ru")
    assert len(pages) > 1
    for page in pages:
        assert_valid_html(page)
    assert telegram_length("😀") == 2


def test_one_enormous_line_is_cut_not_dropped() -> None:
    result = Answer("q", "fulltext")
    result.section(None).lines.append(Line(text="очень " * 3000))
    for page in render_html_pages(result, "ru") + result.pages():
        assert telegram_length(page) <= 4096
    assert sum(page.count("очень") for page in result.pages()) == 3000


def test_an_impossible_date_is_named_as_such(store) -> None:
    result = answer(store, "что было 31 февраля 2024", date(2026, 1, 1))
    assert "Такой даты нет: «31 февраля 2024»" in result.text


def test_an_unknown_surname_with_an_unknown_abbreviation_is_not_found_not_an_error(
    store: Store,
) -> None:
    from bot.search.pipeline import build_answer  # the unguarded pipeline: no safety net

    found = build_answer(store, "Хасенов кмг", date(2026, 12, 1))
    assert found.is_empty and not found.citations


def test_an_old_event_in_the_place_asked_is_found_behind_many_newer_ones(tmp_path: Path) -> None:
    from bot.search import answer
    from bot.search.retrieve import FACT_LIMIT
    from bot.store import open_store

    store = open_store(tmp_path / "kb.db")
    putin = Person("Владимир Путин", first="Владимир", last="Путин", sentences=[0])
    summit = Event("summit", "Саммит ШОС", DateSpan(date(2017, 6, 9), date(2017, 6, 9)), "Астана",
                   ["Владимир Путин"], "past", 0)  # fmt: skip
    facts = ArticleFacts(sentences=["Владимир Путин выступил."], people=[putin], events=[summit])
    store.save_article("old", "Владимир Путин выступил.", "h-old",
                       ArticleMeta(published=date(2017, 6, 12), title="Итоги июня"), facts)  # fmt: skip
    for n in range(FACT_LIMIT + 5):  # newer summits elsewhere, ingested later
        day = date(2018 + n // 300, 1 + n % 12, 1 + n % 28)
        later = Event("summit", "Саммит ШОС", DateSpan(day, day), "Бишкек", [], "past", 0)
        store.save_article(f"new-{n}", "Саммит прошёл в Бишкеке.", f"h-{n}",
                           ArticleMeta(published=day, title=f"Саммит {n}"),
                           ArticleFacts(sentences=["Саммит прошёл в Бишкеке."], events=[later]))  # fmt: skip
    result = answer(store, "кто приезжал на саммит ШОС в Астану?", date(2026, 1, 1), "ru")
    assert "Владимир Путин" in result.text, result.text
