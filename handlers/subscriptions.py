"""/subscribe, /subscription, /unsubscribe, /digest, /follow, /unfollow and /calendar.

Thin: parse, call `bot/`, render. Subscription settings are one card with buttons (frequency,
time, weekday, horizon, timezone) that edits itself in place; `/subscribe weekly 09:30 90` sets
the same from text. In a group only its administrators and the member who subscribed it may
change any of that (`bot.chat_rights`); everyone may read it. Services arrive as handler kwargs:
`store`, `settings`, `scheduler`, and `lang` from the LanguageMiddleware.
"""

from __future__ import annotations

import contextlib
import html
import logging
import re
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from aiogram import Bot, F, Router
from aiogram.exceptions import ClientDecodeError, TelegramAPIError, TelegramBadRequest
from aiogram.filters import BaseFilter, Command, CommandObject
from aiogram.filters.callback_data import CallbackData
from aiogram.types import (
    BufferedInputFile,
    CallbackQuery,
    Chat,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    User,
)

from bot.chat_rights import may_manage_chat
from bot.follows import resolve_follows
from bot.i18n import tr
from bot.ics import calendar_bytes
from bot.scheduler import DEFAULT_TIMEZONE, chat_digest, utc_now
from bot.store import Store
from bot.store.subscriptions import FollowsFull
from handlers.answering import today_for

log = logging.getLogger(__name__)
router = Router(name="subscriptions")

TIMES = ("07:00", "08:00", "09:00", "12:00", "18:00", "21:00")
HORIZONS = (7, 30, 90, 180, 365)  # announcements come months ahead
TIMEZONES = ("Asia/Almaty", "Europe/Moscow", "Asia/Shanghai", "Europe/London", "UTC")
WEEKDAYS_RU = ("Пн", "Вт", "Ср", "Чт", "Пт", "Сб", "Вс")
WEEKDAYS_EN = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_WEEKDAY_WORDS = {
    **{name.lower(): n for n, name in enumerate(WEEKDAYS_RU)},
    **{name.lower(): n for n, name in enumerate(WEEKDAYS_EN)},
    "понедельник": 0, "вторник": 1, "среда": 2, "четверг": 3, "пятница": 4, "суббота": 5,
    "воскресенье": 6, "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4,
    "saturday": 5, "sunday": 6,
}  # fmt: skip
_DAILY = {"daily", "ежедневно", "каждый", "день", "day"}
_WEEKLY = {"weekly", "еженедельно", "неделя", "week"}
_TIME = re.compile(r"^([01]?\d|2[0-3])[:.]([0-5]\d)$")
DEFAULTS = {"frequency": "daily", "time": "08:00", "weekday": 0, "horizon_days": 30}


class SubCB(CallbackData, prefix="sub"):
    """A button on the subscription card: `field` set to `value` (no ':' inside values)."""

    field: str
    value: str


def default_timezone(settings: Any) -> str:
    return getattr(settings, "timezone", None) or DEFAULT_TIMEZONE


def new_subscription(settings: Any) -> dict[str, Any]:
    """What a chat's first subscription starts from, before its own choices."""
    return {**DEFAULTS, "timezone": default_timezone(settings)}


# ------------------------------------------------------------------------------ parsing


def parse_subscription_args(text: str | None) -> tuple[dict[str, Any], list[str]]:
    """`weekly 09:30 пт 90 Europe/Berlin` → fields; words it cannot place are returned too."""
    fields: dict[str, Any] = {}
    unknown: list[str] = []
    for word in (text or "").split():
        lower = word.lower().strip(",;")
        if lower in _DAILY:
            fields["frequency"] = "daily"
        elif lower in _WEEKLY:
            fields["frequency"] = "weekly"
        elif lower in _WEEKDAY_WORDS:
            fields["weekday"] = _WEEKDAY_WORDS[lower]
            fields.setdefault("frequency", "weekly")
        elif match := _TIME.match(lower):
            fields["time"] = f"{int(match.group(1)):02d}:{match.group(2)}"
        elif lower.isdigit() and 1 <= int(lower) <= 365:
            fields["horizon_days"] = int(lower)
        elif "/" in word or word.upper() == "UTC":
            try:
                ZoneInfo(word)
                fields["timezone"] = word
            except (ZoneInfoNotFoundError, ValueError):
                unknown.append(word)
        else:
            unknown.append(word)
    return fields, unknown


# ------------------------------------------------------------------------------ rendering


