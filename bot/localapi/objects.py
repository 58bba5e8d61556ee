"""The objects shared by the local server's parts: errors in Telegram's wording, stored files."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any


class ApiError(Exception):
    """An answer with ok=false; `description` uses Telegram's own wording."""

    def __init__(
        self,
        status: int,
        description: str,
        retry_after: int | None = None,
        body: str | None = None,
    ) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
        self.retry_after = retry_after
        self.body = body  # not JSON at all: what a proxy or an odd server answers

    def payload(self) -> dict[str, Any]:
        if self.body is not None:
            return {"raw_body": self.body}
        body: dict[str, Any] = {
            "ok": False,
            "error_code": self.status,
            "description": self.description,
        }
        if self.retry_after is not None:
            body["parameters"] = {"retry_after": self.retry_after}
        return body


@dataclass
class StoredFile:
    file_id: str
    file_unique_id: str
    file_path: str
    filename: str
    content: bytes
    mime_type: str | None

    def as_document(self) -> dict[str, Any]:
        document = {
            "file_id": self.file_id,
            "file_unique_id": self.file_unique_id,
            "file_name": self.filename,
            "file_size": len(self.content),
        }
        if self.mime_type:
            document["mime_type"] = self.mime_type
        return document


def without_empty(message: dict[str, Any]) -> dict[str, Any]:
    """Telegram omits absent fields rather than sending nulls or empty lists."""
    return {key: value for key, value in message.items() if value not in (None, [], {})}


def now() -> int:
    return int(time.time())


def replied_copy(message: dict[str, Any]) -> dict[str, Any]:
    """Telegram nests replies one level deep: the replied-to message carries no reply itself."""
    copy = without_empty(dict(message))
    copy.pop("reply_to_message", None)
    return copy
