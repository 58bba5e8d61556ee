"""Buttons under answers: turning pages and asking the example questions of /start.

A button can outlive the message it is on, the process, even the question it refers to; each
case gets an answer rather than a spinning button. A question is found only from the chat it was
asked in, so forged callback data cannot read another user's questions.
"""

from __future__ import annotations

from datetime import date

from aiogram import Router
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import CallbackQuery, Message

from bot.i18n import tr
from bot.settings import Settings
from bot.store import Store
from handlers.answering import query_pages, today_for
from handlers.keyboards import AskCB, PageCB, pager

router = Router(name="pagination")


def _expired(lang: str) -> str:
    return tr(
        lang,
        "Этот ответ устарел — задайте вопрос заново.",
        "This answer has expired — please ask again.",
    )


def _own_saved_query(store: Store, query: CallbackQuery, token: str) -> dict | None:
    """The saved question a button names, if it was asked in the chat the button is in."""
    if query.message is None:  # a button under an inline message: no chat to check against
        return None
    return store.saved_query(token, query.message.chat.id)


@router.callback_query(PageCB.filter())
async def turn_page(query: CallbackQuery, callback_data: PageCB, store: Store, lang: str) -> None:
    saved = _own_saved_query(store, query, callback_data.query)
    if saved is None:
        await query.answer(_expired(lang), show_alert=True)
        return
    today = date.fromisoformat(saved["today"])
    texts = query_pages(store, saved["text"], today, saved["lang"] or lang)
    page = max(0, min(callback_data.page, len(texts) - 1))
    markup = pager(callback_data.query, page, len(texts), saved["lang"] or lang)
    if not isinstance(query.message, Message):  # too old for Telegram to show us
        await query.answer()
        if query.message is not None:
            await query.bot.send_message(query.message.chat.id, texts[page], reply_markup=markup)
        return
    await query.answer()
    try:
        await query.message.edit_text(texts[page], reply_markup=markup)
    except TelegramBadRequest as error:
        if "not modified" in str(error):  # the page shown already: nothing to do
            return
        # Too old or no longer editable: the page still reaches the user, as a new message.
        await query.message.answer(texts[page], reply_markup=markup)


@router.callback_query(AskCB.filter())
async def ask_example(
    query: CallbackQuery, callback_data: AskCB, store: Store, settings: Settings, lang: str
) -> None:
    saved = _own_saved_query(store, query, callback_data.query)
    if saved is None or query.message is None:
        await query.answer(_expired(lang), show_alert=True)
        return
    await query.answer()
    today = today_for(settings)
    chat_id = query.message.chat.id
    token = store.save_query(query.from_user.id, chat_id, saved["text"], lang, today.isoformat())
    texts = query_pages(store, saved["text"], today, lang)
    await query.bot.send_message(
        chat_id,
        texts[0],
        reply_markup=pager(token, 0, len(texts), lang),
    )
