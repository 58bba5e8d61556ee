"""The real bot process (`python -m bot`) against the local Bot API server, as a user meets it.

One bot process serves the whole module; every request it makes is checked against the official
Bot API spec by the server, and any violation fails the suite at the end.
"""

from __future__ import annotations

import asyncio
import os
import re
import signal
import socket
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio
from botprocess import REPLY_TIMEOUT, RunningBot, running_bot
from longtext import another_long_article
from processes import ROOT

from bot.i18n import RU_MONTHS_GENITIVE
from bot.localapi import LocalBotAPI

pytestmark = [pytest.mark.slow, pytest.mark.asyncio(loop_scope="module")]

ADMIN = 5001
USER = 5002


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def running(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[RunningBot]:
    async with running_bot(tmp_path_factory.mktemp("e2e"), ADMIN) as bot:
        yield bot


def buttons(message: dict[str, Any]) -> dict[str, str]:
    """Button text → callback data."""
    return {
        button["text"]: button.get("callback_data", "")
        for row in (message.get("reply_markup") or {}).get("inline_keyboard", [])
        for button in row
    }


async def test_start_tells_what_the_bot_knows_with_example_buttons(running: RunningBot) -> None:
    (reply,) = await running.say(USER, "/start")
    assert "5" in reply["text"] and "статей" in reply["text"]
    assert len(buttons(reply)) >= 2
    example_data = next(iter(buttons(reply).values()))
    running.server.press_button(reply, example_data, user_id=USER)
    (answer,) = await running.server.wait_for_messages(USER, 1, timeout=REPLY_TIMEOUT)
    assert answer["text"]


async def test_a_question_gets_an_answer_citing_its_source(running: RunningBot) -> None:
    (reply,) = await running.say(USER, "Когда Нуртлеу встречался с Ван И?")
    text = reply["text"]
    assert "Ван И" in text
    assert re.search(r"\[1\]", text), text  # a cited fact and its numbered source


def long_article() -> str:
    """Forty dated meetings: the facts of this article cannot fit one message."""
    months = RU_MONTHS_GENITIVE[:10]
    cities = ["Астане", "Пекине", "Алматы", "Шанхае", "Урумчи"]
    return "\n".join(
        f"{day} {month} 2023 года министр иностранных дел Казахстана Мурат Нуртлеу провёл "
        f"переговоры в {cities[(day + index) % len(cities)]} с министром иностранных дел КНР Ван И "
        f"о строительстве {index + 1}-й очереди логистического центра."
        for index, month in enumerate(months)
        for day in (3, 11, 19, 26)
    )


async def test_pages_turn_by_editing_the_same_message(running: RunningBot) -> None:
    (added, *_) = await running.say(ADMIN, f"/add\nДата: 2023-12-30\n{long_article()}")
    article_id = re.search(r"#(\d+)", added["text"])[1]
    (reply,) = await running.say(USER, f"/article {article_id}")
    nxt = next((data for label, data in buttons(reply).items() if "▶" in label), None)
    assert nxt is not None, "the facts of an article take more than one page"
    running.server.press_button(reply, nxt, user_id=USER)
    edited = await running.server.wait_for(
        lambda: next(
            (
                p
                for p in running.server.calls("editMessageText")
                if p["message_id"] == reply["message_id"]
            ),
            None,
        ),
        timeout=REPLY_TIMEOUT,
    )
    assert edited["text"] != reply["text"]
    current = running.server.sent_messages(USER)[-1]
    assert any("◀" in label for label in buttons(current))


async def test_inline_query_offers_results_to_share(running: RunningBot) -> None:
    update = running.server.inline_query(USER, "Ван И")
    query_id = update["inline_query"]["id"]
    answer = await running.server.wait_for(
        lambda: running.server.inline_answers.get(query_id), timeout=REPLY_TIMEOUT
    )
    results = answer["results"]
    assert results and all(r["type"] == "article" for r in results)
    assert any("Ван И" in r["input_message_content"]["message_text"] for r in results)


async def test_admin_adds_an_article_as_text(running: RunningBot) -> None:
    before = running.article_count()
    text = (
        "/add\nНазвание: Визит в Урумчи\nДата: 2024-09-10\n\n"
        "Министр иностранных дел Казахстана Мурат Нуртлеу 9 сентября провёл переговоры в Урумчи "
        "с министром иностранных дел КНР Ван И. Стороны подписали меморандум о взаимопонимании "
        "в сфере транспорта и договорились провести следующую встречу в Астане в октябре."
    )
    (reply,) = await running.say(ADMIN, text)
    assert "Статья добавлена" in reply["text"]
    assert "Мурат Нуртлеу" in reply["text"] or "Нуртлеу" in reply["text"]
    assert any("дату" in label for label in buttons(reply))
    assert running.article_count() == before + 1
    (again,) = await running.say(ADMIN, text)
    assert "уже есть" in again["text"]
    assert running.article_count() == before + 1


async def test_admin_adds_a_cp1251_document_with_a_caption(running: RunningBot) -> None:
    before = running.article_count()
    article = (
        "Президент Казахстана Касым-Жомарт Токаев 3 июля 2024 года провёл переговоры в Астане "
        "с Председателем КНР Си Цзиньпином. По итогам переговоров подписано соглашение о "
        "сотрудничестве в области образования."
    )
    running.server.send_document(
        ADMIN,
        "статья.txt",
        article.encode("cp1251"),
        caption="Источник: Казинформ\nДата: 2024-07-04",
    )
    (reply,) = await running.server.wait_for_messages(ADMIN, 1, timeout=REPLY_TIMEOUT)
    assert "Статья добавлена" in reply["text"]
    assert "Токаев" in reply["text"] and "Казинформ" in reply["text"]
    assert running.article_count() == before + 1


async def test_non_admin_cannot_add(running: RunningBot) -> None:
    before = running.article_count()
    (reply,) = await running.say(
        USER, "/add Какой-то текст статьи, который не должен попасть в базу."
    )
    assert "только для администраторов" in reply["text"]
    running.server.send_document(USER, "a.txt", "Текст статьи".encode())
    (reply,) = await running.server.wait_for_messages(USER, 1, timeout=REPLY_TIMEOUT)
    assert "только администраторы" in reply["text"]
    assert running.article_count() == before


async def test_a_garbage_file_is_refused_and_the_bot_lives_on(running: RunningBot) -> None:
    before = running.article_count()
    garbage = bytes(range(256)) * 40
    running.server.send_document(ADMIN, "garbage.txt", garbage, caption="Дата: 2024-01-01")
    (reply,) = await running.server.wait_for_messages(ADMIN, 1, timeout=REPLY_TIMEOUT)
    assert "Не удалось" in reply["text"]
    assert running.article_count() == before
    (alive,) = await running.say(ADMIN, "/help")
    assert "/person" in alive["text"]


async def test_huge_message_unknown_command_and_sticker_get_sensible_replies(
    running: RunningBot,
) -> None:
    (reply,) = await running.say(USER, "слово " * 1700)
    assert "слишком длинное" in reply["text"]
    (reply,) = await running.say(USER, "/nosuchcommand")
    assert "/help" in reply["text"]
    running.server.send_sticker(USER)
    (reply,) = await running.server.wait_for_messages(USER, 1, timeout=REPLY_TIMEOUT)
    assert "текст" in reply["text"]


async def test_sigterm_finishes_the_update_in_flight_then_exits_cleanly(
    running: RunningBot,
) -> None:
    server = running.server
    before = running.article_count()
    # Long enough to keep extraction busy, and worded unlike long_article(), whose near-duplicate
    # would make the bot ask whether to keep both instead of extracting.
    article = another_long_article(8_000)
    actions_before = len(server.chat_actions)
    server.send_text(ADMIN, f"/add\nДата: 2022-12-30\n{article}")
    # The bot shows "typing" right before extraction starts: from then on the update is in flight.
    await server.wait_for(
        lambda: (ADMIN, "typing") in server.chat_actions[actions_before:], timeout=REPLY_TIMEOUT
    )
    running.process.send_signal(signal.SIGTERM)
    (summary, *_) = await server.wait_for_messages(ADMIN, 1, timeout=REPLY_TIMEOUT)
    assert "Статья добавлена" in summary["text"]
    code = await asyncio.wait_for(running.process.wait(), timeout=30)
    log = running.log.read_text(errors="replace")
    assert code == 0, log[-3000:]
    assert "stopped cleanly" in log
    assert server.token.split(":", 1)[1] not in log
    assert running.article_count() == before + 1


async def test_every_request_the_bot_made_followed_the_spec(running: RunningBot) -> None:
    assert running.server.requests, "the bot made no requests at all"
    menus = running.server.calls("setMyCommands")
    admin_menus = [m for m in menus if (m.get("scope") or {}).get("chat_id") == ADMIN]
    assert admin_menus and any(c["command"] == "add" for c in admin_menus[0]["commands"])
    assert not any(
        c["command"] == "add" for m in menus if m not in admin_menus for c in m["commands"]
    )
    assert running.server.violations == []


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


async def test_webhook_mode_receives_updates_and_stops_on_sigterm(tmp_path: Path) -> None:
    server = await LocalBotAPI().start()
    port = free_port()
    env = {
        **os.environ,
        "BOT_TOKEN": server.token,
        "TELEGRAM_API_URL": server.url,
        "DATABASE_PATH": str(tmp_path / "bot.db"),
        "WEBHOOK_URL": f"http://127.0.0.1:{port}",
        "WEBHOOK_HOST": "127.0.0.1",
        "WEBHOOK_PORT": str(port),
        "WEBHOOK_SECRET": "s3cret-for-tests",
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
    }
    log_path = tmp_path / "bot.log"
    with log_path.open("wb") as log:
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", cwd=tmp_path, env=env, stdout=log, stderr=log
        )
    try:
        await server.wait_for(lambda: server.webhook, timeout=120)
        assert server.webhook["url"].startswith(f"http://127.0.0.1:{port}/")
        server.send_text(USER, "/help")
        (reply,) = await server.wait_for_messages(USER, 1, timeout=REPLY_TIMEOUT)
        assert "/person" in reply["text"]
        process.send_signal(signal.SIGTERM)
        code = await asyncio.wait_for(process.wait(), timeout=30)
        assert code == 0, log_path.read_text(errors="replace")[-3000:]
        assert server.violations == []
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
        await server.call("deleteWebhook", {})  # ends the server's delivery loop
        await asyncio.wait_for(server.stop(), timeout=10)


async def test_without_a_token_the_bot_points_to_the_sandbox(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "BOT_TOKEN"}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", cwd=tmp_path, env=env, stderr=asyncio.subprocess.PIPE
    )
    _, stderr = await asyncio.wait_for(process.communicate(), timeout=60)
    assert process.returncode == 2
    assert "python -m bot.localapi --run-bot" in stderr.decode()
