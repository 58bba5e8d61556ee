"""Header lines, dates and titles of what admins hand the bot (pasted, uploaded or `ingest FILE`)."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from bot.article_header import clip_title, find_date, headline, split_header
from bot.ingest import ingest_paths, ingest_text
from bot.models import ArticleMeta
from bot.store import open_store

BODY = (
    "Министр иностранных дел Казахстана Мурат Нуртлеу 12 марта провёл в Пекине переговоры с "
    "министром иностранных дел КНР Ван И. Стороны подписали соглашение о взаимном признании "
    "дипломов и договорились о визите премьер-министра в Астану в следующем году."
)


@pytest.mark.parametrize(
    "header",
    [
        "Название: Визит в Пекин\nИсточник: Казинформ\nДата: 14.03.2024\nАвтор: Анна Петрова\n"
        "URL: https://example.kz/a/1",
        "Title: Визит в Пекин\nSource: Казинформ\nDate: March 14, 2024\nAuthor: Анна Петрова\n"
        "URL: https://example.kz/a/1",
        "**Название:** Визит в Пекин\n\n**Источник:** Казинформ\nДата публикации: 14 марта 2024\n"
        "автор: Анна Петрова\nСсылка: https://example.kz/a/1",
    ],
)
def test_header_lines_in_either_language_are_metadata(header: str) -> None:
    fields, rest = split_header(f"\n{header}\n\n{BODY}")
    assert fields["title"] == "Визит в Пекин" and fields["source"] == "Казинформ"
    assert find_date(fields["published"]) == date(2024, 3, 14)
    assert fields["author"] == "Анна Петрова" and fields["url"] == "https://example.kz/a/1"
    assert rest == BODY


def test_only_the_top_is_a_header() -> None:
    text = f"{BODY}\nИсточник: Синьхуа"
    assert split_header(text) == ({}, text)


def test_a_headline_is_the_title_and_a_long_first_line_is_cut_between_words() -> None:
    assert (
        headline(f"Нуртлеу и Ван И обсудили транзит\n{BODY}") == "Нуртлеу и Ван И обсудили транзит"
    )
    # No headline: the first sentence, datelines skipped, never cut inside a word.
    title = headline(f"Астана, 30 ноября. {BODY}")
    assert title.startswith("Министр иностранных дел") and title.endswith("…")
    assert len(title) <= 120 and title[:-1] in BODY and BODY[len(title) - 1] == " "
    assert clip_title("слово " * 50, 40) == "слово слово слово слово слово слово…"


def test_pasted_header_never_reaches_text_or_title(tmp_path: Path) -> None:
    store = open_store(tmp_path / "kb.db")
    pasted = f"Источник: Казинформ\nАвтор: Анна Петрова\n\n{BODY}"
    outcome = ingest_text(store, pasted, ArticleMeta(published=date(2024, 3, 14)))
    article = store.article(outcome.article_id)
    assert "Источник" not in article["text"] and "Анна Петрова" not in article["text"]
    assert (article["source"], article["author"]) == ("Казинформ", "Анна Петрова")
    assert (
        article["title"].startswith("Министр иностранных дел Казахстана")
        and len(article["title"]) <= 120
    )


def test_cli_ingest_of_one_file_reads_its_header(tmp_path: Path) -> None:
    path = tmp_path / "visit.txt"
    path.write_text(
        "Название: Визит в Пекин\nИсточник: Казинформ\nДата: 14 марта 2024\n\n" + BODY, "utf-8"
    )
    db = tmp_path / "kb.db"
    result = subprocess.run(
        [sys.executable, "-m", "bot.cli", "--db", str(db), "ingest", str(path)],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    store = open_store(db)
    (article,) = [store.article(i) for i in store.article_ids()]
    assert article["title"] == "Визит в Пекин" and article["source"] == "Казинформ"
    assert article["published"] == "2024-03-14"
    assert article["text"] == BODY
    # A flag still beats the file's own line.
    store.delete_article(article["id"])
    [again] = ingest_paths(store, [path], ArticleMeta(published=date(2024, 3, 20)))
    assert store.article(again.article_id)["published"] == "2024-03-20"
