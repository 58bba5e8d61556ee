"""Answers as plain text (CLI, JSON) and as Telegram HTML, in short pages.

The first page is what a diplomat reads and forwards: the direct answer, its evidence, at most
ITEMS_PER_PAGE items of each list, each with the start of the sentence it comes from (a list
line names a fact; its sentence says what happened), the note, and the sources that page cites.
The other items follow on later pages («Ещё»), each with its own sources; `render_quotes` gives
every item with its whole sentence («Источники и цитаты»). Both renderers pack whole blocks, so a page
never ends inside a line or an HTML tag. Telegram counts a message after entity parsing, in
UTF-16 code units: that is what `telegram_length` measures.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from bot.i18n import format_span, tr
from bot.search.answer import TELEGRAM_LIMIT, Answer, Citation, Line

ITEMS_PER_PAGE = 6
SHORT_QUOTE = 300  # characters of a list item's evidence shown under it
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


@dataclass(frozen=True)
class Markup:
    """Plain text or Telegram HTML: how to escape, embolden, italicise and link."""

    as_html: bool

    def esc(self, text: str) -> str:
        return html.escape(text) if self.as_html else text

    def bold(self, text: str) -> str:
        return f"<b>{html.escape(text)}</b>" if self.as_html else text

    def italic(self, text: str) -> str:
        return f"<i>{html.escape(text)}</i>" if self.as_html else text

    def link(self, label: str, url: str | None) -> str:
        if self.as_html and url and url.startswith(("http://", "https://")):
            return f'<a href="{html.escape(url, quote=True)}">{html.escape(label)}</a>'
        return self.esc(label)


def _line(line: Line, markup: Markup, *, quotes: bool, short: bool = False) -> str:
    lead = f"{markup.bold(line.lead)} — " if line.lead else ""
    text = f"• {lead}{markup.esc(line.text)}"
    if line.cites:
        text += " [" + ", ".join(map(str, line.cites)) + "]"
    if quotes and line.quote:
        quote = _shortened(line.quote) if short else line.quote
        text += "\n  " + markup.italic(f"«{quote}»")
    return text


def _shortened(quote: str) -> str:
    if len(quote) <= SHORT_QUOTE:
        return quote
    return quote[:SHORT_QUOTE].rsplit(" ", 1)[0].rstrip(" ,;:") + " …"


@dataclass
class _Page:
    blocks: list[str] = field(default_factory=list)
    cites: list[int] = field(default_factory=list)

    def add(self, block: str, line: Line | None = None) -> None:
        self.blocks.append(block)
        if line is not None:
            self.cites += [n for n in line.cites if n not in self.cites]


def _sources(answer: Answer, cites: list[int], markup: Markup, lang: str) -> list[str]:
    if not cites:
        return []
    blocks = ["\n" + markup.bold(tr(lang, "Источники:", "Sources:"))]
    for number in sorted(cites):
        citation = answer.citations[number - 1]
        blocks.append(f"[{number}] " + markup.link(citation_text(citation, lang), citation.url))
    return blocks


def _pages(answer: Answer, markup: Markup, lang: str, *, quotes: bool) -> list[_Page]:
    """The answer's blocks by page: the first page holds the unpaged sections and the first
    items of each list; each later page the next ITEMS_PER_PAGE items."""
    first = _Page()
    if answer.headline:
        first.add(markup.bold(answer.headline))
    later: list[tuple[str | None, Line]] = []
    for section in answer.sections:
        if not section.lines:
            continue
        shown = section.lines if not section.paged or quotes else section.lines[:ITEMS_PER_PAGE]
        if section.title:
            first.add("\n" + markup.bold(section.title + ":"))
        for line in shown:
            # a list's facts carry their evidence, shortened: what the line can only name
            first.add(_line(line, markup, quotes=quotes or section.paged, short=not quotes), line)
        later += [(section.title, line) for line in section.lines[len(shown) :]]
    if answer.note:
        first.add("\n" + markup.esc(answer.note))
    pages = [first]
    for start in range(0, len(later), ITEMS_PER_PAGE):
        page = _Page()
        title = later[start][0]
        if title:
            page.add(markup.bold(title + ":"))
        for _, line in later[start : start + ITEMS_PER_PAGE]:
            page.add(_line(line, markup, quotes=True, short=not quotes), line)
        pages.append(page)
    return pages


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


def _pack(blocks: list[str], limit: int, *, is_html: bool) -> list[str]:
    """Whole blocks into messages of at most `limit`, oversized blocks cut."""
    pages: list[str] = []
    current = ""
    for block in blocks:
        oversized = telegram_length(block, is_html=is_html) > limit
        for piece in _split_block(block, limit, is_html=is_html) if oversized else [block]:
            candidate = f"{current}\n{piece}" if current else piece.lstrip("\n")
            if telegram_length(candidate, is_html=is_html) <= limit:
                current = candidate
            else:
                pages.append(current)
                current = piece.lstrip("\n")
    if current or not pages:
        pages.append(current)
    return pages


def _render(answer: Answer, markup: Markup, lang: str, limit: int, *, quotes: bool) -> list[str]:
    out: list[str] = []
    size: Callable[[str], int] = lambda text: telegram_length(text, is_html=markup.as_html)  # noqa: E731
    for page in _pages(answer, markup, lang, quotes=quotes):
        sources = _sources(answer, page.cites, markup, lang)
        blocks = page.blocks + sources
        if sum(size(b) + 1 for b in blocks) <= limit:
            out.append("\n".join(blocks).lstrip("\n"))
        else:  # a page of long lines: as many messages as it takes, sources on the last
            out += _pack(blocks, limit, is_html=markup.as_html)
    return out


def render_plain_pages(answer: Answer, limit: int = TELEGRAM_LIMIT) -> list[str]:
    return _render(answer, Markup(False), answer.lang, limit, quotes=False)


def render_html_pages(
    answer: Answer, lang: str | None = None, limit: int = TELEGRAM_LIMIT
) -> list[str]:
    """Telegram HTML pages (parse_mode=HTML); everything from articles and users is escaped."""
    return _render(answer, Markup(True), lang or answer.lang, limit - HTML_MARGIN, quotes=False)


def render_quotes(
    answer: Answer, lang: str | None = None, limit: int = TELEGRAM_LIMIT
) -> list[str]:
    """Every item with the sentence it comes from, and every source: «Источники и цитаты»."""
    return _render(answer, Markup(True), lang or answer.lang, limit - HTML_MARGIN, quotes=True)
