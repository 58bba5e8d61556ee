"""`briefing`: the knowledge base from a terminal (ingest, stats, show, ask, digest, feeds, admin)."""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from bot.cli_feeds import add_feeds_parser
from bot.ingest import ensure_bundled, ingest_paths, reindex_all
from bot.manifest import json_kind
from bot.models import ArticleMeta
from bot.pubdate import BadDate, parse_publication_date
from bot.search.analyse import clean_text as clean_question
from bot.settings import describe_invalid, get_settings
from bot.store import Store, open_store
from bot.web_ingest import ingest_urls, looks_like_url


def _date_arg(value: str) -> date:
    try:
        return parse_publication_date(value)
    except BadDate as error:
        raise argparse.ArgumentTypeError(str(error)) from error


def open_cli_store(db: Path | None) -> Store:
    """`--db FILE` holds exactly what is ingested into it; the configured base gets the bundle."""
    if db is not None:
        return open_store(db)
    settings = get_settings()
    store = open_store(settings.database_path)
    ensure_bundled(store, settings.bundled_dir)
    return store


def _print_json(value: Any) -> None:
    print(json.dumps(value, ensure_ascii=False, default=str))


def cmd_ingest(store: Store, args: argparse.Namespace) -> int:
    overrides = None
    if args.published or args.title or args.source or args.author or args.url:
        overrides = ArticleMeta(
            published=args.published,
            title=args.title,
            source=args.source,
            author=args.author,
            url=args.url,
        )
    urls = [path for path in args.paths if looks_like_url(path)]
    files = [path for path in args.paths if not looks_like_url(path)]
    outcomes = ingest_paths(store, files, overrides, workers=args.workers) if files else []
    if urls:
        outcomes += asyncio.run(ingest_urls(store, urls, get_settings(), args.published))
    counts: dict[str, int] = {}
    for outcome in outcomes:
        counts[outcome.status] = counts.get(outcome.status, 0) + 1
        if outcome.status == "error":
            print(f"error: {_one_line(outcome.key, outcome.message)}", file=sys.stderr)
            continue
        if outcome.message:
            print(f"warning: {_one_line(outcome.key, outcome.message)}", file=sys.stderr)
        if args.verbose:
            print(f"{outcome.status}: {outcome.key} (id {outcome.article_id})")
    summary = ", ".join(f"{n} {status}" for status, n in sorted(counts.items())) or "nothing to do"
    print(f"ingest: {summary}")
    return 1 if counts.get("error") else 0


def _one_line(key: str, message: str) -> str:
    """`key: message` on one line; a message that names its file already is left as it is."""
    text = " ".join(message.split())
    return text if key in text else f"{key}: {text}"


def cmd_stats(store: Store, args: argparse.Namespace) -> int:
    stats = store.stats()
    if args.json:
        _print_json(stats)
        return 0
    print(f"database: {store.path} (schema v{store.version})")
    for name, value in stats.items():
        print(f"  {name.replace('_', ' ')}: {value}")
    return 0


def cmd_show(store: Store, args: argparse.Namespace) -> int:
    article = store.resolve_article(args.article)
    if article is None:
        print(f"no article {args.article!r}; see `briefing articles`", file=sys.stderr)
        return 1
    facts = store.article_facts(article["id"])
    if args.json:
        _print_json({"article": {k: v for k, v in article.items() if k != "text"}, "facts": facts})
        return 0
    print(f"#{article['id']} {article['title']}")
    print(f"  {article['source'] or '—'}, {article['published']}, file {article['file'] or '—'}")
    if article["url"]:
        print(f"  {article['url']}")
    sections = [
        (
            "People",
            facts["people"],
            lambda r: f"{r['name']}" + (f" — {r['roles']}" if r["roles"] else ""),
        ),
        ("Roles", facts["roles"], lambda r: f"{r['name']}: {r['title']}"),
        ("Organisations and places", facts["entities"], lambda r: f"{r['kind']}: {r['name']}"),
        (
            "Dates",
            facts["dates"],
            lambda r: f"{r['text']!r} → {r['start']}..{r['end']} ({r['precision']})",
        ),
        (
            "Events",
            facts["events"],
            lambda r: (
                f"{r['type']} [{r['status']}] {r['title']} — {r['start']}..{r['end']}, "
                f"{r['place'] or 'место не указано'}; участники: {r['participants'] or '—'}"
            ),
        ),
        (
            "Agreements",
            facts["agreements"],
            lambda r: (
                f"{r['type']} [{r['status']}] {r['title']} — {r['start'] or 'дата не указана'}; "
                f"стороны: {', '.join(json.loads(r['parties'])) or '—'}"
            ),
        ),
    ]
    for heading, rows, line in sections:
        print(f"\n{heading} ({len(rows)}):")
        for row in rows:
            print(f"  - {line(row)}")
            print(f"      «{row['evidence']}»")
    return 0


