"""One feed poll of the real bot process (`python -m bot`) against a local news site.

50 feeds of 50 entries each, 30 of them seen by an earlier poll and 20 new (1,000 new pages by
default), all on 127.0.0.1: the site (tests/newsite.py) and the local Bot API server run in this
process, the bot in its own. The bot polls at start-up; while it does, a user asks it a question
again and again, and each answer's latency is measured from the moment the update is offered to
the moment the reply reaches the server. The same question is then asked with the bot idle.

    python bench/feeds.py                       # 50 feeds × 50 entries, 20 new in each
    python bench/feeds.py --feeds 10 --new 5    # quicker

Prints the poll's wall time, the bot process's CPU time during it (all threads), pages ingested
per second, and the answer latency during the poll and idle.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from newsite import Item, NewsSite, news_page, rss2  # noqa: E402

from bot.localapi import LocalBotAPI  # noqa: E402
from bot.store import open_store  # noqa: E402

KEYWORDS = ["Китай", "КНР", "Пекин", "Си Цзиньпин"]
USER = 90_001
QUESTION = "Когда Нуртлеу встречался с Ван И?"

OFFICIALS = [
    ("министр торговли", "Арман Шаккалиев"),
    ("министр энергетики", "Алмасадам Саткалиев"),
    ("аким Алматы", "Ерболат Досаев"),
    ("министр транспорта", "Марат Карабаев"),
    ("вице-министр иностранных дел", "Алибек Бакаев"),
    ("министр сельского хозяйства", "Айдарбек Сапаров"),
]
CITIES = ["Пекине", "Шанхае", "Урумчи", "Сиане", "Чэнду", "Гуанчжоу", "Ухане", "Ланьчжоу"]
GOODS = ["зерна", "меди", "мёда", "растительного масла", "шерсти", "ферросплавов", "баранины"]
MONTHS = ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября"]


def article(feed: int, n: int) -> tuple[str, list[str]]:
    """A distinct news item: who met whom where, about what, and what comes next."""
    role, name = OFFICIALS[(feed + n) % len(OFFICIALS)]
    city = CITIES[(feed * 3 + n) % len(CITIES)]
    goods = GOODS[(feed + 2 * n) % len(GOODS)]
    day, month = 1 + (feed * 7 + n) % 27, MONTHS[(feed + n) % len(MONTHS)]
    volume = 50 + feed * 13 + n * 7
    title = f"{name} обсудил в {city} поставки {goods} (выпуск {feed}-{n})"
    paragraphs = [
        f"{role.capitalize()} Казахстана {name} {day} {month} провёл в {city} переговоры с "
        f"представителями министерства коммерции КНР. Стороны обсудили увеличение поставок "
        f"{goods} из Казахстана в Китай до {volume} тысяч тонн в год.",
        f"По словам {name.split()[1]}а, в прошлом году товарооборот по этой позиции вырос на "
        f"{10 + n % 30} процентов, а число казахстанских экспортёров, получивших доступ на "
        f"китайский рынок, превысило {20 + feed} компаний.",
        f"Следующий раунд консультаций намечен на {MONTHS[(feed + n + 2) % len(MONTHS)]} в "
        f"Астане. Ожидается, что к нему стороны подготовят протокол о фитосанитарных "
        f"требованиях к {goods}.",
    ]
    return title, paragraphs


def build_site(site: NewsSite, feeds: int, entries: int, new: int) -> list[list[Item]]:
    items_per_feed = []
    for feed in range(feeds):
        items = []
        for n in range(entries):
            path = f"/b/{feed}/{n}"
            title, paragraphs = article(feed, n)
            if n < new:  # only the new ones are ever fetched
                site.extra_pages[path] = news_page(
                    title,
                    paragraphs,
                    published=f"2024-0{1 + n % 9}-{10 + feed % 18}T10:00:00+05:00",
                )
            items.append(Item(path, title, f"bench-{feed}-{n}"))
        site.extra_feeds[f"/bench/{feed}.xml"] = rss2(items, site.url, title=f"Лента {feed}")
        items_per_feed.append(items)
    return items_per_feed


def seed(db: Path, site: NewsSite, items_per_feed: list[list[Item]], new: int) -> None:
    """The feeds, and every entry but the new ones recorded as seen by an earlier poll."""
    store = open_store(db)
    for feed, items in enumerate(items_per_feed):
        feed_id, _ = store.add_feed(f"{site.url}/bench/{feed}.xml", KEYWORDS, f"Лента {feed}")
        for item in items[new:]:
            store.record_entry(feed_id, item.guid or "", site.url + item.path, "added")
    store.close()


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


async def ask(server: LocalBotAPI) -> float:
    started = time.perf_counter()
    server.send_text(USER, QUESTION)
    await server.wait_for_messages(USER, 1, timeout=120)
    return time.perf_counter() - started


def poll_finished(log: Path) -> bool:
    return "feeds polled:" in log.read_text(errors="replace")


async def run(feeds: int, entries: int, new: int) -> None:
    tmp = Path(tempfile.mkdtemp(prefix="bench-feeds-"))
    db, log = tmp / "bot.db", tmp / "bot.log"
    async with NewsSite() as site, LocalBotAPI() as server:
        items = build_site(site, feeds, entries, new)
        seed(db, site, items, new)
        env = {
            **os.environ,
            "BOT_TOKEN": server.token,
            "TELEGRAM_API_URL": server.url,
            "DATABASE_PATH": str(db),
            "FETCH_ALLOW_HOSTS": site.host,
            "LOG_LEVEL": "INFO",
            "PYTHONPATH": str(ROOT),
        }
        env.pop("WEBHOOK_URL", None)
        with log.open("wb") as out:
            bot = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "bot", cwd=tmp, env=env, stdout=out, stderr=out
            )
        process = psutil.Process(bot.pid)
        try:
            # The poll starts with the bot's scheduler: its first request to the site marks it.
            while not site.hits.total():
                await asyncio.sleep(0.01)
            started, cpu_start = time.perf_counter(), sum(process.cpu_times()[:2])
            await server.wait_for_poller(timeout=180)
            during: list[float] = []
            while not poll_finished(log):
                during.append(await ask(server))
                await asyncio.sleep(0.2)
            wall = time.perf_counter() - started
            cpu = sum(process.cpu_times()[:2]) - cpu_start
            idle = []
            for _ in range(30):
                idle.append(await ask(server))
                await asyncio.sleep(0.05)
        finally:
            bot.terminate()
            await bot.wait()
    store = open_store(db)
    added = store.db.execute("SELECT SUM(articles_added) FROM feeds").fetchone()[0] or 0
    failures = store.db.execute(
        "SELECT link, reason FROM feed_entries WHERE status = 'failed' LIMIT 5"
    ).fetchall()
    store.close()
    summary = next(
        line for line in log.read_text(errors="replace").splitlines() if "feeds polled:" in line
    )
    print(f"feeds {feeds} × entries {entries} ({new} new in each): {summary.split(': ', 1)[1]}")
    print()
    print("| feeds | entries | new pages | wall | CPU (bot) | pages/s |")
    print("|---:|---:|---:|---:|---:|---:|")
    print(
        f"| {feeds} | {feeds * entries:,} | {added:,} | {wall:.1f} s | {cpu:.1f} s | "
        f"**{added / wall:.1f}** |"
    )
    print()
    print("| answer latency | n | p50 | p95 | max |")
    print("|---|---:|---:|---:|---:|")
    for label, values in (("during the poll", during), ("idle", idle)):
        if not values:
            print(f"| {label} | 0 | — | — | — |")
            continue
        print(
            f"| {label} | {len(values)} | {statistics.median(values) * 1000:.0f} ms | "
            f"{percentile(values, 0.95) * 1000:.0f} ms | {max(values) * 1000:.0f} ms |"
        )
    for link, reason in failures:
        print(f"failed: {link}: {reason}")
    if server.violations:
        print(f"Bot API violations: {server.violations[:3]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--feeds", type=int, default=50)
    parser.add_argument("--entries", type=int, default=50, help="entries in each feed")
    parser.add_argument("--new", type=int, default=20, help="new entries in each feed")
    args = parser.parse_args()
    asyncio.run(run(args.feeds, args.entries, args.new))


if __name__ == "__main__":
    main()
