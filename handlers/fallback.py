"""Everything no other router took: unknown commands, stickers, media, edited messages.

Registered last. In groups it stays silent unless addressed, so it never spams a chat.
"""

from __future__ import annotations

import re

from aiogram import Bot, F, Router
from aiogram.enums import ChatType
from aiogram.types import CallbackQuery, Message

from bot.i18n import tr
from bot.settings import Settings
from bot.store import Store
from handlers.answering import MAX_QUESTION_CHARS, send_answer
from handlers.filters import Addressed

router = Router(name="fallback")
_COMMAND = re.compile(r"^/([A-Za-z0-9_]+)(?:@([A-Za-z0-9_]+))?")


async def _addressed_to_us(message: Message, bot: Bot) -> bool:
    if message.chat.type == ChatType.PRIVATE:
        return True
    me = await bot.me()
    match = _COMMAND.match(message.text or "")
    if match and match[2]:
        return bool(me.username) and match[2].lower() == me.username.lower()
    replied = message.reply_to_message
    return bool(replied and replied.from_user and replied.from_user.id == me.id)


@router.message(F.text.startswith("/"))
async def unknown_command(message: Message, bot: Bot, lang: str) -> None:
    if not await _addressed_to_us(message, bot):
        return
    match = _COMMAND.match(message.text or "")
    name = f"/{match[1]}" if match else (message.text or "/")[:30]
    await message.answer(
        tr(
            lang,
            f"Не знаю команду {name}. Список команд — /help, а вопрос можно просто написать.",
            f"I don't know the command {name}. See /help, or just type a question.",
        ).replace("<", "&lt;")
    )


@router.message(F.sticker)
async def sticker(message: Message, bot: Bot, lang: str) -> None:
    if await _addressed_to_us(message, bot):
        await message.answer(
            tr(
                lang,
                "Отличный стикер! Но я понимаю только текст: спросите, например, «Ван И».",
                "Nice sticker! But I understand text only: ask, e.g., “Wang Yi”.",
            )
        )


@router.edited_message(F.text & ~F.text.startswith("/"), Addressed())
async def edited(
    message: Message, question: str, store: Store, settings: Settings, lang: str
) -> None:
    """An edited question deserves the answer to its new wording."""
    if not question or len(question) > MAX_QUESTION_CHARS:
        return
    await send_answer(message, store, settings, lang, question, reply=True)


@router.edited_message()
async def edited_other(message: Message) -> None:
    """Other edits (captions, commands, media) change nothing; acknowledging them would be noise."""


@router.message()
async def anything_else(message: Message, bot: Bot, lang: str) -> None:
    if not await _addressed_to_us(message, bot):
        return
    if message.text is not None and not message.text.strip():
        text = tr(
            lang,
            "Пустое сообщение — напишите вопрос.",
            "An empty message — please type a question.",
        )
    else:
        text = tr(
            lang,
            "Я понимаю только текстовые вопросы — например, «Когда Токаев встречался с Си Цзиньпином?». /help — подсказка.",
            "I understand text questions only — e.g. “When did Tokayev meet Xi Jinping?”. /help — how to ask.",
        )
    await message.answer(text)


@router.callback_query()
async def unknown_button(query: CallbackQuery, lang: str) -> None:
    """A button from an older version of the bot, or one whose data no longer parses."""
    await query.answer(
        tr(
            lang,
            "Эта кнопка устарела — задайте вопрос заново или откройте /start.",
            "This button has expired — ask again or open /start.",
        ),
        show_alert=True,
    )
