"""Query -> Answer: pick what the user asks about and gather the cited facts that answer it.

Structured facts (roles, events, agreements) come first; where extraction found none, the
sentences the facts would have come from are shown instead (with the dates resolved in them),
so an answer degrades to evidence, never to nothing or to invention.
"""

from __future__ import annotations

import logging
from datetime import date, timedelta
from typing import Any

from rapidfuzz import fuzz, process

from bot.extraction.dates import impossible_dates
from bot.i18n import format_span, tr
from bot.nlp import lemma
from bot.search import fts
from bot.search.aliases import AliasIndex, NameMatch, alias_index, fold, latin_name
from bot.search.answer import MAX_CITATIONS, Answer, Line
from bot.search.facts import (
    DOCUMENT_STEMS,
    LONG_SNIPPET,
    MAX_LINES,
    SNIPPET,
    add_agreement_line,
    add_dated_lines,
    add_event_line,
    add_sentence_lines,
    best_by_topic,
    fits_period,
    in_span,
    is_document_word,
    merge_dated,
    needles_of,
    person_needles,
    place_matches,
    place_stem,
    satisfies_all,
    sentences_in_span,
    snippet,
    span_label,
    topic_matches,
    type_matches,
)
from bot.search.query import EVENT_TYPE_CUES, RELATED_TYPES, Query, fold_text, parse_query

UPCOMING_HORIZON_DAYS = 400

log = logging.getLogger(__name__)


# -- the answers -----------------------------------------------------------------------------------


def person_answer(store: Any, index: AliasIndex, query: Query, match: NameMatch) -> Answer:
    lang = query.lang
    answer = Answer(query.raw, "person", lang, today=query.today)
    person_id = match.best_id
    name = index.people[person_id][0]
    latin = latin_name(name)
    answer.headline = f"{name} ({latin})" if latin and latin != name else name
    result: dict[str, Any] = {
        "type": "person",
        "id": person_id,
        "name": name,
        "roles": [],
        "events": [],
    }

    roles = store.person_roles(person_id)
    section = answer.section(tr(lang, "Должности (как в статьях)", "Roles (as stated)"))
    # "Президент" says less than "президент Казахстана": keep the fullest wording of a role.
    titles = {fold(row["title"]) for row in roles}
    seen: set[str] = set()
    for row in roles:
        key = fold(row["title"])
        if key in seen or len(section.lines) >= 5:
            continue
        if any(other != key and other.startswith(key + " ") for other in titles):
            continue
        seen.add(key)
        lead = tr(lang, "на ", "as of ") + format_span(row["published"], None, "day", lang)
        if answer.add_line(section, row, row["title"], lead=lead):
            result["roles"].append(
                {"title": row["title"], "as_of": row["published"], "article_id": row["article_id"]}
            )

    recent = store.articles_naming_all([[person_id]], limit=150)
    events = store.events_where(
        person_groups=[[person_id]],
        article_ids=recent,
        published_by=query.today,
        limit=8,
        newest=True,
    )
    section = answer.section(tr(lang, "События", "Events"))
    for row in events:
        if len(section.lines) >= 8:
            break
        if add_event_line(answer, section, row):
            result["events"].append(answer.results.pop())

    mentions = store.person_mention_sentences(person_id, per_article=1, limit=8)
    mentions = [m for m in mentions if m["published"] <= query.today.isoformat()]
    wanted = 2 if (section.lines or roles) else 5
    if mentions:
        section = answer.section(tr(lang, "Упоминания", "Mentions"))
        add_sentence_lines(
            answer,
            section,
            store,
            mentions,
            person_needles(index, person_id),
            limit=wanted,
            per_article=1,
        )
    result["mentions"] = [r for r in answer.results if r.get("type") == "sentence"]
    answer.results = [result]

    related = [row["name"] for row in store.related_people(person_id, limit=6)]
    if related:
        section = answer.section(tr(lang, "Упоминаются вместе с", "Mentioned with"))
        section.lines.append(Line(text=", ".join(related)))
        result["related"] = related
    others = [n for pid, n in zip(match.person_ids[1:], match.names[1:], strict=True) if n != name][
        :4
    ]
    if others:
        answer.note = tr(lang, "Также по запросу: ", "Also matching: ") + ", ".join(others)
    return answer


