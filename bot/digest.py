"""The digest: what is coming (announced events) and what is new (articles, agreements).

Built as data first (`Digest`), then rendered three ways: plain text for the CLI, JSON for
scripts, and Telegram HTML pages that each fit one message. Items about what the reader follows
lead every section.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from typing import Any

from bot.delivery import Deliverer, Outgoing
from bot.follows import FollowTarget, article_matches, resolve_follows
from bot.i18n import format_date, format_span, tr
from bot.store import Store, fold
from bot.upcoming import event_key
from bot.vocab import event_label, status_label

TELEGRAM_LIMIT = 4096
FIRST_DIGEST_LOOKBACK_DAYS = 7  # "new" for a reader who never had a digest
MAX_EVENTS = 40
MAX_ARTICLES = 15
MAX_AGREEMENTS = 15


@dataclass(slots=True)
class Source:
    article_id: int
    title: str | None
    source: str | None
    published: str
    url: str | None


@dataclass(slots=True)
class EventItem:
    type: str
    title: str
    start: str
    end: str
    precision: str
    place: str | None
    participants: list[str]
    sources: list[Source]
    followed: list[str] = field(default_factory=list)


@dataclass(slots=True)
class ArticleItem:
    source: Source
    followed: list[str] = field(default_factory=list)


@dataclass(slots=True)
class AgreementItem:
    type: str
    title: str
    parties: list[str]
    start: str | None
    end: str | None
    precision: str | None
    status: str
    source: Source
    followed: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Digest:
    today: date
    horizon_days: int
    lang: str
    since: str | None
    follows: list[str]
    events: list[EventItem]
    articles: list[ArticleItem]
    agreements: list[AgreementItem]
    more_events: int = 0

    @property
    def text(self) -> str:
        return "\n".join(block for block in _blocks(self, html_mode=False)).strip()

    def html_pages(self, limit: int = TELEGRAM_LIMIT) -> list[str]:
        return paginate(list(_blocks(self, html_mode=True)), limit)

    def to_json(self) -> dict[str, Any]:
        return {
            "today": self.today.isoformat(),
            "horizon_days": self.horizon_days,
            "until": (self.today + timedelta(days=self.horizon_days)).isoformat(),
            "lang": self.lang,
            "since": self.since,
            "follows": self.follows,
            "events": [
                {**asdict(item), "when": _span(item.start, item.end, item.precision, self.lang)}
                for item in self.events
            ],
            "more_events": self.more_events,
            "articles": [asdict(item) for item in self.articles],
            "agreements": [asdict(item) for item in self.agreements],
            "text": self.text,
        }

    @property
    def is_empty(self) -> bool:
        return not (self.events or self.articles or self.agreements)


# ------------------------------------------------------------------------------ building


def build_digest(
    store: Store,
    today: date,
    horizon_days: int = 30,
    lang: str = "ru",
    since: str | None = None,
    follows: Iterable[str] = (),
    max_events: int = MAX_EVENTS,
) -> Digest:
    """The digest as of `today` for a reader who had their last one at `since` (UTC ISO)."""
    follows = list(follows)
    targets = resolve_follows(store, follows)
    until = today + timedelta(days=horizon_days)
    events = event_items(store, today, until, targets)
    recent_from = (today - timedelta(days=FIRST_DIGEST_LOOKBACK_DAYS)).isoformat()
    article_rows = store.digest_articles(today.isoformat(), since, recent_from)
    articles = [
        ArticleItem(_source(row, "id"), _followed_article(store, targets, row))
        for row in article_rows
    ]
    agreements = [
        _agreement(row, targets) for row in store.agreements_of([row["id"] for row in article_rows])
    ]
    return Digest(
        today=today,
        horizon_days=horizon_days,
        lang=lang,
        since=since,
        follows=follows,
        events=_followed_first(events)[:max_events],
        more_events=max(0, len(events) - max_events),
        articles=_followed_first(articles)[:MAX_ARTICLES],
        agreements=_followed_first(agreements)[:MAX_AGREEMENTS],
    )


def event_items(
    store: Store, today: date, until: date | None = None, targets: Iterable[FollowTarget] = ()
) -> list[EventItem]:
    """Upcoming events (bot/upcoming.py), one item per real event however many articles
    announced it."""
    merged: dict[tuple, EventItem] = {}
    for row in store.upcoming_events(today, until, limit=None):
        key = event_key(row)
        participants = _split(row["participant_names"])
        source = _source(row, "article_id")
        item = merged.get(key)
        if item is None:
            item = merged[key] = EventItem(
                type=row["type"],
                title=row["title"] or "",
                start=row["start"],
                end=row["end"] or row["start"],
                precision=row["precision"] or "day",
                place=row["place"],
                participants=participants,
                sources=[source],
            )
        else:
            item.participants += [p for p in participants if p not in item.participants]
            if all(s.article_id != source.article_id for s in item.sources):
                item.sources.append(source)
        person_ids = [int(i) for i in _split(row["participant_ids"])]
        text = " ".join(filter(None, [row["title"], row["place"]]))
        for target in targets:
            hit = target.matches_people(person_ids) or target.matches_text(text)
            if hit and target.term not in item.followed:
                item.followed.append(target.term)
    # Events with a fixed day first, soonest first; those known only to the month or year
    # ("в следующем году") after them, since "soonest" is unknown.
    return sorted(merged.values(), key=lambda e: (e.precision != "day", e.start, e.end))


def _followed_article(store: Store, targets: list[FollowTarget], row: dict) -> list[str]:
    return [t.term for t in targets if article_matches(store, t, row)]


def _agreement(row: dict, targets: list[FollowTarget]) -> AgreementItem:
    parties = json.loads(row["parties"] or "[]")
    text = " ".join([row["title"] or "", *parties])
    return AgreementItem(
        type=row["type"] or "",
        title=row["title"] or "",
        parties=parties,
        start=row["start"],
        end=row["end"],
        precision=row["precision"],
        status=row["status"] or "",
        source=_source(row, "article_id"),
        followed=[t.term for t in targets if t.matches_text(text)],
    )


def _followed_first(items: list) -> list:
    return sorted(items, key=lambda item: not item.followed)  # stable: order kept within


def _source(row: dict, id_column: str) -> Source:
    return Source(
        article_id=row[id_column],
        title=row.get("article_title", row.get("title")),
        source=row.get("source"),
        published=row["published"],
        url=row.get("url"),
    )


def _split(value: str | None) -> list[str]:
    return [part for part in (value or "").split("|") if part]


# ------------------------------------------------------------------------------ rendering


def _span(start: str | None, end: str | None, precision: str | None, lang: str) -> str:
    return format_span(start, end, precision or "day", lang)


def _when_relative(start: str, today: date, precision: str, lang: str) -> str:
    """ "идёт", "сегодня", "завтра", "через 3 дн." for day-precise dates (upcoming ones are
    not over: under way, today or later); for vaguer ones, that the day is open."""
    if precision != "day":
        return tr(lang, "точная дата не объявлена", "exact date not announced")
    days = (date.fromisoformat(start) - today).days
    if days < 0:
        return tr(lang, "идёт", "under way")
    if days == 0:
        return tr(lang, "сегодня", "today")
    if days == 1:
        return tr(lang, "завтра", "tomorrow")
    return tr(lang, f"через {days} дн.", f"in {days} days")


def _cite(source: Source, lang: str, html_mode: bool) -> str:
    title = source.title or tr(
        lang, f"статья №{source.article_id}", f"article #{source.article_id}"
    )
    title = f"«{title}»"
    if html_mode:
        title = html.escape(title)
        if source.url and source.url.startswith(("http://", "https://")):
            title = f'<a href="{html.escape(source.url, quote=True)}">{title}</a>'
    parts = [title]
    if source.source:
        parts.append(_esc(source.source, html_mode))
    parts.append(format_date(date.fromisoformat(source.published[:10]), lang))
    return ", ".join(parts)


def _esc(text: str, html_mode: bool) -> str:
    return html.escape(text, quote=False) if html_mode else text


def _bold(text: str, html_mode: bool) -> str:
    return f"<b>{html.escape(text, quote=False)}</b>" if html_mode else text


def _star(followed: list[str]) -> str:
    return "★ " if followed else "• "


def _event_block(item: EventItem, digest: Digest, html_mode: bool) -> str:
    lang = digest.lang
    when = _span(item.start, item.end, item.precision, lang)
    relative = _when_relative(item.start, digest.today, item.precision, lang)
    kind = event_label(item.type, lang)
    headline = item.title or kind
    line = f"{_star(item.followed)}{_bold(when, html_mode)}"
    if relative:
        line += f" ({relative})"
    line += f" — {_esc(headline, html_mode)}"
    if kind and fold(kind) not in fold(headline):
        line += f" [{_esc(kind, html_mode)}]"
    lines = [line]
    if item.place:
        lines.append(f"   {tr(lang, 'Место', 'Place')}: {_esc(item.place, html_mode)}")
    if item.participants:
        people = ", ".join(item.participants)
        lines.append(f"   {tr(lang, 'Участники', 'Participants')}: {_esc(people, html_mode)}")
    sources = "; ".join(_cite(s, lang, html_mode) for s in item.sources[:3])
    lines.append(f"   {tr(lang, 'Источник', 'Source')}: {sources}")
    return "\n".join(lines)


def _agreement_block(item: AgreementItem, digest: Digest, html_mode: bool) -> str:
    lang = digest.lang
    status = status_label(item.status, lang) or item.status
    line = f"{_star(item.followed)}{_esc(item.title or item.type, html_mode)}"
    details = [status] if status else []
    if item.start:
        details.append(_span(item.start, item.end, item.precision, lang))
    if details:
        line += f" ({_esc(', '.join(details), html_mode)})"
    lines = [line]
    if item.parties:
        parties = ", ".join(item.parties)
        lines.append(f"   {tr(lang, 'Стороны', 'Parties')}: {_esc(parties, html_mode)}")
    lines.append(f"   {tr(lang, 'Источник', 'Source')}: {_cite(item.source, lang, html_mode)}")
    return "\n".join(lines)


def _blocks(digest: Digest, html_mode: bool) -> Iterable[str]:
    """The digest as blocks that must not be split across messages."""
    lang = digest.lang
    until = digest.today + timedelta(days=digest.horizon_days)
    title = tr(
        lang,
        f"Дайджест на {format_date(digest.today, lang)}",
        f"Digest for {format_date(digest.today, lang)}",
    )
    header = [_bold(title, html_mode)]
    if digest.follows:
        followed = ", ".join(digest.follows)
        header.append(
            _esc(tr(lang, f"Вы следите за: {followed}", f"Following: {followed}"), html_mode)
        )
    yield "\n".join(header)

    span = f"{format_date(digest.today, lang)} – {format_date(until, lang)}"
    yield "\n" + _bold(
        tr(lang, f"Предстоящие события ({span})", f"Upcoming events ({span})"), html_mode
    )
    if not digest.events:
        yield tr(
            lang,
            f"Объявленных предстоящих событий на ближайшие {digest.horizon_days} дн. нет.",
            f"No upcoming events announced for the next {digest.horizon_days} days.",
        )
    for item in digest.events:
        yield _event_block(item, digest, html_mode)
    if digest.more_events:
        yield tr(lang, f"…и ещё {digest.more_events}", f"…and {digest.more_events} more")

    new_heading = (
        tr(lang, "Новое с прошлого дайджеста", "New since your last digest")
        if digest.since
        else tr(lang, "Новые статьи за неделю", "New articles this week")
    )
    yield "\n" + _bold(new_heading, html_mode)
    if not digest.articles:
        yield tr(lang, "Новых статей нет.", "No new articles.")
    for article in digest.articles:
        yield f"{_star(article.followed)}{_cite(article.source, lang, html_mode)}"
    if digest.agreements:
        yield "\n" + _bold(
            tr(lang, "Соглашения в новых статьях", "Agreements in new articles"), html_mode
        )
        for agreement in digest.agreements:
            yield _agreement_block(agreement, digest, html_mode)


def paginate(blocks: list[str], limit: int = TELEGRAM_LIMIT) -> list[str]:
    """Pack blocks into messages of at most `limit` characters, numbering them when several.

    A block longer than a message on its own is cut (never mid-tag: blocks are short lines in
    practice, and a cut falls back to plain text stripped of markup).
    """
    budget = limit - 12  # room for " (12/12)" numbering
    pages: list[str] = []
    current = ""
    for block in blocks:
        if len(block) > budget:
            block = _cut(block, budget)
        candidate = f"{current}\n{block}" if current else block.lstrip("\n")
        if len(candidate) > budget and current:
            pages.append(current)
            current = block.lstrip("\n")
        else:
            current = candidate
    if current:
        pages.append(current)
    if len(pages) > 1:
        pages = [f"{page}\n({n}/{len(pages)})" for n, page in enumerate(pages, start=1)]
    return pages


def _cut(block: str, budget: int) -> str:
    plain = html.unescape(re.sub(r"<[^>]+>", "", block))
    return html.escape(plain[: budget - 40], quote=False) + "…"


# ------------------------------------------------------------------------------ alerts


def alert_html(article: dict, terms: list[str], lang: str) -> str:
    """The short note a follower gets when an article about what they follow is added."""
    source = _source(article, "id")
    about = ", ".join(terms)
    head = tr(
        lang,
        f"🔔 Новая статья о том, за чем вы следите ({about}):",
        f"🔔 A new article about what you follow ({about}):",
    )
    return f"{html.escape(head, quote=False)}\n{_cite(source, lang, html_mode=True)}"[
        :TELEGRAM_LIMIT
    ]


def follower_alerts(store: Store, article_id: int, only: set[int] | None = None) -> list[Outgoing]:
    """The alert each following chat (or each of `only`) should get about this article."""
    article = store.article(article_id)
    if article is None:
        return []
    follows = {
        chat_id: terms
        for chat_id, terms in store.all_follows().items()
        if only is None or chat_id in only
    }
    # Many chats follow the same terms: each is resolved and matched against the article once.
    unique_terms = dict.fromkeys(term for terms in follows.values() for term in terms)
    mentioned = {
        target.term: article_matches(store, target, article)
        for target in resolve_follows(store, unique_terms)
    }
    alerts = []
    for chat_id, terms in follows.items():
        matched = [term for term in terms if mentioned[term]]
        if matched:
            lang = store.chat_lang(chat_id) or "ru"
            alerts.append(
                Outgoing(chat_id, f"alert:{article_id}", [alert_html(article, matched, lang)])
            )
    return alerts


async def notify_followers(
    bot: Any, store: Store, article_id: int, deliverer: Any = None, **delivery_options: Any
) -> int:
    """Alert every chat following something this article mentions; returns alerts sent.

    Goes through the delivery log under the slot `alert:<article id>`, so re-adding or
    reindexing the article never alerts anyone twice. Pass the process's `deliverer` (the
    scheduler's) to keep alerts inside the same global rate limit as digests.
    """
    alerts = follower_alerts(store, article_id)
    deliverer = deliverer or Deliverer(bot, store, **delivery_options)
    slot = f"alert:{article_id}"
    claimed = set(store.claim_deliveries(slot, [a.chat_id for a in alerts], deliverer.owner))
    report = await deliverer.deliver(a for a in alerts if a.chat_id in claimed)
    return report.sent
