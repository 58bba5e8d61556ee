"""`python -m bot`: the Telegram bot (long polling, or a webhook server when WEBHOOK_URL is set)."""

from __future__ import annotations

import asyncio
import logging
import sys

from aiogram import Bot
from aiohttp import web

from bot.app import build_bot, build_dispatcher
from bot.ingest import ensure_bundled
from bot.settings import Settings, get_settings
from bot.store import Store, open_store

log = logging.getLogger("bot")

NO_TOKEN = """\
BOT_TOKEN is not set, so there is no Telegram bot to run.

  * To talk to the bot right now without Telegram, start the local sandbox
    (a Bot API server on 127.0.0.1 plus a chat in this terminal, running this same bot):

        python -m bot.localapi --run-bot

  * To run it for real, get a token from @BotFather and put BOT_TOKEN=... in .env
    (see .env.example), then run `python -m bot` again.
"""


class RedactSecrets(logging.Filter):
    """Replaces secrets (the bot token) wherever they would appear in a log line."""

    def __init__(self, *secrets: str) -> None:
        super().__init__()
        self.secrets = [s for s in secrets if len(s) >= 8]  # short ones would mangle ordinary text

    def redact(self, text: str) -> str:
        for secret in self.secrets:
            text = text.replace(secret, "<redacted>")
        return text

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = self.redact(message)
        if redacted != message:
            record.msg, record.args = redacted, None
        if record.exc_info and record.exc_info[1] is not None:
            text = logging.Formatter().formatException(record.exc_info)
            redacted = self.redact(text)
            if redacted != text:
                record.msg = f"{record.getMessage()}\n{redacted}"
                record.args, record.exc_info, record.exc_text = None, None, None
        return True


def configure_logging(settings: Settings) -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    token = settings.bot_token.get_secret_value() if settings.bot_token else ""
    handler.addFilter(RedactSecrets(token, token.split(":", 1)[-1] if ":" in token else ""))
    logging.basicConfig(level=settings.log_level.upper(), handlers=[handler], force=True)


def prepare_store(settings: Settings) -> Store:
    store = open_store(settings.database_path)
    outcomes = ensure_bundled(store, settings.bundled_dir)
    if outcomes:
        log.info("indexed %d bundled articles", len(outcomes))
    return store


async def run_polling(settings: Settings, store: Store) -> None:
    bot = build_bot(settings)
    dp = build_dispatcher(store, settings, bot)
    try:  # polling and a webhook exclude each other
        await bot.delete_webhook(drop_pending_updates=False)
    except Exception:
        await bot.session.close()
        raise
    await dp.start_polling(bot, handle_signals=True, close_bot_session=True)


def run_webhook(settings: Settings, store: Store) -> None:
    from aiogram.webhook.aiohttp_server import SimpleRequestHandler, setup_application

    bot = build_bot(settings)
    dp = build_dispatcher(store, settings, bot)
    secret = settings.webhook_secret.get_secret_value() if settings.webhook_secret else None
    url = settings.webhook_url or ""
    if not url.rstrip("/").endswith(settings.webhook_path.rstrip("/")):
        url = url.rstrip("/") + settings.webhook_path

    async def register(bot: Bot) -> None:
        await bot.set_webhook(
            url, secret_token=secret, allowed_updates=dp.resolve_used_update_types()
        )

    dp.startup.register(register)
    app = web.Application()
    SimpleRequestHandler(dispatcher=dp, bot=bot, secret_token=secret).register(
        app, path=settings.webhook_path
    )
    setup_application(app, dp, bot=bot)
    log.info(
        "webhook mode: listening on %s:%s%s",
        settings.webhook_host,
        settings.webhook_port,
        settings.webhook_path,
    )
    web.run_app(app, host=settings.webhook_host, port=settings.webhook_port, print=None)


def main() -> int:
    settings = get_settings()
    if settings.bot_token is None or not settings.bot_token.get_secret_value().strip():
        print(NO_TOKEN, file=sys.stderr)
        return 2
    configure_logging(settings)
    store = prepare_store(settings)
    try:
        if settings.webhook_url:
            run_webhook(settings, store)
        else:
            asyncio.run(run_polling(settings, store))
    finally:
        store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
