"""Inline keyboards and their callback data (each packed form stays under Telegram's 64 bytes).

Buttons carry ids, never texts: a saved question's token survives restarts, so a button pressed a
week later still works, and no Russian text risks the 64-byte limit. Any client can send any
callback data, so what a button names is checked against the chat it is pressed in.
"""

from __future__ import annotations

from collections.abc import Callable

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.i18n import tr

MAX_CALLBACK_BYTES = 64


ANSWER, QUOTES = "a", "q"  # the views of an answer: the short items, or each with its sentence


class PageCB(CallbackData, prefix="pg"):
    """Page `page` of the answer to the saved question with token `query`, in `view`."""

    query: str
    page: int
    view: str = ANSWER


class QuotesCB(CallbackData, prefix="qt"):
    """«Источники и цитаты»: every item of the answer with the sentence it comes from."""

    query: str


class NoteCB(CallbackData, prefix="doc"):
    """The whole answer as a .docx briefing note."""

    query: str


class AskCB(CallbackData, prefix="ask"):
    """Ask the saved question with token `query` (the example questions of /start)."""

    query: str


class ArticlesCB(CallbackData, prefix="arts"):
    page: int


class DeleteCB(CallbackData, prefix="del"):
    article: int
    confirm: bool


class FixDateCB(CallbackData, prefix="fixdate"):
    article: int


class AddTodayCB(CallbackData, prefix="addtoday"):
    """While /add waits for a publication date: take today's."""


class LangCB(CallbackData, prefix="lang"):
    code: str


class NearDupCB(CallbackData, prefix="neardup"):
    """While /add waits: keep the near-duplicate as well, or skip it."""

    keep: bool


class EditCB(CallbackData, prefix="edit"):
    article: int


class TextCB(CallbackData, prefix="text"):
    """Page `page` of article `article`'s full text (/text)."""

    article: int
    page: int


def pager(
    token: str, page: int, total: int, lang: str, *, view: str = ANSWER, extras: bool = False
) -> InlineKeyboardMarkup | None:
    """The buttons under an answer: ◀ 2/5 Ещё ▶ for its pages, and (`extras`: an answer with
    sources) «Источники и цитаты» and the briefing note."""
    rows = []
    pages = _page_row(
        page, total, lang, lambda n: PageCB(query=token, page=n, view=view).pack(), more=True
    )
    if pages:
        rows.append(pages)
    if extras and view == ANSWER:
        rows.append(
            [
                InlineKeyboardButton(
                    text=tr(lang, "Источники и цитаты", "Sources and quotes"),
                    callback_data=QuotesCB(query=token).pack(),
                ),
                InlineKeyboardButton(
                    text=tr(lang, "📄 Справка .docx", "📄 Briefing .docx"),
                    callback_data=NoteCB(query=token).pack(),
                ),
            ]
        )
    return InlineKeyboardMarkup(inline_keyboard=rows) if rows else None


def _page_row(
    page: int, total: int, lang: str, data: Callable[[int], str], *, more: bool = False
) -> list[InlineKeyboardButton]:
    """◀ Назад · page/total · Далее ▶ (Ещё ▶ for the next items of an answer), each button
    carrying `data(page it shows)`; nothing for one page."""
    if total <= 1:
        return []
    row = []
    if page > 0:
        row.append(
            InlineKeyboardButton(text=tr(lang, "◀ Назад", "◀ Back"), callback_data=data(page - 1))
        )
    row.append(InlineKeyboardButton(text=f"{page + 1}/{total}", callback_data=data(page)))
    if page + 1 < total:
        label = tr(lang, "Ещё ▶", "More ▶") if more else tr(lang, "Далее ▶", "Next ▶")
        row.append(InlineKeyboardButton(text=label, callback_data=data(page + 1)))
    return row


def articles_pager(page: int, has_next: bool, lang: str) -> InlineKeyboardMarkup | None:
    row = []
    if page > 0:
        row.append(
            InlineKeyboardButton(
                text=tr(lang, "◀ Назад", "◀ Back"),
                callback_data=ArticlesCB(page=page - 1).pack(),
            )
        )
    if has_next:
        row.append(
            InlineKeyboardButton(
                text=tr(lang, "Далее ▶", "Next ▶"), callback_data=ArticlesCB(page=page + 1).pack()
            )
        )
    return InlineKeyboardMarkup(inline_keyboard=[row]) if row else None


def examples_keyboard(examples: list[tuple[str, str]]) -> InlineKeyboardMarkup | None:
    """One button per (label, saved question token)."""
    if not examples:
        return None
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [InlineKeyboardButton(text=label, callback_data=AskCB(query=token).pack())]
            for label, token in examples
        ]
    )


def delete_confirmation(article_id: int, lang: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [
                InlineKeyboardButton(
                    text=tr(lang, "🗑 Да, удалить", "🗑 Yes, delete"),
                    callback_data=DeleteCB(article=article_id, confirm=True).pack(),
                ),
                InlineKeyboardButton(
                    text=tr(lang, "Отмена", "Cancel"),
                    callback_data=DeleteCB(article=article_id, confirm=False).pack(),
                ),
            ]
        ]
    )


def summary_keyboard(article_id: int, lang: str) -> InlineKeyboardMarkup:
    """Under an /add summary: correct the date, the title or source, or read the text."""
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [
                InlineKeyboardButton(
                    text=tr(
                        lang, "📅 Исправить дату публикации", "📅 Correct the publication date"
                    ),
                    callback_data=FixDateCB(article=article_id).pack(),
                )
            ],
            [
                InlineKeyboardButton(
                    text=tr(lang, "✏️ Название, источник", "✏️ Title, source"),
                    callback_data=EditCB(article=article_id).pack(),
                ),
                InlineKeyboardButton(
                    text=tr(lang, "📄 Текст", "📄 Text"),
                    callback_data=TextCB(article=article_id, page=0).pack(),
                ),
            ],
        ]
    )


def near_duplicate_keyboard(lang: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [
                InlineKeyboardButton(
                    text=tr(lang, "Оставить обе", "Keep both"),
                    callback_data=NearDupCB(keep=True).pack(),
                ),
                InlineKeyboardButton(
                    text=tr(lang, "Пропустить", "Skip"),
                    callback_data=NearDupCB(keep=False).pack(),
                ),
            ]
        ]
    )


def text_pager(article_id: int, page: int, total: int, lang: str) -> InlineKeyboardMarkup | None:
    """◀ 2/5 ▶ under a page of an article's text."""
    row = _page_row(page, total, lang, lambda n: TextCB(article=article_id, page=n).pack())
    return InlineKeyboardMarkup(inline_keyboard=[row]) if row else None


def today_keyboard(lang: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [
                InlineKeyboardButton(
                    text=tr(lang, "Сегодня", "Today"), callback_data=AddTodayCB().pack()
                )
            ]
        ]
    )


def lang_keyboard() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [
                InlineKeyboardButton(text="🇷🇺 Русский", callback_data=LangCB(code="ru").pack()),
                InlineKeyboardButton(text="🇬🇧 English", callback_data=LangCB(code="en").pack()),
            ]
        ]
    )
