"""A local Telegram Bot API server on 127.0.0.1 that plays the user's side of the conversation.

End-to-end tests, benchmarks and the no-token sandbox need a Telegram that answers like the real
one — realistic Message objects, long polling, file downloads, errors with Telegram's wording —
but also refuses every request the real one would refuse, so spec violations fail tests here
instead of surfacing in production. Tests drive the user side with `send_text`, `press_button`,
`send_document`, `inline_query`; they read the bot side from `requests`, `sent_messages` and
`violations`.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import math
import mimetypes
import re
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from aiohttp import web
from aiohttp.web_request import FileField

from bot.localapi.entities import detect_entities, parse_formatted
from bot.localapi.faults import SEND_METHODS, Faults, RateLimiter
from bot.localapi.spec import ApiSpec, UploadedFile, conform, default_spec
from bot.localapi.webhook import WebhookDelivery

MAX_DOWNLOAD_BYTES = 20 * 1024 * 1024
_TOKEN = re.compile(r"(\d+):[A-Za-z0-9_-]+")
Handler = Callable[[dict[str, Any]], Awaitable[Any]]
Listener = Callable[[str, dict[str, Any], Any], None]


class ApiError(Exception):
    """An answer with ok=false; `description` uses Telegram's own wording."""

    def __init__(self, status: int, description: str, retry_after: int | None = None) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
        self.retry_after = retry_after

    def payload(self) -> dict[str, Any]:
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


