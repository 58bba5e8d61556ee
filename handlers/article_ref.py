"""The article a command names (/text ID, /edit ID, /delete ID): found, or the user told why not."""

from __future__ import annotations

from typing import Any

from aiogram.types import Message

from bot.store import Store
from handlers.views import missing_article


async def named_article(
    message: Message, store: Store, ref: str, lang: str, usage: tuple[str, str]
) -> dict[str, Any] | None:
    """The article `ref` names; else the command's usage (no ref) or "no such article" is sent."""
    article = store.resolve_article(ref) if ref else None
    if article is None:
        await message.answer(missing_article(ref, lang, *usage))
    return article
