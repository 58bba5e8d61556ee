"""What a user meets first: /help with every command, a hello answered as a hello, a typo'd
name with an extra word, and /follow agreeing with the question — in-process over HTTP."""

from __future__ import annotations

import re
from datetime import date

import pytest
from harness import ADMIN_ID, USER_ID, Harness

from bot.app import ADMIN_COMMANDS, COMMANDS
from bot.follows import resolve_follows
from bot.search.aliases import alias_index
from bot.search.analyse import analyse
from bot.search.fts import vocabulary
from bot.smalltalk import small_talk
from handlers.subscriptions import parse_subscription_args


async def test_help_lists_every_command_and_the_bots_real_name(harness: Harness) -> None:
    username = harness.server.bot_user["username"]
    (user_help,) = await harness.say(USER_ID, "/help")
    listed = set(re.findall(r"/([a-z]+)", user_help["text"]))
    assert {name for name, *_ in COMMANDS} <= listed
    assert not {name for name, *_ in ADMIN_COMMANDS} & listed
    assert f"@{username}" in user_help["text"] and "@имя бота" not in user_help["text"]
    assert "/subscribe daily 09:30 7 Europe/Brussels" in user_help["text"]
    assert parse_subscription_args("daily 09:30 7 Europe/Brussels") == (
        {"frequency": "daily", "time": "09:30", "horizon_days": 7, "timezone": "Europe/Brussels"},
        [],
    )
    (admin_help,) = await harness.say(ADMIN_ID, "/help", language_code="en")
    listed = set(re.findall(r"/([a-z]+)", admin_help["text"]))
    assert {name for name, *_ in COMMANDS + ADMIN_COMMANDS} <= listed
    assert f"@{username}" in admin_help["text"]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("привет", "greeting"),
        ("Здравствуйте, бот!", "greeting"),
        ("Добрый день", "greeting"),
        ("hi there", "greeting"),
        ("Спасибо большое!", "thanks"),
        ("thank you", "thanks"),
        ("Привет, что предстоит?", None),
        ("спасибо Токаеву", None),
        ("Ван И", None),
    ],
)
def test_small_talk_is_only_small_talk(text: str, kind: str | None) -> None:
    assert small_talk(text) == kind


async def test_hello_and_thanks_get_a_short_friendly_reply(harness: Harness) -> None:
    (hello,) = await harness.say(USER_ID, "привет")
    assert hello["text"].startswith("Здравствуйте, Tester!") and "[1]" not in hello["text"]
    assert len(hello["text"]) < 200
    (thanks,) = await harness.say(USER_ID, "Спасибо!", language_code="en")
    assert thanks["text"].startswith("You're welcome")
    (question,) = await harness.say(USER_ID, "Привет, что было в мае 2024?")
    assert "[1]" in question["text"]


async def test_a_typod_name_with_an_extra_word_is_one_person(harness: Harness) -> None:
    index = alias_index(harness.store)
    analysis = analyse("Ван Ии", date(2026, 1, 1), index, vocabulary(harness.store))
    assert [(m.text, m.best_name) for m in analysis.people] == [("Ван Ии", "Ван И")]
    (reply,) = await harness.say(USER_ID, "Ван Ии")
    assert reply["text"].startswith("Ван И") and "Точного совпадения" not in reply["text"]


def question_variants(names: list[str]) -> set[str]:
    """What users type for a name: whole, parts, inflected, lower case, a letter dropped."""
    variants = set()
    for name in names:
        words = name.split()
        variants |= {name, name.lower(), words[0], words[-1], name[:-1], name + "у"}
        variants.add(words[-1][:-1] + "а")
    return variants


async def test_follow_accepts_whoever_the_question_finds(harness: Harness) -> None:
    store = harness.store
    index = alias_index(store)
    words = vocabulary(store)
    names = [name for name, _ in index.people.values()]
    for text in sorted(question_variants(names)):
        asked = {m.best_id for m in analyse(text, date(2026, 1, 1), index, words).people}
        (target,) = resolve_follows(store, [text])
        assert bool(asked) == bool(target.person_ids), text
        assert asked <= target.person_ids, text
    (reply,) = await harness.say(USER_ID, "/follow Дамма")  # the question finds Рави Дамму
    assert "Узнаю: Рави Дамму" in reply["text"]


def test_kazakh_letters_are_read_as_the_russian_ones_a_word_is_searched_by() -> None:
    from bot.geo import fold
    from bot.nlp import lemmas, tokens

    assert tokens("план «Нұрлы жол»") == ["план", "Нурлы", "жол"]
    assert lemmas("Нұрлы жол") == lemmas("Нурлы жол")
    assert fold("Нұрлы Жол") == "нурлы жол"
