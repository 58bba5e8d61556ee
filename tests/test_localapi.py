"""The local Bot API server: it must refuse what Telegram refuses and answer like Telegram does."""

from __future__ import annotations

import asyncio
import io
import json
import sys

import aiohttp
import pytest
from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramConflictError,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram.types import (
    BufferedInputFile,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputMediaDocument,
    ReplyParameters,
)
from aiohttp import web

from bot.localapi import LocalBotAPI, validate
from bot.localapi.chat import run_sandbox
from bot.localapi.entities import EntityParseError, parse_html
from bot.localapi.faults import RateLimiter


def keyboard(*callback_data: str) -> str:
    buttons = [[{"text": str(i), "callback_data": data}] for i, data in enumerate(callback_data)]
    return json.dumps({"inline_keyboard": buttons})


# ---------------------------------------------------------------- spec validation


def test_a_well_formed_form_request_passes():
    assert (
        validate("sendMessage", {"chat_id": "42", "text": "привет", "reply_markup": keyboard("a")})
        == []
    )


def test_unknown_method_is_reported():
    assert validate("sendMesage", {"chat_id": 1, "text": "x"}) == ["unknown method 'sendMesage'"]


def test_method_names_are_case_insensitive_like_telegram():
    assert validate("sendmessage", {"chat_id": 1, "text": "x"}) == []


def test_unknown_and_missing_parameters_are_reported():
    problems = validate("sendMessage", {"chat_id": 1, "txt": "x"})
    assert any("unknown parameter 'txt'" in p for p in problems)
    assert any("missing required parameter 'text'" in p for p in problems)


def test_wrong_scalar_types_are_reported():
    assert validate("sendMessage", {"chat_id": 1.5, "text": "x"})
    assert validate("sendMessage", {"chat_id": "not-a-number-or-username", "text": 5})
    assert validate("getUpdates", {"timeout": "soon"})
    assert validate("sendMessage", {"chat_id": 1, "text": "x", "disable_notification": "maybe"})


def test_nested_objects_are_checked_recursively():
    bad_button = json.dumps({"inline_keyboard": [[{"text": "a", "callback_data": 5}]]})
    problems = validate("sendMessage", {"chat_id": 1, "text": "x", "reply_markup": bad_button})
    assert problems and "callback_data" in problems[0]


def test_a_keyboard_matching_no_member_of_the_union_is_reported():
    markup = json.dumps({"keyboard_rows": []})
    assert validate("sendMessage", {"chat_id": 1, "text": "x", "reply_markup": markup})


def test_text_over_4096_characters_is_refused_but_4096_is_fine():
    assert validate("sendMessage", {"chat_id": 1, "text": "я" * 4096}) == []
    assert validate("sendMessage", {"chat_id": 1, "text": "я" * 4097})


def test_html_tags_do_not_count_towards_the_text_limit():
    text = "<b>" + "a" * 4090 + "</b> &amp;"
    assert validate("sendMessage", {"chat_id": 1, "text": text, "parse_mode": "HTML"}) == []


def test_empty_text_is_refused():
    assert validate("sendMessage", {"chat_id": 1, "text": "  \n"})


def test_callback_data_is_limited_to_64_bytes_not_characters():
    fits = "д" * 32  # 64 bytes
    too_long = "д" * 33  # 66 bytes, although only 33 characters
    assert (
        validate("sendMessage", {"chat_id": 1, "text": "x", "reply_markup": keyboard(fits)}) == []
    )
    problems = validate(
        "sendMessage", {"chat_id": 1, "text": "x", "reply_markup": keyboard(too_long)}
    )
    assert problems and "BUTTON_DATA_INVALID" in problems[0]


@pytest.mark.parametrize(
    "text",
    ["<b>unclosed", "<div>x</div>", "a < b", "<b><i>x</b></i>", "x</b>"],
)
def test_malformed_html_is_refused_like_telegram(text):
    problems = validate("sendMessage", {"chat_id": 1, "text": text, "parse_mode": "HTML"})
    assert problems and "can't parse entities" in problems[0]


