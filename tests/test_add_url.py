"""/add with a link, in-process against the local Bot API server and the local news site."""

from __future__ import annotations

from pathlib import Path

from harness import ADMIN_ID, USER_ID, Harness, buttons, open_harness
from newsite import NewsSite

from handlers.keyboards import AddTodayCB


async def test_a_link_is_fetched_and_added_with_the_pages_metadata(
    site_harness: Harness, site: NewsSite
) -> None:
    before = site_harness.store.count("articles")
    (*_, reply) = await site_harness.say(ADMIN_ID, f"/add {site.url}/hop/1")
    final = f"{site.url}/politics/kz-cn-transit"
    assert "Статья добавлена" in reply["text"]
    assert "Казахстан и Китай обсудили рост транзита" in reply["text"]
    assert final in reply["text"] and "2024-05-22" in reply["text"]
    assert site_harness.store.count("articles") == before + 1
    article = site_harness.store.find_article(final)
    assert article is not None and article["url"] == final and article["added_by"] == ADMIN_ID
    (again,) = await site_harness.say(ADMIN_ID, f"/add {final}")
    assert "уже есть" in again["text"]
    assert site_harness.store.count("articles") == before + 1


async def test_a_link_sent_in_the_add_dialogue_works_too(
    site_harness: Harness, site: NewsSite
) -> None:
    await site_harness.say(ADMIN_ID, "/add")
    (*_, reply) = await site_harness.say(ADMIN_ID, f"{site.url}/economy/xian-forum")
    assert "Статья добавлена" in reply["text"] and "2024-06-14" in reply["text"]


async def test_a_page_without_a_date_makes_the_bot_ask_for_one(
    site_harness: Harness, site: NewsSite
) -> None:
    before = site_harness.store.count("articles")
    (question,) = await site_harness.say(ADMIN_ID, f"/add {site.url}/society/visa-free")
    assert "нет даты публикации" in question["text"]
    assert site_harness.store.count("articles") == before
    (*_, reply) = await site_harness.say(ADMIN_ID, "01.08.2024")
    assert "Статья добавлена" in reply["text"] and "2024-08-01" in reply["text"]
    assert site.hits["/society/visa-free"] == 1  # read once, not fetched again after the answer


async def test_the_today_button_dates_a_page_without_a_date(
    site_harness: Harness, site: NewsSite
) -> None:
    (question,) = await site_harness.say(ADMIN_ID, f"/add {site.url}/politics/rivers-agreement")
    today = next(data for label, data in buttons(question).items() if "Сегодня" in label)
    assert today == AddTodayCB().pack()
    before = len(site_harness.server.sent_messages(ADMIN_ID))
    await site_harness.press(question, today, user_id=ADMIN_ID)
    added = site_harness.server.sent_messages(ADMIN_ID)[before:]
    assert any("Статья добавлена" in m["text"] for m in added)
    assert site_harness.store.find_article(f"{site.url}/politics/rivers-agreement") is not None


async def test_a_bad_link_gets_one_clear_line_and_adds_nothing(
    site_harness: Harness, site: NewsSite
) -> None:
    before = site_harness.store.count("articles")
    for link, reason in [
        (f"{site.url}/missing", "HTTP 404: страница не найдена"),
        (f"{site.url}/report.pdf", "это не HTML-страница"),
        (f"{site.url}/to-private", "внутренний"),
        ("ftp://127.0.0.1/news.txt", "только ссылки http:// и https://"),
    ]:
        (reply,) = await site_harness.say(ADMIN_ID, f"/add {link}")
        assert reply["text"].startswith("Не удалось загрузить страницу: ")
        assert reason in reply["text"] and "\n" not in reply["text"]
    assert site_harness.store.count("articles") == before
    (reply,) = await site_harness.say(ADMIN_ID, "/cancel")
    assert "Нечего отменять" in reply["text"]  # a refused link leaves no dialogue behind


async def test_the_local_site_is_refused_without_fetch_allow_hosts(
    bundled_db: Path, site: NewsSite
) -> None:
    async with open_harness(bundled_db) as harness:
        (reply,) = await harness.say(ADMIN_ID, f"/add {site.url}/economy/xian-forum")
    assert "внутренний (loopback)" in reply["text"]
    assert site.hits["/economy/xian-forum"] == 0


async def test_a_follower_is_alerted_with_a_link_to_the_final_url(
    site_harness: Harness, site: NewsSite
) -> None:
    await site_harness.say(USER_ID, "/follow Ван И")
    await site_harness.say(ADMIN_ID, f"/add {site.url}/politics/nurtleu-wang-yi-call")
    alerts = [m for m in site_harness.server.sent_messages(USER_ID) if "🔔" in m["text"]]
    assert len(alerts) == 1
    assert "Нуртлеу и Ван И обсудили" in alerts[0]["text"]
    links = [e.get("url") for e in alerts[0].get("entities", []) if e["type"] == "text_link"]
    assert links == [f"{site.url}/politics/nurtleu-wang-yi-call"]
