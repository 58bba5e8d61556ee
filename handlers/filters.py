"""Who a message is for: in groups the bot speaks only when addressed."""

from __future__ import annotations

import re
from typing import Any

from aiogram import Bot
from aiogram.enums import ChatType
from aiogram.filters import BaseFilter
from aiogram.types import Message


class Addressed(BaseFilter):
    """Private chats always; in groups a mention of the bot or a reply to one of its messages.

    Passes the text without the mention to the handler as `question`.
    """

    async def __call__(self, message: Message, bot: Bot) -> bool | dict[str, Any]:
        text = message.text or ""
        me = await bot.me()
        mention = f"@{me.username}" if me.username else None
        if message.chat.type == ChatType.PRIVATE:
            return {"question": strip_mention(text, mention)}
        replied = message.reply_to_message
        if replied is not None and replied.from_user and replied.from_user.id == me.id:
            return {"question": strip_mention(text, mention)}
        if mention and mention.lower() in text.lower():
            return {"question": strip_mention(text, mention)}
        return False


def strip_mention(text: str, mention: str | None) -> str:
    if not mention:
        return text.strip()
    return re.sub(re.escape(mention), " ", text, flags=re.IGNORECASE).strip(" ,:\n\t")


class Private(BaseFilter):
    async def __call__(self, message: Message) -> bool:
        return message.chat.type == ChatType.PRIVATE