def test_html_parsing_yields_text_and_utf16_entities():
    parsed = parse_html('😀 <b>жирный</b> &lt;tag&gt; <a href="https://x.kz">ссылка</a>')
    assert parsed.text == "😀 жирный <tag> ссылка"
    assert parsed.entities[0] == {"type": "bold", "offset": 3, "length": 6}
    assert parsed.entities[1]["url"] == "https://x.kz"


def test_unknown_named_references_stay_literal_as_in_telegram():
    assert parse_html("a &nbsp; b &amp; c").text == "a &nbsp; b & c"
    with pytest.raises(EntityParseError):
        parse_html('<span class="other">x</span>')


def test_inline_query_answers_are_limited_to_50_results():
    def results(count: int) -> str:
        return json.dumps(
            [
                {
                    "type": "article",
                    "id": str(i),
                    "title": "t",
                    "input_message_content": {"message_text": "x"},
                }
                for i in range(count)
            ]
        )

    assert validate("answerInlineQuery", {"inline_query_id": "1", "results": results(50)}) == []
    assert validate("answerInlineQuery", {"inline_query_id": "1", "results": results(51)})


def test_inline_results_are_checked_against_their_own_subtype():
    article_without_content = json.dumps([{"type": "article", "id": "1", "title": "t"}])
    problems = validate(
        "answerInlineQuery", {"inline_query_id": "1", "results": article_without_content}
    )
    assert any("input_message_content" in p for p in problems)


def test_callback_answer_and_caption_limits():
    assert validate("answerCallbackQuery", {"callback_query_id": "1", "text": "x" * 201})
    assert validate("sendDocument", {"chat_id": 1, "document": "FILEID", "caption": "x" * 1025})


def test_rate_limiter_uses_a_sliding_one_second_window():
    limiter = RateLimiter(per_second=2)
    assert limiter.admit(1, now=10.0) is None
    assert limiter.admit(2, now=10.5) is None
    assert limiter.admit(3, now=10.9) == 1
    assert limiter.admit(3, now=11.01) is None
    assert (limiter.accepted, limiter.rejected) == (3, 1)


def test_per_chat_limit_does_not_hold_back_other_chats():
    limiter = RateLimiter(per_chat_per_second=1)
    assert limiter.admit(1, now=0.0) is None
    assert limiter.admit(1, now=0.2) == 1
    assert limiter.admit(2, now=0.2) is None


# ---------------------------------------------------------------- a real aiogram Bot


@pytest.fixture
async def server():
    async with LocalBotAPI() as running:
        yield running


@pytest.fixture
async def bot(server):
    session = AiohttpSession(api=TelegramAPIServer.from_base(server.url))
    client = Bot(server.token, session=session)
    yield client
    await client.session.close()


async def test_get_me_describes_the_local_bot(server, bot):
    me = await bot.get_me()
    assert me.is_bot and me.username == server.bot_user["username"]
    assert server.violations == []


async def test_sent_message_round_trips_with_keyboard_and_entities(server, bot):
    markup = InlineKeyboardMarkup(
        inline_keyboard=[[InlineKeyboardButton(text="Дальше", callback_data="page:2")]]
    )
    message = await bot.send_message(
        7, "<b>Ван И</b> прибыл", parse_mode="HTML", reply_markup=markup
    )
    assert message.text == "Ван И прибыл"
    assert message.entities[0].type == "bold"
    assert message.reply_markup.inline_keyboard[0][0].callback_data == "page:2"
    assert message.from_user.id == bot.id
    second = await bot.send_message(7, "ещё")
    assert second.message_id == message.message_id + 1
    assert [m["text"] for m in server.sent_messages(7)] == ["Ван И прибыл", "ещё"]
    assert server.violations == []


async def test_injected_updates_arrive_and_offset_confirms_them(server, bot):
    server.send_text(5, "/start", first_name="Айгерим", language_code="kk")
    updates = await bot.get_updates(timeout=0)
    assert updates[0].message.text == "/start"
    assert updates[0].message.from_user.first_name == "Айгерим"
    assert updates[0].message.entities[0].type == "bot_command"
    assert [u.update_id for u in await bot.get_updates(timeout=0)] == [updates[0].update_id]
    assert await bot.get_updates(offset=updates[0].update_id + 1, timeout=0) == []
    assert server.updates == []


