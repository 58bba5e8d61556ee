"""Telegram's documented limits that the type system of api.json does not express.

Each check is a pure function of one validated object (a method's parameters or a nested type)
returning problems; these are the limits a bot silently breaks when an article or a user's text
is longer than the developer expected.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from bot.localapi.entities import EntityParseError, parse_formatted

MAX_TEXT_LENGTH = 4096
MAX_CAPTION_LENGTH = 1024
MAX_CALLBACK_DATA_BYTES = 64
MAX_INLINE_RESULTS = 50
MAX_INLINE_RESULT_ID_BYTES = 64
MAX_CALLBACK_ANSWER_LENGTH = 200
MAX_UPLOAD_BYTES = 50 * 1024 * 1024
MAX_COMMANDS = 100
PARSE_MODES = {"html", "markdown", "markdownv2"}
CHAT_ACTIONS = {
    "typing",
    "upload_photo",
    "record_video",
    "upload_video",
    "record_voice",
    "upload_voice",
    "upload_document",
    "choose_sticker",
    "find_location",
    "record_video_note",
    "upload_video_note",
}
# Fields of InlineKeyboardButton that decorate it rather than say what pressing it does.
_BUTTON_DECORATION = {"text", "icon_custom_emoji_id", "style"}
_COMMAND = re.compile(r"[a-z0-9_]{1,32}")

Check = Callable[[dict[str, Any], str], list[str]]


def object_limits(owner: str, obj: dict[str, Any], path: str) -> list[str]:
    """Problems with `obj` (already type-checked) of method or type `owner`, at `path`."""
    problems = _text_problems(owner, obj, path)
    for check in _CHECKS.get(owner, ()):
        problems.extend(check(obj, path))
    if owner.startswith("InlineQueryResult"):
        problems.extend(_inline_result(obj, path))
    problems.extend(_upload_sizes(obj, path))
    return problems


def _text_problems(owner: str, obj: dict[str, Any], path: str) -> list[str]:
    problems: list[str] = []
    parse_mode = obj.get("parse_mode")
    if isinstance(parse_mode, str) and parse_mode.lower() not in PARSE_MODES:
        problems.append(f"{path}parse_mode: unsupported parse mode {parse_mode!r}")
        parse_mode = None
    for name, low, high in _text_fields(owner):
        text = obj.get(name)
        if not isinstance(text, str):
            continue
        try:
            parsed = parse_formatted(text, parse_mode)
        except EntityParseError as error:
            problems.append(f"{path}{name}: can't parse entities: {error}")
            continue
        if low > 0 and not parsed.text.strip():
            problems.append(f"{path}{name}: must be non-empty (message text is empty)")
        elif len(parsed.text) > high:
            problems.append(
                f"{path}{name}: {len(parsed.text)} characters after entity parsing, "
                f"at most {high} allowed"
            )
    return problems


def _text_fields(owner: str) -> list[tuple[str, int, int]]:
    """(field, minimum, maximum) lengths, counted after parse_mode is applied."""
    fields = [("caption", 0, MAX_CAPTION_LENGTH)]
    if owner in {"sendMessage", "editMessageText"}:
        fields.append(("text", 1, MAX_TEXT_LENGTH))
    elif owner == "InputTextMessageContent":
        fields.append(("message_text", 1, MAX_TEXT_LENGTH))
    elif owner == "answerCallbackQuery":
        fields.append(("text", 0, MAX_CALLBACK_ANSWER_LENGTH))
    return fields


def _inline_button(obj: dict[str, Any], path: str) -> list[str]:
    problems = []
    data = obj.get("callback_data")
    if isinstance(data, str) and not 1 <= len(data.encode()) <= MAX_CALLBACK_DATA_BYTES:
        problems.append(
            f"{path}callback_data: {len(data.encode())} bytes, must be 1-64 bytes "
            "(BUTTON_DATA_INVALID)"
        )
    actions = [key for key in obj if key not in _BUTTON_DECORATION]
    if len(actions) != 1:
        problems.append(
            f"{path.rstrip('.')}: an inline button needs exactly one action field, got {actions}"
        )
    return problems


def _inline_result(obj: dict[str, Any], path: str) -> list[str]:
    result_id = obj.get("id")
    if (
        isinstance(result_id, str)
        and not 1 <= len(result_id.encode()) <= MAX_INLINE_RESULT_ID_BYTES
    ):
        return [f"{path}id: inline result id must be 1-64 bytes"]
    return []


def _inline_answer(obj: dict[str, Any], path: str) -> list[str]:
    results = obj.get("results")
    if not isinstance(results, list):
        return []
    problems = []
    if len(results) > MAX_INLINE_RESULTS:
        problems.append(
            f"results: {len(results)} inline results, at most {MAX_INLINE_RESULTS} allowed "
            "(RESULTS_TOO_MUCH)"
        )
    ids = [result.get("id") for result in results if isinstance(result, dict)]
    if len(ids) != len(set(ids)):
        problems.append("results: inline result ids must be unique (RESULT_ID_DUPLICATE)")
    return problems


def _bot_command(obj: dict[str, Any], path: str) -> list[str]:
    problems = []
    command = obj.get("command")
    if isinstance(command, str) and not _COMMAND.fullmatch(command):
        problems.append(
            f"{path}command: {command!r} must be 1-32 of a-z, 0-9 and _ (BOT_COMMAND_INVALID)"
        )
    description = obj.get("description")
    if isinstance(description, str) and not 1 <= len(description) <= 256:
        problems.append(f"{path}description: must be 1-256 characters")
    return problems


def _command_list(obj: dict[str, Any], path: str) -> list[str]:
    commands = obj.get("commands")
    if isinstance(commands, list) and len(commands) > MAX_COMMANDS:
        return [f"commands: at most {MAX_COMMANDS} commands allowed"]
    return []


def _chat_action(obj: dict[str, Any], path: str) -> list[str]:
    action = obj.get("action")
    if isinstance(action, str) and action not in CHAT_ACTIONS:
        return [f"action: unsupported chat action {action!r}"]
    return []


def _upload_sizes(obj: dict[str, Any], path: str) -> list[str]:
    return [
        f"{path}{name}: uploads are limited to 50 MB (Request Entity Too Large)"
        for name, value in obj.items()
        if len(getattr(value, "content", b"")) > MAX_UPLOAD_BYTES
    ]


_CHECKS: dict[str, tuple[Check, ...]] = {
    "InlineKeyboardButton": (_inline_button,),
    "answerInlineQuery": (_inline_answer,),
    "BotCommand": (_bot_command,),
    "setMyCommands": (_command_list,),
    "sendChatAction": (_chat_action,),
}
