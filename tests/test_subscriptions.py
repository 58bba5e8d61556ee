"""The subscription commands as a user meets them, through a dispatcher polling the local server."""

from __future__ import annotations

import asyncio
import contextlib
from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from aiogram import Bot, Dispatcher
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from icalendar import Calendar

from bot.localapi import LocalBotAPI
from bot.models import ArticleFacts, ArticleMeta, DateSpan, Event, Person
from bot.store import open_store
from bot.store.subscriptions import MAX_FOLLOWS
from handlers.middlewares import LanguageMiddleware
from handlers.subscriptions import SubCB, parse_subscription_args, router

CHAT = 777


def seed(store) -> None:
    soon = date.today() + timedelta(days=5)
    facts = ArticleFacts(
        sentences=["Ван И посетит Астану."],
        people=[Person("Ван И", first="Ван", last="И", latin={"Wang Yi"}, sentences=[0])],
        events=[
            Event("visit", "Визит Ван И", DateSpan(soon, soon), "Астана", ["Ван И"], "upcoming", 0)
        ],
    )
    meta = ArticleMeta(published=date.today(), title="Ван И посетит Астану", source="Хабар")
    store.save_article("wang", "Ван И посетит Астану.", "h", meta, facts)


@pytest.fixture
async def chat(tmp_path):
    store = open_store(tmp_path / "kb.db")
    seed(store)
    settings = SimpleNamespace(timezone="Asia/Almaty", default_language="ru", today=None)
    async with LocalBotAPI() as server:
        bot = Bot(
            token=server.token,
            session=AiohttpSession(api=TelegramAPIServer.from_base(server.url)),
        )
        dp = Dispatcher(store=store, settings=settings)
        dp.update.outer_middleware(LanguageMiddleware())
        dp.include_router(router)
        polling = asyncio.create_task(dp.start_polling(bot, handle_signals=False))
        await server.wait_for_poller()

        async def say(text: str, count: int = 1, **user):
            server.send_text(CHAT, text, **user)
            return await server.wait_for_messages(CHAT, count)

        async def press(message, data: str):
            server.press_button(message, data)
            await server.wait_for(
                lambda: server.callback_answers and all(server.callback_answers.values())
            )
            return server.messages[(CHAT, message["message_id"])]

        yield SimpleNamespace(server=server, store=store, say=say, press=press)
        await dp.stop_polling()
        with contextlib.suppress(asyncio.CancelledError):
            await polling
        await bot.session.close()
        router._parent_router = None  # the module's router joins a fresh dispatcher next test
        assert server.violations == []
    store.close()


async def test_subscribe_with_buttons_and_change_it(chat):
    (card,) = await chat.say("/subscribe")
    assert (
        "Подписка оформлена" in card["text"] and "ежедневно в 08:00 (Asia/Almaty)" in card["text"]
    )
    sub = chat.store.subscription(CHAT)
    assert (sub["frequency"], sub["horizon_days"], sub["active"]) == ("daily", 30, 1)

    card = await chat.press(card, SubCB(field="f", value="weekly").pack())
    card = await chat.press(card, SubCB(field="w", value="4").pack())  # Friday
    card = await chat.press(card, SubCB(field="h", value="90").pack())
    card = await chat.press(card, SubCB(field="t", value="0900").pack())
    sub = chat.store.subscription(CHAT)
    assert (sub["frequency"], sub["weekday"], sub["horizon_days"], sub["time"]) == (
        "weekly",
        4,
        90,
        "09:00",
    )
    assert "еженедельно, Пт, в 09:00" in card["text"]
    # Announcements come months ahead: the buttons reach a year.
    card = await chat.press(card, SubCB(field="h", value="365").pack())
    assert chat.store.subscription(CHAT)["horizon_days"] == 365
    assert "события на 365 дн. вперёд" in card["text"]

    await chat.press(card, SubCB(field="off", value="1").pack())
    assert not chat.store.subscription(CHAT)["active"]


async def test_subscribe_from_text_show_and_unsubscribe(chat):
    await chat.say("/subscribe weekly 19:30 пн 7 Europe/Moscow")
    sub = chat.store.subscription(CHAT)
    assert (
        sub["frequency"],
        sub["time"],
        sub["weekday"],
        sub["horizon_days"],
        sub["timezone"],
    ) == (
        "weekly",
        "19:30",
        0,
        7,
        "Europe/Moscow",
    )
    (shown,) = await chat.say("/subscription")
    assert "еженедельно, Пн, в 19:30 (Europe/Moscow)" in shown["text"]
    (bye,) = await chat.say("/unsubscribe")
    assert "отписались" in bye["text"]
    (shown,) = await chat.say("/subscription")
    assert "не подписаны" in shown["text"]


