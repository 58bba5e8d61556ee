"""Inline mode: `@bot Ван И` in any chat offers people and the dated facts that match, to share.

People come first (their briefing is the shared message), then each cited fact of the answer
(events, agreements, mentions) as its own result with its source, so a user shares exactly one.
"""

from __future__ import annotations

import hashlib

from aiogram import Router
from aiogram.types import InlineQuery, InlineQueryResultArticle, InputTextMessageContent

from bot.i18n import tr
from bot.search import answer, find_people
from bot.search.analyse import clean_text as clean_question
from bot.search.render import citation_text
from bot.settings import Settings
from bot.store import Store
from handlers.answering import MAX_QUESTION_CHARS, reply_to, today_for
from handlers.views import clip, esc

router = Router(name="inline")
MAX_RESULTS = 20
MAX_PEOPLE = 3


def _result_id(query: str, kind: str, index: int) -> str:
    return hashlib.sha1(f"{kind}\n{index}\n{query}".encode()).hexdigest()[:40]


def inline_results(
    store: Store, text: str, settings: Settings, lang: str
) -> list[InlineQueryResultArticle]:
    today = today_for(settings)
    results: list[InlineQueryResultArticle] = []
    for index, person in enumerate(find_people(store, text, limit=MAX_PEOPLE)):
        page = reply_to(store, person.name, today, lang).pages[0]
        results.append(
            InlineQueryResultArticle(
                id=_result_id(text, "person", index),
                title=f"👤 {person.name}",
                description=clip("; ".join(person.roles), 150) or tr(lang, "Досье", "Profile"),
                input_message_content=InputTextMessageContent(message_text=page),
            )
        )
    result = answer(store, text, today, lang)
    index = 0
    for section in result.sections:
        for line in section.lines:
            if line.cite is None or len(results) >= MAX_RESULTS:
                continue
            citation = result.citations[line.cite - 1]
            source = citation_text(citation, lang)
            lead = f"<b>{esc(line.lead)}</b> — " if line.lead else ""
            message = f"{lead}{esc(clip(line.text, 3000))}\n<i>{esc(clip(source, 500))}</i>"
            title = f"{line.lead} — {line.text}" if line.lead else line.text
            results.append(
                InlineQueryResultArticle(
                    id=_result_id(text, "fact", index),
                    title=clip(title, 120),
                    description=clip(f"{section.title or ''}: {source}".lstrip(": "), 200),
                    input_message_content=InputTextMessageContent(message_text=message),
                )
            )
            index += 1
    return results


@router.inline_query()
async def inline(query: InlineQuery, store: Store, settings: Settings, lang: str) -> None:
    text = clean_question(query.query).strip()[:MAX_QUESTION_CHARS]
    results = inline_results(store, text, settings, lang) if text else []
    # Personal: results are in the asking user's language, so one user's must not be cached for all.
    await query.answer(results, cache_time=30 if text else 5, is_personal=True)
