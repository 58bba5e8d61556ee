"""Facts as answer lines, and the tests that decide whether a fact fits a question.

Shared by the answer builders in `compose`: how an event, an agreement or an evidence sentence
is written (lead date, text, citation), how long sentences are quoted, and the matching rules
(event type, place, period, topic) that every builder applies the same way.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from bot.i18n import format_span, tr
from bot.search import fts
from bot.search.aliases import AliasIndex, fold
from bot.search.answer import Answer, Section
from bot.search.query import DOCUMENT_CUES, EVENT_TYPE_CUES, RELATED_TYPES, Query

SNIPPET = 320
LONG_SNIPPET = 1000  # document lists are single long sentences; they are the answer itself
MAX_LINES = 12

DOCUMENT_STEMS = (
    "соглашени",
    "меморандум",
    "протокол",
    "договор",
    "декларац",
    "подписа",
    "инициатив",
)
EVENT_TYPE_RU = {
    "visit": "визит", "summit": "саммит", "talks": "переговоры", "meeting": "встреча",
    "forum": "форум", "parade": "парад", "call": "телефонный разговор", "session": "заседание",
}  # fmt: skip
EVENT_TYPE_EN = {"talks": "talks", "call": "phone call"}


# -- small helpers ---------------------------------------------------------------------------------


def snippet(text: str, needles: Iterable[str], width: int = SNIPPET) -> str:
    """The sentence, or its part that matters when it is too long.

    Long sentences are often lists ("подписан ряд документов: соглашение …; меморандум …"):
    the clause holding the most needles is the natural quote; else a window around a needle.
    """
    text = " ".join(text.split())
    if len(text) <= width:
        return text
    needles = [n for n in needles if n]
    clauses = [c.strip() for c in text.split(";")]
    if len(clauses) > 1 and needles:
        scored = [(sum(1 for n in needles if n in fold(c)), i) for i, c in enumerate(clauses)]
        best_score, best = max(scored, key=lambda pair: (pair[0], -pair[1]))
        if best_score and len(clauses[best]) <= width:
            clause = clauses[best]
            return ("…" if best > 0 else "") + clause + ("…" if best < len(clauses) - 1 else "")
    folded = fold(text)
    positions = [folded.find(n) for n in needles if n and folded.find(n) >= 0]
    center = min(positions) if positions else 0
    start = max(0, min(center - width // 3, len(text) - width))
    end = min(len(text), start + width)
    if start > 0:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < start + 30 else start
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > end - 30 else end
    return ("…" if start > 0 else "") + text[start:end].strip() + ("…" if end < len(text) else "")


def span_label(row: dict[str, Any], lang: str) -> str:
    if not row.get("start"):
        return tr(lang, "дата не указана", "date not given")
    return format_span(row["start"], row.get("end"), row.get("precision") or "day", lang)


def event_type_label(kind: str | None, lang: str) -> str:
    kind = kind or ""
    return EVENT_TYPE_EN.get(kind, kind) if lang == "en" else EVENT_TYPE_RU.get(kind, kind)


def needles_of(words: Iterable[str]) -> list[str]:
    return [fts.stem(w) for w in words if fts.stem(w)]


def person_needles(index: AliasIndex, person_id: int) -> list[str]:
    """Strings that locate a person in a sentence: surname stems and the full name."""
    name = index.people[person_id][0]
    parts = [p for p in fold(name).split() if len(p) >= 2]
    stems = [loose_stem(p) for p in parts]
    return [fold(name), *sorted(stems, key=len, reverse=True)]


def dates_by_sentence(store: Any, keys: Iterable[tuple[int, int]]) -> dict[tuple[int, int], list]:
    found: dict[tuple[int, int], list] = {}
    for row in store.dates_at_sentences(keys):
        found.setdefault((row["article_id"], row["sentence"]), []).append(row)
    return found


def dates_lead(rows: list[dict[str, Any]], lang: str) -> str | None:
    """The dates a sentence is about: its day or month dates ("в прошлом году" is context)."""
    precise = [row for row in rows if row.get("precision") in ("day", "month")]
    labels = list(dict.fromkeys(span_label(row, lang) for row in precise))
    return ", ".join(labels[:2]) if labels else None


def published_label(row: dict[str, Any], lang: str) -> str:
    return tr(lang, "статья от ", "article of ") + format_span(
        row["published"], row["published"], "day", lang
    )


def type_matches(row: dict[str, Any], wanted: set[str]) -> bool:
    if not wanted:
        return True
    kinds = set(wanted)
    for kind in wanted:
        kinds |= RELATED_TYPES.get(kind, set())
    kind = (row.get("type") or "").lower()
    if kind in kinds:
        return True
    if kind in EVENT_TYPE_CUES:  # a known type that is another one: talks are not a summit
        return False
    text = fold(f"{row.get('title') or ''} {row.get('evidence') or ''}")
    return any(cue in text for kind in kinds for cue in EVENT_TYPE_CUES.get(kind, ()))


def place_matches(row: dict[str, Any], places: list[str]) -> bool:
    """The event's own place or title names every place asked for (its sentence only if the
    event has no place: "Китайской Народной Республики" in the text is not a visit to China)."""
    if not places:
        return True
    where = f"{row.get('place') or ''} {row.get('title') or ''}"
    if not row.get("place"):
        where += f" {row.get('evidence') or ''}"
    text = fold(where)
    return all(place_stem(place) in text for place in places)


def best_by_topic(rows: list[dict[str, Any]], words: list[str]) -> list[dict[str, Any]]:
    """Of facts drawn from one long sentence, those whose title names most of the topic."""
    stems = [loose_stem(stem) for stem in needles_of(words)]
    if not stems or len(rows) < 2:
        return rows
    scores = [sum(1 for s in stems if s in fold(row.get("title") or "")) for row in rows]
    best = max(scores)
    return [row for row, score in zip(rows, scores, strict=True) if score == best] if best else rows


PRECISION_RANK = {"year": 0, "month": 1, "day": 2}


def fits_period(row: dict[str, Any], span) -> bool:
    """Dated in the period at least as precisely as asked: a fact dated just "2024" is no answer
    to "май 2024", but 20–21 May answers both "май 2024" and "20 мая 2024"."""
    start = row.get("start") or row["published"]
    end = row.get("end") or start
    if start > span.end.isoformat() or end < span.start.isoformat():
        return False
    precision = row.get("precision") or "day"
    return PRECISION_RANK.get(precision, 2) >= PRECISION_RANK.get(span.precision, 2)


def participants_label(names: str | None, limit: int = 6) -> str | None:
    if not names:
        return None
    people = [n.strip() for n in names.split(",") if n.strip()]
    if len(people) <= limit:
        return ", ".join(people)
    return ", ".join(people[:limit]) + f" +{len(people) - limit}"


def loose_stem(stem: str) -> str:
    """A long stem without its last letter, so that inflected endings still contain it
    ("Астана" finds "Астане"); short ones stay whole to stay distinctive."""
    return stem[:-1] if len(stem) > 4 else stem


def place_stem(place: str) -> str:
    return loose_stem(fold(place))


def topic_matches(row: dict[str, Any], topic: list[str]) -> bool:
    if not topic:
        return True
    text = fold(f"{row.get('title') or ''} {row.get('evidence') or ''}")
    return all(loose_stem(fts.stem(word)) in text for word in topic)


def in_span(row: dict[str, Any], span) -> bool:
    if span is None:
        return True
    start = row.get("start") or row["published"]
    end = row.get("end") or start
    return start <= span.end.isoformat() and end >= span.start.isoformat()


# -- lines for facts -----------------------------------------------------------------------------


def add_event_line(
    answer: Answer, section: Section, row: dict[str, Any], *, full_participants: bool = False
) -> bool:
    lang = answer.lang
    parts = [row.get("title") or event_type_label(row.get("type"), lang)]
    if row.get("place"):
        parts.append(row["place"])
    text = ", ".join(parts)
    if row.get("participants"):
        text += tr(lang, "; участники: ", "; participants: ") + participants_label(
            row["participants"], limit=40 if full_participants else 6
        )
    if row.get("status") == "upcoming":
        still_ahead = answer.today is None or (row.get("start") or "") > answer.today.isoformat()
        text += (
            tr(lang, " (анонс)", " (announced)")
            if still_ahead
            else tr(lang, " (по анонсу в статье)", " (as announced)")
        )
    added = answer.add_line(section, row, text, lead=span_label(row, lang))
    if added:
        answer.results.append(
            {
                "type": "event",
                "id": row.get("id"),
                "event_type": row.get("type"),
                "title": row.get("title"),
                "start": row.get("start"),
                "end": row.get("end"),
                "precision": row.get("precision"),
                "place": row.get("place"),
                "status": row.get("status"),
                "participants": row.get("participants"),
                "article_id": row["article_id"],
                "evidence": row.get("evidence"),
            }
        )
    return added


AGREEMENT_STATUS = {"signed": ("подписано", "signed"), "planned": ("планируется", "planned")}


def add_agreement_line(answer: Answer, section: Section, row: dict[str, Any]) -> bool:
    lang = answer.lang
    parties = json.loads(row["parties"]) if row.get("parties") else []
    text = row.get("title") or row.get("type") or ""
    if row.get("type") and fold(row["type"]) not in fold(text):
        text = f"{row['type']}: {text}"
    if parties:
        text += tr(lang, "; стороны: ", "; parties: ") + ", ".join(parties)
    status = AGREEMENT_STATUS.get(row.get("status") or "")
    if status:
        text += f" ({tr(lang, *status)})"
    lead = span_label(row, lang) if row.get("start") else published_label(row, lang)
    added = answer.add_line(section, row, text, lead=lead)
    if added:
        answer.results.append(
            {
                "type": "agreement",
                "id": row.get("id"),
                "agreement_type": row.get("type"),
                "title": row.get("title"),
                "parties": parties,
                "start": row.get("start"),
                "end": row.get("end"),
                "status": row.get("status"),
                "article_id": row["article_id"],
                "evidence": row.get("evidence"),
            }
        )
    return added


def add_sentence_lines(
    answer: Answer,
    section: Section,
    store: Any,
    rows: list[dict[str, Any]],
    needles: list[str],
    *,
    width: int = SNIPPET,
    limit: int = 6,
    per_article: int = 2,
    date_leads: bool = True,
) -> int:
    """Evidence lines: the sentence (or its relevant part), led by the dates resolved in it."""
    keys = [(row["article_id"], row["sentence"]) for row in rows]
    dated = dates_by_sentence(store, keys) if date_leads else {}
    per: dict[int, int] = {}
    added = 0
    for row in rows:
        if added >= limit:
            break
        if per.get(row["article_id"], 0) >= per_article:
            continue
        key = (row["article_id"], row["sentence"])
        lead = dates_lead(dated.get(key, []), answer.lang) or published_label(row, answer.lang)
        if answer.add_line(section, row, snippet(row["text"], needles, width), lead=lead):
            per[row["article_id"]] = per.get(row["article_id"], 0) + 1
            added += 1
            answer.results.append(
                {
                    "type": "sentence",
                    "article_id": row["article_id"],
                    "sentence": row["sentence"],
                    "text": row["text"],
                    "dates": [
                        {"text": d["phrase"], "start": d["start"], "end": d["end"]}
                        for d in dated.get(key, [])
                    ],
                }
            )
    return added


def satisfies_all(text: str, query: Query) -> bool:
    """A sentence names every place, some word of the event type and of documents asked for."""
    if not all(place_stem(place) in text for place in query.places):
        return False
    for kind in query.event_types:
        kinds = {kind} | RELATED_TYPES.get(kind, set())
        if not any(cue in text for k in kinds for cue in EVENT_TYPE_CUES.get(k, ())):
            return False
    return not query.asks_documents or any(stem in text for stem in DOCUMENT_STEMS)


def is_document_word(word: str) -> bool:
    return any(fold(word).startswith(stem) for stem in (*DOCUMENT_STEMS, *DOCUMENT_CUES))


def sentences_in_span(store: Any, rows: list[dict[str, Any]], span) -> list[dict[str, Any]]:
    """Sentences dated in the period, or from articles published in it."""
    if span is None:
        return rows
    dated = dates_by_sentence(store, [(r["article_id"], r["sentence"]) for r in rows])
    lo, hi = span.start.isoformat(), span.end.isoformat()
    kept = []
    for row in rows:
        own = dated.get((row["article_id"], row["sentence"]), [])
        if own:
            if any(d["start"] <= hi and d["end"] >= lo for d in own):
                kept.append(row)
        elif lo <= row["published"] <= hi:
            kept.append(row)
    return kept


def merge_dated(
    events: list[dict[str, Any]],
    agreements: list[dict[str, Any]],
    mentions: list[dict[str, Any]],
) -> list[tuple[str, str, dict[str, Any]]]:
    """Facts and dated sentences in date order; a sentence already told as a fact is dropped."""
    items: list[tuple[str, int, str, dict[str, Any]]] = []
    taken: set[tuple[int, int]] = set()
    dated: set[tuple[int, str]] = set()
    for order, kind, rows in ((0, "event", events), (1, "agreement", agreements)):
        for row in rows:
            start = row.get("start") or row["published"]
            items.append((start, order, kind, row))
            taken.add((row["article_id"], row["sentence"]))
            dated.add((row["article_id"], start))
    for row in mentions:
        key = (row["article_id"], row["sentence"])
        if key in taken or (row["article_id"], row["start"]) in dated:
            continue
        taken.add(key)
        items.append((row["start"], 2, "sentence", row))
    items.sort(key=lambda item: (item[0], item[1]))
    return [(start, kind, row) for start, _, kind, row in items]


def add_dated_lines(answer: Answer, section: Section, items) -> None:
    for _, kind, row in items:
        if len(section.lines) >= MAX_LINES:
            break
        if kind == "event":
            add_event_line(answer, section, row)
        elif kind == "agreement":
            add_agreement_line(answer, section, row)
        elif answer.add_line(
            section,
            row,
            snippet(row["text"], [fold(row["phrase"])]),
            lead=span_label(row, answer.lang),
        ):
            answer.results.append(
                {"type": "sentence", "article_id": row["article_id"], "sentence": row["sentence"],
                 "text": row["text"], "dates": [{"text": row["phrase"], "start": row["start"], "end": row["end"]}]}
            )  # fmt: skip
