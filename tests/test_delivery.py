"""Fan-out through the local Bot API server with Telegram's failures injected.

Every subscriber gets exactly one copy; blocked chats are deactivated; a failing or hanging chat
never holds up the rest.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import Counter

import pytest
from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer

from bot.delivery import Deliverer, Outgoing
from bot.localapi import LocalBotAPI
from bot.store import open_store

SLOT = "2026-01-01T03:00:00+00:00"


@pytest.fixture
def store(tmp_path):
    store = open_store(tmp_path / "kb.db")
    yield store
    store.close()


def subscribe(store, chat_ids):
    for chat_id in chat_ids:
        store.save_subscription(chat_id, chat_id, frequency="daily", time="08:00", lang="ru")
    return store.claim_deliveries(SLOT, chat_ids)


def fast_deliverer(bot, store, **overrides):
    options = {
        "rate_per_second": None,
        "request_timeout": 0.5,
        "backoff_base": 0.05,
        "backoff_max": 0.2,
        "max_attempts": 4,
        "per_chat_interval": 0.0,
    }
    return Deliverer(bot, store, **{**options, **overrides})


def per_chat(server) -> Counter:
    return Counter(message["chat"]["id"] for message in server.sent_messages())


async def test_faults_are_retried_blocked_chats_deactivated_and_nobody_gets_two(server, bot, store):
    chats = list(range(1001, 1021))
    assert subscribe(store, chats) == chats
    server.faults.retry_after(1001, seconds=1, times=2)
    server.faults.server_error(1002, times=2)
    server.faults.timeout(1003, times=1, seconds=5)
    server.faults.blocked(1004)
    server.faults.chat_not_found(1005)
    server.faults.server_error(1006, times=None)  # never recovers

    report = await fast_deliverer(bot, store).deliver(
        Outgoing(chat, SLOT, [f"<b>Дайджест</b> для {chat}"], marks_digest=True) for chat in chats
    )

    counts = per_chat(server)
    delivered = set(chats) - {1004, 1005, 1006}
    assert {chat: counts[chat] for chat in delivered} == dict.fromkeys(delivered, 1)
    assert counts[1004] == counts[1005] == counts[1006] == 0
    statuses = {row["chat_id"]: row["status"] for row in store.deliveries(SLOT)}
    assert statuses[1004] == statuses[1005] == "blocked"
    assert statuses[1006] == "failed"
    assert all(statuses[chat] == "sent" for chat in delivered)
    assert not store.subscription(1004)["active"] and not store.subscription(1005)["active"]
    assert store.subscription(1006)["active"]  # a server failure is not the user's doing
    assert "gave up after 4 tries" in store.delivery(1006, SLOT)["last_error"]
    assert store.subscription(1001)["last_digest_at"] == SLOT
    assert (report.sent, report.blocked, report.failed) == (17, 2, 1)
    assert report.flood_waits == 2
    assert server.violations == []


async def test_a_hanging_chat_does_not_hold_up_the_others(server, bot, store):
    chats = list(range(2001, 2031))
    subscribe(store, chats)
    server.faults.timeout(2001, times=1)  # hangs until the client gives up
    deliverer = fast_deliverer(bot, store, request_timeout=3.0)
    task = asyncio.create_task(deliverer.deliver(Outgoing(c, SLOT, ["x"]) for c in chats))
    others = set(chats[1:])
    await server.wait_for(lambda: others <= set(per_chat(server)), timeout=20)
    # Everyone else has their message while the first chat's request is still hanging.
    assert per_chat(server)[2001] == 0
    assert store.delivery(2001, SLOT)["status"] == "sending"
    # Stopping now lets the request already sent finish instead of leaving it in doubt.
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task
    # Timed out: it may have arrived, so it is logged uncertain and no later start resends it.
    assert store.delivery(2001, SLOT)["status"] == "uncertain"


async def test_delivering_the_same_slot_again_sends_nothing(server, bot, store):
    chats = [3001, 3002]
    subscribe(store, chats)
    deliverer = fast_deliverer(bot, store)
    await deliverer.deliver(Outgoing(c, SLOT, ["раз"]) for c in chats)
    assert store.claim_deliveries(SLOT, chats) == []
    report = await deliverer.deliver(Outgoing(c, SLOT, ["два"]) for c in chats)
    assert report.sent == 0 and report.skipped == 2
    assert per_chat(server) == Counter({3001: 1, 3002: 1})


async def test_multi_page_digests_arrive_in_order_within_the_per_chat_limit(tmp_path, store):
    async with LocalBotAPI(per_chat_limit_per_second=1) as server:
        bot = Bot(
            token=server.token,
            session=AiohttpSession(api=TelegramAPIServer.from_base(server.url)),
        )
        subscribe(store, [4001, 4002])
        deliverer = fast_deliverer(bot, store, per_chat_interval=1.0)
        report = await deliverer.deliver(
            Outgoing(c, SLOT, [f"стр. {n}" for n in (1, 2, 3)]) for c in (4001, 4002)
        )
        await bot.session.close()
        for chat in (4001, 4002):
            assert [m["text"] for m in server.sent_messages(chat)] == ["стр. 1", "стр. 2", "стр. 3"]
        assert report.sent == 2 and report.messages == 6
        assert server.limiter.rejected == 0  # never asked a chat for a second message within 1 s


async def test_a_resumed_delivery_continues_after_the_pages_already_sent(server, bot, store):
    subscribe(store, [5001])
    store.mark_part_sent(5001, SLOT, 1, done=False)  # page 1 went out before a crash
    await fast_deliverer(bot, store).deliver([Outgoing(5001, SLOT, ["p1", "p2"])])
    assert [m["text"] for m in server.sent_messages(5001)] == ["p2"]
    assert store.delivery(5001, SLOT)["status"] == "sent"


async def test_everyone_is_served_once_under_the_servers_global_rate_limit(store):
    async with LocalBotAPI(rate_limit_per_second=30) as server:
        bot = Bot(
            token=server.token,
            session=AiohttpSession(api=TelegramAPIServer.from_base(server.url)),
        )
        chats = list(range(6001, 6046))
        subscribe(store, chats)
        report = await fast_deliverer(bot, store, rate_per_second=28).deliver(
            Outgoing(c, SLOT, ["x"]) for c in chats
        )
        await bot.session.close()
        assert per_chat(server) == Counter(dict.fromkeys(chats, 1))
        assert report.sent == len(chats)


async def test_pacing_faster_than_the_server_allows_still_loses_and_doubles_nothing(store):
    async with LocalBotAPI(rate_limit_per_second=30) as server:
        bot = Bot(
            token=server.token,
            session=AiohttpSession(api=TelegramAPIServer.from_base(server.url)),
        )
        chats = list(range(9001, 9081))
        subscribe(store, chats)
        report = await fast_deliverer(bot, store, rate_per_second=200).deliver(
            Outgoing(c, SLOT, ["x"]) for c in chats
        )
        await bot.session.close()
        assert server.limiter.rejected > 0  # the server did push back
        assert per_chat(server) == Counter(dict.fromkeys(chats, 1))
        assert (report.sent, report.failed) == (len(chats), 0)


def test_in_doubt_rows_are_settled_at_start_up_not_resent(store):
    subscribe(store, [7001, 7002])
    store.mark_sending(7001, SLOT)  # the process died with this request in flight
    assert store.settle_in_doubt() == 1
    assert store.delivery(7001, SLOT)["status"] == "unknown"
    assert store.pending_deliveries() == [(7002, SLOT)]


async def test_followers_get_one_alert_about_a_new_article_that_mentions_what_they_follow(
    server, bot, store
):
    from datetime import date

    from bot.digest import notify_followers
    from bot.models import ArticleFacts, ArticleMeta, Person

    wang = Person("Ван И", first="Ван", last="И", latin={"Wang Yi"}, sentences=[0])
    facts = ArticleFacts(sentences=["Ван И обсудил строительство железной дороги."], people=[wang])
    meta = ArticleMeta(published=date(2024, 6, 1), title="Ван И <в Астане>", source="Хабар")
    article_id = store.save_article("a", "text", "h", meta, facts).article_id
    store.add_follow(8001, "Wang Yi")  # by Latin name
    store.add_follow(8002, "железная дорога")  # by words, in another case
    store.add_follow(8003, "Си Цзиньпин")  # not mentioned
    store.set_user_lang(8002, "en")

    assert await notify_followers(bot, store, article_id, rate_per_second=None) == 2
    assert await notify_followers(bot, store, article_id, rate_per_second=None) == 0  # no repeats

    assert per_chat(server) == Counter({8001: 1, 8002: 1})
    (alert,) = server.sent_messages(8001)
    assert "Wang Yi" in alert["text"] and "«Ван И <в Астане>»" in alert["text"]
    assert "A new article about what you follow" in server.sent_messages(8002)[0]["text"]


def test_claims_are_owned_and_moved_on_only_by_their_owner(tmp_path):
    """Two connections to one file, as two processes have: the row goes to whoever wins the
    guarded UPDATE, and a live owner's rows are never taken over."""
    first, second = open_store(tmp_path / "kb.db"), open_store(tmp_path / "kb.db")
    first.save_subscription(9101, 9101, frequency="daily", time="08:00", lang="ru")
    assert first.claim_deliveries(SLOT, [9101], owner="host:1:a") == [9101]
    assert second.claim_deliveries(SLOT, [9101], owner="host:2:b") == []
    assert second.take_over_pending("host:2:b", alive=lambda owner: True) == []
    assert not second.mark_sending(9101, SLOT, "host:2:b")  # not its row
    assert second.take_over_pending("host:2:b", alive=lambda owner: False) == [(9101, SLOT)]
    assert not first.mark_sending(9101, SLOT, "host:1:a")  # taken over: it must not send
    assert second.mark_sending(9101, SLOT, "host:2:b")
    assert not second.mark_sending(9101, SLOT, "host:2:b")  # already sending: no second try
    first.close()
    second.close()