class LocalBotAPI:
    """The server plus the user-side helpers tests use to talk to the bot through it."""

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        bot_id: int = 123456789,
        bot_username: str = "local_briefing_bot",
        bot_name: str = "Local Briefing Bot",
        rate_limit_per_second: int | None = None,
        per_chat_limit_per_second: int | None = None,
        known_chats_only: bool = False,
        spec: ApiSpec | None = None,
    ) -> None:
        self.host = host
        self.port = port
        self.spec = spec or default_spec()
        self.known_chats_only = known_chats_only
        self.bot_user = {
            "id": bot_id,
            "is_bot": True,
            "first_name": bot_name,
            "username": bot_username,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": True,
        }
        self.faults = Faults()
        self.limiter = RateLimiter(rate_limit_per_second, per_chat_limit_per_second)
        self.requests: list[tuple[str, dict[str, Any]]] = []
        self.violations: list[str] = []
        self.updates: list[dict[str, Any]] = []
        self.users: dict[int, dict[str, Any]] = {}
        self.chats: dict[int, dict[str, Any]] = {}
        self.messages: dict[tuple[int, int], dict[str, Any]] = {}
        self.files: dict[str, StoredFile] = {}
        self._files_by_path: dict[str, StoredFile] = {}
        self.callback_answers: dict[str, dict[str, Any] | None] = {}
        self.inline_answers: dict[str, dict[str, Any] | None] = {}
        self.chat_actions: list[tuple[int, str]] = []
        self.commands: dict[tuple[str, str], list[dict[str, Any]]] = {}
        self.webhook: dict[str, Any] | None = None
        self._bot_messages: list[tuple[int, int]] = []
        self._deleted: set[tuple[int, int]] = set()
        self._chat_marks: dict[int, int] = {}
        self._message_ids: dict[int, itertools.count] = {}
        self._update_ids = itertools.count(1)
        self._query_ids = itertools.count(1)
        self._file_ids = itertools.count(1)
        self._allowed_updates: list[str] = []
        self._activity = asyncio.Event()
        self._stopping = asyncio.Event()
        self._poll_cancel: asyncio.Event | None = None
        self._listeners: list[Listener] = []
        self._runner: web.AppRunner | None = None
        self.webhook_delivery = WebhookDelivery(self)
        self._handlers: dict[str, Handler] = {
            "getMe": self._get_me,
            "getUpdates": self._get_updates,
            "setWebhook": self._set_webhook,
            "deleteWebhook": self._delete_webhook,
            "getWebhookInfo": self._get_webhook_info,
            "sendMessage": self._send_message,
            "editMessageText": self._edit_message_text,
            "editMessageReplyMarkup": self._edit_message_reply_markup,
            "deleteMessage": self._delete_message,
            "answerCallbackQuery": self._answer_callback_query,
            "answerInlineQuery": self._answer_inline_query,
            "getFile": self._get_file,
            "sendDocument": self._send_document,
            "sendChatAction": self._send_chat_action,
            "setMyCommands": self._set_my_commands,
            "getMyCommands": self._get_my_commands,
            "deleteMyCommands": self._delete_my_commands,
        }

    # ----------------------------------------------------------------- lifecycle

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def token(self) -> str:
        """A token this server accepts; any `<digits>:<chars>` token works too."""
        return f"{self.bot_user['id']}:LOCAL-sandbox-token"

    async def start(self) -> LocalBotAPI:
        app = web.Application(client_max_size=60 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle_method)
        app.router.add_get("/file/bot{token}/{path:.+}", self._handle_file)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        await site.start()
        sockets = site._server.sockets if site._server else []  # type: ignore[union-attr]
        self.port = sockets[0].getsockname()[1]
        return self

    async def stop(self) -> None:
        self._stopping.set()
        self._notify()
        await self.webhook_delivery.stop()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> LocalBotAPI:
        return await self.start()

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    def add_listener(self, listener: Listener) -> None:
        """Called after every successful call with (method, params, result): the terminal chat."""
        self._listeners.append(listener)

    # ----------------------------------------------------------------- HTTP layer

    async def _handle_method(self, request: web.Request) -> web.Response:
        token_match = _TOKEN.fullmatch(request.match_info["token"])
        if token_match is None or int(token_match.group(1)) != self.bot_user["id"]:
            return _json(ApiError(401, "Unauthorized").payload(), 401)
        raw = await _read_params(request)
        status, payload = await self.call(request.match_info["method"], raw)
        return _json(payload, status)

    async def call(self, name: str, raw: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        """One Bot API call as Telegram would answer it: (HTTP status, response body).

        Also the entry point for methods a bot returns in its webhook response.
        """
        method = self.spec.canonical_method(name)
        if method is None:
            self.requests.append((name, raw))
            self.violations.append(f"{name}: unknown method")
            self._notify()
            return 404, ApiError(404, "Not Found: method not found").payload()
        params, problems = conform(method, raw, self.spec)
        self.requests.append((method, params))
        self._notify()  # wakes wait_for_poller while this call may still be long-polling
        if problems:
            self.violations.extend(f"{method}: {problem}" for problem in problems)
            return 400, ApiError(400, "Bad Request: " + "; ".join(problems)).payload()
        try:
            result = await self._perform(method, params)
        except ApiError as error:
            self._notify()
            return error.status, error.payload()
        for listener in self._listeners:
            listener(method, params, result)
        self._notify()
        return 200, {"ok": True, "result": result}

    async def _perform(self, method: str, params: dict[str, Any]) -> Any:
        if method in SEND_METHODS:
            chat_id = params.get("chat_id")
            fault = self.faults.take(method, chat_id)
            if fault is not None:
                if fault.hang_seconds:
                    if fault.delivered:
                        await self._dispatch(method, params)
                    await self._hang(fault.hang_seconds)
                raise ApiError(fault.status, fault.description, fault.retry_after)
            retry_after = self.limiter.admit(chat_id)
            if retry_after is not None:
                raise ApiError(429, f"Too Many Requests: retry after {retry_after}", retry_after)
        return await self._dispatch(method, params)

    async def _dispatch(self, method: str, params: dict[str, Any]) -> Any:
        handler = self._handlers.get(method)
        if handler is not None:
            return await handler(params)
        return self._generic(method, params)

    async def _hang(self, seconds: float) -> None:
        stop = asyncio.ensure_future(self._stopping.wait())
        try:
            await asyncio.wait({stop}, timeout=None if math.isinf(seconds) else seconds)
        finally:
            stop.cancel()

    async def _handle_file(self, request: web.Request) -> web.StreamResponse:
        path = request.match_info["path"]
        stored = self._files_by_path.get(path)
        if stored is None:
            return _json(ApiError(404, "Not Found").payload(), 404)
        return web.Response(body=stored.content, content_type="application/octet-stream")

    # ----------------------------------------------------------------- bot-side methods

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
            info["last_error_date"] = _now()
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
        message["edit_date"] = _now()
        return _without_empty(message)

    async def _edit_message_reply_markup(self, params: dict[str, Any]) -> dict[str, Any] | bool:
        if "inline_message_id" in params:
            return True
        message = self._editable(params, "message to edit not found")
        markup = _inline_markup(params)
        if message.get("reply_markup") == markup:
            raise ApiError(400, _NOT_MODIFIED)
        _set_markup(message, markup)
        message["edit_date"] = _now()
        return _without_empty(message)

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
            user_id = params["user_id"]
            user = self.users.get(user_id) or self.register_user(user_id)
            return {"status": "member", "user": user}
        if returns and returns[0].startswith("Array of"):
            return []
        return True

    # ----------------------------------------------------------------- message plumbing

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
            "date": _now(),
            "chat": chat,
        }
        if text is not None:
            message["text"] = text
        reply_to = (params.get("reply_parameters") or {}).get("message_id")
        if reply_to is not None:
            original = self.messages.get((chat["id"], reply_to))
            if original is not None:
                message["reply_to_message"] = _without_empty(dict(original))
            elif not params["reply_parameters"].get("allow_sending_without_reply"):
                raise ApiError(400, "Bad Request: message to be replied not found")
        _set_markup(message, _inline_markup(params))
        return message

    def _store_bot_message(self, message: dict[str, Any]) -> dict[str, Any]:
        key = (message["chat"]["id"], message["message_id"])
        self.messages[key] = message
        self._bot_messages.append(key)
        return _without_empty(message)

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

    def _notify(self) -> None:
        self._activity.set()
        self._activity = asyncio.Event()

    # ----------------------------------------------------------------- user side (tests)

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
        message["text"] = text
        message["entities"] = detect_entities(text)
        if reply_to is not None:
            message["reply_to_message"] = _without_empty(dict(reply_to))
        return self._push_user_message(message)

    def send_document(
        self,
        chat_id: int,
        filename: str,
        content: bytes,
        caption: str | None = None,
        user_id: int | None = None,
        mime_type: str | None = None,
        **user: Any,
    ) -> dict[str, Any]:
        """A user uploads a file; the bot can getFile and download it."""
        stored = self.store_file(filename, content, mime_type)
        message = self._user_message(chat_id, user_id, **user)
        message["document"] = stored.as_document()
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
        stored["edit_date"] = _now()
        return self._push_update({"edited_message": _without_empty(dict(stored))})

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
                    "message": _without_empty(dict(current)),
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
            "date": _now(),
            "chat": chat,
        }

    def _push_user_message(self, message: dict[str, Any]) -> dict[str, Any]:
        chat_id = message["chat"]["id"]
        self.messages[(chat_id, message["message_id"])] = message
        self._chat_marks[chat_id] = len(self._bot_messages)
        return self._push_update({"message": _without_empty(dict(message))})

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
            _without_empty(dict(self.messages[key]))
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
                [_without_empty(dict(self.messages[key])) for key in keys]
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


_NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup "
    "are exactly the same as a current content and reply markup of the message"
)
_QUERY_TOO_OLD = "Bad Request: query is too old and response timeout expired or query ID is invalid"


async def _read_params(request: web.Request) -> dict[str, Any]:
    """Query string plus body, whatever its encoding; file parts become UploadedFile."""
    params: dict[str, Any] = dict(request.query)
    if request.method == "POST" and request.can_read_body:
        if request.content_type == "application/json":
            body = await request.json()
            if isinstance(body, dict):
                params.update(body)
        else:
            form = await request.post()
            for key, value in form.items():
                if isinstance(value, FileField):
                    params[key] = UploadedFile(
                        value.filename, value.file.read(), value.content_type
                    )
                else:
                    params[key] = value
    attachments = {
        key: params.pop(key)
        for key in [k for k, v in params.items() if isinstance(v, UploadedFile)]
    }
    for key, value in list(params.items()):
        if isinstance(value, str) and value.startswith("attach://"):
            name = value.removeprefix("attach://")
            if name in attachments:
                params[key] = attachments.pop(name)
    # Parts named from inside a nested object (sendMediaGroup's media) stay out of the params;
    # a part sent under the parameter's own name (curl -F document=@file) is that parameter.
    nested = " ".join(value for value in params.values() if isinstance(value, str))
    for key, upload in attachments.items():
        if f"attach://{key}" not in nested:
            params.setdefault(key, upload)
    return params


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


def _without_empty(message: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in message.items() if value not in (None, [], {})}


def _now() -> int:
    return int(time.time())


def _json(payload: Any, status: int = 200) -> web.Response:
    return web.json_response(payload, status=status, dumps=_dumps)


def _dumps(payload: Any) -> str:
    return json.dumps(payload, ensure_ascii=False, default=_encode_upload)


def _encode_upload(value: Any) -> Any:
    if isinstance(value, UploadedFile):
        return {"filename": value.filename, "size": len(value.content)}
    raise TypeError(f"cannot encode {type(value).__name__}")
