"""Webhook delivery: the local server pushes updates to the bot like Telegram does.

Lets the bot's WEBHOOK_URL mode be tested end to end: updates are POSTed one at a time in order
with the secret-token header, kept until the bot answers 2xx, and a method the bot returns in its
response body is executed (and validated) like any other call.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from typing import TYPE_CHECKING, Any

import aiohttp

if TYPE_CHECKING:
    from bot.localapi.server import LocalBotAPI

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
RETRY_DELAY = 0.5


class WebhookDelivery:
    """A background task that lives while a webhook is set."""

    def __init__(self, server: LocalBotAPI) -> None:
        self.server = server
        self.delivered = 0
        self.last_error: str | None = None
        self._task: asyncio.Task | None = None

    def ensure_running(self) -> None:
        if self._task is None or self._task.done():
            self._task = asyncio.create_task(self._run(), name="local-bot-api-webhook")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    async def _run(self) -> None:
        server = self.server
        async with aiohttp.ClientSession() as http:
            while server.webhook is not None and not server._stopping.is_set():
                if not server.updates:
                    with contextlib.suppress(TimeoutError):
                        await server.wait_for(lambda: server.updates or server.webhook is None, 60)
                    continue
                update = server.updates[0]
                if await self._post(http, server.webhook, update):
                    if server.updates and server.updates[0] is update:
                        server.updates.pop(0)
                    self.delivered += 1
                else:
                    await asyncio.sleep(RETRY_DELAY)

    async def _post(self, http: aiohttp.ClientSession, webhook: dict, update: dict) -> bool:
        headers = {}
        if webhook.get("secret_token"):
            headers[SECRET_HEADER] = webhook["secret_token"]
        try:
            async with http.post(
                webhook["url"], json=update, headers=headers, timeout=aiohttp.ClientTimeout(60)
            ) as response:
                body = await response.read()
                if response.status >= 300:
                    self.last_error = f"Wrong response from the webhook: {response.status}"
                    return False
        except (aiohttp.ClientError, TimeoutError) as error:
            self.last_error = f"Connection failed: {type(error).__name__}"
            return False
        await self._run_reply(body)
        return True

    async def _run_reply(self, body: bytes) -> None:
        """aiogram may answer an update with a method call in the response body."""
        try:
            reply: Any = json.loads(body) if body.strip() else None
        except ValueError:
            return
        if isinstance(reply, dict) and isinstance(reply.get("method"), str):
            params = {key: value for key, value in reply.items() if key != "method"}
            await self.server.call(reply["method"], params)
