"""Digest fan-out to many subscribers against the local Bot API server, in its own process.

Two runs: one against a server that enforces Telegram's 30 messages/s (sustained rate must stay
just under it, with nothing lost or doubled), and one with the limit lifted, which measures the
machinery's own ceiling (scheduler tick, claims in the delivery log, digest building, pacing,
two SQLite commits per message, aiogram requests).

    python bench/fanout.py                         # 10,000 under the limit (~6 min) + 10,000 lifted
    python bench/fanout.py --subscribers 2000 --unlimited-subscribers 10000

Lost = subscribers who got no digest; duplicated = digests beyond the first, counted by the
server. The server also reports the most messages it accepted within any one second.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import tempfile
import textwrap
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from aiogram import Bot  # noqa: E402
from aiogram.client.session.aiohttp import AiohttpSession  # noqa: E402
from aiogram.client.telegram import TelegramAPIServer  # noqa: E402

from bot.delivery import Deliverer  # noqa: E402
from bot.models import ArticleFacts, ArticleMeta, DateSpan, Event, Person  # noqa: E402
from bot.scheduler import DigestScheduler  # noqa: E402
from bot.settings import Settings  # noqa: E402
from bot.store import open_store  # noqa: E402

SLOT = datetime(2026, 3, 10, 3, 0, tzinfo=UTC)  # 08:00 in Almaty
FIRST_CHAT = 10_000_000

SERVER = textwrap.dedent(
    """
    import asyncio, json, sys, time
    from bot.localapi import LocalBotAPI

    async def main(limit):
        accepted = []
        server = LocalBotAPI(rate_limit_per_second=limit or None)
        server.add_listener(
            lambda method, params, result: method == "sendMessage"
            and accepted.append((time.monotonic(), int(params["chat_id"])))
        )
        async with server:
            print(server.url, server.token, flush=True)
            await asyncio.get_running_loop().run_in_executor(None, sys.stdin.readline)
            times = [t for t, _ in accepted]
            peak, start = 0, 0
            for end, t in enumerate(times):
                while t - times[start] >= 1.0:
                    start += 1
                peak = max(peak, end - start + 1)
            counts = {}
            for _, chat in accepted:
                counts[chat] = counts.get(chat, 0) + 1
            print(json.dumps({
                "accepted": len(accepted),
                "rejected_429": server.limiter.rejected,
                "span": (times[-1] - times[0]) if len(times) > 1 else 0.0,
                "peak_per_second": peak,
                "counts": counts,
                "violations": server.violations[:5],
                "cpu_s": time.process_time(),
            }), flush=True)

    asyncio.run(main(int(sys.argv[1])))
    """
)


def seed(store, subscribers: int) -> None:
    """A few announced events and articles, and `subscribers` subscriptions due at SLOT."""
    today = SLOT.date()
    for n in range(12):
        start = today + timedelta(days=2 + n * 3)
        name = f"Участник{n} Тестов"
        facts = ArticleFacts(
            sentences=[f"Визит {n} состоится в Астане."],
            people=[Person(name, first=f"Участник{n}", last="Тестов", sentences=[0])],
            events=[
                Event(
                    "visit",
                    f"Визит делегации {n}",
                    DateSpan(start, start),
                    "Астана",
                    [name],
                    "upcoming",
                    0,
                )
            ],
        )
        meta = ArticleMeta(
            published=today - timedelta(days=n % 5), title=f"Статья {n}", source="Бенч"
        )
        store.save_article(f"bench-{n}", f"text {n}", f"hash-{n}", meta, facts)
    long_ago = "2026-01-01T00:00:00+00:00"
    store.db["subscriptions"].insert_all(
        (
            {
                "chat_id": FIRST_CHAT + i,
                "user_id": FIRST_CHAT + i,
                "frequency": "daily",
                "time": "08:00",
                "weekday": 0,
                "timezone": "Asia/Almaty",
                "horizon_days": (7, 30, 90)[i % 3],
                "lang": "en" if i % 4 == 0 else "ru",
                "active": 1,
                "created_at": long_ago,
                "updated_at": long_ago,
                "schedule_from": long_ago,
            }
            for i in range(subscribers)
        ),
        batch_size=1000,
    )
    store.db["follows"].insert_all(
        (
            {"chat_id": FIRST_CHAT + i, "term": "Тестов", "norm": "тестов", "created_at": long_ago}
            for i in range(0, subscribers, 20)  # 5% follow someone
        ),
        batch_size=1000,
    )


async def run(
    subscribers: int, server_limit: int | None, rate: float | None, concurrency: int
) -> dict:
    workdir = Path(tempfile.mkdtemp(prefix="fanout-"))
    store = open_store(workdir / "bench.db")
    seed(store, subscribers)
    server = await asyncio.create_subprocess_exec(
        sys.executable, "-c", SERVER, str(server_limit or 0),
        cwd=ROOT, stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
        limit=64 * 1024 * 1024,  # the final report lists every chat's count
    )  # fmt: skip
    url, token = (await server.stdout.readline()).decode().split()
    bot = Bot(
        token=token, session=AiohttpSession(api=TelegramAPIServer.from_base(url), limit=concurrency)
    )
    settings = SimpleNamespace(digest_grace_hours=6.0, timezone="Asia/Almaty")
    deliverer = Deliverer(bot, store, rate_per_second=rate, concurrency=concurrency)
    scheduler = DigestScheduler(
        bot, store, settings, deliverer=deliverer, clock=lambda: SLOT + timedelta(minutes=1)
    )
    started, cpu_started = time.monotonic(), time.process_time()
    await scheduler.start()
    await scheduler.idle()
    elapsed = time.monotonic() - started
    client_cpu = time.process_time() - cpu_started
    await scheduler.shutdown()
    await bot.session.close()
    server.stdin.write(b"stop\n")
    await server.stdin.drain()
    stats = json.loads((await server.stdout.readline()).decode())
    await server.wait()
    counts = {int(chat): n for chat, n in stats.pop("counts").items()}
    expected = range(FIRST_CHAT, FIRST_CHAT + subscribers)
    report = scheduler.reports[0] if scheduler.reports else None
    pages = max(1, round(stats["accepted"] / max(1, len(counts))))
    result = {
        "subscribers": subscribers,
        "server_limit": server_limit,
        "pacing": rate,
        "elapsed_s": round(elapsed, 2),
        "messages": stats["accepted"],
        "sustained_msg_per_s": round(stats["accepted"] / stats["span"], 2)
        if stats["span"]
        else None,
        "end_to_end_msg_per_s": round(stats["accepted"] / elapsed, 2),
        "peak_in_any_second": stats["peak_per_second"],
        "server_429": stats["rejected_429"],
        "lost": sum(1 for chat in expected if chat not in counts),
        "duplicated": sum(max(0, counts.get(chat, 0) - pages) for chat in expected),
        "pages_per_digest": pages,
        "delivery_log": store.delivery_counts(),
        "failed": report.failed if report else None,
        "client_cpu_s": round(client_cpu, 2),
        "server_cpu_s": round(stats["cpu_s"], 2),
        "violations": stats["violations"],
    }
    store.close()
    return result


def print_result(title: str, result: dict) -> None:
    print(f"\n== {title}")
    for key, value in result.items():
        print(f"  {key:22} {value}")


async def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--subscribers", type=int, default=10_000, help="for the run under the limit"
    )
    parser.add_argument("--unlimited-subscribers", type=int, default=10_000)
    parser.add_argument("--limit", type=int, default=30, help="the server's messages/s")
    parser.add_argument(
        "--rate",
        type=float,
        default=Settings().send_rate_per_second,
        help="our pacing under the limit (SEND_RATE_PER_SECOND)",
    )
    parser.add_argument("--concurrency", type=int, default=64)
    parser.add_argument("--only", choices=["limited", "unlimited"])
    args = parser.parse_args()
    if args.only != "unlimited":
        limited = await run(args.subscribers, args.limit, args.rate, args.concurrency)
        print_result(f"under the server's {args.limit} msg/s limit", limited)
    if args.only != "limited":
        lifted = await run(args.unlimited_subscribers, None, None, args.concurrency)
        print_result("limit lifted (the machinery's own ceiling)", lifted)
    print(f"\n({date.today().isoformat()}, python {sys.version.split()[0]})")


if __name__ == "__main__":
    asyncio.run(main())
