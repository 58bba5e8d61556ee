"""The bot's dispatcher in-process: updates fed straight to it, replies checked by a local Bot API
server that validates every request against the spec. Used by test_handlers and its siblings."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

from aiogram import Bot, Dispatcher
from aiogram.types import Update

from bot.app import build_bot, build_dispatcher
from bot.localapi import LocalBotAPI
from bot.settings import Settings
from bot.store import Store, open_store

ADMIN_ID = 1001
USER_ID = 2002


class Harness:
    def __init__(self, server: LocalBotAPI, bot: Bot, dp: Dispatcher, store: Store) -> None:
        self.server = server
        self.bot = bot
        self.dp = dp
        self.store = store

    async def feed(self, update: dict[str, Any]) -> None:
        await self.dp.feed_update(
            self.bot, Update.model_validate(update, context={"bot": self.bot})
        )

    async def say(self, chat_id: int, text: str, **kwargs: Any) -> list[dict[str, Any]]:
        """The bot's new messages in `chat_id` after the user writes `text` there."""
        before = len(self.server.sent_messages(chat_id))
        await self.feed(self.server.send_text(chat_id, text, **kwargs))
        return self.server.sent_messages(chat_id)[before:]

    async def press(
        self, message: dict[str, Any], data: str, user_id: int | None = None
    ) -> dict[str, Any]:
        """Press a button; returns Telegram's record of the callback answer."""
        update = self.server.press_button(message, data, user_id=user_id)
        await self.feed(update)
        return self.server.callback_answers[update["callback_query"]["id"]] or {}

    def current(self, message: dict[str, Any]) -> dict[str, Any]:
        chat = message["chat"]["id"]
        return next(
            m for m in self.server.sent_messages(chat) if m["message_id"] == message["message_id"]
        )


@contextlib.asynccontextmanager
async def open_harness(db: Path, **settings_fields: Any) -> AsyncIterator[Harness]:
    """The bot's dispatcher on `db` with a local Bot API server; `settings_fields` override."""
    server = await LocalBotAPI().start()
    fields: dict[str, Any] = {
        "admin_ids": frozenset({ADMIN_ID}),
        "throttle_burst": 1000,  # tests type faster than any person; flooding is tested apart
        **settings_fields,
    }
    settings = Settings(
        _env_file=None,
        database_path=db,
        bot_token=server.token,
        telegram_api_url=server.url,
        **fields,
    )
    store = open_store(db)
    bot = build_bot(settings)
    dp = build_dispatcher(store, settings, bot)
    try:
        yield Harness(server, bot, dp, store)
        assert server.violations == []
    finally:
        await bot.session.close()
        store.close()
        await server.stop()


def buttons(message: dict[str, Any]) -> dict[str, str]:
    return {
        b["text"]: b.get("callback_data", "")
        for row in (message.get("reply_markup") or {}).get("inline_keyboard", [])
        for b in row
    }
