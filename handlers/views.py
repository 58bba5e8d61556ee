"""Bot-written HTML for what handlers show besides answers: pure functions, everything escaped.

Each function returns lines that are complete HTML on their own, so `pages()` can cut between
any two lines and every page stays valid and under Telegram's 4096-character limit.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from datetime import date
from html import escape
from typing import Any

from bot.i18n import format_span, tr
from bot.upcoming import ANNOUNCED, is_upcoming
from bot.vocab import status_label

MESSAGE_LIMIT = 4096
PAGE_BUDGET = 3800  # leaves room for a header and for entities counted in UTF-16
LINE_BUDGET = 1000
EVIDENCE_CHARS = 220


def esc(value: object) -> str:
    return escape(str(value), quote=False)


def clip(text: str, limit: int) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def pages(lines: Iterable[str], budget: int = PAGE_BUDGET) -> list[str]:
    """Group lines into messages of at most `budget` characters (a line never straddles two)."""
    result: list[str] = []
    current: list[str] = []
    size = 0
    for line in lines:
        if len(line) > budget:  # only plain text can be this long: cut it, never a tag
            line = line[: budget - 1] + "…"
        if current and size + len(line) + 1 > budget:
            result.append("\n".join(current).strip())
            current, size = [], 0
        current.append(line)
        size += len(line) + 1
    if current and "\n".join(current).strip():
        result.append("\n".join(current).strip())
    return result or [""]


def span_of(row: Mapping[str, Any], lang: str) -> str:
    if not row.get("start"):
        return tr(lang, "дата не указана", "date not given")
    return format_span(row["start"], row.get("end"), row.get("precision") or "day", lang)


# -- the knowledge base as a whole ------------------------------------------------------------


def knowledge_summary(stats: Mapping[str, Any], lang: str) -> str:
    if not stats.get("articles"):
        return tr(lang, "База пока пуста.", "The knowledge base is empty so far.")
    period = ""
    if stats.get("first_published"):
        period = tr(lang, " (опубликованы ", " (published ") + format_span(
            stats["first_published"], stats["last_published"], "day", lang
        )
        period += ")"
    return tr(
        lang,
        f"Я знаю <b>{stats['articles']}</b> статей{period}: <b>{stats['people']}</b> человек, "
        f"<b>{stats['events']}</b> событий (из них предстоящих — {stats['upcoming_events']}), "
        f"<b>{stats['agreements']}</b> соглашений и документов.",
        f"I know <b>{stats['articles']}</b> articles{period}: <b>{stats['people']}</b> people, "
        f"<b>{stats['events']}</b> events ({stats['upcoming_events']} upcoming), "
        f"<b>{stats['agreements']}</b> agreements and documents.",
    )


def stats_lines(
    stats: Mapping[str, Any], users: int, log: list[dict[str, Any]], lang: str
) -> list[str]:
    labels = {
        "articles": ("статей", "articles"),
        "sentences": ("предложений", "sentences"),
        "people": ("людей", "people"),
        "organisations": ("организаций", "organisations"),
        "places": ("мест", "places"),
        "dates": ("дат", "dates"),
        "events": ("событий", "events"),
        "upcoming_events": ("предстоящих событий", "upcoming events"),
        "agreements": ("соглашений", "agreements"),
    }
    lines = [f"<b>{tr(lang, 'Статистика базы', 'Knowledge base statistics')}</b>"]
    for key, (ru, en) in labels.items():
        lines.append(f"• {tr(lang, ru, en)}: {esc(stats.get(key, 0))}")
    if stats.get("first_published"):
        lines.append(
            tr(lang, "• период публикаций: ", "• published: ")
            + esc(format_span(stats["first_published"], stats["last_published"], "day", lang))
        )
    lines.append(tr(lang, f"• пользователей: {users}", f"• users: {users}"))
    if log:
        lines.append("")
        lines.append(f"<b>{tr(lang, 'Последние действия админов', 'Recent admin actions')}</b>")
        for entry in log[:10]:
            lines.append(
                f"{esc(entry['at'][:16].replace('T', ' '))} · {esc(entry['user_id'])} · "
                f"{esc(entry['action'])} {esc(clip(entry.get('detail') or '', 80))}"
            )
    return lines


def no_such_article(ref: str, lang: str) -> str:
    """The reply to an article id (or name) that matches nothing; long input is cut."""
    return tr(lang, f"Статьи «{esc(ref[:50])}» нет.", f"There is no article “{esc(ref[:50])}”.")


def missing_article(ref: str, lang: str, usage_ru: str, usage_en: str) -> str:
    """The reply when a command's article id is missing (its usage) or matches nothing."""
    return no_such_article(ref, lang) if ref else tr(lang, usage_ru, usage_en)


