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
import itertools
import json
import math
import re
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web
from aiohttp.web_request import FileField

from bot.localapi.faults import SEND_METHODS, Faults, RateLimiter
from bot.localapi.methods import BotMethods
from bot.localapi.objects import ApiError, StoredFile
from bot.localapi.spec import ApiSpec, UploadedFile, conform, default_spec
from bot.localapi.users import UserSide
from bot.localapi.webhook import WebhookDelivery

_TOKEN = re.compile(r"(\d+):[A-Za-z0-9_-]+")
Handler = Callable[[dict[str, Any]], Awaitable[Any]]
Listener = Callable[[str, dict[str, Any], Any], None]


class LocalBotAPI(UserSide, BotMethods):
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
        self.member_statuses: dict[tuple[int, int], str] = {}  # (chat, user) -> getChatMember
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
        if "raw_body" in payload:  # a scripted fault that is not Telegram's JSON
            return web.Response(text=payload["raw_body"], status=status, content_type="text/html")
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
        chat_id = params.get("chat_id")
        fault = self.faults.take(method, chat_id)
        if fault is not None:
            if fault.hang_seconds:
                if fault.delivered:
                    await self._dispatch(method, params)
                await self._hang(fault.hang_seconds)
            raise ApiError(fault.status, fault.description, fault.retry_after, body=fault.body)
        if method in SEND_METHODS:
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

    def _notify(self) -> None:
        self._activity.set()
        self._activity = asyncio.Event()


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


def _json(payload: Any, status: int = 200) -> web.Response:
    return web.json_response(payload, status=status, dumps=_dumps)


def _dumps(payload: Any) -> str:
    return json.dumps(payload, ensure_ascii=False, default=_encode_upload)


def _encode_upload(value: Any) -> Any:
    if isinstance(value, UploadedFile):
        return {"filename": value.filename, "size": len(value.content)}
    raise TypeError(f"cannot encode {type(value).__name__}")
