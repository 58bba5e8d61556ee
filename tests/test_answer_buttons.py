"""The buttons under an answer, over HTTP as a user meets them: «Ещё» for the next items,
«Источники и цитаты» for the evidence, and the .docx briefing note python-docx reopens."""

from __future__ import annotations

import io
import re

from docx import Document
from harness import USER_ID, Harness, buttons

from bot.search.render import ITEMS_PER_PAGE

MORE, QUOTES, NOTE = "Ещё ▶", "Источники и цитаты", "📄 Справка .docx"


def items(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith("• ")]


async def test_more_turns_to_the_next_items_of_the_same_answer(harness: Harness) -> None:
    (reply,) = await harness.say(USER_ID, "Си Цзиньпин")
    first = items(reply["text"])
    assert 0 < len(first) <= 2 * ITEMS_PER_PAGE  # roles and events, six of each at most
    assert {MORE, QUOTES, NOTE} <= set(buttons(reply))
    await harness.press(reply, buttons(reply)[MORE], user_id=USER_ID)
    turned = harness.current(reply)
    second = items(turned["text"])
    assert second and not set(second) & set(first)
    assert "Источники:" in turned["text"]  # each page names the sources it cites
    assert "◀ Назад" in buttons(turned)


async def test_sources_and_quotes_come_as_a_message_of_their_own(harness: Harness) -> None:
    (reply,) = await harness.say(USER_ID, "Когда Нуртлеу встречался с Ван И?")
    before = len(harness.server.sent_messages(USER_ID))
    await harness.press(reply, buttons(reply)[QUOTES], user_id=USER_ID)
    (quotes,) = harness.server.sent_messages(USER_ID)[before:]
    assert harness.current(reply)["text"] == reply["text"]  # the short answer stays
    quoted = re.findall(r"«([^»]{20,})»", quotes["text"])
    assert quoted and any("Ван И" in q for q in quoted)
    assert "Источники:" in quotes["text"]
    assert not any(re.match(r"^[А-Я][а-я]+, \d{1,2} [а-я]+\.", q) for q in quoted)  # no datelines


async def test_the_briefing_note_is_the_whole_answer_with_its_linked_sources(
    harness: Harness,
) -> None:
    (reply,) = await harness.say(USER_ID, "Си Цзиньпин")
    before = len(harness.server.sent_messages(USER_ID))
    await harness.press(reply, buttons(reply)[NOTE], user_id=USER_ID)
    (sent,) = harness.server.sent_messages(USER_ID)[before:]
    assert sent["document"]["file_name"].endswith(".docx")
    stored = harness.server.files[sent["document"]["file_id"]]
    document = Document(io.BytesIO(stored.content))
    texts = [p.text for p in document.paragraphs]
    links = [link.address for p in document.paragraphs for link in p.hyperlinks]
    assert texts[0].startswith("Си Цзиньпин") and texts[1].startswith("Справка подготовлена")
    bullets = [t for t in texts if " — " in t and "[" in t]
    assert len(bullets) > len(items(reply["text"]))  # every page, not the first one
    assert "Источники" in texts and links and all(url.startswith("http") for url in links)


async def test_an_answer_without_sources_offers_no_quotes_or_note(harness: Harness) -> None:
    (reply,) = await harness.say(USER_ID, "ыщзщшгнеку")
    assert not {QUOTES, NOTE} & set(buttons(reply))


async def test_a_forged_note_button_reads_nothing(harness: Harness) -> None:
    from handlers.keyboards import NoteCB

    (mine,) = await harness.say(USER_ID, "/help")
    before = len(harness.server.sent_messages(USER_ID))
    update = harness.server.press_button(
        mine, NoteCB(query="A" * 16).pack(), user_id=USER_ID, check_exists=False
    )
    await harness.feed(update)
    answer = harness.server.callback_answers[update["callback_query"]["id"]] or {}
    assert "устарел" in answer.get("text", "")
    assert harness.server.sent_messages(USER_ID)[before:] == []


async def test_org_gives_what_the_organisation_did_with_dates(harness: Harness) -> None:
    (reply,) = await harness.say(USER_ID, "/org ШОС")
    assert reply["text"].startswith("ШОС")
    assert (
        "20–21 мая 2024" in reply["text"]
        and "Шанхайской организации сотрудничества" in (reply["text"])
    )
    (same,) = await harness.say(USER_ID, "ШОС")
    assert items(same["text"]) == items(reply["text"])
    (usage,) = await harness.say(USER_ID, "/org")
    assert "/org ШОС" in usage["text"]


def test_english_example_buttons_name_people_in_their_latin_form(bundled_db) -> None:
    from bot.store import open_store
    from handlers.start import example_questions

    labels = [label for label, _ in example_questions(open_store(bundled_db), "en")]
    assert any("Xi Jinping" in label for label in labels)
    assert not [label for label in labels if re.search("[А-Яа-яЁё]", label)]


async def test_with_lang_en_an_answer_is_english_outside_its_quotations(harness: Harness) -> None:
    await harness.say(USER_ID, "/lang en")
    for question in ("Wang Yi", "Когда Нуртлеу встречался с Ван И?", "agreements 2023"):
        (reply,) = await harness.say(USER_ID, question)
        body = reply["text"].split("Sources:")[0]
        outside = re.sub(r"«[^»]*»", "", body)
        assert not re.findall(r"[А-Яа-яЁё]+", outside), (question, body)
        assert "Sources:" in reply["text"]
    (reply,) = await harness.say(USER_ID, "Wang Yi")
    assert reply["text"].startswith("Wang Yi") and "Murat Nurtleu" in reply["text"]
    assert {"Sources and quotes", "📄 Briefing .docx"} <= set(buttons(reply))