def _fits(event: dict[str, Any], query: Query, topic: list[str] | None = None) -> bool:
    """The event is of the kind, at the place and (when given) about the topic asked for."""
    return (
        type_matches(event, query.event_types)
        and place_matches(event, query.places)
        and topic_matches(event, topic or [])
    )


def articles_with_people(
    store: Any, groups: list[list[int]], index: AliasIndex | None = None
) -> list[int]:
    """Articles naming someone from every group (each group: the people one name may mean),
    the rarest name driving the search."""
    if index is not None:
        groups = sorted(groups, key=lambda g: sum(index.people.get(p, ("", 0))[1] for p in g))
    return store.articles_naming_all(groups, limit=500)


def combo_answer(store: Any, index: AliasIndex, query: Query) -> Answer:
    """People plus anything else: every condition (people, place, type, period) must hold."""
    lang = query.lang
    groups = [m.person_ids[:3] for m in query.people]
    names = " + ".join(m.best_name for m in query.people)
    answer = Answer(query.raw, "combo", lang, today=query.today)
    span = (query.span.start, query.span.end) if query.span else None
    articles = articles_with_people(store, groups, index)
    # Words beyond names, places, periods and kinds of fact ("Токаев туризм") must match too.
    content = [w for w in query.topic_words_beyond_places() if not is_document_word(w)]
    title_bits = [names, *query.topic_words[: len(content)]] if content else [names]
    if query.span_text:
        title_bits.append(query.span_text)
    if query.places:
        title_bits.append(", ".join(query.places))

    if query.asks_documents:
        answer.headline = tr(lang, "Документы: ", "Documents: ") + "; ".join(title_bits)
        section = answer.section(None)
        rows = store.agreements_where(span=span, article_ids=articles, limit=40)
        rows = [
            r
            for r in rows
            if r["published"] <= query.today.isoformat() and topic_matches(r, content)
        ]
        for row in rows[:MAX_LINES]:
            add_agreement_line(answer, section, row)
        if section.lines:
            answer.intent = "agreement"
            return answer
    else:
        answer.headline = "; ".join(title_bits)
        section = answer.section(None)
        rows = store.events_where(
            person_groups=groups,
            span=span,
            article_ids=articles,
            published_by=query.today,
            limit=100,
        )
        rows = [r for r in rows if _fits(r, query, content)]
        for row in rows[:MAX_LINES]:
            add_event_line(answer, section, row)
        if section.lines:
            answer.intent = "event" if len(query.people) == 1 and not query.asks_when else "combo"
            return answer

    if content:
        # The topic's sentences in these people's articles (they need not name them).
        allowed = set(articles)
        hits = fts.search(store, [[w] for w in content], limit=200, published_by=query.today)
        rows = [h.row for h in hits if h.row["article_id"] in allowed]
        rows = [
            r
            for r in sentences_in_span(store, rows, query.span)
            if satisfies_all(fold(r["text"]), query)
        ]
        if rows:
            section.title = tr(lang, "Из статей", "From the articles")
            width = LONG_SNIPPET if query.asks_documents else SNIPPET
            add_sentence_lines(
                answer, section, store, rows, needles_of(content), width=width, limit=6
            )
        return answer

    # No extracted fact fits: the sentences naming these people, best evidence first.
    if span:
        dated = {
            r["article_id"]
            for r in store.date_mentions_where(span=span, article_ids=articles, limit=1000)
        }
        articles = [
            a
            for a, ref in store.article_refs(articles).items()
            if a in dated or span[0].isoformat() <= ref["published"] <= span[1].isoformat()
        ]
    ids = [pid for group in groups for pid in group]
    rows = store.person_sentences_in(articles[:200], ids)
    rows = [r for r in rows if r["published"] <= query.today.isoformat()]
    cue_words = list(query.topic)
    if query.asks_documents:
        cue_words += list(DOCUMENT_STEMS)
    for kind in query.event_types:
        cue_words += list(EVENT_TYPE_CUES[kind])
    needles = needles_of(cue_words) + [place_stem(p) for p in query.places]
    for row in rows:
        text = fold(row["text"])
        row["score"] = row["named"] * 2 + sum(1 for n in needles if n in text)
    rows = [r for r in rows if satisfies_all(fold(r["text"]), query)]
    rows.sort(key=lambda r: (-r["score"], r["published"], r["sentence"]))
    best = rows[:1]
    if best and len(groups) > 1:
        rows = [r for r in rows if r["named"] >= min(len(groups), best[0]["named"])]
    if rows:
        section.title = tr(lang, "Из статей", "From the articles")
        person_stems = [n for group in groups for n in person_needles(index, group[0])[1:]]
        width = LONG_SNIPPET if query.asks_documents else SNIPPET
        add_sentence_lines(
            answer, section, store, rows, needles + person_stems, width=width, limit=6
        )
    return answer


