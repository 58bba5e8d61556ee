"""What a user meets first: /help with every command, a hello answered as a hello, a typo'd
name with an extra word, and /follow agreeing with the question — in-process over HTTP."""

from __future__ import annotations

import re

from harness import ADMIN_ID, USER_ID, Harness

from bot.app import ADMIN_COMMANDS, COMMANDS
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