async def test_long_polling_returns_an_update_injected_while_waiting(server, bot):
    poll = asyncio.create_task(bot.get_updates(timeout=20))
    await server.wait_for_poller()
    server.send_text(5, "вопрос")
    updates = await poll
    assert updates[0].message.text == "вопрос"


async def test_pressing_a_button_gives_a_callback_query_that_can_be_answered_once(server, bot):
    markup = InlineKeyboardMarkup(
        inline_keyboard=[[InlineKeyboardButton(text="2", callback_data="page:2")]]
    )
    sent = await bot.send_message(9, "страница 1", reply_markup=markup)
    with pytest.raises(ValueError):
        server.press_button(server.last_message(9), "page:3")
    server.press_button(server.last_message(9), "page:2")
    (update,) = await bot.get_updates(timeout=0)
    query = update.callback_query
    assert query.data == "page:2" and query.message.message_id == sent.message_id
    assert await bot.answer_callback_query(query.id, text="ok")
    with pytest.raises(TelegramBadRequest, match="query is too old"):
        await bot.answer_callback_query(query.id)


async def test_editing_follows_telegram_rules(server, bot):
    sent = await bot.send_message(9, "текст")
    with pytest.raises(TelegramBadRequest, match="message is not modified"):
        await bot.edit_message_text("текст", chat_id=9, message_id=sent.message_id)
    edited = await bot.edit_message_text("новый", chat_id=9, message_id=sent.message_id)
    assert edited.text == "новый" and server.last_message(9)["text"] == "новый"
    user_message = server.send_text(9, "моё")["message"]
    with pytest.raises(TelegramBadRequest, match="can't be edited"):
        await bot.edit_message_text("x", chat_id=9, message_id=user_message["message_id"])


async def test_a_user_document_can_be_fetched_and_downloaded(server, bot):
    content = "Статья о визите".encode("cp1251")
    server.send_document(3, "article.txt", content, caption="/add")
    (update,) = await bot.get_updates(timeout=0)
    document = update.message.document
    assert document.file_name == "article.txt" and update.message.caption == "/add"
    file = await bot.get_file(document.file_id)
    downloaded = await bot.download_file(file.file_path)
    assert downloaded.read() == content


async def test_an_uploaded_document_is_stored(server, bot):
    calendar = b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"
    message = await bot.send_document(
        3, BufferedInputFile(calendar, "events.ics"), caption="<i>Календарь</i>", parse_mode="HTML"
    )
    assert message.caption == "Календарь"
    assert server.files[message.document.file_id].content == calendar
    assert server.violations == []


async def test_inline_query_answers_are_recorded(server, bot):
    update = server.inline_query(11, "Ван И")
    (received,) = await bot.get_updates(timeout=0)
    assert received.inline_query.query == "Ван И"
    await bot.answer_inline_query(received.inline_query.id, results=[])
    assert server.inline_answers[update["inline_query"]["id"]]["results"] == []


async def test_a_spec_violation_fails_the_call_and_is_recorded(server, bot):
    markup = InlineKeyboardMarkup(
        inline_keyboard=[[InlineKeyboardButton(text="x", callback_data="x" * 65)]]
    )
    with pytest.raises(TelegramBadRequest, match="BUTTON_DATA_INVALID"):
        await bot.send_message(1, "x", reply_markup=markup)
    with pytest.raises(TelegramBadRequest, match="can't parse entities"):
        await bot.send_message(1, "<b>x", parse_mode="HTML")
    assert len(server.violations) == 2
    assert server.sent_messages(1) == []


async def test_unknown_method_gets_telegrams_404(server):
    url = f"{server.url}/bot{server.token}/sendTelepathy"
    async with aiohttp.ClientSession() as http, http.post(url) as response:
        body = await response.json()
    assert response.status == 404
    assert body == {"ok": False, "error_code": 404, "description": "Not Found: method not found"}
    assert server.violations == ["sendTelepathy: unknown method"]