def agreements_answer(store: Any, query: Query) -> Answer:
    lang = query.lang
    answer = Answer(query.raw, "agreement", lang, today=query.today)
    span = (query.span.start, query.span.end) if query.span else None
    answer.headline = tr(lang, "Документы и соглашения", "Documents and agreements")
    if query.span_text:
        answer.headline += f": {query.span_text}"
    section = answer.section(None)
    topic = [w for w in query.topic if not is_document_word(w)]
    kinds = asked_document_kinds(query)
    if topic:
        hits = fts.search(store, [[w] for w in query.topic], limit=40, published_by=query.today)
        rows = store.facts_at_sentences("agreements", [h.key for h in hits])
        rows = [r for r in rows if in_span(r, query.span)]
        order = {h.key: i for i, h in enumerate(hits)}
        rows.sort(key=lambda r: order.get((r["article_id"], r["sentence"]), 999))
        rows = best_by_topic(rows, topic)
    else:
        rows = store.agreements_where(span=span, limit=60, newest=span is None)
        rows = [r for r in rows if r["published"] <= query.today.isoformat()]
    rows = [r for r in rows if is_of_kind(r, kinds)] or rows
    for row in rows[:MAX_LINES]:
        add_agreement_line(answer, section, row)
    if section.lines:
        return answer
    # No extracted agreements: sentences about signing, in the period and on the topic.
    groups = [[w] for w in topic] + [list(DOCUMENT_STEMS)]
    hits = fts.search(store, groups, limit=60, published_by=query.today)
    hits = [h for h in hits if h.matched == len(groups) or not topic]
    rows = sentences_in_span(store, [h.row for h in hits], query.span)
    section.title = tr(lang, "Из статей", "From the articles")
    add_sentence_lines(
        answer,
        section,
        store,
        rows,
        needles_of(topic) + list(DOCUMENT_STEMS),
        width=LONG_SNIPPET,
        limit=5,
    )
    return answer


# Document kinds specific enough to narrow a list ("меморандум", "декларация"); "соглашение" and
# "документ" are how people ask about documents in general, so they do not narrow it.
SPECIFIC_DOCUMENT_KINDS = (
    "меморандум", "протокол", "декларац", "инициатив", "заявлени", "договор", "конвенц",
    "программ", "контракт", "дорожн",
)  # fmt: skip


def asked_document_kinds(query: Query) -> set[str]:
    words = {fold_text(w) for w in query.words} | {lemma(w) for w in query.words}
    return {kind for kind in SPECIFIC_DOCUMENT_KINDS if any(w.startswith(kind) for w in words)}


