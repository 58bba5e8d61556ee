"""A question in, pages of HTML out: the one path every answer takes (text, commands, buttons).

A question is saved (with the chat it was asked in) before it is answered; buttons carry only its
token, and a page is recomputed from the saved text and "today" when pressed, so old buttons keep
working after restarts.
"""

from __future__ import annotations

import logging
from datetime import date, datetime

from aiogram.types import Message

from bot.i18n import tr
from bot.scheduler import zone
from bot.search import answer
from bot.search.analyse import clean_text as clean_question
from bot.search.render import render_html_pages
from bot.settings import Settings
from bot.store import Store
from handlers.keyboards import pager
from handlers.views import article_pages

log = logging.getLogger(__name__)

ARTICLE_QUERY = "/article "  # saved queries that show an article card, not a search answer
MAX_QUESTION_CHARS = 1000


def today_for(settings: Settings, timezone: str | None = None) -> date:
    """TODAY when set; else today where the bot's users are (`timezone`, else TIMEZONE), not
    where the server happens to run; an unknown zone falls back to the digests' default."""
    return settings.today or datetime.now(zone(timezone or settings.timezone)).date()


def query_pages(store: Store, text: str, today: date, lang: str) -> list[str]:
    """Every page of the reply to a saved question, each within Telegram's limit."""
    if text.startswith(ARTICLE_QUERY):
        article = store.resolve_article(text.removeprefix(ARTICLE_QUERY).strip())
        if article is None:
            return [tr(lang, "Статья не найдена.", "Article not found.")]
        return article_pages(article, store.article_facts(article["id"]), lang, today)
    result = answer(store, text, today, lang)
    rendered = [page for page in render_html_pages(result, lang) if page.strip()]
    if not rendered:
        return [tr(lang, "Ничего не нашлось.", "Nothing found.")]
    return rendered


async def send_answer(
    message: Message,
    store: Store,
    settings: Settings,
    lang: str,
    question: str,
    *,
    reply: bool = False,
) -> Message:
    """Answer `question` in the chat of `message`: first page, with ◀ ▶ if there are more."""
    question = clean_question(question)
    today = today_for(settings)
    user_id = message.from_user.id if message.from_user else None
    token = store.save_query(user_id, message.chat.id, question, lang, today.isoformat())
    texts = query_pages(store, question, today, lang)
    send = message.reply if reply else message.answer
    return await send(
        texts[0],
        reply_markup=pager(token, 0, len(texts), lang),
    )