def describe(sub: dict[str, Any], lang: str) -> str:
    weekdays = WEEKDAYS_EN if lang == "en" else WEEKDAYS_RU
    if sub["frequency"] == "weekly":
        when = tr(
            lang,
            f"еженедельно, {weekdays[sub['weekday'] or 0]}, в {sub['time']}",
            f"weekly on {weekdays[sub['weekday'] or 0]} at {sub['time']}",
        )
    else:
        when = tr(lang, f"ежедневно в {sub['time']}", f"daily at {sub['time']}")
    horizon = sub["horizon_days"]
    return tr(
        lang,
        f"{when} ({sub['timezone']}); события на {horizon} дн. вперёд",
        f"{when} ({sub['timezone']}); events {horizon} days ahead",
    )


def card_text(sub: dict[str, Any] | None, lang: str, follows: list[str]) -> str:
    if sub is None or not sub["active"]:
        return tr(
            lang,
            "Вы не подписаны на дайджест. /subscribe — подписаться.",
            "You are not subscribed to the digest. /subscribe to subscribe.",
        )
    lines = [
        "<b>" + tr(lang, "Подписка на дайджест", "Digest subscription") + "</b>",
        html.escape(describe(sub, lang)),
    ]
    if follows:
        followed = html.escape(", ".join(follows))
        lines.append(tr(lang, f"Вы следите за: {followed}", f"Following: {followed}"))
    lines.append(
        tr(
            lang,
            "Измените настройки кнопками ниже. /digest — дайджест сейчас, "
            "/follow ИМЯ — следить за человеком или темой, /calendar — события в календарь.",
            "Change the settings with the buttons below. /digest — the digest now, "
            "/follow NAME — follow a person or topic, /calendar — events for your calendar.",
        )
    )
    return "\n".join(lines)


def _button(label: str, field: str, value: str, chosen: bool) -> InlineKeyboardButton:
    text = f"• {label} •" if chosen else label
    return InlineKeyboardButton(text=text, callback_data=SubCB(field=field, value=value).pack())


def card_keyboard(sub: dict[str, Any], lang: str) -> InlineKeyboardMarkup:
    rows = [
        [
            _button(tr(lang, "Ежедневно", "Daily"), "f", "daily", sub["frequency"] == "daily"),
            _button(tr(lang, "Еженедельно", "Weekly"), "f", "weekly", sub["frequency"] == "weekly"),
        ],
        [_button(t, "t", t.replace(":", ""), sub["time"] == t) for t in TIMES],
    ]
    if sub["frequency"] == "weekly":
        names = WEEKDAYS_EN if lang == "en" else WEEKDAYS_RU
        rows.append([_button(n, "w", str(i), sub["weekday"] == i) for i, n in enumerate(names)])
    rows.append(
        [
            _button(tr(lang, f"{h} дн.", f"{h} days"), "h", str(h), sub["horizon_days"] == h)
            for h in HORIZONS
        ]
    )
    rows.append(
        [
            _button(tz.split("/")[-1], "z", str(i), sub["timezone"] == tz)
            for i, tz in enumerate(TIMEZONES)
        ]
    )
    rows.append(
        [
            InlineKeyboardButton(
                text=tr(lang, "Отписаться", "Unsubscribe"),
                callback_data=SubCB(field="off", value="1").pack(),
            )
        ]
    )
    return InlineKeyboardMarkup(inline_keyboard=rows)


def button_change(field: str, value: str) -> dict[str, Any] | None:
    """What a pressed button changes, or None for a value no button of ours sends."""
    try:
        if field == "f" and value in ("daily", "weekly"):
            return {"frequency": value}
        if field == "t" and len(value) == 4 and _TIME.match(f"{value[:2]}:{value[2:]}"):
            return {"time": f"{value[:2]}:{value[2:]}"}
        if field == "w" and 0 <= int(value) <= 6:
            return {"weekday": int(value)}
        if field == "h" and int(value) in HORIZONS:
            return {"horizon_days": int(value)}
        if field == "z" and 0 <= int(value) < len(TIMEZONES):
            return {"timezone": TIMEZONES[int(value)]}
    except ValueError:
        return None
    return None


# ------------------------------------------------------------------------------ who may change


class ManagesChat(BaseFilter):
    """The sender may change this chat's subscription and follows (see `bot.chat_rights`)."""

    async def __call__(
        self,
        event: Message | CallbackQuery,
        bot: Bot,
        store: Store,
        event_chat: Chat | None = None,
        event_from_user: User | None = None,
    ) -> bool:
        if event_chat is None:  # a button under an inline message: there is no chat to change
            return True
        sub = store.subscription(event_chat.id)
        sender_chat = getattr(event, "sender_chat", None)
        user_id = event_from_user.id if event_from_user else None

        def allowed(status: str | None) -> bool:
            return may_manage_chat(
                event_chat.type,
                user_id,
                sub["user_id"] if sub else None,
                status,
                anonymous_admin=sender_chat is not None and sender_chat.id == event_chat.id,
            )

        if allowed(None) or user_id is None:
            return allowed(None)
        try:
            member = await bot.get_chat_member(event_chat.id, user_id)
        except (TelegramAPIError, ClientDecodeError) as error:  # unknown rights are no rights
            log.warning("could not check the rights of %s in %s: %s", user_id, event_chat.id, error)
            return False
        return allowed(member.status)