def is_of_kind(row: dict[str, Any], kinds: set[str]) -> bool:
    return not kinds or any(fold_text(row["type"] or "").startswith(kind) for kind in kinds)


def period_answer(store: Any, query: Query) -> Answer:
    """Everything dated in a period: events, agreements and dated sentences, chronologically."""
    lang = query.lang
    span = query.span
    answer = Answer(query.raw, "date", lang, today=query.today)
    answer.headline = tr(lang, "Период: ", "Period: ") + format_span(
        span.start, span.end, span.precision, lang
    )
    bounds = (span.start, span.end)
    published_by = query.today.isoformat()
    events = store.events_where(span=bounds, published_by=query.today, limit=60)
    agreements = [
        row
        for row in store.agreements_where(span=bounds, limit=60)
        if row["published"] <= published_by
    ]
    mentions = store.date_mentions_where(span=bounds, published_by=query.today, limit=60)
    items = merge_dated(
        [e for e in events if fits_period(e, span)],
        [g for g in agreements if fits_period(g, span)],
        mentions,
    )
    add_dated_lines(answer, answer.section(None), items)
    return answer


def upcoming_answer(store: Any, index: AliasIndex, query: Query) -> Answer:
    """Announced events after today, soonest first, from articles published by today."""
    lang = query.lang
    today = query.today
    answer = Answer(query.raw, "upcoming", lang, today=query.today)
    answer.headline = (
        tr(lang, "Предстоящие события (на ", "Upcoming events (as of ")
        + format_span(today, today, "day", lang)
        + ")"
    )
    # The coming year first: as of a past date, scanning every later event for the few
    # announced by then would be slow; further out only when nothing nearer is announced.
    near = today + timedelta(days=UPCOMING_HORIZON_DAYS)
    events = store.upcoming_events(today, until=near, limit=60)
    mentions = store.date_mentions_where(after=today, until=near, published_by=today, limit=100)
    if not events and not mentions:
        events = store.upcoming_events(today, limit=60)
        mentions = store.date_mentions_where(after=today, published_by=today, limit=100)
    mentions = [m for m in mentions if _about_an_event(m)]
    if query.people:
        allowed = set(articles_with_people(store, [m.person_ids[:3] for m in query.people], index))
        events = [e for e in events if e["article_id"] in allowed]
        mentions = [m for m in mentions if m["article_id"] in allowed]
    events = [e for e in events if _fits(e, query)]
    if query.places or query.event_types:
        mentions = []  # a bare dated sentence cannot be told to be that kind of event
    add_dated_lines(answer, answer.section(None), merge_dated(events, [], mentions))
    if answer.is_empty:
        answer.note = tr(
            lang,
            "Анонсированных событий после этой даты в статьях нет.",
            "No events announced after this date in the articles.",
        )
    return answer


def _about_an_event(row: dict[str, Any]) -> bool:
    """A future date in a sentence that names some kind of event (not "в следующем году рост")."""
    text = fold(row["text"])
    return (
        any(cue in text for cues in EVENT_TYPE_CUES.values() for cue in cues if len(cue) > 3)
        or any(stem in text for stem in DOCUMENT_STEMS)
        or row.get("precision") == "day"
    )


