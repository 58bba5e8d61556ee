"""`python -m bot`: the Telegram bot (long polling, or a webhook server when WEBHOOK_URL is set)."""

from __future__ import annotations

import asyncio
import logging
import os
import sys

from aiogram import Bot
from aiohttp import web
from pydantic import ValidationError

from bot.app import build_bot, build_dispatcher
from bot.ingest import ensure_bundled
from bot.instance import AlreadyRunning, InstanceLock
from bot.redaction import RedactSecrets, redact_process_output, token_secrets
from bot.settings import Settings, describe_invalid, get_settings
from bot.startup import TokenRefused, until_reachable
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


def secrets_of(settings: Settings) -> tuple[str, ...]:
    token = settings.bot_token.get_secret_value() if settings.bot_token else None
    webhook = settings.webhook_secret.get_secret_value() if settings.webhook_secret else None
    return (*token_secrets(token), *([webhook] if webhook else []))


def configure_logging(settings: Settings) -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(RedactSecrets(*secrets_of(settings)))
    logging.basicConfig(level=settings.log_level.upper(), handlers=[handler], force=True)


def load_settings() -> Settings | None:
    """The settings, or None after saying (with nothing secret) which ones are wrong."""
    # Until the settings are read, the token can only come from the environment.
    redact_process_output(*token_secrets(os.environ.get("BOT_TOKEN")))
    try:
        return get_settings()
    except ValidationError as error:
        print(describe_invalid(error), file=sys.stderr)
        return None


def prepare_store(settings: Settings) -> Store:
    store = open_store(settings.database_path)
    outcomes = ensure_bundled(store, settings.bundled_dir)
    if outcomes:
        log.info("indexed %d bundled articles", len(outcomes))
    return store


async def reach_bot_api(bot: Bot) -> None:
    """Wait for the Bot API to answer getMe (it may be starting with us); `bot.me()` caches it."""
    me = await until_reachable(bot.me, "getMe")
    log.info("the Bot API answers: @%s", me.username)


async def run_polling(settings: Settings, store: Store) -> None:
    bot = build_bot(settings)
    dp = build_dispatcher(store, settings, bot)
    try:
        await reach_bot_api(bot)
        # Polling and a webhook exclude each other.
        await until_reachable(
            lambda: bot.delete_webhook(drop_pending_updates=False), "deleteWebhook"
        )
    except BaseException:
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
        await reach_bot_api(bot)
        await until_reachable(
            lambda: bot.set_webhook(
                url, secret_token=secret, allowed_updates=dp.resolve_used_update_types()
            ),
            "setWebhook",
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
    settings = load_settings()
    if settings is None:
        return 2
    if settings.bot_token is None or not settings.bot_token.get_secret_value().strip():
        print(NO_TOKEN, file=sys.stderr)
        return 2
    redact_process_output(*secrets_of(settings))
    configure_logging(settings)
    lock = InstanceLock(settings.database_path)
    try:
        lock.acquire()
    except AlreadyRunning as error:
        log.error("%s", error)
        return 3
    try:
        store = prepare_store(settings)
        try:
            if settings.webhook_url:
                run_webhook(settings, store)
            else:
                asyncio.run(run_polling(settings, store))
        except TokenRefused as error:
            log.error("%s", error)
            return 2
        finally:
            store.close()
    finally:
        lock.release()
    return 0


if __name__ == "__main__":
    sys.exit(main())
