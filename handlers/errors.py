"""The last line of defence: any exception in a handler is logged and the user told, never fatal."""

from __future__ import annotations

import logging

from aiogram import Bot, Router
from aiogram.types import ErrorEvent

from bot.i18n import normalize_lang, tr

log = logging.getLogger(__name__)
router = Router(name="errors")


def apology(lang: str) -> str:
    return tr(
        lang,
        "Что-то пошло не так… Ошибка записана, попробуйте ещё раз или переформулируйте вопрос.",
        "Something went wrong… The error was logged; please try again or rephrase the question.",
    )


@router.errors()
async def on_error(event: ErrorEvent, bot: Bot, lang: str | None = None) -> bool:
    update = event.update
    log.error(
        "update %s failed: %s",
        update.update_id,
        event.exception,
        exc_info=(type(event.exception), event.exception, event.exception.__traceback__),
    )
    try:
        if update.message is not None:
            lang = lang or normalize_lang(
                update.message.from_user and update.message.from_user.language_code
            )
            await bot.send_message(update.message.chat.id, apology(lang))
        elif update.callback_query is not None:
            query = update.callback_query
            lang = lang or normalize_lang(query.from_user.language_code)
            await bot.answer_callback_query(query.id, apology(lang), show_alert=True)
        elif update.inline_query is not None:
            await bot.answer_inline_query(update.inline_query.id, [], cache_time=1)
    except Exception:  # the apology itself failed (network, query too old): already logged above
        log.warning("could not tell the user about the failure of update %s", update.update_id)
    return True