def cmd_articles(store: Store, args: argparse.Namespace) -> int:
    for row in store.articles_page(0, args.limit):
        print(f"#{row['id']:<5} {row['published']}  {row['file'] or row['key']:<28} {row['title']}")
    return 0


def cmd_delete(store: Store, args: argparse.Namespace) -> int:
    article = store.resolve_article(args.article)
    if article is None or not store.delete_article(article["id"]):
        print(f"no article {args.article!r}", file=sys.stderr)
        return 1
    print(f"deleted #{article['id']} {article['title']}")
    return 0


def cmd_reindex(store: Store, args: argparse.Namespace) -> int:
    print(f"reindexed {reindex_all(store)} articles")
    return 0


class BadRequest(ValueError):
    """A line of `ask --json -` that is not a question object."""


# Answers look up to 400 days either side of "today" (what is coming up, digests); this keeps
# all of that inside the calendar.
TODAY_RANGE = (date(3, 1, 1), date(9997, 12, 31))
MAX_DIGEST_DAYS = 366


def _today_arg(value: object) -> date:
    try:
        today = parse_publication_date(value)
    except BadDate as error:
        raise BadRequest(f"today: {error}") from None
    if not TODAY_RANGE[0] <= today <= TODAY_RANGE[1]:
        low, high = (day.isoformat() for day in TODAY_RANGE)
        raise BadRequest(f"today must be a date from {low} to {high}, not {today.isoformat()}")
    return today


def _today_flag(value: str) -> date:
    try:
        return _today_arg(value)
    except BadRequest as error:
        raise argparse.ArgumentTypeError(str(error)) from error


def _digest_days(value: str) -> int:
    if not value.isdigit() or not 1 <= int(value) <= MAX_DIGEST_DAYS:
        raise argparse.ArgumentTypeError(f"a number of days from 1 to {MAX_DIGEST_DAYS}")
    return int(value)


def _request(raw: bytes, default_today: date) -> tuple[str, date]:
    """One line of `ask --json -`: {"query": "...", "today": "2024-06-01" or null}."""
    try:
        request = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as error:
        raise BadRequest(f"not UTF-8 (byte {raw[error.start]:#04x} at {error.start})") from None
    except json.JSONDecodeError as error:
        raise BadRequest(f"not JSON ({error.msg} at column {error.colno})") from None
    except RecursionError:
        raise BadRequest("not a question object: nested too deeply") from None
    if not isinstance(request, dict):
        raise BadRequest(f"not a question object but {json_kind(request)}")
    query = request.get("query")
    if not isinstance(query, str):
        raise BadRequest(f'"query" must be text, not {json_kind(query)}')
    today = request.get("today")
    return clean_question(query), default_today if today is None else _today_arg(today)


def _answer_json(store: Store, query: str, today: date) -> dict[str, Any]:
    from bot.search import answer

    try:
        return answer(store, query, today).to_json()
    except Exception as error:  # one question must not cost the lines after it
        logging.getLogger(__name__).exception("answering %r failed", query[:200])
        return {"error": f"could not answer: {type(error).__name__}"}


