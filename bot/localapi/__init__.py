"""A local Telegram Bot API server that validates every request against the official spec.

Used by end-to-end tests, benchmarks and the no-token sandbox (`python -m bot.localapi`).
"""

from bot.localapi.objects import ApiError, StoredFile
from bot.localapi.server import LocalBotAPI
from bot.localapi.spec import UploadedFile, conform, validate

__all__ = ["ApiError", "LocalBotAPI", "StoredFile", "UploadedFile", "conform", "validate"]