def articles_lines(rows: list[dict[str, Any]], offset: int, lang: str) -> list[str]:
    if not rows:
        return [tr(lang, "Статей нет.", "No articles.")]
    lines = [f"<b>{tr(lang, 'Статьи', 'Articles')}</b>"]
    for row in rows:
        title = clip(row.get("title") or row.get("file") or row.get("key") or "", 90)
        meta = " · ".join(esc(part) for part in (row.get("published"), row.get("source")) if part)
        lines.append(f"<b>#{row['id']}</b> {esc(title)}\n   {meta}")
    lines.append(
        tr(
            lang,
            "\n/article ID — подробности, /delete ID — удалить",
            "\n/article ID — details, /delete ID — delete",
        )
    )
    return lines


# -- one article --------------------------------------------------------------------------------


def article_header(article: Mapping[str, Any], lang: str) -> list[str]:
    lines = [f"<b>#{article['id']} {esc(clip(article.get('title') or '', 300))}</b>"]
    details = [esc(article["published"])]
    if article.get("source"):
        details.append(esc(article["source"]))
    if article.get("author"):
        details.append(esc(article["author"]))
    lines.append(" · ".join(details))
    if article.get("url"):
        url = escape(article["url"], quote=True)
        lines.append(f'<a href="{url}">{esc(clip(article["url"], 100))}</a>')
    return lines


def facts_lines(
    facts: Mapping[str, list[dict[str, Any]]],
    lang: str,
    today: date,
    published: str,
    evidence: bool = True,
) -> list[str]:
    """People, dates, events and agreements of one article, each with its source sentence.

    An event the article announced is «предстоит» only while it is upcoming as of `today`
    (bot/upcoming.py); once past, it stays marked as what it was, an announcement.
    """

    def quote(row: Mapping[str, Any]) -> str:
        if not evidence or not row.get("evidence"):
            return ""
        return f"\n   <i>«{esc(clip(row['evidence'], EVIDENCE_CHARS))}»</i>"

    lines: list[str] = []
    people = facts.get("people") or []
    lines.append("")
    lines.append(f"<b>{tr(lang, 'Люди', 'People')} ({len(people)})</b>")
    for row in people:
        roles = f" — {esc(clip(row['roles'], 200))}" if row.get("roles") else ""
        lines.append(f"• {esc(row['name'])}{roles}")
    entities = facts.get("entities") or []
    for kind, ru, en in (("org", "Организации", "Organisations"), ("place", "Места", "Places")):
        names = [row["name"] for row in entities if row.get("kind") == kind]
        if names:
            lines.append("")
            lines.append(
                f"<b>{tr(lang, ru, en)} ({len(names)})</b>: {esc(clip(', '.join(names), 600))}"
            )
    dates = facts.get("dates") or []
    lines.append("")
    lines.append(f"<b>{tr(lang, 'Даты', 'Dates')} ({len(dates)})</b>")
    for row in dates:
        lines.append(f"• {esc(clip(row['text'], 80))} → {esc(span_of(row, lang))}")
    events = facts.get("events") or []
    lines.append("")
    lines.append(f"<b>{tr(lang, 'События', 'Events')} ({len(events)})</b>")
    for row in events:
        status = (
            tr(lang, "предстоит", "upcoming")
            if is_upcoming(row, published, today)
            else status_label(row.get("status"), lang)
            if row.get("status") == ANNOUNCED
            else ""
        )
        parts = [esc(span_of(row, lang)), esc(clip(row.get("title") or row.get("type") or "", 150))]
        if row.get("place"):
            parts.append(esc(row["place"]))
        if status:
            parts.append(status)
        people_line = (
            f"\n   👥 {esc(clip(row['participants'], 200))}" if row.get("participants") else ""
        )
        lines.append("• " + " — ".join(parts) + people_line + quote(row))
    agreements = facts.get("agreements") or []
    lines.append("")
    lines.append(f"<b>{tr(lang, 'Соглашения', 'Agreements')} ({len(agreements)})</b>")
    for row in agreements:
        status = (
            tr(lang, "подписано", "signed")
            if row.get("status") == "signed"
            else tr(lang, "планируется", "planned")
        )
        parties = _parties(row.get("parties"))
        parties_line = f"\n   🤝 {esc(clip(parties, 200))}" if parties else ""
        lines.append(
            f"• {esc(clip(row.get('title') or row.get('type') or '', 200))} — {esc(span_of(row, lang))}, "
            f"{status}{parties_line}{quote(row)}"
        )
    return lines