def cmd_ask(store: Store, args: argparse.Namespace) -> int:
    """One question from the command line, or one JSON line in and one out per stdin line
    (an answer, or {"error": ...} for a line that is not a question object)."""
    if args.query != "-":
        result = _answer_json(store, clean_question(args.query), args.today)
        if "error" in result or args.json:
            _print_json(result)
        else:
            print(result["answer"])
        return 1 if "error" in result else 0
    for raw in sys.stdin.buffer:  # bytes: a line that is not UTF-8 is that line's error only
        if not raw.strip():
            continue
        try:
            query, today = _request(raw, args.today)
        except BadRequest as error:
            _print_json({"error": f"bad request line: {error}"})
        else:
            _print_json(_answer_json(store, query, today))
        sys.stdout.flush()
    return 0


def cmd_digest(store: Store, args: argparse.Namespace) -> int:
    from bot.digest import build_digest

    digest = build_digest(store, today=args.today, horizon_days=args.days, lang=args.lang)
    if args.json:
        _print_json(digest.to_json())
    else:
        print(digest.text)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="briefing", description=__doc__)
    parser.add_argument(
        "--db", type=Path, help="database file (default: DATABASE_PATH, with the bundled articles)"
    )
    parser.add_argument("-v", "--verbose", action="store_true")
    commands = parser.add_subparsers(dest="command", required=True)

    ingest = commands.add_parser("ingest", help="index article files, directories or web pages")
    ingest.add_argument("paths", nargs="+", help="files, directories or http(s) URLs")
    ingest.add_argument(
        "--published",
        type=_date_arg,
        help="publication date of a single file or page (wins over the page's own date)",
    )
    ingest.add_argument("--title")
    ingest.add_argument("--source")
    ingest.add_argument("--author")
    ingest.add_argument("--url")
    ingest.add_argument("-v", "--verbose", action="store_true", default=argparse.SUPPRESS)
    ingest.add_argument("--workers", type=int, default=None, help="extraction processes")
    ingest.set_defaults(handler=cmd_ingest)

    stats = commands.add_parser("stats", help="what the base holds")
    stats.add_argument("--json", action="store_true")
    stats.set_defaults(handler=cmd_stats)

    show = commands.add_parser("show", help="every fact extracted from one article")
    show.add_argument("article", help="id, file name or key")
    show.add_argument("--json", action="store_true")
    show.set_defaults(handler=cmd_show)

    articles = commands.add_parser("articles", help="list articles, newest first")
    articles.add_argument("--limit", type=int, default=50)
    articles.set_defaults(handler=cmd_articles)

    delete = commands.add_parser("delete", help="remove an article and its facts")
    delete.add_argument("article")
    delete.set_defaults(handler=cmd_delete)

    reindex = commands.add_parser("reindex", help="extract every article again")
    reindex.set_defaults(handler=cmd_reindex)

    ask = commands.add_parser("ask", help="answer a question like the bot does")
    ask.add_argument("query", help='the question, or "-" for JSON lines on stdin')
    ask.add_argument("--today", type=_today_flag, default=date.today())
    ask.add_argument("--json", action="store_true")
    ask.set_defaults(handler=cmd_ask)

    digest = commands.add_parser("digest", help="the digest of upcoming events and new material")
    digest.add_argument("--today", type=_today_flag, default=date.today())
    digest.add_argument("--days", type=_digest_days, default=30, help="horizon in days")
    digest.add_argument("--lang", choices=["ru", "en"], default="ru")
    digest.add_argument("--json", action="store_true")
    digest.set_defaults(handler=cmd_digest)

    add_feeds_parser(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    try:
        store = open_cli_store(args.db)
    except ValidationError as error:
        print(describe_invalid(error), file=sys.stderr)
        return 2
    try:
        return args.handler(store, args)
    finally:
        store.close()


if __name__ == "__main__":
    sys.exit(main())
