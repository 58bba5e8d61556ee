"""The user side of the local server: what tests (and the sandbox chat) do as a Telegram user.

A mixin of LocalBotAPI: injected messages, button presses, uploads and inline queries become
updates the bot polls; the readers return what the bot sent and wait for it without sleeping.
"""

from __future__ import annotations

import asyncio
import contextlib
import mimetypes
import time
from collections.abc import Callable
from typing import Any

from bot.localapi.entities import detect_entities
from bot.localapi.objects import StoredFile, now, replied_copy, without_empty
from bot.localapi.terminal import valid


class UserSide:
    """Helpers over the state attributes set up by LocalBotAPI."""

    def register_user(
        self,
        user_id: int,
        first_name: str = "Tester",
        language_code: str | None = "ru",
        username: str | None = None,
    ) -> dict[str, Any]:
        user: dict[str, Any] = {"id": user_id, "is_bot": False, "first_name": first_name}
        if username:
            user["username"] = username
        if language_code:
            user["language_code"] = language_code
        self.users[user_id] = user
        return user

    def register_chat(
        self, chat_id: int, chat_type: str | None = None, title: str | None = None
    ) -> dict[str, Any]:
        """Make a chat known, e.g. the 10,000 subscribers of a fan-out benchmark."""
        chat_type = chat_type or ("private" if chat_id > 0 else "supergroup")
        chat: dict[str, Any] = {"id": chat_id, "type": chat_type}
        if chat_type == "private":
            user = self.users.get(chat_id) or self.register_user(chat_id)
            chat["first_name"] = user["first_name"]
            if "username" in user:
                chat["username"] = user["username"]
        else:
            chat["title"] = title or f"Group {chat_id}"
        self.chats[chat_id] = chat
        return chat

    def set_member_status(self, chat_id: int, user_id: int, status: str) -> None:
        """What getChatMember answers for this user in this group: "creator", "administrator",
        "member" (the default), "restricted", "left" or "kicked"."""
        self.member_statuses[(chat_id, user_id)] = status

    def send_text(
        self,
        chat_id: int,
        text: str,
        user_id: int | None = None,
        first_name: str = "Tester",
        language_code: str | None = "ru",
        chat_type: str = "private",
        reply_to: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        """A user types `text`; Telegram marks its commands and @mentions with entities.

        Group chats (negative ids, chat_type "group"/"supergroup") need an explicit `user_id`.
        """
        message = self._user_message(chat_id, user_id, first_name, language_code, chat_type)
        text = valid(text)  # whatever a test or a terminal hands us, Telegram sends valid UTF-8
        message["text"] = text
        message["entities"] = detect_entities(text)
        if reply_to is not None:
            message["reply_to_message"] = replied_copy(reply_to)
        return self._push_user_message(message)

    def send_document(
        self,
        chat_id: int,
        filename: str,
        content: bytes,
        caption: str | None = None,
        user_id: int | None = None,
        mime_type: str | None = None,
        declare_size: bool = True,
        **user: Any,
    ) -> dict[str, Any]:
        """A user uploads a file; the bot can getFile and download it.

        Telegram's Document.file_size is optional: `declare_size=False` leaves it out.
        """
        stored = self.store_file(filename, content, mime_type)
        message = self._user_message(chat_id, user_id, **user)
        message["document"] = stored.as_document()
        if not declare_size:
            del message["document"]["file_size"]
        if caption is not None:
            message["caption"] = caption
        return self._push_user_message(message)

    def send_sticker(
        self, chat_id: int, emoji: str = "👍", user_id: int | None = None, **user: Any
    ) -> dict[str, Any]:
        stored = self.store_file("sticker.webp", b"RIFF\x00\x00\x00\x00WEBP", "image/webp")
        message = self._user_message(chat_id, user_id, **user)
        message["sticker"] = {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
            "emoji": emoji,
        }
        return self._push_user_message(message)

    def edit_text(self, message: dict[str, Any], new_text: str) -> dict[str, Any]:
        """The user edits one of their own earlier messages."""
        key = (message["chat"]["id"], message["message_id"])
        stored = self.messages[key]
        if stored.get("from", {}).get("id") == self.bot_user["id"]:
            raise ValueError("users can only edit their own messages")
        stored["text"] = new_text
        stored["edit_date"] = now()
        return self._push_update({"edited_message": without_empty(dict(stored))})

    def press_button(
        self,
        message: dict[str, Any],
        callback_data: str,
        user_id: int | None = None,
        check_exists: bool = True,
    ) -> dict[str, Any]:
        """A user presses an inline button of a bot message (as it looks now, after edits)."""
        chat_id = message["chat"]["id"]
        current = self.messages.get((chat_id, message["message_id"]), message)
        buttons = [
            button.get("callback_data")
            for row in (current.get("reply_markup") or {}).get("inline_keyboard", [])
            for button in row
        ]
        if check_exists and callback_data not in buttons:
            raise ValueError(f"no button with callback_data {callback_data!r}; have {buttons}")
        user_id = user_id if user_id is not None else chat_id
        query_id = str(next(self._query_ids))
        self.callback_answers[query_id] = None
        self._chat_marks[chat_id] = len(self._bot_messages)
        return self._push_update(
            {
                "callback_query": {
                    "id": query_id,
                    "from": self.users.get(user_id) or self.register_user(user_id),
                    "message": without_empty(dict(current)),
                    "chat_instance": str(chat_id),
                    "data": callback_data,
                }
            }
        )

    def inline_query(
        self, user_id: int, query: str, offset: str = "", chat_type: str | None = "sender"
    ) -> dict[str, Any]:
        query_id = str(next(self._query_ids))
        self.inline_answers[query_id] = None
        inline: dict[str, Any] = {
            "id": query_id,
            "from": self.users.get(user_id) or self.register_user(user_id),
            "query": query,
            "offset": offset,
        }
        if chat_type:
            inline["chat_type"] = chat_type
        return self._push_update({"inline_query": inline})

    def store_file(self, filename: str, content: bytes, mime_type: str | None = None) -> StoredFile:
        number = next(self._file_ids)
        suffix = "." + filename.rsplit(".", 1)[-1] if "." in filename else ""
        stored = StoredFile(
            file_id=f"LOCALFILE{number:06d}",
            file_unique_id=f"u{number:06d}",
            file_path=f"documents/file_{number}{suffix}",
            filename=filename,
            content=content,
            mime_type=mime_type or mimetypes.guess_type(filename)[0],
        )
        self.files[stored.file_id] = stored
        self._files_by_path[stored.file_path] = stored
        return stored

    def _user_message(
        self,
        chat_id: int,
        user_id: int | None = None,
        first_name: str = "Tester",
        language_code: str | None = "ru",
        chat_type: str = "private",
    ) -> dict[str, Any]:
        if user_id is None:
            if chat_type != "private" or chat_id < 0:
                raise ValueError("a message in a group needs the sender's user_id")
            user_id = chat_id
        user = self.users.get(user_id)
        if (
            user is None
            or user["first_name"] != first_name
            or user.get("language_code") != language_code
        ):
            user = self.register_user(user_id, first_name, language_code)
        chat = self.chats.get(chat_id) or self.register_chat(chat_id, chat_type)
        return {
            "message_id": self._next_message_id(chat_id),
            "from": user,
            "date": now(),
            "chat": chat,
        }

    def _push_user_message(self, message: dict[str, Any]) -> dict[str, Any]:
        chat_id = message["chat"]["id"]
        self.messages[(chat_id, message["message_id"])] = message
        self._chat_marks[chat_id] = len(self._bot_messages)
        return self._push_update({"message": without_empty(dict(message))})

    def _push_update(self, payload: dict[str, Any]) -> dict[str, Any]:
        update = {"update_id": next(self._update_ids), **payload}
        self.updates.append(update)
        self._notify()
        return update

    # ----------------------------------------------------------------- reading the bot side

    def sent_messages(
        self, chat_id: int | None = None, include_deleted: bool = False
    ) -> list[dict[str, Any]]:
        """Bot messages in sending order, as they look now (after edits)."""
        return [
            without_empty(dict(self.messages[key]))
            for key in self._bot_messages
            if (chat_id is None or key[0] == chat_id)
            and (include_deleted or key not in self._deleted)
        ]

    def last_message(self, chat_id: int) -> dict[str, Any] | None:
        messages = self.sent_messages(chat_id)
        return messages[-1] if messages else None

    @property
    def send_stats(self) -> dict[str, int]:
        """Counters for delivery benchmarks: sends let through, refused by the limits, faulted."""
        return {
            "accepted": self.limiter.accepted,
            "rate_limited": self.limiter.rejected,
            "faults": sum(self.faults.triggered.values()),
            "delivered_messages": len(self._bot_messages),
        }

    def calls(self, method: str) -> list[dict[str, Any]]:
        return [params for name, params in self.requests if name == method]

    async def wait_for(self, predicate: Callable[[], Any], timeout: float = 10.0) -> Any:
        """Wait until `predicate()` is truthy (re-checked after every request); return it."""
        deadline = time.monotonic() + timeout
        while True:
            activity = self._activity
            value = predicate()
            if value:
                return value
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError(f"condition not met within {timeout} s")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(activity.wait(), remaining)

    async def wait_for_messages(
        self, chat_id: int, count: int = 1, timeout: float = 10.0, since: int | None = None
    ) -> list[dict[str, Any]]:
        """Bot messages to `chat_id` sent after the user's last injected action there.

        `since` overrides the starting point with an index into the bot's send log for the chat
        (0 = everything ever sent there).
        """
        start = self._chat_marks.get(chat_id, 0) if since is None else None

        def arrived() -> list[dict[str, Any]] | None:
            if start is not None:
                keys = [key for key in self._bot_messages[start:] if key[0] == chat_id]
            else:
                keys = [key for key in self._bot_messages if key[0] == chat_id][since:]
            return (
                [without_empty(dict(self.messages[key])) for key in keys]
                if len(keys) >= count
                else None
            )

        try:
            return await self.wait_for(arrived, timeout)
        except TimeoutError:
            raise TimeoutError(
                f"expected {count} bot message(s) in chat {chat_id} within {timeout} s; "
                f"bot sent {self.sent_messages(chat_id)[-3:]}; violations {self.violations}"
            ) from None

    async def wait_until_consumed(self, timeout: float = 10.0) -> None:
        """Wait until the bot has confirmed every injected update (it polled past them)."""
        await self.wait_for(lambda: not self.updates, timeout)

    async def wait_for_poller(self, timeout: float = 30.0) -> None:
        """Wait until a bot is long-polling, i.e. ready to receive updates."""
        await self.wait_for(lambda: any(m == "getUpdates" for m, _ in self.requests), timeout)
