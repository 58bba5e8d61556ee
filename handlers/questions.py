"""Questions: free text (addressed to the bot) and the commands that are questions in disguise."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command, CommandObject
from aiogram.types import Message

from bot.i18n import tr
from bot.settings import Settings
from bot.smalltalk import reply as small_talk_reply
from bot.smalltalk import small_talk
from bot.store import Store
from handlers.answering import ARTICLE_QUERY, MAX_QUESTION_CHARS, send_answer
from handlers.filters import Addressed
from handlers.views import esc, no_such_article

router = Router(name="questions")


def _usage(lang: str, ru: str, en: str) -> str:
    return tr(lang, f"Использование: {ru}", f"Usage: {en}")


# Commands that are a name asked as a question ("/person Ван И" is the question «Ван И»), with
# their usage in Russian and English.
NAMED_COMMANDS = {
    "person": ("/person ИМЯ, например /person Ван И", "/person NAME, e.g. /person Wang Yi"),
    "org": ("/org НАЗВАНИЕ, например /org ШОС", "/org NAME, e.g. /org SCO"),
}


@router.message(Command(*NAMED_COMMANDS))
async def named(
    message: Message, command: CommandObject, store: Store, settings: Settings, lang: str
) -> None:
    name = (command.args or "").strip()
    if not name:
        await message.answer(_usage(lang, *NAMED_COMMANDS[command.command]))
        return
    await send_answer(message, store, settings, lang, name[:MAX_QUESTION_CHARS])


@router.message(Command("events"))
async def events(
    message: Message, command: CommandObject, store: Store, settings: Settings, lang: str
) -> None:
    period = (command.args or "").strip()
    if not period:
        year = store.latest_published_year()
        if year is None:
            await message.answer(
                tr(lang, "База пока пуста.", "The knowledge base is empty so far.")
            )
            return
        period = str(year)
    await send_answer(message, store, settings, lang, f"события {period[:MAX_QUESTION_CHARS]}")


@router.message(Command("upcoming"))
async def upcoming(message: Message, store: Store, settings: Settings, lang: str) -> None:
    await send_answer(message, store, settings, lang, "что предстоит?")


@router.message(Command("agreements"))
async def agreements(
    message: Message, command: CommandObject, store: Store, settings: Settings, lang: str
) -> None:
    words = (command.args or "").strip()[:MAX_QUESTION_CHARS]
    question = f"соглашения {words}".strip() if words else "соглашения"
    await send_answer(message, store, settings, lang, question)


@router.message(Command("article"))
async def article(
    message: Message, command: CommandObject, store: Store, settings: Settings, lang: str
) -> None:
    ref = (command.args or "").strip()
    if not ref:
        await message.answer(
            _usage(
                lang,
                "/article ID (номера статей — в ответах и в /articles)",
                "/article ID (ids are in answers and /articles)",
            )
        )
        return
    if store.resolve_article(ref) is None:
        await message.answer(no_such_article(ref, lang))
        return
    await send_answer(message, store, settings, lang, ARTICLE_QUERY + ref)


@router.message(F.text & ~F.text.startswith("/"), Addressed())
async def free_text(
    message: Message, question: str, store: Store, settings: Settings, lang: str
) -> None:
    if not question:
        await message.answer(
            tr(
                lang,
                "Напишите вопрос — например, «Ван И» или «что предстоит?».",
                "Type a question — e.g. “Wang Yi” or “what is coming up?”.",
            )
        )
        return
    if kind := small_talk(question):
        name = esc(message.from_user.first_name) if message.from_user else ""
        await message.answer(small_talk_reply(kind, lang, name))
        return
    if len(question) > MAX_QUESTION_CHARS:
        hint = (
            tr(
                lang,
                " Чтобы добавить статью в базу, используйте /add.",
                " To add an article, use /add.",
            )
            if settings.is_admin(message.from_user.id if message.from_user else None)
            else ""
        )
        await message.answer(
            tr(
                lang,
                f"Сообщение слишком длинное для вопроса ({len(question)} символов, максимум {MAX_QUESTION_CHARS}). Сформулируйте короче.",
                f"That message is too long for a question ({len(question)} characters, at most {MAX_QUESTION_CHARS}). Please shorten it.",
            )
            + hint
        )
        return
    await send_answer(message, store, settings, lang, question)