def topic_answer(store: Any, index: AliasIndex, query: Query) -> Answer:
    """Free text: matching sentences; facts drawn from the best of them shown first."""
    lang = query.lang
    answer = Answer(query.raw, "fulltext", lang, today=query.today)
    words = query.topic + [lemma(p) for p in query.places if lemma(p) not in query.topic]
    hits = fts.search(store, [[w] for w in words], limit=40, published_by=query.today)
    kept = {id(row) for row in sentences_in_span(store, [h.row for h in hits], query.span)}
    hits = [h for h in hits if id(h.row) in kept]
    answer.headline = (
        tr(lang, "По запросу «", "Results for “") + " ".join(query.words)[:80] + tr(lang, "»", "”")
    )
    if not hits:
        return answer
    # Every place asked for must be named: "визит в Москву" is not answered by a visit to Astana.
    # (Only for events: in "товарооборот Казахстана и Китая" the countries are just search words.)
    if query.event_types:
        hits = [h for h in hits if all(place_stem(p) in fold(h.row["text"]) for p in query.places)]
    if not hits:
        return answer
    best = hits[0].matched
    keys = [h.key for h in hits if h.matched == best][:20]
    agreements = [g for g in store.facts_at_sentences("agreements", keys) if in_span(g, query.span)]
    agreements = best_by_topic(agreements, words)
    events = [
        e
        for e in store.facts_at_sentences("events", keys)
        if _fits(e, query) and in_span(e, query.span)
    ]
    events = best_by_topic(events, words)
    told: set[tuple[int, int]] = set()
    if agreements and (query.asks_documents or not events):
        answer.intent = "agreement"
        section = answer.section(tr(lang, "Документы", "Documents"))
        for row in agreements[:6]:
            if add_agreement_line(answer, section, row):
                told.add((row["article_id"], row["sentence"]))
    if events:
        if answer.intent == "fulltext":
            answer.intent = "event"
        section = answer.section(tr(lang, "События", "Events"))
        for row in sorted(events, key=lambda e: e.get("start") or e["published"])[:6]:
            if add_event_line(answer, section, row, full_participants=query.asks_who):
                told.add((row["article_id"], row["sentence"]))
    rows = [h.row for h in hits if h.key not in told and (h.matched == best or not told)]
    section = answer.section(tr(lang, "Из статей", "From the articles"))
    width = LONG_SNIPPET if query.asks_documents else SNIPPET
    add_sentence_lines(
        answer, section, store, rows, needles_of(words), width=width, limit=3 if told else 6
    )
    if query.asks_who and not events:
        people = store.people_at_sentences(keys[:3])
        names = list(dict.fromkeys(p["name"] for p in people))
        if names:
            who = answer.section(tr(lang, "Названы в этих фрагментах", "Named in these passages"))
            who.lines.append(Line(text=", ".join(names[:20])))
            answer.results.append({"type": "people", "names": names})
    return answer


def event_answer(store: Any, index: AliasIndex, query: Query) -> Answer:
    """An event by type/place/period ("саммит ШОС в Астане", "парад 2015")."""
    lang = query.lang
    answer = Answer(query.raw, "event", lang, today=query.today)
    if query.span is None and query.places and not query.topic_words_beyond_places():
        # Just a place (and maybe a kind of event): what happened there, newest first.
        rows = store.events_where(
            places=query.places,
            types=sorted(related_types(query)),
            published_by=query.today,
            limit=MAX_LINES,
            newest=True,
        )
        if rows:
            answer.headline = " ".join(query.words)[:100]
            section = answer.section(None)
            for row in rows:
                add_event_line(answer, section, row)
            return answer
    if query.span is None and not query.places and not query.topic_words_beyond_places():
        # "Какие были события?", "визиты": the latest ones, of the kind asked for if any.
        rows = store.latest_events(query.today, types=sorted(related_types(query)), limit=MAX_LINES)
        answer.headline = tr(lang, "Последние события", "Latest events")
        section = answer.section(None)
        for row in rows:
            add_event_line(answer, section, row)
        return answer
    if query.span is None:  # without a period the sentences that name it find it fastest
        return topic_answer(store, index, query)
    span = (query.span.start, query.span.end)
    types = related_types(query)
    rows = store.events_where(span=span, types=sorted(types), published_by=query.today, limit=300)
    content = [
        w
        for w in query.topic
        if not any(w.startswith(c) for cues in EVENT_TYPE_CUES.values() for c in cues)
    ]
    rows = [r for r in rows if _fits(r, query, content)]
    if rows:
        answer.headline = " ".join([*query.words, query.span_text or ""])[:100].strip()
        section = answer.section(None)
        for row in rows[:MAX_LINES]:
            add_event_line(answer, section, row)
        return answer
    return topic_answer(store, index, query)


