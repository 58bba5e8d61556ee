"""Handlers in-process: updates fed straight to the dispatcher, replies checked by the local API.

Faster than a bot process and able to reach corners a process test cannot (a failing handler,
group chats, the /add dialogue step by step). Every request the bot makes is still validated
against the Bot API spec.
"""

from __future__ import annotations

import logging
import re
import secrets
import sys
from datetime import date
from typing import Any

from harness import ADMIN_ID, USER_ID, Harness, buttons

from bot.article_header import caption_fields, find_date, split_header
from bot.redaction import RedactSecrets
from bot.store.users import MAX_SAVED_QUERIES, QUERY_TOKEN_BYTES
from handlers.keyboards import (
    MAX_CALLBACK_BYTES,
    ArticlesCB,
    AskCB,
    DeleteCB,
    FixDateCB,
    LangCB,
    PageCB,
)
from handlers.views import pages

GROUP = -100500

ARTICLE = (
    "Министр иностранных дел Казахстана Мурат Нуртлеу 12 марта провёл в Пекине переговоры с "
    "министром иностранных дел КНР Ван И. Стороны подписали соглашение о взаимном признании "
    "дипломов и договорились о визите премьер-министра в Астану в следующем году."
)
OTHER_ARTICLE = (  # another story, not a near-duplicate of ARTICLE
    "В Урумчи 5 апреля открылась выставка казахстанских товаров. Мурат Нуртлеу осмотрел "
    "павильоны вместе с губернатором Синьцзяна и обсудил поставки зерна через Хоргос."
)


async def add_long_article(harness: Harness) -> int:
    """An article whose facts take several pages (the bundled ones fit one)."""
    await harness.say(
        ADMIN_ID,
        "/add Дата: 2023-12-30\n"
        + "\n".join(
            f"{day} марта 2023 года Мурат Нуртлеу провёл переговоры с Ван И в Пекине о проекте номер {day}."
            for day in range(1, 29)
        ),
    )
    return max(harness.store.article_ids())


# -- everyone ------------------------------------------------------------------------------------


async def test_start_counts_what_the_base_holds(harness: Harness) -> None:
    (reply,) = await harness.say(USER_ID, "/start")
    stats = harness.store.stats()
    assert f"<b>{stats['articles']}</b>" not in reply["text"]  # HTML was parsed, not shown raw
    assert str(stats["articles"]) in reply["text"] and str(stats["people"]) in reply["text"]
    assert buttons(reply)


async def test_language_follows_telegram_then_lang_command(harness: Harness) -> None:
    (reply,) = await harness.say(USER_ID, "/help", language_code="en")
    assert "How to ask" in reply["text"]
    (reply,) = await harness.say(USER_ID, "/lang ru", language_code="en")
    (reply,) = await harness.say(USER_ID, "/help", language_code="en")
    assert "Как спрашивать" in reply["text"]
    (menu,) = await harness.say(USER_ID, "/lang")
    await harness.press(menu, LangCB(code="en").pack(), user_id=USER_ID)
    assert "English" in harness.current(menu)["text"]
    assert harness.store.user_lang(USER_ID) == "en"


async def test_user_text_is_escaped_in_replies(harness: Harness) -> None:
    (reply,) = await harness.say(USER_ID, "/article <b>x</b>")
    assert "<b>x</b>" in reply["text"]  # shown literally, not parsed as markup


async def test_a_button_whose_question_is_gone_gets_an_explanation(harness: Harness) -> None:
    (reply,) = await harness.say(USER_ID, "/start")
    data = PageCB(query="9" * 16, page=1).pack()
    update = harness.server.press_button(reply, data, user_id=USER_ID, check_exists=False)
    await harness.feed(update)
    answer = harness.server.callback_answers[update["callback_query"]["id"]]
    assert answer is not None and "устарел" in answer.get("text", "")


