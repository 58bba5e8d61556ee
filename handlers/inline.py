"""Inline mode: `@bot Ван И` in any chat offers the matching facts as shareable results."""

from __future__ import annotations

import hashlib
import re

from aiogram import Router
from aiogram.types import (
    InlineQuery,
    InlineQueryResultArticle,
    InputTextMessageContent,
)

from bot.i18n import tr
from bot.settings import Settings
from bot.store import Store
from handlers.answering import MAX_QUESTION_CHARS, query_pages, today_for

router = Router(name="inline")
MAX_RESULTS = 10
_TAG = re.compile(r"<[^>]+>")


def _plain(html: str) -> str:
    from html import unescape

    return unescape(_TAG.sub("", html))


@router.inline_query()
async def inline(query: InlineQuery, store: Store, settings: Settings, lang: str) -> None:
    text = query.query.strip()[:MAX_QUESTION_CHARS]
    if not text:
        await query.answer(
            [],
            cache_time=5,
            is_personal=True,
        )
        return
    texts = query_pages(store, text, today_for(settings), lang)
    results = []
    for index, page in enumerate(texts[:MAX_RESULTS]):
        lines = [line.strip() for line in _plain(page).split("\n") if line.strip()]
        title = lines[0][:100] if lines else text
        description = " ".join(lines[1:3])[:200]
        key = hashlib.sha1(f"{text}\n{index}".encode()).hexdigest()[:32]
        results.append(
            InlineQueryResultArticle(
                id=key,
                title=title,
                description=description or tr(lang, "Справка", "Briefing"),
                input_message_content=InputTextMessageContent(message_text=page, parse_mode="HTML"),
            )
        )
    await query.answer(results, cache_time=30, is_personal=False)