def related_types(query: Query) -> set[str]:
    """The event types asked for and those close to them (talks for a meeting)."""
    types = set(query.event_types)
    for kind in query.event_types:
        types |= RELATED_TYPES.get(kind, set())
    return types


def latest_answer(store: Any, index: AliasIndex, query: Query) -> Answer:
    """ "Что нового?": the newest articles, each with its opening sentence."""
    lang = query.lang
    answer = Answer(query.raw, "fulltext", lang, today=query.today)
    answer.headline = tr(lang, "Последние материалы", "Latest articles")
    section = answer.section(None)
    for row in store.latest_articles(query.today, limit=8):
        text = row["article_title"] or snippet(row["text"] or "", [])
        lead = format_span(row["published"], None, "day", lang)
        quote = snippet(row["text"], [], SNIPPET) if row["text"] and row["text"] != text else None
        answer.add_line(section, row, text, lead=lead, quote=quote)
    return answer


def nothing_found(store: Any, index: AliasIndex, query: Query, lang: str) -> Answer:
    answer = Answer(query.raw, "none", lang, today=query.today)
    shown = " ".join(query.raw.split())[:100]
    answer.headline = tr(
        lang, f"Ничего не найдено по запросу «{shown}»", f"Nothing found for “{shown}”"
    )
    if query.span:
        period = format_span(query.span.start, query.span.end, query.span.precision, lang)
        answer.headline += tr(lang, f" (период: {period})", f" (period: {period})")
    answer.headline += "."
    if impossible := impossible_dates(query.raw):
        dates = ", ".join(f"«{d}»" for d in impossible)
        answer.headline += tr(
            lang, f" Такой даты нет: {dates}.", f" There is no such date: {dates}."
        )
    answer.suggestions = suggestions_for(store, index, query)
    if answer.suggestions:
        answer.note = tr(lang, "Возможно, вы имели в виду: ", "Did you mean: ") + ", ".join(
            answer.suggestions
        )
    return answer


def suggestions_for(store: Any, index: AliasIndex, query: Query, limit: int = 5) -> list[str]:
    """Closest people and corpus words to what was typed."""
    found: list[str] = []
    words = [w for w in query.words if len(w) >= 3][:6]
    for size in (2, 1):
        for start in range(len(words) - size + 1):
            found += index.closest_names(" ".join(words[start : start + size]), limit=3)
    vocabulary = fts.vocabulary(store).frequent
    for word in [w for w in query.topic if len(w) >= 4][:6]:
        for term, _score, _ in process.extract(
            fold(word), vocabulary, scorer=fuzz.ratio, score_cutoff=75, limit=2
        ):
            if term != fold(word):
                found.append(term)
    return list(dict.fromkeys(found))[:limit]


def help_answer(query: Query, lang: str) -> Answer:
    answer = Answer(query.raw, "empty", lang, today=query.today)
    answer.headline = tr(
        lang,
        "Задайте вопрос: имя («Ван И», «Tokayev»), дату или период («май 2024»), событие "
        "(«саммит ШОС в Астане»), документ («соглашения 2023 года») или «что предстоит?».",
        "Ask about a person (“Wang Yi”), a date or period (“May 2024”), an event "
        "(“SCO summit in Astana”), a document (“agreements of 2023”) or “what is upcoming?”.",
    )
    return answer


# -- the entry point ---------------------------------------------------------------------------------


def build_answer(store: Any, text: str, today: date, lang: str = "ru") -> Answer:
    index = alias_index(store)
    query = parse_query(text or "", today, index, lang)
    if query.empty and not query.span:
        return help_answer(query, lang)

    answer = first_answer(store, index, query)
    if answer is not None:
        return answer
    corrected = corrected_text(store, query)
    if corrected:
        retry = first_answer(store, index, parse_query(corrected, today, index, lang))
        if retry is not None:
            retry.query = query.raw
            retry.note = tr(
                lang, f"Показано по запросу «{corrected}».", f"Showing results for “{corrected}”."
            ) + (f" {retry.note}" if retry.note else "")
            retry.suggestions = [corrected]
            return retry
    return nothing_found(store, index, query, lang)