def _not_yours(lang: str) -> str:
    return tr(
        lang,
        "⛔ Менять подписку этой группы могут только её администраторы и тот, кто её оформил. "
        "Ничего не изменено.",
        "⛔ Only this group's administrators and the member who subscribed it can change its "
        "subscription. Nothing was changed.",
    )


_HAS_ARGUMENTS = F.text.regexp(r"^/\S+\s+\S")


@router.message(Command("subscribe", "unsubscribe"), ~ManagesChat())
@router.message(Command("subscription", "follow", "unfollow"), _HAS_ARGUMENTS, ~ManagesChat())
async def refuse_change(message: Message, lang: str) -> None:
    await message.answer(_not_yours(lang))


@router.callback_query(SubCB.filter(), ~ManagesChat())
async def refuse_button(query: CallbackQuery, lang: str) -> None:
    await query.answer(_not_yours(lang), show_alert=True)


# ------------------------------------------------------------------------------ handlers


@router.message(Command("subscribe"))
async def subscribe(
    message: Message, command: CommandObject, store: Store, settings: Any, lang: str
) -> None:
    fields, unknown = parse_subscription_args(command.args)
    user_id = message.from_user.id if message.from_user else None
    sub = store.save_subscription(
        message.chat.id, user_id, defaults=new_subscription(settings), **fields, lang=lang
    )
    head = tr(lang, "✅ Подписка оформлена: ", "✅ Subscribed: ") + html.escape(describe(sub, lang))
    if unknown:
        head += "\n" + tr(
            lang,
            f"Не понял: {html.escape(' '.join(unknown))}",
            f"Did not understand: {html.escape(' '.join(unknown))}",
        )
    await message.answer(
        head + "\n\n" + card_text(sub, lang, store.follows(message.chat.id)),
        reply_markup=card_keyboard(sub, lang),
        parse_mode="HTML",
    )


@router.message(Command("subscription"))
async def show_subscription(
    message: Message, command: CommandObject, store: Store, settings: Any, lang: str
) -> None:
    sub = store.subscription(message.chat.id)
    if command.args and sub and sub["active"]:
        fields, _ = parse_subscription_args(command.args)
        if fields:
            sub = store.save_subscription(message.chat.id, None, **fields, lang=lang)
    active = sub is not None and sub["active"]
    await message.answer(
        card_text(sub, lang, store.follows(message.chat.id)),
        reply_markup=card_keyboard(sub, lang) if active else None,
        parse_mode="HTML",
    )


@router.message(Command("unsubscribe"))
async def unsubscribe(message: Message, store: Store, lang: str) -> None:
    if store.deactivate_subscription(message.chat.id):
        text = tr(
            lang,
            "Вы отписались от дайджеста. /subscribe — подписаться снова.",
            "You have unsubscribed from the digest. /subscribe to subscribe again.",
        )
    else:
        text = tr(lang, "Вы и не были подписаны.", "You were not subscribed.")
    await message.answer(text)


@router.callback_query(SubCB.filter())
async def change_subscription(
    query: CallbackQuery,
    callback_data: SubCB,
    store: Store,
    settings: Any,
    lang: str,
) -> None:
    if query.message is None or not hasattr(query.message, "chat"):
        await query.answer()
        return
    chat_id = query.message.chat.id
    if callback_data.field == "off":
        store.deactivate_subscription(chat_id)
        await _edit(query, card_text(None, lang, []), None)
        await query.answer(tr(lang, "Вы отписались", "Unsubscribed"))
        return
    change = button_change(callback_data.field, callback_data.value)
    if change is None:
        await query.answer(tr(lang, "Эта кнопка устарела", "This button is outdated"))
        return
    sub = store.save_subscription(
        chat_id, query.from_user.id, defaults=new_subscription(settings), **change, lang=lang
    )
    await _edit(query, card_text(sub, lang, store.follows(chat_id)), card_keyboard(sub, lang))
    await query.answer(tr(lang, "Сохранено", "Saved"))


async def _edit(query: CallbackQuery, text: str, markup: InlineKeyboardMarkup | None) -> None:
    # "message is not modified" (the same button twice) or a message too old to edit
    with contextlib.suppress(TelegramBadRequest):
        await query.message.edit_text(text, reply_markup=markup, parse_mode="HTML")  # type: ignore[union-attr]