def _parties(raw: object) -> str:
    if not raw:
        return ""
    try:
        parties = json.loads(raw) if isinstance(raw, str) else raw
    except ValueError:
        return str(raw)
    return ", ".join(str(p) for p in parties) if isinstance(parties, list) else str(parties)


def article_pages(
    article: Mapping[str, Any], facts: Mapping[str, list[dict[str, Any]]], lang: str, today: date
) -> list[str]:
    return pages(
        [*article_header(article, lang), *facts_lines(facts, lang, today, article["published"])]
    )


def ingest_summary_lines(
    article: Mapping[str, Any],
    facts: Mapping[str, list[dict[str, Any]]],
    status: str,
    date_note: str,
    lang: str,
    today: date,
) -> list[str]:
    """What /add extracted, short enough to read at a glance (no evidence quotes)."""
    headline = {
        "added": tr(lang, "✅ Статья добавлена", "✅ Article added"),
        "replaced": tr(lang, "✅ Статья обновлена", "✅ Article updated"),
        "redated": tr(
            lang,
            "✅ Дата исправлена, факты извлечены заново",
            "✅ Date corrected, facts extracted again",
        ),
        "edited": tr(lang, "✅ Исправлено", "✅ Corrected"),
    }.get(status, tr(lang, "✅ Готово", "✅ Done"))
    lines = [f"<b>{headline}</b>", *article_header(article, lang)]
    if date_note:
        lines.append(f"<i>{esc(date_note)}</i>")
    lines += facts_lines(facts, lang, today, article["published"], evidence=False)
    return lines


# -- an article's full text (/text) ---------------------------------------------------------------

TEXT_PAGE_BUDGET = 3500
_SENTENCE_BREAK = re.compile(r"(?<=[.!?…])\s+")


def _pieces(text: str, budget: int) -> list[str]:
    """Paragraphs, with one too long for a page cut between sentences, then between words
    (at half the budget, which escaping cannot double unless the text is mostly "<&>")."""
    pieces: list[str] = []
    for paragraph in text.split("\n"):
        if len(esc(paragraph)) <= budget:
            pieces.append(paragraph)
            continue
        for sentence in _SENTENCE_BREAK.split(paragraph):
            pieces += _cut_words(sentence, budget // 2)
    return pieces


def _cut_words(part: str, limit: int) -> list[str]:
    pieces = []
    while len(part) > limit:
        cut = part.rfind(" ", 0, limit)
        cut = cut if cut > 0 else limit
        pieces.append(part[:cut])
        part = part[cut:].lstrip()
    return [*pieces, part]


def text_pages(article: Mapping[str, Any], lang: str, budget: int = TEXT_PAGE_BUDGET) -> list[str]:
    """The article's whole text as pages under one header; nothing is cut off or lost."""
    bodies: list[list[str]] = [[]]
    size = 0
    for piece in _pieces(article.get("text") or "", budget):
        escaped = esc(piece)
        if bodies[-1] and size + len(escaped) + 1 > budget:
            bodies.append([])
            size = 0
        bodies[-1].append(escaped)
        size += len(escaped) + 1
    title = esc(clip(article.get("title") or "", 200))
    head = f"<b>#{article['id']} {title}</b>\n{esc(article['published'])}"
    if article.get("source"):
        head += f" · {esc(article['source'])}"
    total = len(bodies)
    return [
        f"{head}" + (f" · {n}/{total}" if total > 1 else "") + "\n\n" + "\n".join(body)
        for n, body in enumerate(bodies, 1)
    ]
