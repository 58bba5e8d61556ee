"""`briefing ingest URL…` against the local news site: the same rules as files, one line per bad URL."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from newsite import FURNITURE, PAGES, NewsSite, news_page, site_in_thread

from bot.cli import main
from bot.settings import get_settings
from bot.store import open_store


@pytest.fixture(scope="module")
def site() -> Iterator[NewsSite]:
    with site_in_thread() as site:
        yield site


@pytest.fixture
def allowed(site: NewsSite, monkeypatch: pytest.MonkeyPatch) -> Iterator[NewsSite]:
    """FETCH_ALLOW_HOSTS names the local site, as a deployment's .env would."""
    monkeypatch.setenv("FETCH_ALLOW_HOSTS", site.host)
    get_settings.cache_clear()
    yield site
    get_settings.cache_clear()


def ingest(db: Path, *args: str) -> int:
    return main(["--db", str(db), "ingest", *args])


def articles(db: Path) -> list[dict]:
    store = open_store(db)
    try:
        return list(store.db.query("SELECT * FROM articles ORDER BY id"))
    finally:
        store.close()


def test_a_page_is_ingested_under_its_final_url_with_its_metadata(
    allowed: NewsSite, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "kb.db"
    assert ingest(db, f"{allowed.url}/hop/2") == 0
    assert "ingest: 1 added" in capsys.readouterr().out
    (row,) = articles(db)
    final = f"{allowed.url}/politics/kz-cn-transit"
    assert row["key"] == row["url"] == final
    assert row["published"] == "2024-05-22"
    assert row["title"] == PAGES["/politics/kz-cn-transit"]["title"]
    assert row["source"] == "Степной вестник" and row["author"] == "Айгерим Сапарова"
    assert "Достык и Хоргос" in row["text"]
    assert [piece for piece in FURNITURE if piece in row["text"]] == []

    main(["--db", str(db), "ask", "Карабаев", "--json"])
    answer = json.loads(capsys.readouterr().out)
    assert {c["url"] for c in answer["citations"]} == {final}


def test_the_same_url_or_the_same_text_again_changes_nothing(
    allowed: NewsSite, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "kb.db"
    ingest(db, f"{allowed.url}/politics/nurtleu-wang-yi-call")
    before = articles(db)
    ingest(db, f"{allowed.url}/politics/nurtleu-wang-yi-call", f"{allowed.url}/hop/1")
    ingest(db, f"{allowed.url}/amp/nurtleu-wang-yi-call")  # republished elsewhere
    out = capsys.readouterr().out
    assert "1 unchanged" in out and "1 duplicate" in out
    assert len(articles(db)) == 2  # the call and the transit page once each
    assert articles(db)[0] == before[0]


def test_a_changed_page_replaces_the_old_version(
    allowed: NewsSite, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "kb.db"
    spec = dict(PAGES["/politics/kz-cn-transit"])
    allowed.extra_pages["/live/transit"] = news_page(**spec)
    ingest(db, f"{allowed.url}/live/transit")
    spec["paragraphs"] = [*spec["paragraphs"], "Дополнено: переговоры продолжатся в июне в Пекине."]
    allowed.extra_pages["/live/transit"] = news_page(**spec)
    ingest(db, f"{allowed.url}/live/transit")
    assert "1 replaced" in capsys.readouterr().out
    (row,) = articles(db)
    assert "продолжатся в июне" in row["text"]


def test_a_page_without_a_date_is_refused_unless_one_is_given(
    allowed: NewsSite, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "kb.db"
    url = f"{allowed.url}/society/visa-free"
    assert ingest(db, url) == 1
    err = capsys.readouterr().err
    assert f"error: {url}: на странице нет даты публикации" in err and "--published" in err
    assert articles(db) == []
    assert ingest(db, url, "--published", "2024-08-01") == 0
    (row,) = articles(db)
    assert row["published"] == "2024-08-01"


def test_each_bad_url_gets_one_line_and_the_good_ones_still_go_in(
    allowed: NewsSite, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "kb.db"
    bad = {
        "/missing": "HTTP 404",
        "/broken": "HTTP 500",
        "/loop": "перенаправлений",
        "/report.pdf": "application/pdf",
        "/huge": "слишком большой",
        "/to-private": "внутренний",
    }
    urls = [allowed.url + path for path in bad] + [f"{allowed.url}/economy/xian-forum"]
    # what was not ingested makes the status 1; the good page still goes in
    assert ingest(db, *urls, "ftp://127.0.0.1/file.txt") == 1
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    assert len(lines) == len(bad) + 1
    for (path, message), line in zip(bad.items(), lines, strict=False):
        assert line.startswith(f"error: {allowed.url}{path}: ") and message in line
    assert "«ftp:»" in lines[-1]
    assert "Traceback" not in captured.err
    assert "1 added" in captured.out and "7 error" in captured.out
    assert [row["published"] for row in articles(db)] == ["2024-06-14"]  # from JSON-LD


def test_the_local_server_is_refused_without_fetch_allow_hosts(
    site: NewsSite,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.delenv("FETCH_ALLOW_HOSTS", raising=False)
    get_settings.cache_clear()
    db = tmp_path / "kb.db"
    hits = site.hits["/economy/xian-forum"]
    assert ingest(db, f"{site.url}/economy/xian-forum") == 1
    assert "внутренний (loopback)" in capsys.readouterr().err
    assert site.hits["/economy/xian-forum"] == hits
    assert articles(db) == []


def test_a_page_with_only_a_menu_is_too_short_to_be_an_article(
    allowed: NewsSite, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    allowed.extra_pages["/menu-only"] = (
        "<html><body><nav><a href='/'>Главная</a> <a href='/p'>Политика</a></nav></body></html>"
    )
    assert ingest(tmp_path / "kb.db", f"{allowed.url}/menu-only") == 1
    assert "Слишком короткий текст" in capsys.readouterr().err