async def test_a_forged_button_cannot_read_another_chats_questions(harness: Harness) -> None:
    """Any client can send any callback data: a saved question answers only in its own chat."""
    other = 3003
    article_id = await add_long_article(harness)
    (welcome,) = await harness.say(USER_ID, "/start")
    (question,) = await harness.say(USER_ID, f"/article {article_id}")
    theirs = [*buttons(welcome).values(), *buttons(question).values()]
    assert any(data.startswith("ask:") for data in theirs)
    assert any(data.startswith("pg:") for data in theirs)
    # Sequential ids were the way in before; they must not even look like a question now.
    guessed = [PageCB(query=str(n), page=1).pack() for n in range(1, 8)]
    guessed += [AskCB(query=str(n)).pack() for n in range(1, 8)]
    (mine,) = await harness.say(other, "/help")
    for data in theirs + guessed:
        before = len(harness.server.sent_messages(other))
        update = harness.server.press_button(mine, data, user_id=other, check_exists=False)
        await harness.feed(update)
        answer = harness.server.callback_answers[update["callback_query"]["id"]] or {}
        assert "устарел" in answer.get("text", ""), data
        assert harness.server.sent_messages(other)[before:] == [], data
        assert "Статья" not in harness.current(mine)["text"]
    # In its own chat the same button still works.
    ask = next(data for data in theirs if data.startswith("ask:"))
    before = len(harness.server.sent_messages(USER_ID))
    await harness.press(welcome, ask, user_id=USER_ID)
    assert len(harness.server.sent_messages(USER_ID)) == before + 1


