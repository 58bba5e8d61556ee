"""Downloading a user's document without trusting its declared size."""

from __future__ import annotations

import io
from typing import Any

from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest


class _TooLarge(Exception):
    pass


class _CappedBuffer(io.BytesIO):
    """Refuses to grow past `limit`: a download stops there instead of filling the memory."""

    def __init__(self, limit: int) -> None:
        super().__init__()
        self.limit = limit

    def write(self, data: Any) -> int:
        if self.tell() + len(data) > self.limit:
            raise _TooLarge
        return super().write(data)


async def download_within(bot: Bot, file_id: str, declared: int | None, limit: int) -> bytes | None:
    """The document's bytes, or None when it is larger than `limit`.

    Telegram's `file_size` is optional, so it is only the first check: getFile's size, its
    "file is too big" (over 20 MB) and the download itself are the others.
    """
    if declared and declared > limit:
        return None
    try:
        file = await bot.get_file(file_id)
    except TelegramBadRequest as error:
        if "too big" in error.message.lower():
            return None
        raise
    if file.file_size and file.file_size > limit:
        return None
    if not file.file_path:  # nothing to download: an empty article, refused as such
        return b""
    buffer = _CappedBuffer(limit)
    try:
        await bot.download_file(file.file_path, destination=buffer)
    except _TooLarge:
        return None
    return buffer.getvalue()
