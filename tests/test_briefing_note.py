"""The .docx briefing note: the whole answer, its quotes and its sources, reopened as a reader would."""

from __future__ import annotations

import io
import re
from datetime import date
from pathlib import Path

from docx import Document

from bot.briefing_note import briefing_docx, note_filename
from bot.search import answer
from bot.search.answer import Answer, Citation, Line
from bot.search.render import ITEMS_PER_PAGE
from bot.store import open_store

MADE = date(2026, 12, 1)


def reopen(data: bytes) -> tuple[list[str], list[str]]:
    document = Document(io.BytesIO(data))
    texts = [p.text for p in document.paragraphs]
    links = [link.address for p in document.paragraphs for link in p.hyperlinks]
    return texts, links


def test_a_person_note_holds_every_item_with_its_quote_and_every_linked_source(
    bundled_db: Path,
) -> None:
    store = open_store(bundled_db)
    result = answer(store, "Си Цзиньпин", MADE)
    texts, links = reopen(briefing_docx(result, MADE))
    events = next(s for s in result.sections if s.title == "События")
    assert len(events.lines) > ITEMS_PER_PAGE  # more than the first page shows
    body = "\n".join(texts)
    for line in events.lines:
        assert line.text in body
        assert line.quote and f"«{line.quote}»" in body
    assert texts[0].startswith("Си Цзиньпин")
    assert "Справка подготовлена 1 декабря 2026" in texts
    for number, citation in enumerate(result.citations, start=1):
        assert any(t.startswith(f"[{number}] {citation.title}") for t in texts)
    urls = [c.url for c in result.citations if c.url]
    assert urls and links == urls


def test_an_english_note_is_labelled_in_english() -> None:
    result = Answer("Wang Yi", "person", "en", headline="Wang Yi")
    section = result.section("Events")
    row = {"article_id": 1, "published": "2023-12-01", "title": "Мурат Нуртлеу и Ван И"}
    result.add_line(
        section, row, "Talks: Wang Yi and Murat Nurtleu, Chengdu", lead="1 December 2023"
    )
    texts, _ = reopen(briefing_docx(result, MADE))
    assert "Briefing prepared 1 December 2026" in texts
    assert "Sources" in texts and "Question: Wang Yi" in texts
    assert not re.search("[а-яё]", "".join(t for t in texts if not t.startswith("[1]")), re.I)


def test_hostile_text_does_not_break_the_file() -> None:
    result = Answer("x\x00\x1b\ud800", "person", "ru", headline="Заголовок\x07")
    section = result.section("События")
    section.lines.append(Line(text="строка\x0b с управляющими", quote="цитата\x01\udfff", cite=1))
    result.citations.append(
        Citation(1, None, "Статья\x02", None, "2024-01-01", "javascript:alert(1)")
    )
    texts, links = reopen(briefing_docx(result, MADE))
    assert texts[0] == "Заголовок"
    assert "строка с управляющими [1]" in texts
    assert "«цитата»" in texts
    assert links == []  # only http(s) addresses become links


def test_the_file_name_says_what_and_when() -> None:
    result = Answer('Токаев / "Си"', "person", "ru")
    assert note_filename(result, MADE) == "briefing-2026-12-01-токаев-си.docx"