async def test_json_bodies_are_accepted_too(server):
    payload = {"chat_id": 4, "text": "json", "reply_markup": json.loads(keyboard("a"))}
    async with (
        aiohttp.ClientSession() as http,
        http.post(f"{server.url}/bot{server.token}/sendMessage", json=payload) as response,
    ):
        body = await response.json()
    assert (
        body["ok"]
        and body["result"]["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == "a"
    )


async def test_injected_faults_surface_as_aiogram_exceptions(server, bot):
    server.faults.retry_after(20, seconds=7, times=1)
    server.faults.blocked(21)
    server.faults.server_error(22, times=1)
    server.faults.chat_not_found(23)
    with pytest.raises(TelegramRetryAfter) as retry:
        await bot.send_message(20, "дайджест")
    assert retry.value.retry_after == 7
    assert (await bot.send_message(20, "дайджест")).text == "дайджест"
    for _ in range(2):
        with pytest.raises(TelegramForbiddenError, match="blocked"):
            await bot.send_message(21, "дайджест")
    with pytest.raises(TelegramServerError):
        await bot.send_message(22, "дайджест")
    assert await bot.send_message(22, "дайджест")
    with pytest.raises(TelegramBadRequest, match="chat not found"):
        await bot.send_message(23, "дайджест")
    assert [len(server.sent_messages(chat)) for chat in (20, 21, 22, 23)] == [1, 0, 1, 0]
    assert server.violations == []


async def test_a_hanging_send_times_out_and_may_still_be_delivered(server, bot):
    server.faults.timeout(30, delivered=True)
    with pytest.raises(TelegramNetworkError):
        await bot.send_message(30, "дайджест", request_timeout=1)
    assert [m["text"] for m in server.sent_messages(30)] == ["дайджест"]


async def test_global_rate_limit_answers_429_with_retry_after():
    async with LocalBotAPI(rate_limit_per_second=2) as limited:
        session = AiohttpSession(api=TelegramAPIServer.from_base(limited.url))
        async with Bot(limited.token, session=session) as client:
            outcomes = []
            for chat in range(3):
                try:
                    await client.send_message(chat + 1, "x")
                    outcomes.append("sent")
                except TelegramRetryAfter as error:
                    outcomes.append(error.retry_after)
    # Three sends cannot all fit into one second at 2/s unless the machine stalled a full second.
    assert outcomes[:2] == ["sent", "sent"]
    assert outcomes[2] in ("sent", 1)
    assert limited.limiter.accepted + limited.limiter.rejected == 3


async def test_wait_for_messages_returns_the_replies_to_the_last_user_message(server, bot):
    async def echo_bot():
        offset = None
        while True:
            for update in await bot.get_updates(offset=offset, timeout=5):
                offset = update.update_id + 1
                await bot.send_message(update.message.chat.id, f"эхо: {update.message.text}")

    task = asyncio.create_task(echo_bot())
    try:
        server.send_text(8, "раз")
        assert [m["text"] for m in await server.wait_for_messages(8)] == ["эхо: раз"]
        server.send_text(8, "два")
        assert [m["text"] for m in await server.wait_for_messages(8)] == ["эхо: два"]
        with pytest.raises(TimeoutError):
            await server.wait_for_messages(8, count=2, timeout=0.3)
    finally:
        task.cancel()
    assert server.violations == []


# ---------------------------------------------------------------- the terminal sandbox

ECHO_BOT = """
import asyncio, html, os
from aiogram import Bot, Dispatcher, F
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

dp = Dispatcher()
again = InlineKeyboardMarkup(inline_keyboard=[[InlineKeyboardButton(text="Ещё", callback_data="again")]])

@dp.message(F.text)
async def echo(message):
    admin = str(message.from_user.id) == os.environ["ADMIN_IDS"]
    text = f"<b>эхо</b>: {html.escape(message.text)} admin={admin}"
    await message.answer(text, parse_mode="HTML", reply_markup=again)

@dp.callback_query()
async def pressed(query):
    await query.answer("нажато: " + query.data)

async def main():
    server = TelegramAPIServer.from_base(os.environ["TELEGRAM_API_URL"])
    bot = Bot(os.environ["BOT_TOKEN"], session=AiohttpSession(api=server))
    await dp.start_polling(bot)

asyncio.run(main())
"""


@pytest.mark.slow
async def test_sandbox_chat_talks_to_a_bot_process_and_stops_it(tmp_path):
    stdin = io.StringIO("привет <друг>\n/press 1\n/press 9\n")
    out = io.StringIO()
    status = await run_sandbox(
        [sys.executable, "-c", ECHO_BOT],
        user_id=777,
        stdin=stdin,
        out=out,
        reply_timeout=30,
        bot_log=tmp_path / "bot.log",
    )
    transcript = out.getvalue()
    assert status == 0, transcript
    assert "bot: эхо: привет <друг> admin=True" in transcript
    assert "[1] Ещё" in transcript
    assert "[notice] нажато: again" in transcript
    assert "(no button '9'; there are 1)" in transcript
    assert "spec violation" not in transcript


async def test_webhook_mode_pushes_updates_and_runs_the_method_in_the_reply(server, bot):
    received: list[tuple[str | None, dict]] = []

    async def webhook(request: web.Request) -> web.Response:
        received.append(
            (request.headers.get("X-Telegram-Bot-Api-Secret-Token"), await request.json())
        )
        if len(received) == 1:
            return web.Response(status=500)  # the first delivery fails and must be retried
        chat_id = received[-1][1]["message"]["chat"]["id"]
        return web.json_response({"method": "sendMessage", "chat_id": chat_id, "text": "принято"})

    app = web.Application()
    app.router.add_post("/hook", webhook)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]
    try:
        await bot.set_webhook(f"http://127.0.0.1:{port}/hook", secret_token="s3cret")
        with pytest.raises(TelegramConflictError):
            await bot.get_updates()
        server.send_text(12, "через вебхук")
        replies = await server.wait_for_messages(12)
    finally:
        await bot.delete_webhook()
        await runner.cleanup()
    assert [m["text"] for m in replies] == ["принято"]
    assert len(received) == 2 and received[0] == received[1]
    assert received[1][0] == "s3cret"
    assert server.updates == []
    assert server.violations == []