@router.message(Command("digest"))
async def digest_now(
    message: Message,
    store: Store,
    settings: Any,
    lang: str,
    scheduler: Any = None,
) -> None:
    if scheduler is not None:
        digest = scheduler.digest_for(message.chat.id, lang)
    else:  # a dispatcher built without a bot has no scheduler
        digest = chat_digest(store, message.chat.id, lang, utc_now(), default_timezone(settings))
    for page in digest.html_pages():
        await message.answer(page, parse_mode="HTML")


@router.message(Command("follow"))
async def follow(message: Message, command: CommandObject, store: Store, lang: str) -> None:
    term = " ".join((command.args or "").split())[:100]
    if not term:
        await message.answer(_follows_list(store, message.chat.id, lang), parse_mode="HTML")
        return
    (target,) = resolve_follows(store, [term])
    safe = html.escape(term)
    try:
        added = store.add_follow(message.chat.id, term)
    except FollowsFull as full:
        await message.answer(
            tr(
                lang,
                f"Вы уже следите за {full.limit} темами — это предел. "
                "Уберите лишнее командой /unfollow НАЗВАНИЕ и добавьте снова.",
                f"You follow {full.limit} things already — that is the limit. "
                "Drop one with /unfollow NAME and try again.",
            ),
            parse_mode="HTML",
        )
        return
    if not added:
        text = tr(lang, f"Вы уже следите за «{safe}».", f"You already follow “{safe}”.")
    else:
        text = tr(lang, f"Теперь вы следите за «{safe}».", f"You now follow “{safe}”.")
        names = _matched_names(store, target)
        if names:
            text += "\n" + tr(lang, "Узнаю: ", "Recognised: ") + html.escape(", ".join(names))
        elif not target.words or not _words_known(store, target.words):
            text += "\n" + tr(
                lang,
                "Пока в базе об этом ничего нет — пришлю уведомление, когда появится.",
                "Nothing in the base mentions it yet — I will alert you when something does.",
            )
        text += "\n" + tr(
            lang,
            "Материалы об этом будут первыми в дайджесте; о новых статьях пришлю уведомление.",
            "Items about it will lead your digest, and new articles will be alerted.",
        )
    await message.answer(text, parse_mode="HTML")


@router.message(Command("unfollow"))
async def unfollow(message: Message, command: CommandObject, store: Store, lang: str) -> None:
    term = " ".join((command.args or "").split())
    if not term:
        await message.answer(_follows_list(store, message.chat.id, lang), parse_mode="HTML")
        return
    safe = html.escape(term)
    if store.remove_follow(message.chat.id, term):
        text = tr(lang, f"Вы больше не следите за «{safe}».", f"You no longer follow “{safe}”.")
    else:
        text = tr(lang, f"Вы не следили за «{safe}».", f"You were not following “{safe}”.")
        text += "\n" + _follows_list(store, message.chat.id, lang)
    await message.answer(text, parse_mode="HTML")


@router.message(Command("calendar"))
async def calendar(message: Message, store: Store, settings: Any, lang: str) -> None:
    sub = store.subscription(message.chat.id) or {}
    today = today_for(settings, sub.get("timezone"))
    content, count = calendar_bytes(store, today=today, lang=lang)
    if not count:
        await message.answer(
            tr(
                lang,
                "Объявленных предстоящих событий нет — календарь пуст.",
                "No upcoming events announced — the calendar would be empty.",
            )
        )
        return
    await message.answer_document(
        BufferedInputFile(content, filename="kz-cn-events.ics"),
        caption=tr(
            lang,
            f"Предстоящие события ({count}) — откройте файл, чтобы добавить их в календарь.",
            f"Upcoming events ({count}) — open the file to add them to your calendar.",
        ),
    )


def _follows_list(store: Store, chat_id: int, lang: str) -> str:
    terms = store.follows(chat_id)
    if not terms:
        return tr(
            lang,
            "Вы ни за чем не следите. Пример: /follow Ван И или /follow железная дорога",
            "You follow nothing yet. Example: /follow Wang Yi or /follow железная дорога",
        )
    listed = "\n".join(f"• {html.escape(term)}" for term in terms)
    return (
        tr(lang, "Вы следите за:\n", "You follow:\n")
        + listed
        + "\n"
        + tr(lang, "/unfollow НАЗВАНИЕ — перестать.", "/unfollow NAME to stop.")
    )


def _matched_names(store: Store, target: Any) -> list[str]:
    return store.names_of(sorted(target.person_ids)[:5], sorted(target.entity_ids)[:5])


def _words_known(store: Store, words: tuple[str, ...]) -> bool:
    return store.any_sentence_with_lemmas(list(words))