async def test_each_user_keeps_a_bounded_number_of_saved_questions(harness: Harness) -> None:
    """Every /start saves its example questions; the oldest go, and their buttons say so."""
    (first,) = await harness.say(USER_ID, "/start")
    per_start = len(buttons(first))
    for _ in range(MAX_SAVED_QUERIES // per_start + 1):
        await harness.say(USER_ID, "/start")
    assert harness.store.saved_query_count(USER_ID) == MAX_SAVED_QUERIES
    answer = await harness.press(first, next(iter(buttons(first).values())), user_id=USER_ID)
    assert "устарел" in answer.get("text", "")


async def test_callback_data_from_an_unknown_old_version_is_answered(harness: Harness) -> None:
    (reply,) = await harness.say(USER_ID, "/start")
    update = harness.server.press_button(reply, "v0-thing:42", user_id=USER_ID, check_exists=False)
    await harness.feed(update)
    answer = harness.server.callback_answers[update["callback_query"]["id"]]
    assert answer is not None and "устарел" in answer.get("text", "")


async def test_in_groups_the_bot_speaks_only_when_addressed(harness: Harness) -> None:
    assert await harness.say(GROUP, "Ван И", user_id=USER_ID, chat_type="supergroup") == []
    assert await harness.say(GROUP, "/nosuch", user_id=USER_ID, chat_type="supergroup") == []
    me = harness.server.bot_user["username"]
    replies = await harness.say(GROUP, f"@{me} Ван И", user_id=USER_ID, chat_type="supergroup")
    assert len(replies) == 1 and "Ван И" in replies[0]["text"]
    replies = await harness.say(GROUP, f"/help@{me}", user_id=USER_ID, chat_type="supergroup")
    assert len(replies) == 1
    assert (
        await harness.say(GROUP, "/help@some_other_bot", user_id=USER_ID, chat_type="supergroup")
        == []
    )


async def test_a_failing_handler_is_apologised_for_and_the_bot_goes_on(
    harness: Harness, monkeypatch
) -> None:
    def explode(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(harness.store, "stats", explode)
    (reply,) = await harness.say(USER_ID, "/start")
    assert "Что-то пошло не так" in reply["text"]
    monkeypatch.undo()
    (reply,) = await harness.say(USER_ID, "/start")
    assert "статей" in reply["text"]


async def test_a_question_with_a_broken_character_is_answered(harness: Harness) -> None:
    (reply,) = await harness.say(USER_ID, "нечто\udbff")
    assert "«нечто»" in reply["text"]


async def test_edited_question_is_answered_anew_and_empty_or_odd_input_is_explained(
    harness: Harness,
) -> None:
    update = harness.server.send_text(USER_ID, "Ван")
    await harness.feed(update)
    before = len(harness.server.sent_messages(USER_ID))
    await harness.feed(harness.server.edit_text(update["message"], "Ван И"))
    (reply,) = harness.server.sent_messages(USER_ID)[before:]
    assert "Ван И" in reply["text"]
    (reply,) = await harness.say(USER_ID, "   ")
    assert "вопрос" in reply["text"]


# -- admins --------------------------------------------------------------------------------------


async def test_add_dialogue_asks_for_the_date_then_offers_to_correct_it(harness: Harness) -> None:
    before = harness.store.count("articles")
    (prompt,) = await harness.say(ADMIN_ID, "/add")
    assert "Пришлите текст статьи" in prompt["text"]
    (question,) = await harness.say(ADMIN_ID, ARTICLE)
    assert "Когда опубликована" in question["text"]
    replies = await harness.say(ADMIN_ID, "Источник: Казинформ\n14.03.2024")
    summary = replies[-1]
    assert "Статья добавлена" in summary["text"] and "Казинформ" in summary["text"]
    assert "Нуртлеу" in summary["text"]
    assert harness.store.count("articles") == before + 1
    article_id = max(harness.store.article_ids())
    assert harness.store.article(article_id)["published"] == "2024-03-14"
    # "12 марта" was read against 2024; correcting the publication year re-reads it.
    await harness.press(summary, FixDateCB(article=article_id).pack(), user_id=ADMIN_ID)
    replies = await harness.say(ADMIN_ID, "2023-03-14")
    assert "Дата исправлена" in replies[0]["text"]
    assert harness.store.article(article_id)["published"] == "2023-03-14"
    starts = {row["start"] for row in harness.store.article_facts(article_id)["dates"]}
    assert "2023-03-12" in starts
    assert [e["action"] for e in harness.store.admin_log(2)] == ["redate", "add"]


async def test_uploads_in_any_clear_encoding_are_read_and_a_mixed_one_refused(
    harness: Harness,
) -> None:
    before = harness.store.count("articles")
    half = len(ARTICLE) // 2
    for name, content, added in (
        ("utf16.txt", ARTICLE.encode("utf-16"), True),
        ("mac.txt", OTHER_ARTICLE.encode("mac_cyrillic"), True),
        ("mixed.txt", ARTICLE[:half].encode("cp1251") + ARTICLE[half:].encode("koi8_r"), False),
    ):
        update = harness.server.send_document(ADMIN_ID, name, content, caption="Дата: 2024-03-14")
        sent = len(harness.server.sent_messages(ADMIN_ID))
        await harness.feed(update)
        reply = harness.server.sent_messages(ADMIN_ID)[sent]["text"]
        if added:
            assert "Статья добавлена" in reply and "Нуртлеу" in reply, name
        else:
            assert "кодировку" in reply and "UTF-8" in reply, reply
    assert harness.store.count("articles") == before + 2


async def test_a_file_too_large_gets_the_size_message_whatever_telegram_declares(
    harness: Harness,
) -> None:
    before = harness.store.count("articles")
    line = ARTICLE.encode() + b"\n"
    for size_mb, declared in ((6, True), (6, False), (21, False)):
        content = line * (size_mb * 1024 * 1024 // len(line) + 1)
        update = harness.server.send_document(
            ADMIN_ID, "big.txt", content, caption="Дата: 2024-03-14", declare_size=declared
        )
        sent = len(harness.server.sent_messages(ADMIN_ID))
        await harness.feed(update)
        (reply,) = harness.server.sent_messages(ADMIN_ID)[sent:]
        assert "больше 5 МБ" in reply["text"], (size_mb, declared, reply["text"])
    assert harness.store.count("articles") == before


async def test_today_button_and_duplicates(harness: Harness) -> None:
    await harness.say(ADMIN_ID, "/add")
    (question,) = await harness.say(ADMIN_ID, ARTICLE)
    await harness.press(question, buttons(question)["Сегодня"], user_id=ADMIN_ID)
    summary = harness.server.sent_messages(ADMIN_ID)[-1]
    assert "Статья добавлена" in summary["text"]
    replies = await harness.say(ADMIN_ID, f"/add Дата: 2024-01-01\n{ARTICLE}")
    assert "уже есть" in replies[-1]["text"]


async def test_non_admins_are_refused_and_nothing_changes(harness: Harness) -> None:
    before = harness.store.count("articles")
    for command in ("/add", f"/add {ARTICLE}", "/articles", "/delete 1", "/reindex", "/stats"):
        (reply,) = await harness.say(USER_ID, command)
        assert "только для администраторов" in reply["text"], command
    (confirm,) = await harness.say(ADMIN_ID, "/delete 1")
    answer = await harness.press(confirm, DeleteCB(article=1, confirm=True).pack(), user_id=USER_ID)
    assert "только для администраторов" in answer["text"]
    assert harness.store.count("articles") == before
    assert harness.store.admin_log() == []


async def test_delete_needs_confirmation(harness: Harness) -> None:
    before = harness.store.count("articles")
    (confirm,) = await harness.say(ADMIN_ID, "/delete 1")
    await harness.press(confirm, DeleteCB(article=1, confirm=False).pack(), user_id=ADMIN_ID)
    assert harness.store.count("articles") == before
    (confirm,) = await harness.say(ADMIN_ID, "/delete 1")
    await harness.press(confirm, DeleteCB(article=1, confirm=True).pack(), user_id=ADMIN_ID)
    assert harness.store.count("articles") == before - 1
    assert "удалена" in harness.current(confirm)["text"]
    assert harness.store.admin_log(1)[0]["action"] == "delete"


async def test_articles_stats_and_reindex(harness: Harness) -> None:
    (listing,) = await harness.say(ADMIN_ID, "/articles")
    assert "#1" in listing["text"] or "#5" in listing["text"]
    (stats,) = await harness.say(ADMIN_ID, "/stats")
    assert "Статистика" in stats["text"]
    people = harness.store.count("people")
    replies = await harness.say(ADMIN_ID, "/reindex")
    assert "переиндексировано статей — 5" in replies[-1]["text"]
    assert harness.store.count("people") == people


# -- pure pieces ---------------------------------------------------------------------------------


def test_callback_data_fits_telegram_limit_at_its_largest() -> None:
    big = 2**62
    token = "x" * len(secrets.token_urlsafe(QUERY_TOKEN_BYTES))
    for data in (
        PageCB(query=token, page=big),
        AskCB(query=token),
        ArticlesCB(page=big),
        DeleteCB(article=big, confirm=True),
        FixDateCB(article=big),
        LangCB(code="en"),
    ):
        assert len(data.pack().encode()) <= MAX_CALLBACK_BYTES


def test_admin_metadata_from_text_and_captions() -> None:
    fields, rest = split_header(
        "Название: Визит\nИсточник: Казинформ\nДата: 2024-05-31\n\nТекст: статьи"
    )
    assert fields == {"title": "Визит", "source": "Казинформ", "published": "2024-05-31"}
    assert rest == "Текст: статьи"
    assert split_header("Просто текст\nДата: 2024-01-01") == ({}, "Просто текст\nДата: 2024-01-01")
    assert caption_fields("31.05.2024 Визит в Астану") == {
        "published": "2024-05-31",
        "title": "Визит в Астану",
    }
    assert caption_fields("Визит в Астану, 31 мая 2024 г.") == {
        "published": "2024-05-31",
        "title": "Визит в Астану",
    }
    assert find_date("опубликовано 2024-02-30, исправлено 01.03.2024") == date(2024, 3, 1)
    assert find_date("без даты") is None


def test_pages_never_exceed_the_budget_and_keep_every_line() -> None:
    lines = [f"<b>{i}</b> " + "слово " * 40 for i in range(100)]
    result = pages(lines, budget=1000)
    assert all(len(page) <= 1000 for page in result)
    assert sum(page.count("<b>") for page in result) == 100


async def test_english_speakers_get_no_russian_from_the_bot_itself(harness: Harness) -> None:
    """Every bot-written string has an English version (article data may stay Russian)."""
    cyrillic = re.compile("[А-Яа-яЁё]")
    english = {"language_code": "en"}
    replies = []
    for text in (
        "/help",
        "/nosuch",
        "/person",
        "/article",
        "/add",
        "/stats",
        "слово " * 300,
        "   ",
    ):
        replies += await harness.say(USER_ID, text, **english)
    for text in ("/add", "/delete", "/delete 999"):
        replies += await harness.say(ADMIN_ID, text, **english)
    await harness.feed(harness.server.send_sticker(USER_ID, **english))
    replies.append(harness.server.sent_messages(USER_ID)[-1])
    (menu,) = await harness.say(USER_ID, "/lang", **english)
    replies.append(menu)
    assert len(replies) == 13
    for reply in replies:
        assert not cyrillic.search(reply["text"].replace("Русский", "")), reply["text"]


async def test_question_commands_answer_with_their_topic(harness: Harness) -> None:
    (reply,) = await harness.say(USER_ID, "/person Wang Yi")
    assert "Ван И" in reply["text"]
    (reply,) = await harness.say(USER_ID, "/agreements 2023")
    assert "2023" in reply["text"] and "[1]" in reply["text"]
    (reply,) = await harness.say(USER_ID, "/events 2015")
    assert "2015" in reply["text"] and "[1]" in reply["text"]
    (reply,) = await harness.say(USER_ID, "/upcoming")
    assert reply["text"]
    (reply,) = await harness.say(USER_ID, "/article 1")
    article = harness.store.article(1)
    assert article["published"] in reply["text"]


async def test_a_page_that_can_no_longer_be_edited_arrives_as_a_new_message(
    harness: Harness,
) -> None:
    article_id = await add_long_article(harness)
    (reply,) = await harness.say(USER_ID, f"/article {article_id}")
    nxt = next(data for label, data in buttons(reply).items() if "▶" in label)
    # The message is gone (deleted, or too old to edit): the next page must still arrive.
    await harness.server.call(
        "deleteMessage", {"chat_id": USER_ID, "message_id": reply["message_id"]}
    )
    before = len(harness.server.sent_messages(USER_ID))
    await harness.press(reply, nxt, user_id=USER_ID)
    (page,) = harness.server.sent_messages(USER_ID)[before:]
    assert "◀" in "".join(buttons(page))


async def test_a_flood_limit_delays_the_reply_but_does_not_lose_it(harness: Harness) -> None:
    harness.server.faults.retry_after(USER_ID, seconds=1, times=1)
    (reply,) = await harness.say(USER_ID, "/help")
    assert "/person" in reply["text"]
    assert harness.server.faults.triggered


def test_the_bot_token_never_reaches_the_log() -> None:
    token = "123456:SECRET-token-value"
    redact = RedactSecrets(token, token.split(":", 1)[-1], "short")
    plain = logging.LogRecord("bot", logging.INFO, __file__, 1, "url %s/getMe", (token,), None)
    assert redact.filter(plain) and plain.getMessage() == "url <redacted>/getMe"
    try:
        raise RuntimeError(f"https://api.telegram.org/bot{token}/getMe failed")
    except RuntimeError:
        failed = logging.LogRecord("bot", logging.ERROR, __file__, 1, "boom", (), sys.exc_info())
    assert redact.filter(failed)
    assert failed.exc_info is None and "<redacted>" in failed.getMessage()
    assert "SECRET" not in failed.getMessage()
    untouched = logging.LogRecord("bot", logging.INFO, __file__, 1, "a short reply", (), None)
    assert redact.filter(untouched) and untouched.getMessage() == "a short reply"
