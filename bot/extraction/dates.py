"""Date phrases resolved against the publication date (stub: replaced by the dates work)."""

from __future__ import annotations

from bot.extraction.document import ArticleDoc
from bot.models import DateMention


def find_dates(adoc: ArticleDoc) -> list[DateMention]:
    return []
