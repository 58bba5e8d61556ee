"""A question in, pages of HTML out: the one path every answer takes (text, commands, buttons).

A question is saved (with the chat it was asked in) before it is answered; buttons carry only its
token, and a page is recomputed from the saved text and "today" when pressed, so old buttons keep
working after restarts.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime

from aiogram.types import InlineKeyboardMarkup, Message

from bot.i18n import tr
from bot.scheduler import zone
from bot.search import answer
from bot.search.analyse import clean_text as clean_question
from bot.search.answer import Answer
from bot.search.render import render_html_pages, render_quotes
from bot.settings import Settings
from bot.store import Store
from handlers.keyboards import ANSWER, QUOTES, pager
from handlers.views import article_pages

log = logging.getLogger(__name__)

ARTICLE_QUERY = "/article "  # saved queries that show an article card, not a search answer
MAX_QUESTION_CHARS = 1000


def today_for(settings: Settings, timezone: str | None = None) -> date:
    """TODAY when set; else today where the bot's users are (`timezone`, else TIMEZONE), not
    where the server happens to run; an unknown zone falls back to the digests' default."""
    return settings.today or datetime.now(zone(timezone or settings.timezone)).date()


@dataclass
class Reply:
    """The pages of the reply to a saved question, and the answer they render (None for an
    article card): what the buttons under it offer depends on it."""

    pages: list[str]
    answer: Answer | None = None

    @property
    def has_sources(self) -> bool:
        """Worth «Источники и цитаты» and a briefing note: an answer citing articles."""
        return self.answer is not None and bool(self.answer.citations)

    def markup(
        self, token: str, page: int, lang: str, view: str = ANSWER
    ) -> InlineKeyboardMarkup | None:
        return pager(token, page, len(self.pages), lang, view=view, extras=self.has_sources)


def reply_to(store: Store, text: str, today: date, lang: str, view: str = ANSWER) -> Reply:
    """Every page of the reply to a saved question, each within Telegram's limit: the short
    answer, or (QUOTES) every item with its sentence."""
    if text.startswith(ARTICLE_QUERY):
        article = store.resolve_article(text.removeprefix(ARTICLE_QUERY).strip())
        if article is None:
            return Reply([tr(lang, "Статья не найдена.", "Article not found.")])
        return Reply(article_pages(article, store.article_facts(article["id"]), lang, today))
    result = answer(store, text, today, lang)
    render = render_quotes if view == QUOTES else render_html_pages
    rendered = [page for page in render(result, lang) if page.strip()]
    return Reply(rendered or [tr(lang, "Ничего не нашлось.", "Nothing found.")], result)


async def send_answer(
    message: Message,
    store: Store,
    settings: Settings,
    lang: str,
    question: str,
    *,
    reply: bool = False,
) -> Message:
    """Answer `question` in the chat of `message`: its first page, with the buttons for more
    items, the quotes and the briefing note."""
    question = clean_question(question)
    today = today_for(settings)
    user_id = message.from_user.id if message.from_user else None
    token = store.save_query(user_id, message.chat.id, question, lang, today.isoformat())
    answered = reply_to(store, question, today, lang)
    send = message.reply if reply else message.answer
    return await send(answered.pages[0], reply_markup=answered.markup(token, 0, lang))
