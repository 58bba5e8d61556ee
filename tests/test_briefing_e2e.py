"""The bot process as a briefing tool, end to end over HTTP, as of a fixed today (TODAY): a long
article pasted in five parts, one meaning of "upcoming" across /start, /stats, /upcoming,
/article and the .ics export, and the small things a user meets first."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from datetime import date, timedelta
from typing import Any

import pytest
import pytest_asyncio
from botprocess import REPLY_TIMEOUT, RunningBot, running_bot
from icalendar import Calendar
from longtext import long_article, telegram_parts

pytestmark = [pytest.mark.slow, pytest.mark.asyncio(loop_scope="module")]

ADMIN = 6001
USER = 6002
TODAY = date(2024, 6, 1)
CYRILLIC = re.compile("[А-Яа-яЁё]")

# Announced on 30 May: talks on 15 June and the SCO summit of 3–4 July (the bundled article of
# 22 May announced it too: one event), a forum known only to its month, an exhibition today.
ANNOUNCEMENTS = (
    "Название: Программа визитов на лето\nИсточник: Казинформ\nДата: 2024-05-30\n\n"
    "Министр иностранных дел Казахстана Мурат Нуртлеу 15 июня 2024 года проведёт в Пекине "
    "переговоры с министром иностранных дел КНР Ван И. В сентябре 2024 года в Алматы пройдёт "
    "Казахстанско-китайский деловой форум. Лидеры двух стран примут участие в саммите ШОС, "
    "который пройдёт в Астане 3–4 июля 2024 года. 1 июня 2024 года в Шымкенте откроется "
    "выставка китайских товаров."
)
# Published after TODAY: as of TODAY nobody knows of it.
LATER = (
    "Название: Анонс из будущего\nИсточник: Казинформ\nДата: 2024-06-05\n\n"
    "Премьер-министр Казахстана Олжас Бектенов 20 июня 2024 года посетит Урумчи, где проведёт "
    "переговоры с руководством Синьцзян-Уйгурского автономного района."
)


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def running(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[RunningBot]:
    tmp = tmp_path_factory.mktemp("briefing")
    async with running_bot(tmp, ADMIN, TODAY=TODAY.isoformat()) as bot:
        yield bot
        assert bot.server.violations == []


def buttons(message: dict[str, Any]) -> dict[str, str]:
    return {
        b["text"]: b.get("callback_data", "")
        for row in (message.get("reply_markup") or {}).get("inline_keyboard", [])
        for b in row
    }


async def test_a_20000_character_article_pasted_in_five_parts_is_ingested_whole(
    running: RunningBot,
) -> None:
    text = long_article()
    parts = telegram_parts("Название: Двадцать тысяч знаков\nДата: 2023-12-30\n\n" + text)
    assert len(parts) == 5 and len(text) >= 19_500
    before = running.article_count()
    await running.say(ADMIN, "/add")
    for part in parts:  # as a client sends them: one right after another
        running.server.send_text(ADMIN, part)
    (summary,) = await running.server.wait_for_messages(ADMIN, 1, timeout=REPLY_TIMEOUT)
    assert "Статья добавлена" in summary["text"] and "Двадцать тысяч знаков" in summary["text"]
    await running.server.wait_until_consumed()
    assert len(running.server.sent_messages(ADMIN)) == 2  # the prompt and one summary, no more
    assert running.article_count() == before + 1
    article_id = re.search(r"#(\d+)", summary["text"])[1]
    (page, *_) = await running.say(USER, f"/text {article_id}")
    assert page["text"].count("\n") > 5 and "Далее ▶" in buttons(page)


async def count_upcoming_items(running: RunningBot) -> int:
    """The items of /upcoming, over every page of the answer."""
    (reply,) = await running.say(USER, "/upcoming")
    items = reply["text"].count("\n• ") + reply["text"].startswith("• ")
    while nxt := next((d for label, d in buttons(reply).items() if "▶" in label), None):
        running.server.press_button(reply, nxt, user_id=USER)
        await running.server.wait_for(
            lambda shown=reply["text"]: running.server.sent_messages(USER)[-1]["text"] != shown,
            REPLY_TIMEOUT,
        )
        reply = running.server.sent_messages(USER)[-1]
        items += reply["text"].count("\n• ")
    return items


async def calendar_events(running: RunningBot, lang: str) -> tuple[str, list[Any]]:
    running.server.send_text(USER, "/calendar", language_code=lang)
    (message,) = await running.server.wait_for_messages(USER, 1, timeout=REPLY_TIMEOUT)
    stored = running.server.files[message["document"]["file_id"]]
    return message["caption"], list(Calendar.from_ical(stored.content).walk("VEVENT"))


async def test_upcoming_counts_agree_everywhere_as_of_a_fixed_today(running: RunningBot) -> None:
    for text in (ANNOUNCEMENTS, LATER):
        (*_, reply) = await running.say(ADMIN, "/add " + text)
        assert "Статья добавлена" in reply["text"]
    # As of 1 June 2024: Xi Jinping's visit announced for 2024 (its day still open), the
    # exhibition opening today, the talks of 15 June, the summit of 3–4 July once, the forum of
    # September. Not what an article published on 5 June announced, nor anything of 2015.
    expected = 5
    (start,) = await running.say(USER, "/start")
    assert f"из них предстоящих — {expected})" in start["text"], start["text"]
    (stats,) = await running.say(ADMIN, "/stats")
    assert f"предстоящих событий: {expected}\n" in stats["text"], stats["text"]
    assert await count_upcoming_items(running) == expected
    caption, events = await calendar_events(running, "ru")
    assert f"({expected})" in caption and len(events) == expected
    assert {str(e["status"]) for e in events} == {"TENTATIVE"}
    forum = next(e for e in events if "форум" in str(e["summary"]).lower())
    assert "дата уточняется (сентябрь 2024)" in str(forum["summary"])
    assert forum.decoded("dtend") - forum.decoded("dtstart") == timedelta(days=1)
    xi = next(e for e in events if "Си Цзиньпина" in str(e["summary"]))
    assert xi.decoded("dtstart") == TODAY + timedelta(days=1)  # 2024, day open: not before tomorrow
    summit = next(e for e in events if str(e["summary"]).endswith("ШОС"))
    assert (summit.decoded("dtstart"), summit.decoded("dtend")) == (
        date(2024, 7, 3),
        date(2024, 7, 5),
    )


async def test_the_english_calendar_speaks_english(running: RunningBot) -> None:
    caption, events = await calendar_events(running, "en")
    assert "Upcoming events" in caption
    summaries = [str(e["summary"]) for e in events]
    assert any(s.startswith("Talks: ") and "Wang Yi" in s and "Beijing" in s for s in summaries)
    assert not any(CYRILLIC.search(s) for s in summaries), summaries


async def test_an_event_announced_in_2015_is_not_upcoming_years_later(running: RunningBot) -> None:
    (reply,) = await running.say(USER, "/article 1")  # 7 May 2015: the parade of 9 May 2015
    assert "Парад" in reply["text"]
    assert "предстоит" not in reply["text"] and "анонс" in reply["text"]


async def test_help_names_the_bot_and_a_hello_is_answered_as_one(running: RunningBot) -> None:
    (help_reply,) = await running.say(USER, "/help")
    assert f"@{running.server.bot_user['username']}" in help_reply["text"]
    assert (
        "/unfollow" in help_reply["text"]
        and "/subscribe daily 09:30 7 Europe/Brussels" in help_reply["text"]
    )
    (hello,) = await running.say(USER, "Привет!")
    assert hello["text"].startswith("Здравствуйте") and "[1]" not in hello["text"]
