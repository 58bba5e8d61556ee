"""/feeds, /addfeed, /delfeed in-process against the local Bot API server and the local news site."""

from __future__ import annotations

from harness import ADMIN_ID, USER_ID, Harness
from newsite import NewsSite


async def test_an_admin_adds_a_feed_its_first_poll_is_reported_and_feeds_shows_it(
    site_harness: Harness, site: NewsSite
) -> None:
    before = site_harness.store.count("articles")
    (added,) = await site_harness.say(
        ADMIN_ID, f"/addfeed {site.url}/feeds/main.xml Китай, КНР, Пекин, Си Цзиньпин"
    )
    assert "Лента #1 добавлена" in added["text"] and "Степной вестник: Политика" in added["text"]
    await site_harness.dp["feed_poller"].idle()
    polled = site_harness.server.sent_messages(ADMIN_ID)[-1]
    assert "новых статей 3, пропущено 3, с ошибкой 1" in polled["text"]
    assert site_harness.store.count("articles") == before + 3

    (listing,) = await site_harness.say(ADMIN_ID, "/feeds")
    text = listing["text"]
    assert "#1" in text and f"{site.url}/feeds/main.xml" in text
    assert "Китай, КНР, Пекин, Си Цзиньпин" in text
    assert "Добавлено статей: 3" in text and "пропущено 3, с ошибкой 1" in text
    assert "Последний успешный опрос: 20" in text

    (again,) = await site_harness.say(ADMIN_ID, f"/addfeed {site.url}/feeds/main.xml")
    assert "уже есть: #1" in again["text"]
    (removed,) = await site_harness.say(ADMIN_ID, "/delfeed 1")
    assert "удалена" in removed["text"] and site_harness.store.feeds() == []
    assert site_harness.store.count("articles") == before + 3
    (missing,) = await site_harness.say(ADMIN_ID, "/delfeed 1")
    assert "нет" in missing["text"]


async def test_a_broken_feed_is_refused_before_it_is_added(
    site_harness: Harness, site: NewsSite
) -> None:
    for path, reason in [
        ("/feeds/broken.xml", "не RSS/Atom-лента"),
        ("/missing", "HTTP 404"),
        ("/report.pdf", "это не RSS/Atom-лента, а application/pdf"),
    ]:
        (reply,) = await site_harness.say(ADMIN_ID, f"/addfeed {site.url}{path}")
        assert reply["text"].startswith("Не удалось добавить ленту: ") and reason in reply["text"]
    (reply,) = await site_harness.say(ADMIN_ID, "/addfeed file:///etc/passwd")
    assert "http:// и https://" in reply["text"]
    assert site_harness.store.feeds() == []


async def test_feed_commands_are_for_admins_only(site_harness: Harness, site: NewsSite) -> None:
    for command in ("/feeds", f"/addfeed {site.url}/feeds/main.xml", "/delfeed 1"):
        (reply,) = await site_harness.say(USER_ID, command)
        assert "только для администраторов" in reply["text"]
    assert site_harness.store.feeds() == [] and site.hits["/feeds/main.xml"] == 0


async def test_a_feed_article_alerts_its_followers_once(
    site_harness: Harness, site: NewsSite
) -> None:
    await site_harness.say(USER_ID, "/follow Ван И")
    await site_harness.say(ADMIN_ID, f"/addfeed {site.url}/feeds/main.xml")
    await site_harness.dp["feed_poller"].idle()
    await site_harness.dp["feed_poller"].poll()  # again: nothing new, nobody alerted twice
    alerts = [m for m in site_harness.server.sent_messages(USER_ID) if "🔔" in m["text"]]
    assert len(alerts) == 1 and "Нуртлеу и Ван И обсудили" in alerts[0]["text"]