async def test_group_messages_carry_the_sender_and_mark_mentions(server, bot):
    with pytest.raises(ValueError):
        server.send_text(-100500, "вопрос", chat_type="supergroup")
    server.send_text(
        -100500, "@local_briefing_bot кто такой Ван И?", user_id=5, chat_type="supergroup"
    )
    (update,) = await bot.get_updates(timeout=0)
    message = update.message
    assert message.chat.type == "supergroup" and message.from_user.id == 5
    assert message.entities[0].type == "mention" and message.entities[0].length == 19


async def test_send_stats_count_accepted_and_refused_sends(server, bot):
    server.faults.blocked(40)
    await bot.send_message(41, "x")
    with pytest.raises(TelegramForbiddenError):
        await bot.send_message(40, "x")
    assert server.send_stats == {
        "accepted": 1,
        "rate_limited": 0,
        "faults": 1,
        "delivered_messages": 1,
    }


async def test_media_group_uploads_referenced_from_nested_objects_are_not_parameters(server, bot):
    media = [
        InputMediaDocument(media=BufferedInputFile(b"one", "1.txt")),
        InputMediaDocument(media=BufferedInputFile(b"two", "2.txt")),
    ]
    sent = await bot.send_media_group(3, media)
    assert len(sent) == 2
    assert server.violations == []


async def test_common_unmodelled_reads_parse_in_aiogram(server, bot):
    server.send_text(6, "привет")
    assert (await bot.get_chat(6)).id == 6
    assert (await bot.get_chat_member(6, 6)).status == "member"
    assert await bot.get_chat_administrators(6) == []
    assert server.violations == []


async def test_replies_quote_the_original_and_a_missing_original_is_refused(server, bot):
    question = server.send_text(14, "кто такой Ван И?")["message"]
    reply = await bot.send_message(
        14, "министр", reply_parameters=ReplyParameters(message_id=question["message_id"])
    )
    assert reply.reply_to_message.text == "кто такой Ван И?"
    with pytest.raises(TelegramBadRequest, match="message to be replied not found"):
        await bot.send_message(14, "x", reply_parameters=ReplyParameters(message_id=999))
