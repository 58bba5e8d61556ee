"""Buttons under answers: more items, the quotes, the briefing note, and the example questions
of /start.

A button can outlive the message it is on, the process, even the question it refers to; each
case gets an answer rather than a spinning button. A question is found only from the chat it was
asked in, so forged callback data cannot read another user's questions.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from aiogram import Router
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import BufferedInputFile, CallbackQuery, Message

from bot.briefing_note import briefing_docx, note_filename, note_title
from bot.i18n import tr
from bot.settings import Settings
from bot.store import Store
from handlers.answering import Reply, reply_to, today_for
from handlers.keyboards import ANSWER, QUOTES, AskCB, NoteCB, PageCB, QuotesCB
from handlers.views import esc

router = Router(name="pagination")


def _expired(lang: str) -> str:
    return tr(
        lang,
        "Этот ответ устарел — задайте вопрос заново.",
        "This answer has expired — please ask again.",
    )


def _own_saved_query(store: Store, query: CallbackQuery, token: str) -> dict[str, Any] | None:
    """The saved question a button names, if it was asked in the chat the button is in."""
    if query.message is None:  # a button under an inline message: no chat to check against
        return None
    return store.saved_query(token, query.message.chat.id)


async def _saved_or_expired(
    query: CallbackQuery, store: Store, token: str, lang: str
) -> dict[str, Any] | None:
    saved = _own_saved_query(store, query, token)
    if saved is None:
        await query.answer(_expired(lang), show_alert=True)
    return saved


def _saved_reply(store: Store, saved: dict[str, Any], lang: str, view: str = ANSWER) -> Reply:
    """The reply to a saved question as it was asked: its language and its "today"."""
    return reply_to(store, saved["text"], date.fromisoformat(saved["today"]), lang, view)


@router.callback_query(PageCB.filter())
async def turn_page(query: CallbackQuery, callback_data: PageCB, store: Store, lang: str) -> None:
    saved = await _saved_or_expired(query, store, callback_data.query, lang)
    if saved is None:
        return
    lang = saved["lang"] or lang
    view = QUOTES if callback_data.view == QUOTES else ANSWER
    answered = _saved_reply(store, saved, lang, view)
    page = max(0, min(callback_data.page, len(answered.pages) - 1))
    text, markup = answered.pages[page], answered.markup(callback_data.query, page, lang, view)
    await query.answer()
    if not isinstance(query.message, Message):  # too old for Telegram to show us
        if query.message is not None:
            await query.bot.send_message(query.message.chat.id, text, reply_markup=markup)
        return
    try:
        await query.message.edit_text(text, reply_markup=markup)
    except TelegramBadRequest as error:
        if "not modified" in str(error):  # the page shown already: nothing to do
            return
        # Too old or no longer editable: the page still reaches the user, as a new message.
        await query.message.answer(text, reply_markup=markup)


@router.callback_query(QuotesCB.filter())
async def show_quotes(
    query: CallbackQuery, callback_data: QuotesCB, store: Store, lang: str
) -> None:
    """The evidence as a message of its own, so the short answer stays as it was."""
    saved = await _saved_or_expired(query, store, callback_data.query, lang)
    if saved is None or query.message is None:
        return
    lang = saved["lang"] or lang
    answered = _saved_reply(store, saved, lang, QUOTES)
    await query.answer()
    await query.bot.send_message(
        query.message.chat.id,
        answered.pages[0],
        reply_markup=answered.markup(callback_data.query, 0, lang, QUOTES),
    )


@router.callback_query(NoteCB.filter())
async def send_note(
    query: CallbackQuery, callback_data: NoteCB, store: Store, settings: Settings, lang: str
) -> None:
    """The whole answer, every page and source, as a .docx file to forward."""
    saved = await _saved_or_expired(query, store, callback_data.query, lang)
    if saved is None or query.message is None:
        return
    lang = saved["lang"] or lang
    answered = _saved_reply(store, saved, lang)
    if answered.answer is None or not answered.has_sources:
        await query.answer(tr(lang, "Здесь нечего выгружать.", "Nothing to export here."))
        return
    await query.answer(tr(lang, "Готовлю справку…", "Preparing the briefing…"))
    made = today_for(settings)
    data = briefing_docx(answered.answer, made, lang)
    await query.bot.send_document(
        query.message.chat.id,
        BufferedInputFile(data, filename=note_filename(answered.answer, made)),
        caption=esc(note_title(answered.answer)),
    )


@router.callback_query(AskCB.filter())
async def ask_example(
    query: CallbackQuery, callback_data: AskCB, store: Store, settings: Settings, lang: str
) -> None:
    saved = await _saved_or_expired(query, store, callback_data.query, lang)
    if saved is None or query.message is None:
        return
    await query.answer()
    today = today_for(settings)
    chat_id = query.message.chat.id
    token = store.save_query(query.from_user.id, chat_id, saved["text"], lang, today.isoformat())
    answered = reply_to(store, saved["text"], today, lang)
    await query.bot.send_message(
        chat_id, answered.pages[0], reply_markup=answered.markup(token, 0, lang)
    )
