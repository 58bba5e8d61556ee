"""Greetings and thanks: a short friendly reply, not a search of the articles for «привет».

A message is small talk when, its greeting or thanks phrases taken out, nothing but filler is
left («Спасибо большое!», «Привет, бот», «hi there»); «Привет, что предстоит?» is a question.
"""

from __future__ import annotations

import re
from typing import Literal

from bot.i18n import tr

Kind = Literal["greeting", "thanks"]

# phrase (lower case, words separated by one space) -> what it is
PHRASES: dict[str, Kind] = {
    **dict.fromkeys(
        (
            "привет", "приветствую", "здравствуй", "здравствуйте", "добрый день",
            "доброе утро", "добрый вечер", "доброй ночи", "салют", "хай", "сәлем", "салем",
            "hi", "hello", "hey", "good morning", "good afternoon", "good evening",
        ),
        "greeting",
    ),
    **dict.fromkeys(
        (
            "спасибо", "благодарю", "спс", "мерси", "рахмет", "thanks", "thank you", "thx",
            "cheers",
        ),
        "thanks",
    ),
}  # fmt: skip
FILLER = frozenset(
    {
        "бот", "бота", "ботик", "вам", "вас", "тебе", "тебя", "всем", "большое", "огромное",
        "очень", "еще", "раз", "и", "уважаемый", "дорогой",
        "there", "bot", "so", "much", "a", "lot", "very", "you", "all", "again", "and",
    }
)  # fmt: skip
_WORD = re.compile(r"[a-zа-яёәіңғүұқөһ]+")
_LONGEST_FIRST = sorted(PHRASES, key=lambda phrase: -len(phrase.split()))


def small_talk(text: str) -> Kind | None:
    """ "greeting" or "thanks" when that is all the message says, else None."""
    words = _WORD.findall(text.lower().replace("ё", "е"))
    if not words or len(words) > 8:
        return None
    padded = f" {' '.join(words)} "
    found: list[Kind] = []
    for phrase in _LONGEST_FIRST:
        key = f" {phrase.replace('ё', 'е')} "
        while key in padded:
            found.append(PHRASES[phrase])
            padded = padded.replace(key, " ", 1)
    if not found or any(word not in FILLER for word in padded.split()):
        return None
    return "thanks" if "thanks" in found else "greeting"


def reply(kind: Kind, lang: str, name: str = "") -> str:
    """A line or two, and how to go on; `name` is already escaped for HTML."""
    if kind == "thanks":
        return tr(
            lang,
            "Пожалуйста! Спрашивайте ещё — /help подскажет как.",
            "You're welcome! Ask me anything else — /help shows how.",
        )
    hello = tr(lang, "Здравствуйте", "Hello") + (f", {name}" if name else "") + "!"
    return hello + tr(
        lang,
        " Спросите о человеке, событии или соглашении — например, «Ван И» или «что предстоит?».",
        " Ask about a person, an event or an agreement — e.g. “Wang Yi” or “what is coming up?”.",
    )
