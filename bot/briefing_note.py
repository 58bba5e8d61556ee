"""An answer as a briefing note (.docx): every item of every page, with its quote and sources.

Telegram shows an answer a page at a time; the note is the whole of it in the form a diplomat
forwards: a title, the date it was made, the question, each section in full with the sentence
each item comes from, and every source with its link. Article text is untrusted: characters
that XML cannot hold are dropped rather than failing the file.
"""

from __future__ import annotations

import io
import re
from datetime import date

from docx import Document
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import RGBColor
from docx.text.paragraph import Paragraph

from bot.i18n import format_date, tr
from bot.search.answer import Answer, Line
from bot.search.render import citation_text

MAX_TITLE_CHARS = 120
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_SLUG_DROP = re.compile(r"[^\w-]+")


def xml_safe(text: str) -> str:
    """`text` without the characters a .docx cannot hold (controls, lone surrogates)."""
    return _NOT_XML.sub("", text)


def note_title(answer: Answer) -> str:
    title = xml_safe(answer.headline or answer.query).strip() or "—"
    return title if len(title) <= MAX_TITLE_CHARS else title[: MAX_TITLE_CHARS - 1] + "…"


def note_filename(answer: Answer, made: date) -> str:
    """A name that says when and what, with no path or shell characters:
    briefing-2026-12-01-токаев.docx."""
    slug = _SLUG_DROP.sub("-", answer.query.lower()).strip("-_")[:40].strip("-_")
    return f"briefing-{made.isoformat()}{'-' + slug if slug else ''}.docx"


def _add_hyperlink(paragraph: Paragraph, url: str) -> None:
    """A clickable external link: python-docx has no public API for one yet."""
    r_id = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), r_id)
    run = OxmlElement("w:r")
    style = OxmlElement("w:rPr")
    underline = OxmlElement("w:u")
    underline.set(qn("w:val"), "single")
    colour = OxmlElement("w:color")
    colour.set(qn("w:val"), "1F4E79")
    style.extend([colour, underline])
    run.append(style)
    text = OxmlElement("w:t")
    text.text = url
    run.append(text)
    link.append(run)
    paragraph._p.append(link)


def _add_item(document: Document, line: Line) -> None:
    paragraph = document.add_paragraph(style="List Bullet")
    if line.lead:
        paragraph.add_run(xml_safe(line.lead)).bold = True
        paragraph.add_run(" — ")
    paragraph.add_run(xml_safe(line.text))
    if line.cite:
        paragraph.add_run(f" [{line.cite}]")
    if line.quote:
        quote = document.add_paragraph(style="Quote")
        quote.add_run(f"«{xml_safe(line.quote)}»").italic = True


def briefing_docx(answer: Answer, made: date, lang: str | None = None) -> bytes:
    """The whole answer as .docx bytes, in the user's language (quotes stay as written)."""
    lang = lang or answer.lang
    document = Document()
    document.core_properties.title = note_title(answer)
    document.core_properties.language = lang
    document.add_heading(note_title(answer), level=1)
    made_line = document.add_paragraph()
    made_line.add_run(
        tr(lang, "Справка подготовлена ", "Briefing prepared ") + format_date(made, lang)
    )
    made_line.runs[0].font.color.rgb = RGBColor(0x59, 0x59, 0x59)
    asked = document.add_paragraph()
    asked.add_run(tr(lang, "Запрос: ", "Question: ")).bold = True
    asked.add_run(xml_safe(answer.query))
    for section in answer.sections:
        if not section.lines:
            continue
        if section.title:
            document.add_heading(xml_safe(section.title), level=2)
        for line in section.lines:
            _add_item(document, line)
    if answer.note:
        document.add_paragraph(xml_safe(answer.note))
    if answer.citations:
        document.add_heading(tr(lang, "Источники", "Sources"), level=2)
        for number, citation in enumerate(answer.citations, start=1):
            paragraph = document.add_paragraph()
            paragraph.add_run(f"[{number}] ").bold = True
            paragraph.add_run(xml_safe(citation_text(citation, lang)))
            if citation.url and citation.url.startswith(("http://", "https://")):
                paragraph.add_run(" — ")
                _add_hyperlink(paragraph, xml_safe(citation.url))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
