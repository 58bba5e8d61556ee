"""Reading news pages (pure): the article's text without the site around it, and its metadata."""

from __future__ import annotations

from datetime import date

import pytest
from newsite import FURNITURE, PAGES, news_page

from bot.textio import BadInput
from bot.webpage import decode_html, read_page

BASE = "https://vestnik.example"


def page(path: str) -> bytes:
    spec = PAGES[path]
    return news_page(**spec).encode(spec.get("charset", "utf-8"))


@pytest.mark.parametrize("path", sorted(PAGES))
def test_the_text_is_the_article_without_the_site_around_it(path: str) -> None:
    result = read_page(page(path), BASE + path)
    for paragraph in PAGES[path]["paragraphs"]:
        assert paragraph in result.text
    assert [piece for piece in FURNITURE if piece in result.text] == []
    assert result.title == PAGES[path]["title"]
    assert result.site_name == "Степной вестник"
    assert result.url == BASE + path


def test_the_date_comes_from_article_published_time() -> None:
    result = read_page(page("/politics/kz-cn-transit"), BASE + "/politics/kz-cn-transit")
    assert result.published == date(2024, 5, 22)
    assert result.author == "Айгерим Сапарова"


def test_a_date_only_in_json_ld_is_found() -> None:
    assert b"article:published_time" not in page("/economy/xian-forum")
    result = read_page(page("/economy/xian-forum"), BASE + "/economy/xian-forum")
    assert result.published == date(2024, 6, 14)


def test_a_date_only_in_the_url_is_found() -> None:
    path = "/news/2024/03/14/altynkol-trains"
    assert read_page(page(path), BASE + path).published == date(2024, 3, 14)


def test_a_date_only_in_a_time_element_is_found() -> None:
    spec = {**PAGES["/society/visa-free"]}
    html = news_page(**spec).replace(
        '<div class="article__body">',
        '<time datetime="2024-02-02T09:30:00+05:00">2 февраля, 09:30</time>'
        '<div class="article__body">',
    )
    assert read_page(html.encode(), BASE + "/society/visa-free").published == date(2024, 2, 2)


def test_a_page_without_a_date_has_none_rather_than_a_guess() -> None:
    result = read_page(page("/society/visa-free"), BASE + "/society/visa-free")
    assert result.published is None
    assert "безвизового въезда" in result.text


def test_the_metadata_date_wins_over_one_in_the_url() -> None:
    spec = {**PAGES["/politics/kz-cn-transit"], "published": "2024-05-22T10:00:00+05:00"}
    result = read_page(news_page(**spec).encode(), BASE + "/news/2023/01/01/old-slug")
    assert result.published == date(2024, 5, 22)


def test_a_cp1251_page_declared_only_in_a_meta_tag_is_decoded() -> None:
    body = page("/regions/almaty-xinjiang")
    with pytest.raises(UnicodeDecodeError):
        body.decode("utf-8")
    result = read_page(body, BASE + "/regions/almaty-xinjiang")
    assert "Султангазиев встретился с делегацией" in result.text


def test_the_header_charset_wins_over_a_wrong_meta_tag() -> None:
    html = '<html><head><meta charset="utf-8"></head><body><p>Тенге и юань</p></body></html>'
    assert "Тенге и юань" in decode_html(html.encode("cp1251"), "windows-1251")


def test_an_unknown_header_charset_falls_back_to_the_meta_tag() -> None:
    html = '<html><head><meta charset="windows-1251"></head><body><p>Тенге и юань</p></body></html>'
    assert "Тенге и юань" in decode_html(html.encode("cp1251"), "no-such-charset")


@pytest.mark.parametrize("body", [b"", b"   ", b"<html><body></body></html>"])
def test_a_page_without_article_text_is_refused(body: bytes) -> None:
    with pytest.raises(BadInput):
        read_page(body, BASE + "/empty")


def test_a_page_that_looks_like_a_link_is_not_downloaded() -> None:
    """The libraries fetch a string that looks like a URL; we hand them parsed trees only."""
    assert (
        read_page(b"http://127.0.0.1:9/never", BASE + "/x").text.strip()
        == "http://127.0.0.1:9/never"
    )


def test_a_library_failure_on_odd_markup_is_bad_input(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr("bot.webpage.trafilatura.bare_extraction", broken)
    with pytest.raises(BadInput, match="не разбирается"):
        read_page(page("/politics/kz-cn-transit"), BASE + "/x")
