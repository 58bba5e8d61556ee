"""The structured answer both the CLI and the Telegram layer render.

An answer is a headline, sections of lines, and the articles they cite. Each line refers to its
article by a citation number, so the renderers can print sources once, and the builder can keep
an answer to at most MAX_CITATIONS articles by dropping lines that would need another.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

MAX_CITATIONS = 10
TELEGRAM_LIMIT = 4096


@dataclass(frozen=True)
class Citation:
    article_id: int
    file: str | None
    title: str | None
    source: str | None
    published: str
    url: str | None

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Citation:
        return cls(
            article_id=row["article_id"],
            file=row.get("file"),
            title=row.get("article_title") or row.get("title"),
            source=row.get("source"),
            published=row["published"],
            url=row.get("url"),
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "title": self.title,
            "source": self.source,
            "published": self.published,
            "url": self.url,
            "article_id": self.article_id,
        }


@dataclass
class Line:
    """One fact: an optional bold lead (a date, a name), the text, its evidence, its source."""

    text: str
    lead: str | None = None
    cite: int | None = None
    quote: str | None = None
    also: tuple[int, ...] = ()  # other articles telling the same fact

    @property
    def cites(self) -> tuple[int, ...]:
        """Its own article's number first, then the others telling the same fact."""
        return (self.cite, *self.also) if self.cite else ()


@dataclass
class Section:
    """A titled group of lines. Lines of a `paged` section (a list of facts) are spread over
    pages, a few per page; the others (roles, the evidence) stay whole on the first page."""

    title: str | None
    lines: list[Line] = field(default_factory=list)
    paged: bool = True


@dataclass
class Answer:
    query: str
    intent: str
    lang: str = "ru"
    headline: str = ""
    sections: list[Section] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)
    results: list[dict[str, Any]] = field(default_factory=list)
    suggestions: list[str] = field(default_factory=list)
    note: str | None = None  # a closing remark: "nothing found", "did you mean"
    today: date | None = None  # the date asked "as of": announcements before it are past

    # -- building --------------------------------------------------------------------------------

    def cite(self, row: dict[str, Any]) -> int | None:
        """The citation number of a row's article; None once MAX_CITATIONS articles are cited."""
        for number, citation in enumerate(self.citations, start=1):
            if citation.article_id == row["article_id"]:
                return number
        if len(self.citations) >= MAX_CITATIONS:
            return None
        self.citations.append(Citation.from_row(row))
        return len(self.citations)

    def add_line(
        self, section: Section, row: dict[str, Any] | None, text: str, **kwargs: Any
    ) -> bool:
        """Append a cited line; refuse (False) when its article would exceed the citation cap."""
        number = None
        if row is not None:
            number = self.cite(row)
            if number is None:
                return False
        section.lines.append(Line(text=text, cite=number, **kwargs))
        return True

    def also_cite(self, line: Line, rows: list[dict[str, Any]]) -> Line:
        """The line citing other articles that tell its fact too, as far as the cap allows."""
        numbers = [n for n in (self.cite(row) for row in rows) if n and n != line.cite]
        return replace(line, also=tuple(dict.fromkeys(numbers)))

    def section(self, title: str | None, *, paged: bool = True) -> Section:
        section = Section(title, paged=paged)
        self.sections.append(section)
        return section

    @property
    def is_empty(self) -> bool:
        return not any(section.lines for section in self.sections)

    # -- output ----------------------------------------------------------------------------------

    def pages(self, limit: int = TELEGRAM_LIMIT) -> list[str]:
        from bot.search.render import render_plain_pages

        return render_plain_pages(self, limit)

    @property
    def text(self) -> str:
        """What the user sees first: the whole answer, or its first page when it is longer."""
        return self.pages()[0]

    def to_json(self) -> dict[str, Any]:
        return {
            "answer": self.text,
            "intent": self.intent,
            "citations": [citation.to_json() for citation in self.citations],
            "results": self.results,
            "suggestions": self.suggestions,
            "pages": len(self.pages()),
        }


def iso(value: date | str | None) -> str | None:
    if value is None:
        return None
    return value if isinstance(value, str) else value.isoformat()