async def test_follow_digest_and_calendar(chat):
    (reply,) = await chat.say("/follow Wang Yi")
    assert "Теперь вы следите" in reply["text"] and "Ван И" in reply["text"]
    (again,) = await chat.say("/follow wang yi")
    assert "уже следите" in again["text"]
    (digest,) = await chat.say("/digest")
    assert "★" in digest["text"] and "Визит Ван И" in digest["text"]
    (listed,) = await chat.say("/unfollow")
    assert "Wang Yi" in listed["text"]
    (gone,) = await chat.say("/unfollow Wang Yi")
    assert "больше не следите" in gone["text"]

    (document,) = await chat.say("/calendar")
    stored = next(iter(chat.server.files.values()))
    assert document["document"]["file_name"].endswith(".ics")
    (event,) = Calendar.from_ical(stored.content).walk("VEVENT")
    assert str(event["summary"]) == "Визит Ван И"


async def test_follows_are_capped_with_a_clear_message(chat):
    for number in range(MAX_FOLLOWS):
        (reply,) = await chat.say(f"/follow тема {number}")
        assert "Теперь вы следите" in reply["text"]
    (refused,) = await chat.say("/follow ещё одна тема")
    assert "это предел" in refused["text"] and "/unfollow" in refused["text"]
    (again,) = await chat.say("/follow тема 3")  # one already followed is still just that
    assert "уже следите" in again["text"]
    assert len(chat.store.follows(CHAT)) == MAX_FOLLOWS
    await chat.say("/unfollow тема 0")
    (reply,) = await chat.say("/follow ещё одна тема")
    assert "Теперь вы следите" in reply["text"]


async def test_english_speakers_get_english(chat):
    (card,) = await chat.say("/subscribe", language_code="en")
    assert "Subscribed: daily at 08:00" in card["text"]
    (digest,) = await chat.say("/digest", language_code="en")
    assert "Upcoming events" in digest["text"]


async def test_in_a_group_only_admins_and_the_subscriber_change_the_subscription(chat):
    server, store = chat.server, chat.store
    group, admin, member, subscriber = -100777, 501, 502, 503
    server.set_member_status(group, admin, "administrator")
    server.set_member_status(group, subscriber, "administrator")

    async def say(user_id: int, text: str) -> dict:
        server.send_text(group, text, user_id=user_id, chat_type="supergroup")
        (reply,) = await server.wait_for_messages(group, 1)
        return reply

    async def press(user_id: int, message: dict, data: str) -> str:
        update = server.press_button(message, data, user_id=user_id)
        query_id = update["callback_query"]["id"]
        await server.wait_for(lambda: server.callback_answers[query_id])
        return server.callback_answers[query_id].get("text", "")

    assert "только её администраторы" in (await say(member, "/subscribe"))["text"]
    assert store.subscription(group) is None
    card = await say(subscriber, "/subscribe")
    assert "Подписка оформлена" in card["text"]
    # No longer an admin, but still the member who subscribed the group.
    server.set_member_status(group, subscriber, "member")

    for attempt in ("/unsubscribe", "/subscription 21:00", "/follow Ван И", "/unfollow Ван И"):
        assert "только её администраторы" in (await say(member, attempt))["text"], attempt
    for data in (SubCB(field="off", value="1"), SubCB(field="t", value="2100")):
        assert "только её администраторы" in await press(member, card, data.pack())
    sub = store.subscription(group)
    assert (sub["active"], sub["time"], sub["user_id"]) == (1, "08:00", subscriber)
    assert store.follows(group) == []
    # Reading is for everyone.
    assert "ежедневно в 08:00" in (await say(member, "/subscription"))["text"]
    assert "ни за чем не следите" in (await say(member, "/follow"))["text"]

    assert await press(subscriber, card, SubCB(field="t", value="2100").pack()) == "Сохранено"
    assert store.subscription(group)["time"] == "21:00"
    await press(admin, card, SubCB(field="h", value="7").pack())
    assert store.subscription(group)["user_id"] == subscriber  # an admin's change is not a takeover
    assert "отписались" in (await say(admin, "/unsubscribe"))["text"]
    assert not store.subscription(group)["active"]


def test_parse_subscription_args():
    fields, unknown = parse_subscription_args("еженедельно пятница 7:05 90 Asia/Shanghai бред")
    assert fields == {
        "frequency": "weekly",
        "weekday": 4,
        "time": "07:05",
        "horizon_days": 90,
        "timezone": "Asia/Shanghai",
    }
    assert unknown == ["бред"]
    assert parse_subscription_args("Mars/Olympus")[1] == ["Mars/Olympus"]
