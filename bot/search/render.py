"""Answers as plain text (CLI, JSON) and as Telegram HTML, split into pages that fit a message.

Both renderers produce the same blocks (headline, section titles, lines, sources) and pack whole
blocks into pages, so a page never ends inside a line or an HTML tag. Telegram counts a message
after entity parsing, in UTF-16 code units: that is what `telegram_length` measures.
"""

from __future__ import annotations

import html
import re

from bot.i18n import format_span, tr
from bot.search.answer import TELEGRAM_LIMIT, Answer, Citation, Line

HTML_MARGIN = 96  # Telegram's own count can differ slightly (entities, normalisation): stay under
_TAG = re.compile(r"<[^>]+>")


def telegram_length(text: str, *, is_html: bool = False) -> int:
    """Length as Telegram counts it: visible text (tags gone, entities decoded) in UTF-16 units."""
    if is_html:
        text = html.unescape(_TAG.sub("", text))
    return len(text.encode("utf-16-le")) // 2


def citation_text(citation: Citation, lang: str) -> str:
    parts = [citation.title or citation.file or f"#{citation.article_id}"]
    if citation.source:
        parts.append(citation.source)
    parts.append(format_span(citation.published, citation.published, "day", lang))
    return ", ".join(parts)


def _line_plain(line: Line) -> str:
    text = f"• {line.lead} — {line.text}" if line.lead else f"• {line.text}"
    if line.cite:
        text += f" [{line.cite}]"
    if line.quote:
        text += f"\n  «{line.quote}»"
    return text


def _line_html(line: Line) -> str:
    esc = html.escape
    text = f"• <b>{esc(line.lead)}</b> — {esc(line.text)}" if line.lead else f"• {esc(line.text)}"
    if line.cite:
        text += f" [{line.cite}]"
    if line.quote:
        text += f"\n  <i>«{esc(line.quote)}»</i>"
    return text


def _blocks(answer: Answer, *, as_html: bool, lang: str | None = None) -> list[str]:
    lang = lang or answer.lang
    esc = html.escape if as_html else (lambda s: s)
    bold = (lambda s: f"<b>{html.escape(s)}</b>") if as_html else (lambda s: s)
    blocks: list[str] = []
    if answer.headline:
        blocks.append(bold(answer.headline))
    for section in answer.sections:
        if not section.lines:
            continue
        if section.title:
            blocks.append("\n" + bold(section.title + ":"))
        for line in section.lines:
            blocks.append(_line_html(line) if as_html else _line_plain(line))
    if answer.note:
        blocks.append("\n" + esc(answer.note))
    if answer.citations:
        blocks.append("\n" + bold(tr(lang, "Источники:", "Sources:")))
        for number, citation in enumerate(answer.citations, start=1):
            label = citation_text(citation, lang)
            if as_html and citation.url and citation.url.startswith(("http://", "https://")):
                label = (
                    f'<a href="{html.escape(citation.url, quote=True)}">{html.escape(label)}</a>'
                )
            else:
                label = esc(label)
            blocks.append(f"[{number}] {label}")
    return blocks


def _split_block(block: str, limit: int, *, is_html: bool) -> list[str]:
    """A block longer than a page, cut at spaces (plain) or reduced to plain text (HTML)."""
    if is_html:
        block = html.escape(html.unescape(_TAG.sub("", block)))
    pieces: list[str] = []
    rest = block
    while telegram_length(rest, is_html=is_html) > limit:
        cut = max(rest.rfind(" ", 0, limit // 2), limit // 4)
        if is_html:  # never cut inside an entity such as &amp;
            amp = rest.rfind("&", 0, cut)
            if amp != -1 and ";" not in rest[amp:cut]:
                cut = amp
        pieces.append(rest[:cut])
        rest = rest[cut:].lstrip()
    pieces.append(rest)
    return pieces


def _paginate(blocks: list[str], limit: int, *, is_html: bool) -> list[str]:
    pages: list[str] = []
    current = ""
    for block in blocks:
        for piece in (
            _split_block(block, limit, is_html=is_html)
            if telegram_length(block, is_html=is_html) > limit
            else [block]
        ):
            candidate = f"{current}\n{piece}" if current else piece.lstrip("\n")
            if telegram_length(candidate, is_html=is_html) <= limit:
                current = candidate
            else:
                pages.append(current)
                current = piece.lstrip("\n")
    if current or not pages:
        pages.append(current)
    return pages


def render_plain_pages(answer: Answer, limit: int = TELEGRAM_LIMIT) -> list[str]:
    return _paginate(_blocks(answer, as_html=False), limit, is_html=False)


def render_html_pages(
    answer: Answer, lang: str | None = None, limit: int = TELEGRAM_LIMIT
) -> list[str]:
    """Telegram HTML pages (parse_mode=HTML); everything from articles and users is escaped."""
    blocks = _blocks(answer, as_html=True, lang=lang)
    return _paginate(blocks, limit - HTML_MARGIN, is_html=True)
