"""The language an answer is written in, and how names, places and dates are written in it.

In Russian everything stays as the articles write it. In English the bot writes people by
their Latin names (Wang Yi, Kassym-Jomart Tokayev), places and bodies in their English form
(Beijing, SCO), labels and dates in English; text quoted from an article stays Russian.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bot import geo
from bot.i18n import format_span, tr
from bot.search.aliases import latin_name, latin_place


@dataclass(frozen=True, slots=True)
class View:
    lang: str = "ru"
    today: date | None = None

    @property
    def english(self) -> bool:
        return self.lang == "en"

    def tr(self, ru: str, en: str) -> str:
        return tr(self.lang, ru, en)

    def person(self, name: str) -> str:
        if not self.english:
            return name
        return latin_name(name) or name

    def people(self, names: list[str], limit: int = 6, roles: dict[str, str] | None = None) -> str:
        """Names, each with the role given for it ("Аскар Мамин (Премьер-Министр Казахстана)")."""
        roles = roles or {}
        shown = [
            f"{self.person(n)} ({self.quote(roles[n])})" if n in roles else self.person(n)
            for n in names[:limit]
        ]
        more = f" +{len(names) - limit}" if len(names) > limit else ""
        return ", ".join(shown) + more

    def quote(self, text: str) -> str:
        """Article text as a quotation in an English answer; as it is in a Russian one."""
        return f"«{text}»" if self.english and text else text

    def party(self, name: str) -> str:
        """A document's party in English: a person's Latin name, a country's or place's
        English name, else the Russian as quoted."""
        if not self.english:
            return name
        known = geo.latin(name)
        if known:
            return known
        latin = latin_name(name)
        words = name.split()
        if latin and 1 < len(words) <= 3 and all(w[:1].isupper() for w in words):
            return latin  # a person: "Касым-Жомарт Токаев"
        return self.quote(name)

    def place(self, name: str | None) -> str:
        if not name:
            return ""
        if not self.english:
            return name
        return geo.latin(name) or latin_place(name) or name

    def span(self, start: str | None, end: str | None = None, precision: str | None = "day") -> str:
        if not start:
            return self.tr("дата не указана", "date not given")
        return format_span(start, end, precision or "day", self.lang)