def first_answer(store: Any, index: AliasIndex, query: Query) -> Answer | None:
    for builder in plan(query):
        answer = builder(store, index, query)
        if not answer.is_empty or answer.intent == "upcoming":  # "none announced" is an answer
            if query.asks_when:
                answer_when(answer)
            return answer
    return None


def answer_when(answer: Answer) -> None:
    """ "Когда …?" is answered in the first line: the dates of the facts found, in order."""
    labels = [
        span_label(r, answer.lang)
        for r in answer.results
        if r.get("type") in ("event", "agreement") and r.get("start")
    ]
    labels = list(dict.fromkeys(labels))
    if labels:
        more = tr(answer.lang, " и др.", " etc.") if len(labels) > 3 else ""
        answer.headline = f"{answer.headline} — {', '.join(labels[:3])}{more}"


def corrected_text(store: Any, query: Query) -> str | None:
    """The message with misspelt topic words replaced by the corpus words they likely meant."""
    words = fts.vocabulary(store)
    text, changed = query.raw, False
    for typed in query.topic_words[:6]:
        fixed = words.correction(lemma(typed)) or words.correction(typed)
        if fixed:
            text = text.replace(typed, fixed)
            changed = True
    return text if changed else None


def plan(query: Query):
    """Builders to try in order: the most specific reading of the question first."""
    steps = []
    only_person = (
        len(query.people) == 1
        and not (
            query.span or query.event_types or query.asks_documents or query.places or query.topic
        )
        and not query.asks_upcoming
    )
    if query.asks_upcoming:
        steps.append(upcoming_answer)
    if only_person:
        steps.append(lambda s, i, q: person_answer(s, i, q, q.people[0]))
    elif query.people:
        steps.append(combo_answer)
    if query.asks_documents and not query.people:
        steps.append(lambda s, i, q: agreements_answer(s, q))
    if (
        query.span
        and not query.topic
        and not query.people
        and not query.event_types
        and not query.asks_documents
        and not query.places
    ):
        steps.append(lambda s, i, q: period_answer(s, q))
    if query.event_types or query.places or query.asks_events:
        steps.append(event_answer)
    if query.asks_latest and not (query.people or query.topic or query.span):
        steps.append(latest_answer)
    if query.topic:
        steps.append(topic_answer)
    if query.span and (query.topic or query.event_types or query.asks_documents):
        steps.append(lambda s, i, q: period_answer(s, q))
    if query.people and not only_person:
        # The combination has nothing: say who the first person is rather than nothing.
        steps.append(lambda s, i, q: _relaxed_person(s, i, q))
    return steps


def _relaxed_person(store: Any, index: AliasIndex, query: Query) -> Answer:
    answer = person_answer(store, index, query, query.people[0])
    answer.note = tr(
        query.lang,
        "Точного совпадения по всем условиям нет; вот что известно о человеке.",
        "Nothing matches every condition; here is what is known about the person.",
    ) + (f" {answer.note}" if answer.note else "")
    return answer


def safe_build_answer(store: Any, text: str, today: date, lang: str = "ru") -> Answer:
    """Never raise at the user: a failure is logged and answered plainly."""
    try:
        return build_answer(store, text, today, lang)
    except Exception:
        log.exception("answer failed for %r", text[:200] if isinstance(text, str) else text)
        answer = Answer(str(text)[:200], "none", lang)
        answer.headline = tr(
            lang,
            "Не удалось обработать запрос, попробуйте иначе.",
            "Could not process the question; try rephrasing it.",
        )
        return answer


__all__ = ["MAX_CITATIONS", "build_answer", "safe_build_answer"]
