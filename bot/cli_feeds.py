"""`briefing feeds add|list|remove|poll`: the RSS/Atom feeds the bot follows, from a terminal."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from typing import Any

from bot.feeds import FeedPoller, probe_feed, split_keywords
from bot.settings import get_settings
from bot.store import Store
from bot.textio import BadInput
from bot.urlsafety import FetchError


def cmd_add(store: Store, args: argparse.Namespace) -> int:
    """A feed is read once before it is added: a broken one is refused now, not at every poll."""
    try:
        parsed = asyncio.run(probe_feed(args.url, get_settings()))
    except (FetchError, BadInput) as error:
        print(f"error: {args.url}: {error}", file=sys.stderr)
        return 1
    feed_id, created = store.add_feed(args.url, split_keywords(args.keywords), parsed.title)
    if not created:
        print(f"feed #{feed_id} already follows {args.url}")
        return 0
    print(f"added feed #{feed_id}: {parsed.title or args.url} (entries now: {len(parsed.entries)})")
    return 0


def _status(feed: dict[str, Any]) -> str:
    parts = [f"{feed['articles_added']} articles added", f"{feed['entries_seen']} entries seen"]
    parts.append(f"last success {feed['last_success_at'] or 'never'}")
    if feed["last_error"]:
        parts.append(f"last error {feed['last_error_at']}: {feed['last_error']}")
    if feed["next_poll_at"]:
        parts.append(f"waits until {feed['next_poll_at']}")
    return "; ".join(parts)


def cmd_list(store: Store, args: argparse.Namespace) -> int:
    feeds = store.feeds()
    if args.json:
        print(json.dumps(feeds, ensure_ascii=False))
        return 0
    if not feeds:
        print("no feeds; add one with `briefing feeds add URL`")
    for feed in feeds:
        keywords = ", ".join(feed["keywords"]) or "all entries"
        print(f"#{feed['id']:<4} {feed['url']}  [{keywords}]")
        print(f"      {feed['title'] or '—'}; {_status(feed)}")
    return 0


def cmd_remove(store: Store, args: argparse.Namespace) -> int:
    if not store.remove_feed(args.id):
        print(f"no feed #{args.id}; see `briefing feeds list`", file=sys.stderr)
        return 1
    print(f"removed feed #{args.id} (its articles stay)")
    return 0


def cmd_poll(store: Store, args: argparse.Namespace) -> int:
    report = asyncio.run(FeedPoller(store, get_settings()).poll())
    for feed in report.feeds:
        print(feed.line())
    print(report.summary())
    return 0


def add_feeds_parser(commands: Any) -> None:
    feeds = commands.add_parser("feeds", help="RSS/Atom feeds: add, list, remove, poll")
    actions = feeds.add_subparsers(dest="feeds_command", required=True)
    add = actions.add_parser("add", help="follow a feed (read once to check it)")
    add.add_argument("url")
    add.add_argument(
        "--keywords",
        help='comma-separated: only entries naming one of them, e.g. "Китай,КНР,Пекин"',
    )
    add.set_defaults(handler=cmd_add)
    listing = actions.add_parser("list", help="the feeds and how their polls went")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=cmd_list)
    remove = actions.add_parser("remove", help="stop following a feed")
    remove.add_argument("id", type=int)
    remove.set_defaults(handler=cmd_remove)
    poll = actions.add_parser("poll", help="fetch every feed now and ingest the new entries")
    poll.set_defaults(handler=cmd_poll)
