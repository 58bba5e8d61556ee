"""What admins and directories hand us becomes clean article text, or a clear refusal."""

from __future__ import annotations

import pytest

from bot.textio import BadInput, clean_text, content_hash, decode, prepare_text

ARTICLE = (
    "Президент Казахстана Касым-Жомарт Токаев провел переговоры с председателем КНР "
    "Си Цзиньпином. Стороны подписали соглашение о развитии транспортного маршрута."
)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1251"])
def test_decodes_russian_in_common_encodings(encoding: str) -> None:
    assert decode(ARTICLE.encode(encoding)) == ARTICLE


def test_binary_is_refused() -> None:
    with pytest.raises(BadInput):
        prepare_text(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))


@pytest.mark.parametrize("text", ["", "   \n\n ", "коротко"])
def test_empty_and_tiny_texts_are_refused(text: str) -> None:
    with pytest.raises(BadInput, match="коротк"):
        prepare_text(text)


def test_huge_text_is_refused_with_its_size() -> None:
    with pytest.raises(BadInput, match="длинн"):
        prepare_text(ARTICLE * 2000)


def test_related_links_block_ends_the_article() -> None:
    text = f"{ARTICLE}\n\nЕще по теме:\nДругая новость про ШОС\nСвежее из этой рубрики"
    assert clean_text(text) == ARTICLE


@pytest.mark.parametrize(
    "caption",
    [
        "фото пресс-службы президента Казахстана",
        "[Фото: лидеры во время встречи в Ташкенте. Фото Синьхуа/Ли Тао]",
        "(Фото: Akorda.kz)",
    ],
)
def test_photo_captions_are_dropped(caption: str) -> None:
    text = f"Заголовок\n{caption}\n{ARTICLE}"
    assert clean_text(text) == f"Заголовок\n{ARTICLE}"


def test_html_keeps_paragraphs_and_drops_page_chrome() -> None:
    html = (
        "<html><body><header>Меню</header><article><h1>Заголовок</h1>"
        f"<p>{ARTICLE}</p><p>Второй &laquo;абзац&raquo;.</p></article>"
        "<aside>Реклама</aside></body></html>"
    )
    text, title = prepare_text(html)
    assert title == "Заголовок"
    assert text.split("\n") == ["Заголовок", ARTICLE, "Второй «абзац»."]


def test_duplicate_detection_ignores_whitespace_and_case() -> None:
    assert content_hash(ARTICLE) == content_hash("  " + ARTICLE.upper().replace(" ", "\n "))
    assert content_hash(ARTICLE) != content_hash(ARTICLE + " Ещё.")
