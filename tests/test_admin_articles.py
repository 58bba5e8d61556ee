"""Admins adding and correcting articles, in-process against the local Bot API server: long
pastes in parts, near-duplicates, /edit and /text."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path

from harness import ADMIN_ID, USER_ID, Harness, buttons
from longtext import long_article, telegram_parts

from bot.pastes import TELEGRAM_LIMIT, join_parts
from handlers.keyboards import NearDupCB, TextCB

DATA = Path(__file__).resolve().parent.parent / "data"


async def paste(harness: Harness, chat_id: int, parts: list[str]) -> list[dict]:
    """The parts arrive as updates milliseconds apart, handled concurrently as in polling."""
    before = len(harness.server.sent_messages(chat_id))
    updates = [harness.server.send_text(chat_id, part) for part in parts]
    await asyncio.gather(*(harness.feed(update) for update in updates))
    return harness.server.sent_messages(chat_id)[before:]


def test_parts_join_back_into_the_text() -> None:
    text = long_article()
    parts = telegram_parts(text)
    assert len(parts) == 5 and all(len(p) <= TELEGRAM_LIMIT for p in parts)
    assert join_parts(parts) == text


async def test_an_article_pasted_in_five_parts_is_one_article(harness: Harness) -> None:
    text = long_article()
    parts = telegram_parts("Название: Двадцать тысяч знаков\nДата: 2023-12-30\n\n" + text)
    assert len(parts) == 5
    before = harness.store.count("articles")
    await harness.say(ADMIN_ID, "/add")
    replies = await paste(harness, ADMIN_ID, parts)
    summaries = [r for r in replies if "Статья добавлена" in r["text"]]
    assert len(summaries) == 1, [r["text"][:80] for r in replies]
    assert harness.store.count("articles") == before + 1
    article = harness.store.article(max(harness.store.article_ids()))
    assert article["title"] == "Двадцать тысяч знаков"
    assert article["text"] == text  # whole, the last paragraph included
    assert not any("слишком длинное" in r["text"] for r in replies)


async def test_the_same_text_with_boilerplate_is_a_duplicate(harness: Harness) -> None:
    wire = (DATA / "003_04ae095c1d503094.txt").read_text(encoding="utf-8")
    before = harness.store.count("articles")
    replies = await harness.say(
        ADMIN_ID,
        "/add Дата: 2025-06-17\n"
        + wire.replace("«", '"').replace("»", '"')
        + "\nПодписывайтесь на нас!",
    )
    assert "уже есть" in replies[-1]["text"]
    assert harness.store.count("articles") == before


async def test_a_near_duplicate_is_flagged_and_the_admin_chooses(harness: Harness) -> None:
    wire = (DATA / "003_04ae095c1d503094.txt").read_text(encoding="utf-8")
    reprint = "\n".join(wire.split("\n")[:-2]) + "\nКомментарий редакции: визит стал важным."
    before = harness.store.count("articles")
    (warning,) = await harness.say(
        ADMIN_ID, f"/add Источник: Другой сайт\nДата: 2025-06-18\n{reprint}"
    )
    assert "Похоже на статью" in warning["text"] and "%" in warning["text"]
    assert set(buttons(warning)) == {"Оставить обе", "Пропустить"}
    await harness.press(warning, NearDupCB(keep=False).pack(), user_id=ADMIN_ID)
    assert "Пропущено" in harness.current(warning)["text"]
    assert harness.store.count("articles") == before

    (warning,) = await harness.say(
        ADMIN_ID, f"/add Источник: Другой сайт\nДата: 2025-06-18\n{reprint}"
    )
    before_press = len(harness.server.sent_messages(ADMIN_ID))
    await harness.press(warning, NearDupCB(keep=True).pack(), user_id=ADMIN_ID)
    (summary,) = harness.server.sent_messages(ADMIN_ID)[before_press:]
    assert "Статья добавлена" in summary["text"] and "Другой сайт" in summary["text"]
    assert harness.store.count("articles") == before + 1
    # The button of a handled question says so instead of adding it again.
    update = harness.server.press_button(
        warning, NearDupCB(keep=True).pack(), ADMIN_ID, check_exists=False
    )
    await harness.feed(update)
    assert (
        "уже обработана" in harness.server.callback_answers[update["callback_query"]["id"]]["text"]
    )
    assert harness.store.count("articles") == before + 1


async def test_edit_corrects_title_and_source_and_a_new_date_rereads_the_article(
    harness: Harness,
) -> None:
    (*_, summary) = await harness.say(
        ADMIN_ID,
        "/add Дата: 2024-03-14\nМинистр иностранных дел Казахстана Мурат Нуртлеу 12 марта провёл "
        "в Пекине переговоры с министром иностранных дел КНР Ван И о транзите грузов и визах.",
    )
    article_id = int(re.search(r"#(\d+)", summary["text"])[1])
    (prompt,) = await harness.say(ADMIN_ID, f"/edit {article_id}")
    assert "Название:" in prompt["text"] and "2024-03-14" in prompt["text"]
    (*_, done) = await harness.say(ADMIN_ID, "Название: Нуртлеу в Пекине\nИсточник: Казинформ")
    article = harness.store.article(article_id)
    assert (article["title"], article["source"]) == ("Нуртлеу в Пекине", "Казинформ")
    assert "Нуртлеу в Пекине" in done["text"]
    (*_, redated) = await harness.say(ADMIN_ID, f"/edit {article_id} Дата: 14.03.2023")
    assert "Дата исправлена" in redated["text"]
    starts = {row["start"] for row in harness.store.article_facts(article_id)["dates"]}
    assert "2023-03-12" in starts and "2024-03-12" not in starts
    assert [e["action"] for e in harness.store.admin_log(2)] == ["redate", "edit"]
    (refused,) = await harness.say(USER_ID, f"/edit {article_id} Название: чужое")
    assert "только для администраторов" in refused["text"]
    (unclear,) = await harness.say(ADMIN_ID, f"/edit {article_id} что-то непонятное")
    assert "Не понял" in unclear["text"]
    assert harness.store.article(article_id)["title"] == "Нуртлеу в Пекине"


async def test_text_shows_the_whole_article_page_by_page(harness: Harness) -> None:
    text = long_article(9_000)
    await harness.say(ADMIN_ID, f"/add Название: Длинная\nДата: 2023-12-30\n{text}")
    article_id = max(harness.store.article_ids())
    (first,) = await harness.say(USER_ID, f"/text {article_id}")
    pages = [first["text"]]
    nxt = buttons(first)["Далее ▶"]
    while nxt:
        await harness.press(first, nxt, user_id=USER_ID)
        current = harness.current(first)
        pages.append(current["text"])
        nxt = buttons(current).get("Далее ▶")
    assert len(pages) >= 3 and all(len(p) <= 4096 for p in pages)
    body = "\n".join(p.split("\n\n", 1)[1] for p in pages)
    assert body == text
    harness.store.delete_article(article_id)
    back = buttons(current)["◀ Назад"]
    assert back == TextCB(article=article_id, page=len(pages) - 2).pack()
    answer = await harness.press(current, back, user_id=USER_ID)
    assert "больше нет" in answer["text"]
    (missing,) = await harness.say(USER_ID, "/text 99999")
    assert "нет" in missing["text"]


async def test_an_uploaded_file_s_header_lines_are_its_metadata(harness: Harness) -> None:
    body = (
        "Министр иностранных дел Казахстана Мурат Нуртлеу 12 марта провёл в Пекине переговоры с "
        "министром иностранных дел КНР Ван И о транзите грузов, визах и новых авиарейсах."
    )
    content = f"Title: Нуртлеу и Ван И в Пекине\nSource: Kazinform\nDate: 14.03.2024\n\n{body}"
    before = len(harness.server.sent_messages(ADMIN_ID))
    await harness.feed(
        harness.server.send_document(ADMIN_ID, "visit.txt", content.encode("cp1251"))
    )
    (summary,) = harness.server.sent_messages(ADMIN_ID)[before:]
    assert "Статья добавлена" in summary["text"] and "взята из начала текста" not in summary["text"]
    article = harness.store.article(max(harness.store.article_ids()))
    assert (article["title"], article["source"]) == ("Нуртлеу и Ван И в Пекине", "Kazinform")
    assert article["published"] == "2024-03-14" and article["text"] == body
