"""Feeds: parsing every RSS flavour and Atom, relevance rules, and polls against the local site."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from newsite import MAIN_FEED, MALFORMED_FEED, NewsSite, rss2, site_in_thread

from bot.cli import main
from bot.digest import build_digest
from bot.feed_entries import entry_date, parse_feed
from bot.feeds import FeedPoller, backoff, is_due, split_keywords
from bot.relevance import keyword_phrases, language_problem, named_keyword
from bot.settings import Settings, get_settings
from bot.store import Store, open_store
from bot.textio import BadInput

KEYWORDS = ["Китай", "КНР", "Пекин", "Си Цзиньпин"]
BASE = "https://vestnik.example"

# -- pure rules ------------------------------------------------------------------------------------


def test_backoff_doubles_after_each_failure_up_to_a_day() -> None:
    interval = timedelta(minutes=30)
    assert [backoff(n, interval) for n in (1, 2, 3)] == [
        timedelta(hours=1),
        timedelta(hours=2),
        timedelta(hours=4),
    ]
    assert backoff(40, interval) == timedelta(days=1)


def test_a_feed_is_due_when_not_polled_lately_and_not_backing_off() -> None:
    now = datetime(2024, 7, 1, 12, 0, tzinfo=UTC)
    interval = timedelta(minutes=30)
    ago = lambda minutes: (now - timedelta(minutes=minutes)).isoformat()  # noqa: E731
    assert is_due({}, now, interval)
    assert is_due({"last_polled_at": ago(29)}, now, interval)  # a tick that came a bit early
    assert not is_due({"last_polled_at": ago(5)}, now, interval)
    waiting = {"last_polled_at": ago(60), "next_poll_at": (now + timedelta(minutes=1)).isoformat()}
    assert not is_due(waiting, now, interval)
    assert is_due({**waiting, "next_poll_at": ago(1)}, now, interval)


def test_keywords_match_any_inflection_and_names_in_a_row() -> None:
    phrases = keyword_phrases(split_keywords("Китай, КНР,Пекин ,  Си Цзиньпин,"))
    assert len(phrases) == 4
    assert named_keyword("Делегация посетила Пекином не названный город", phrases) == ("пекин",)
    assert named_keyword("Переговоры с Си Цзиньпином", phrases) == ("си", "цзиньпин")
    assert named_keyword("Товарооборот с Китаем вырос", phrases) == ("китай",)
    assert named_keyword("Си прибыл. Цзиньпин", phrases) is None
    assert named_keyword("«Кайрат» обыграл «Тобол»", phrases) is None


@pytest.mark.parametrize(
    ("text", "declared", "problem"),
    [
        ("Министр иностранных дел Казахстана провёл переговоры в Пекине с коллегой", None, None),
        (
            "Kazakhstan and China discuss new railway links and trade corridors",
            "ru",
            "не кириллица",
        ),
        ("Қазақстандық кәсіпкерлер Сиан қаласында келісімшарттарға қол қойды", "ru", "казахский"),
        (
            "Міністр закордонних справ України зустрівся з колегою в Києві та обговорив їхні",
            None,
            "украинский",
        ),
        ("Аким встретился с Әлиханом и обсудил строительство новой дороги в области", None, None),
        ("Коротко", "ru", None),
        ("Коротко", "kk", "язык ленты: kk"),
        ("Коротко", None, "?"),
    ],
)
def test_the_language_is_read_from_the_letters(
    text: str, declared: str | None, problem: str | None
) -> None:
    assert language_problem(text, declared) == problem


def test_an_entry_date_keeps_the_publishers_own_day() -> None:
    assert entry_date("Tue, 02 Jul 2024 01:30:00 +0500", None) == date(2024, 7, 2)  # UTC: 1 July
    assert entry_date("2024-06-14T23:30:00+08:00", None) == date(2024, 6, 14)
    assert entry_date("вчера", datetime(2024, 5, 1).timetuple()) == date(2024, 5, 1)
    assert entry_date(None, None) is None


@pytest.mark.parametrize(
    "path", ["/feeds/main.xml", "/feeds/economy.atom", "/feeds/regions.rdf", "/feeds/archive.xml"]
)
def test_every_rss_version_and_atom_give_entries_with_links(path: str) -> None:
    xml = NewsSite(url=BASE).feed_xml(path)
    assert xml is not None
    parsed = parse_feed(xml.encode(), BASE + path, "application/rss+xml")
    assert parsed.title and parsed.title.startswith("Степной вестник")
    assert parsed.entries and all(e.link and e.link.startswith(BASE) for e in parsed.entries)


def test_a_doubled_entry_is_read_once() -> None:
    parsed = parse_feed(rss2(MAIN_FEED, BASE).encode(), BASE, None)
    keys = [entry.key for entry in parsed.entries]
    assert len(MAIN_FEED) == 8 and len(keys) == 7 and len(set(keys)) == 7


@pytest.mark.parametrize(
    "body", [MALFORMED_FEED.encode(), b"", "<html><body><p>Новости</p></body></html>".encode()]
)
def test_what_is_not_a_feed_is_refused(body: bytes) -> None:
    with pytest.raises(BadInput, match="не RSS/Atom-лента"):
        parse_feed(body, BASE, "application/rss+xml")


# -- polls against the local site ---------------------------------------------------------------


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    store = open_store(tmp_path / "kb.db")
    yield store
    store.close()


def settings_for(site: NewsSite, **fields: object) -> Settings:
    return Settings(_env_file=None, fetch_allow_hosts=frozenset({site.host}), **fields)  # type: ignore[arg-type]


async def test_a_poll_ingests_new_relevant_russian_entries_once(
    site: NewsSite, store: Store
) -> None:
    feed_id, _ = store.add_feed(f"{site.url}/feeds/main.xml", KEYWORDS)
    announced: list[int] = []

    async def listener(article_id: int) -> None:
        announced.append(article_id)

    poller = FeedPoller(store, settings_for(site), listeners=[listener])
    report = await poller.poll()
    (feed,) = report.feeds
    assert (feed.added, feed.skipped, feed.failed) == (3, 3, 1)
    assert feed.reasons == {
        "уже в базе": 1,  # the call republished under /amp/
        "не по теме (нет ключевых слов)": 1,  # football
        "не на русском (не кириллица)": 1,
        "HTTP 404: страница не найдена": 1,
    }
    assert report.summary() == "feeds polled: 1, articles added: 3, skipped: 3, failed: 1"
    assert site.hits["/en/kazakhstan-china-trade"] == 0  # judged by its summary, never fetched
    assert site.hits["/politics/kz-cn-transit"] == 1  # listed twice, fetched once
    urls = {row["url"]: row for row in store.db.query("SELECT url, published FROM articles")}
    assert set(urls) == {
        f"{site.url}/politics/nurtleu-wang-yi-call",
        f"{site.url}/politics/kz-cn-transit",
        f"{site.url}/politics/rivers-agreement",
    }
    assert urls[f"{site.url}/politics/rivers-agreement"]["published"] == "2024-07-02"  # entry's
    assert urls[f"{site.url}/politics/kz-cn-transit"]["published"] == "2024-05-22"  # page's
    assert sorted(announced) == sorted(feed.article_ids) and len(announced) == 3

    status = store.feed(feed_id)
    assert status is not None and status["articles_added"] == 3
    assert status["last_success_at"] and status["errors_in_row"] == 0
    assert status["title"] == "Степной вестник: Политика"


async def test_feed_articles_are_new_material_in_the_next_digest(
    site: NewsSite, store: Store
) -> None:
    store.add_feed(f"{site.url}/feeds/main.xml", KEYWORDS)
    # a second ago: times have second resolution, and "new" means ingested after the last digest
    last_digest = (datetime.now(UTC) - timedelta(seconds=1)).isoformat(timespec="seconds")
    report = await FeedPoller(store, settings_for(site)).poll()
    digest = build_digest(store, today=date(2024, 7, 3), since=last_digest)
    assert {item.source.article_id for item in digest.articles} == set(report.feeds[0].article_ids)
    assert {item.source.url for item in digest.articles} >= {
        f"{site.url}/politics/nurtleu-wang-yi-call"
    }


async def test_an_unchanged_feed_is_not_read_again_and_a_restart_refetches_nothing(
    site: NewsSite, store: Store
) -> None:
    store.add_feed(f"{site.url}/feeds/main.xml", KEYWORDS)
    await FeedPoller(store, settings_for(site)).poll()
    pages_before = sum(n for path, n in site.hits.items() if not path.startswith("/feeds/"))

    again = await FeedPoller(store, settings_for(site)).poll()
    assert again.feeds[0].not_modified  # 304 to If-None-Match

    restarted = open_store(store.path)  # a new process: nothing in memory, the ETag forgotten
    restarted.db.execute("UPDATE feeds SET etag = NULL, last_modified = NULL")
    restarted.db.conn.commit()
    report = await FeedPoller(restarted, settings_for(site)).poll()
    (feed,) = report.feeds
    assert (feed.added, feed.skipped, feed.seen) == (0, 0, 6)
    assert feed.failed == 1  # the missing page is tried again, a few times at most
    pages_after = sum(n for path, n in site.hits.items() if not path.startswith("/feeds/"))
    assert pages_after == pages_before + 1
    assert restarted.count("articles") == 3
    restarted.close()


async def test_one_broken_feed_never_stops_the_others_and_then_waits_longer(
    site: NewsSite, store: Store
) -> None:
    good, _ = store.add_feed(f"{site.url}/feeds/economy.atom", [])
    broken, _ = store.add_feed(f"{site.url}/feeds/broken.xml", [])
    silent, _ = store.add_feed(f"{site.url}/slow", [])
    missing, _ = store.add_feed(f"{site.url}/feeds/gone.xml", [])
    now = datetime.now(UTC)
    poller = FeedPoller(store, settings_for(site, fetch_timeout_seconds=0.5), clock=lambda: now)
    report = await poller.poll()
    by_id = {feed.feed_id: feed for feed in report.feeds}
    assert by_id[good].added == 1 and by_id[good].reasons == {"не на русском (казахский)": 1}
    assert "не RSS/Atom-лента" in (by_id[broken].error or "")
    assert "не ответил" in (by_id[silent].error or "")
    assert by_id[missing].error == "HTTP 404: страница не найдена"
    assert report.failed == 3
    assert site.hits["/kk/forum"] == 0

    status = store.feed(broken)
    assert status is not None and status["errors_in_row"] == 1
    assert status["last_error"].startswith("это не RSS/Atom-лента") and status["last_error_at"]
    assert datetime.fromisoformat(status["next_poll_at"]) == (now + timedelta(hours=1)).replace(
        microsecond=0
    )
    # The scheduler's next ticks leave the broken feeds alone until their time comes.
    later = FeedPoller(store, settings_for(site), clock=lambda: now + timedelta(minutes=31))
    assert [f.feed_id for f in (await later.poll(only_due=True)).feeds] == [good]
    much_later = FeedPoller(store, settings_for(site), clock=lambda: now + timedelta(hours=2))
    assert {f.feed_id for f in (await much_later.poll(only_due=True)).feeds} == {
        good,
        broken,
        silent,
        missing,
    }
    assert store.feed(broken)["errors_in_row"] == 2  # type: ignore[index]


async def test_an_entry_redirecting_inside_the_machine_fails_without_reaching_it(
    site: NewsSite, store: Store
) -> None:
    store.add_feed(f"{site.url}/feeds/redirect-to-private.xml", [])
    (feed,) = (await FeedPoller(store, settings_for(site)).poll()).feeds
    assert feed.failed == 1 and any("внутренний" in reason for reason in feed.reasons)
    assert site.hits["/politics/kz-cn-transit"] == 0
    assert store.count("articles") == 0


async def test_feeds_on_the_local_server_need_fetch_allow_hosts(
    site: NewsSite, store: Store
) -> None:
    store.add_feed(f"{site.url}/feeds/main.xml", [])
    (feed,) = (await FeedPoller(store, Settings(_env_file=None)).poll()).feeds
    assert "внутренний (loopback)" in (feed.error or "")
    assert site.hits["/feeds/main.xml"] == 0


# -- the command line -----------------------------------------------------------------------


@pytest.fixture
def threaded_site(monkeypatch: pytest.MonkeyPatch) -> Iterator[NewsSite]:
    with site_in_thread() as site:
        monkeypatch.setenv("FETCH_ALLOW_HOSTS", site.host)
        get_settings.cache_clear()
        yield site
    get_settings.cache_clear()


def test_the_feeds_commands(
    threaded_site: NewsSite, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site, db = threaded_site, str(tmp_path / "kb.db")
    feeds = lambda *args: main(["--db", db, "feeds", *args])  # noqa: E731
    assert feeds("add", f"{site.url}/feeds/main.xml", "--keywords", ",".join(KEYWORDS)) == 0
    assert feeds("add", f"{site.url}/feeds/regions.rdf") == 0
    assert feeds("add", f"{site.url}/feeds/broken.xml") == 1
    assert feeds("add", f"{site.url}/feeds/main.xml") == 0
    out = capsys.readouterr()
    assert "added feed #1: Степной вестник: Политика (entries now: 7)" in out.out
    assert "already follows" in out.out and "не RSS/Atom-лента" in out.err

    assert feeds("poll") == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[0].startswith(f"#1 {site.url}/feeds/main.xml: 3 new, 3 skipped, 1 failed")
    assert lines[1].startswith(f"#2 {site.url}/feeds/regions.rdf: 1 new, 0 skipped, 0 failed")
    assert lines[-1] == "feeds polled: 2, articles added: 4, skipped: 3, failed: 1"

    feeds("list", "--json")
    listed = json.loads(capsys.readouterr().out)
    assert [(f["id"], f["articles_added"], f["keywords"]) for f in listed] == [
        (1, 3, KEYWORDS),
        (2, 1, []),
    ]
    assert feeds("remove", "2") == 0 and feeds("remove", "2") == 1
    feeds("list")
    out = capsys.readouterr().out
    assert "#1" in out and "regions.rdf" not in out and "3 articles added" in out
    store = open_store(db)
    assert store.count("articles") == 4  # a removed feed's articles stay
    store.close()
