"""/text ID: an article's full text, page by page, for anyone who wants to read the source.

The pages are recomputed from the stored text when a button is pressed, so a button outlives
restarts; one pressed after the article was deleted says so.
"""

from __future__ import annotations

from aiogram import Router
from aiogram.exceptions import TelegramBadRequest
from aiogram.filters import Command, CommandObject
from aiogram.types import CallbackQuery, Message

from bot.i18n import tr
from bot.store import Store
from handlers.article_ref import named_article
from handlers.keyboards import TextCB, text_pager
from handlers.views import text_pages

router = Router(name="article_text")


@router.message(Command("text"))
async def text_command(message: Message, command: CommandObject, store: Store, lang: str) -> None:
    usage = (
        "Использование: /text ID — полный текст статьи (номера — в ответах и /articles).",
        "Usage: /text ID — an article's full text (ids are in answers and /articles).",
    )
    article = await named_article(message, store, (command.args or "").strip(), lang, usage)
    if article is None:
        return
    texts = text_pages(article, lang)
    await message.answer(texts[0], reply_markup=text_pager(article["id"], 0, len(texts), lang))


@router.callback_query(TextCB.filter())
async def text_page(query: CallbackQuery, callback_data: TextCB, store: Store, lang: str) -> None:
    article = store.article(callback_data.article)
    if article is None:
        await query.answer(
            tr(lang, "Этой статьи больше нет.", "That article no longer exists."), show_alert=True
        )
        return
    texts = text_pages(article, lang)
    page = max(0, min(callback_data.page, len(texts) - 1))
    markup = text_pager(article["id"], page, len(texts), lang)
    await query.answer()
    message = query.message
    if not isinstance(message, Message):
        if message is not None:
            await query.bot.send_message(message.chat.id, texts[page], reply_markup=markup)
        return
    if message.text and message.text.startswith(f"#{article['id']} "):  # a page: turn it
        try:
            await message.edit_text(texts[page], reply_markup=markup)
            return
        except TelegramBadRequest as error:
            if "not modified" in str(error):
                return
    await message.answer(texts[page], reply_markup=markup)
