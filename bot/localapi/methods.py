"""The bot-side Bot API methods the local server models, with Telegram's rules and errors.

A mixin of LocalBotAPI: it works on the chats, messages, files and updates the server holds, so
the answers stay consistent with what the user side injected (ids, edits, callback queries).
"""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from typing import Any

from bot.localapi.entities import parse_formatted
from bot.localapi.objects import ApiError, now, replied_copy, without_empty
from bot.localapi.spec import UploadedFile

MAX_DOWNLOAD_BYTES = 20 * 1024 * 1024
_NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup "
    "are exactly the same as a current content and reply markup of the message"
)
_MEMBER_TYPES = {  # ChatMember.status -> the spec's type for it
    "creator": "ChatMemberOwner",
    "administrator": "ChatMemberAdministrator",
    "member": "ChatMemberMember",
    "restricted": "ChatMemberRestricted",
    "left": "ChatMemberLeft",
    "kicked": "ChatMemberBanned",
}
# Required by aiogram (it follows a Bot API newer than the bundled api.json) though the spec does
# not list them yet: sent too, or aiogram cannot read the answer at all.
_NEWER_THAN_SPEC = {"ChatMemberAdministrator": {"can_send_welcome_messages": False}}
_QUERY_TOO_OLD = "Bad Request: query is too old and response timeout expired or query ID is invalid"


class BotMethods:
    """Handlers named after the methods; state attributes are set up by LocalBotAPI."""

    async def _get_me(self, params: dict[str, Any]) -> dict[str, Any]:
        return self.bot_user

    async def _get_updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        if self.webhook is not None:
            raise ApiError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; "
                "use deleteWebhook to delete the webhook first",
            )
        if "allowed_updates" in params:
            self._allowed_updates = params["allowed_updates"]
        offset = params.get("offset")
        if offset is not None:
            self._confirm(offset)
        if self._poll_cancel is not None:
            self._poll_cancel.set()
        cancel = self._poll_cancel = asyncio.Event()
        deadline = time.monotonic() + min(params.get("timeout", 0), 50)
        limit = max(1, min(params.get("limit", 100), 100))
        while True:
            pending = [u for u in self.updates if self._is_allowed(u)][:limit]
            remaining = deadline - time.monotonic()
            if pending or remaining <= 0 or self._stopping.is_set():
                break
            activity = self._activity
            waiters = {asyncio.ensure_future(e.wait()) for e in (activity, cancel)}
            await asyncio.wait(waiters, timeout=remaining, return_when=asyncio.FIRST_COMPLETED)
            for waiter in waiters:
                waiter.cancel()
            if cancel.is_set():
                raise ApiError(
                    409,
                    "Conflict: terminated by other getUpdates request; make sure that only "
                    "one bot instance is running",
                )
        if self._poll_cancel is cancel:
            self._poll_cancel = None
        return pending

    def _confirm(self, offset: int) -> None:
        """Telegram forgets every update below `offset`; a negative offset keeps the last few."""
        if offset < 0:
            self.updates = self.updates[offset:]
        else:
            self.updates = [u for u in self.updates if u["update_id"] >= offset]

    def _is_allowed(self, update: dict[str, Any]) -> bool:
        if not self._allowed_updates:
            return True
        return any(kind in update for kind in self._allowed_updates)

    async def _set_webhook(self, params: dict[str, Any]) -> bool:
        """Setting a URL starts pushing updates to it; an empty URL removes the webhook."""
        if params.get("drop_pending_updates"):
            self.updates.clear()
        self.webhook = params if params["url"] else None
        if self.webhook is not None:
            self.webhook_delivery.ensure_running()
        return True

    async def _delete_webhook(self, params: dict[str, Any]) -> bool:
        self.webhook = None
        if params.get("drop_pending_updates"):
            self.updates.clear()
        return True

    async def _get_webhook_info(self, params: dict[str, Any]) -> dict[str, Any]:
        info: dict[str, Any] = {
            "url": (self.webhook or {}).get("url", ""),
            "has_custom_certificate": False,
            "pending_update_count": len(self.updates),
        }
        if self.webhook is not None and self.webhook_delivery.last_error:
            info["last_error_date"] = now()
            info["last_error_message"] = self.webhook_delivery.last_error
        return info

    async def _send_message(self, params: dict[str, Any]) -> dict[str, Any]:
        chat = self._target_chat(params["chat_id"])
        parsed = parse_formatted(params["text"], params.get("parse_mode"))
        message = self._new_bot_message(chat, params, text=parsed.text)
        message["entities"] = params.get("entities") or parsed.entities
        return self._store_bot_message(message)

    async def _edit_message_text(self, params: dict[str, Any]) -> dict[str, Any] | bool:
        if "inline_message_id" in params:
            return True
        message = self._editable(params, "message to edit not found")
        if "text" not in message:
            raise ApiError(400, "Bad Request: there is no text in the message to edit")
        parsed = parse_formatted(params["text"], params.get("parse_mode"))
        entities = params.get("entities") or parsed.entities
        markup = _inline_markup(params)
        if (
            message.get("text") == parsed.text
            and (message.get("entities") or []) == entities
            and message.get("reply_markup") == markup
        ):
            raise ApiError(400, _NOT_MODIFIED)
        message["text"] = parsed.text
        message["entities"] = entities
        _set_markup(message, markup)
        message["edit_date"] = now()
        return without_empty(message)

    async def _edit_message_reply_markup(self, params: dict[str, Any]) -> dict[str, Any] | bool:
        if "inline_message_id" in params:
            return True
        message = self._editable(params, "message to edit not found")
        markup = _inline_markup(params)
        if message.get("reply_markup") == markup:
            raise ApiError(400, _NOT_MODIFIED)
        _set_markup(message, markup)
        message["edit_date"] = now()
        return without_empty(message)

    async def _delete_message(self, params: dict[str, Any]) -> bool:
        key = (self._chat_id(params["chat_id"]), params["message_id"])
        if key not in self.messages or key in self._deleted:
            raise ApiError(400, "Bad Request: message to delete not found")
        self._deleted.add(key)
        return True

    async def _answer_callback_query(self, params: dict[str, Any]) -> bool:
        query_id = params["callback_query_id"]
        if query_id not in self.callback_answers or self.callback_answers[query_id] is not None:
            raise ApiError(400, _QUERY_TOO_OLD)
        self.callback_answers[query_id] = params
        return True

    async def _answer_inline_query(self, params: dict[str, Any]) -> bool:
        query_id = params["inline_query_id"]
        if query_id not in self.inline_answers or self.inline_answers[query_id] is not None:
            raise ApiError(400, _QUERY_TOO_OLD)
        self.inline_answers[query_id] = params
        return True

    async def _get_file(self, params: dict[str, Any]) -> dict[str, Any]:
        stored = self.files.get(params["file_id"])
        if stored is None:
            raise ApiError(400, "Bad Request: invalid file_id")
        if len(stored.content) > MAX_DOWNLOAD_BYTES:
            raise ApiError(400, "Bad Request: file is too big")
        return {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_size": len(stored.content),
            "file_path": stored.file_path,
        }

    async def _send_document(self, params: dict[str, Any]) -> dict[str, Any]:
        chat = self._target_chat(params["chat_id"])
        document = params["document"]
        if isinstance(document, UploadedFile):
            stored = self.store_file(document.filename, document.content, document.content_type)
        elif document in self.files:
            stored = self.files[document]
        elif document.startswith(("http://", "https://")):
            stored = self.store_file(document.rsplit("/", 1)[-1] or "file", b"")
        else:
            raise ApiError(400, "Bad Request: wrong file identifier/HTTP URL specified")
        message = self._new_bot_message(chat, params)
        message["document"] = stored.as_document()
        self._add_caption(message, params)
        return self._store_bot_message(message)

    async def _send_chat_action(self, params: dict[str, Any]) -> bool:
        self._target_chat(params["chat_id"])
        self.chat_actions.append((self._chat_id(params["chat_id"]), params["action"]))
        return True

    async def _set_my_commands(self, params: dict[str, Any]) -> bool:
        self.commands[_commands_key(params)] = params["commands"]
        return True

    async def _get_my_commands(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        return self.commands.get(_commands_key(params), [])

    async def _delete_my_commands(self, params: dict[str, Any]) -> bool:
        self.commands.pop(_commands_key(params), None)
        return True

    def _generic(self, method: str, params: dict[str, Any]) -> Any:
        """Valid but unmodelled calls get a minimal answer of the type aiogram expects."""
        returns = self.spec.returns(method)
        if returns and returns[0] == "Message" and "chat_id" in params:
            message = self._new_bot_message(self._target_chat(params["chat_id"]), params)
            if isinstance(params.get("text"), str):
                message["text"] = params["text"]
            self._add_caption(message, params)
            return self._store_bot_message(message)
        if returns == ["Array of Message"] and isinstance(params.get("media"), list):
            chat = self._target_chat(params["chat_id"])
            messages = []
            for item in params["media"]:
                message = self._new_bot_message(chat, params)
                self._add_caption(message, item)
                messages.append(self._store_bot_message(message))
            return messages
        if method == "getChat":
            chat = self._target_chat(params["chat_id"])
            gift_fields = self.spec.types["AcceptedGiftTypes"]["fields"]
            gifts = {field["name"]: False for field in gift_fields if field["required"]}
            return {
                **chat,
                "accent_color_id": 0,
                "max_reaction_count": 11,
                "accepted_gift_types": gifts,
            }
        if method == "getChatMember":
            return self._chat_member(params)
        if returns and returns[0].startswith("Array of"):
            return []
        return True

    def _chat_member(self, params: dict[str, Any]) -> dict[str, Any]:
        """A ChatMember of the status `set_member_status` gave (default: an ordinary member),
        with every field the spec requires of that kind (rights all off)."""
        chat_id = self._chat_id(params["chat_id"])
        user_id = params["user_id"]
        user = self.users.get(user_id) or self.register_user(user_id)
        status = self.member_statuses.get((chat_id, user_id), "member")
        kind = _MEMBER_TYPES[status]
        fields = self.spec.types[kind]["fields"]
        member: dict[str, Any] = {
            field["name"]: False
            for field in fields
            if field["required"] and field["types"] == ["Boolean"]
        }
        if any(field["name"] == "until_date" and field["required"] for field in fields):
            member["until_date"] = 0
        return {**member, **_NEWER_THAN_SPEC.get(kind, {}), "status": status, "user": user}

    # ------------------------------------------------------------- message plumbing

    def _chat_id(self, chat_id: int | str) -> int:
        if isinstance(chat_id, int):
            return chat_id
        for chat in self.chats.values():
            if chat_id.lstrip("@").lower() == str(chat.get("username", "")).lower():
                return chat["id"]
        raise ApiError(400, "Bad Request: chat not found")

    def _target_chat(self, chat_id: int | str) -> dict[str, Any]:
        numeric = self._chat_id(chat_id)
        if numeric not in self.chats:
            if self.known_chats_only:
                raise ApiError(400, "Bad Request: chat not found")
            self.register_chat(numeric)
        return self.chats[numeric]

    def _next_message_id(self, chat_id: int) -> int:
        return next(self._message_ids.setdefault(chat_id, itertools.count(1)))

    def _new_bot_message(
        self, chat: dict[str, Any], params: dict[str, Any], text: str | None = None
    ) -> dict[str, Any]:
        message: dict[str, Any] = {
            "message_id": self._next_message_id(chat["id"]),
            "from": self.bot_user,
            "date": now(),
            "chat": chat,
        }
        if text is not None:
            message["text"] = text
        reply_to = (params.get("reply_parameters") or {}).get("message_id")
        if reply_to is not None:
            original = self.messages.get((chat["id"], reply_to))
            if original is not None:
                message["reply_to_message"] = replied_copy(original)
            elif not params["reply_parameters"].get("allow_sending_without_reply"):
                raise ApiError(400, "Bad Request: message to be replied not found")
        _set_markup(message, _inline_markup(params))
        return message

    def _store_bot_message(self, message: dict[str, Any]) -> dict[str, Any]:
        key = (message["chat"]["id"], message["message_id"])
        self.messages[key] = message
        self._bot_messages.append(key)
        return without_empty(message)

    def _add_caption(self, message: dict[str, Any], params: dict[str, Any]) -> None:
        if isinstance(params.get("caption"), str):
            parsed = parse_formatted(params["caption"], params.get("parse_mode"))
            message["caption"] = parsed.text
            message["caption_entities"] = params.get("caption_entities") or parsed.entities

    def _editable(self, params: dict[str, Any], missing: str) -> dict[str, Any]:
        if "chat_id" not in params or "message_id" not in params:
            raise ApiError(400, "Bad Request: message identifier is not specified")
        key = (self._chat_id(params["chat_id"]), params["message_id"])
        message = self.messages.get(key)
        if message is None or key in self._deleted:
            raise ApiError(400, f"Bad Request: {missing}")
        if message.get("from", {}).get("id") != self.bot_user["id"]:
            raise ApiError(400, "Bad Request: message can't be edited")
        return message


def _inline_markup(params: dict[str, Any]) -> dict[str, Any] | None:
    """Telegram echoes only inline keyboards back in Message.reply_markup."""
    markup = params.get("reply_markup")
    if isinstance(markup, dict) and "inline_keyboard" in markup:
        return markup
    return None


def _set_markup(message: dict[str, Any], markup: dict[str, Any] | None) -> None:
    if markup is None:
        message.pop("reply_markup", None)
    else:
        message["reply_markup"] = markup


def _commands_key(params: dict[str, Any]) -> tuple[str, str]:
    scope = params.get("scope") or {"type": "default"}
    return json.dumps(scope, sort_keys=True), params.get("language_code", "")
