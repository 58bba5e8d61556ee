"""A person or an organisation asked about by name alone: who they are and what they did.

A person: roles as stated (each dated by its article, the fullest wording kept), events in
date order, a few mentions when there is little else, and the people most often named in the
same articles. An organisation: the events and documents that name it, in date order.
"""

from __future__ import annotations

import re
from typing import Any

from bot.search.aliases import AliasIndex, NameMatch, fold, latin_name
from bot.search.analyse import Analysis
from bot.search.answer import Answer, Line
from bot.search.candidates import EVENT, SENTENCE, Candidate
from bot.search.compose import add_item, distinct
from bot.search.show import events as show_events
from bot.search.show import sentences as show_sentences
from bot.search.show.view import View

MAX_ROLES = 5
MAX_EVENTS = 12
RECENT_ARTICLES = 150  # a profile reads the person's most recent articles


def _fullest_roles(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """ "Президент" says less than "президент Казахстана" in the same article: keep the fullest
    wording. Another article's shorter wording stays: it dates the role to its own day."""
    titles: dict[Any, set[str]] = {}
    for row in rows:
        titles.setdefault(row["article_id"], set()).add(fold(row["title"]))
    seen: set[str] = set()
    kept = []
    for row in rows:
        key = fold(row["title"])
        fuller = any(
            other != key and other.startswith(key + " ") for other in titles[row["article_id"]]
        )
        if key in seen or fuller:
            continue
        seen.add(key)
        kept.append(row)
    return kept


def _days(a: str, b: str) -> int:
    from datetime import date

    return (date.fromisoformat(a) - date.fromisoformat(b)).days


# A sentence telling a life, not a day: "родился в 1964 году", "окончил МГИМО", "работал
# послом в Узбекистане", "назначен министром"; and what goes on with it from a year
# ("В 1987 году окончил ...") though it does not repeat the name.
BIOGRAPHY = re.compile(
    r"(?<![а-яё])(?:родил|окончил|выпускни|трудов\w* деятельност|карьер|работал|занимал"
    r"|назначен|возглавлял|стажировал|учил(?:ся|ась) в)",
)
BIOGRAPHY_GOES_ON = re.compile(
    r"^(?:в|с|до|после|затем|позднее)\s+(?:\d{4}|этом|том)", re.IGNORECASE
)
MAX_BIOGRAPHY = 3  # sentences about a life, each with what goes on after it
BIOGRAPHY_REACH = 3  # sentences after it that may go on with it
BIOGRAPHY_WIDTH = 700


def _biography(store: Any, person_id: int, today: str) -> list[tuple[dict[str, Any], str]]:
    rows = [
        r
        for r in store.person_mention_sentences(person_id, per_article=40, limit=200)
        if r["published"] <= today and BIOGRAPHY.search(r["text"].lower())
    ][:MAX_BIOGRAPHY]
    after = {
        (s["article_id"], s["sentence"]): s["text"]
        for s in store.sentences_at(
            (r["article_id"], r["sentence"] + k)
            for r in rows
            for k in range(1, BIOGRAPHY_REACH + 1)
        )
    }
    found = []
    for row in rows:
        parts = [show_sentences.clean(row["text"])]
        for k in range(1, BIOGRAPHY_REACH + 1):
            following = after.get((row["article_id"], row["sentence"] + k))
            if not following or not BIOGRAPHY_GOES_ON.match(following.strip()):
                break
            parts.append(following.strip())
        found.append((row, show_sentences.quote(" ".join(parts), [], BIOGRAPHY_WIDTH)))
    return found


def person_profile(store: Any, index: AliasIndex, analysis: Analysis, match: NameMatch) -> Answer:
    view = View(analysis.lang, analysis.today)
    answer = Answer(analysis.raw, "person", analysis.lang, today=analysis.today)
    person_id = match.best_id
    name = index.people[person_id][0]
    latin = latin_name(name)
    if view.english:
        answer.headline = latin or name
    else:
        answer.headline = f"{name} ({latin})" if latin and latin != name else name
    result: dict[str, Any] = {
        "type": "person",
        "id": person_id,
        "name": name,
        "roles": [],
        "events": [],
    }
    today = analysis.today.isoformat()

    roles = [r for r in store.person_roles(person_id) if r["published"] <= today]
    if analysis.period:  # the roles held then first
        held = analysis.period.end.isoformat()
        roles.sort(key=lambda r: (r["published"] > held, abs(_days(r["published"], held))))
    section = answer.section(view.tr("Должности (как в статьях)", "Roles (as stated)"))
    for row in _fullest_roles(roles)[:MAX_ROLES]:
        lead = view.tr("на ", "as of ") + view.span(row["published"])
        if answer.add_line(section, row, view.quote(row["title"]), lead=lead):
            result["roles"].append(
                {"title": row["title"], "as_of": row["published"], "article_id": row["article_id"]}
            )

    biography = _biography(store, person_id, today)
    if biography:
        section = answer.section(view.tr("Биография", "Biography"))
        for row, text in biography:
            lead = view.tr("статья от ", "article of ") + view.span(row["published"])
            answer.add_line(section, row, view.quote(text), lead=lead)
        result["biography"] = [text for _, text in biography]

    recent = store.articles_naming_all([[person_id]], limit=RECENT_ARTICLES)
    rows = store.events_where(
        person_groups=[[person_id]],
        article_ids=recent,
        published_by=analysis.today,
        limit=MAX_EVENTS * 2,
        newest=True,
    )
    candidates = distinct(
        [Candidate(EVENT, row, text=row.get("evidence") or "") for row in rows], MAX_EVENTS
    )
    section = answer.section(view.tr("События", "Events"))
    for candidate in candidates:
        if add_item(answer, section, candidate, view, analysis):
            result["events"].append(answer.results.pop())

    mentions = [
        m
        for m in store.person_mention_sentences(person_id, per_article=1, limit=8)
        if m["published"] <= today
    ]
    wanted = 2 if (section.lines or roles) else 5
    if mentions:
        section = answer.section(view.tr("Упоминания", "Mentions"))
        for row in mentions[:wanted]:
            candidate = Candidate(SENTENCE, row, text=row["text"])
            lead = view.tr("статья от ", "article of ") + view.span(row["published"])
            answer.add_line(
                section, row, view.quote(show_sentences.quote(row["text"], [fold(name)])), lead=lead
            )
            result.setdefault("mentions", []).append(show_sentences.result(candidate))
    answer.results = [result]

    related = [row["name"] for row in store.related_people(person_id, limit=6)]
    if related:
        section = answer.section(view.tr("Упоминаются вместе с", "Mentioned with"))
        section.lines.append(Line(text=", ".join(view.person(n) for n in related)))
        result["related"] = related
    others = [n for n in match.names[1:] if n != name][:4]
    if others:
        answer.note = view.tr("Также по запросу: ", "Also matching: ") + ", ".join(
            view.person(n) for n in others
        )
    return answer


MAX_ORG_FACTS = 40
ORG_MENTIONS = 5  # sentences naming the body, when few of its facts are known


def org_profile(analysis: Analysis, ranked: list[Candidate]) -> Answer:
    """What an organisation did, with dates: the events and documents whose sentence names it,
    in date order, then the best sentences about it (all of them when it has no facts)."""
    view = View(analysis.lang, analysis.today)
    answer = Answer(analysis.raw, "org", analysis.lang, today=analysis.today)
    answer.headline = ", ".join(view.place(o) for o in analysis.orgs)
    naming = [c for c in ranked if c.parts.get("terms", 0.0) >= 1.0] or ranked
    facts = distinct([c for c in naming if c.kind != SENTENCE], MAX_ORG_FACTS)
    section = answer.section(view.tr("События и документы", "Events and documents"))
    for candidate in sorted(facts, key=lambda c: (c.span()[0], c.article_id, c.sentence)):
        add_item(answer, section, candidate, view, analysis)
    quoted = {c.key for c in facts}
    wanted = 2 if len(facts) >= 3 else ORG_MENTIONS
    mentions = [c for c in naming if c.kind == SENTENCE and c.key not in quoted][:wanted]
    if mentions:
        section = answer.section(view.tr("Упоминания", "Mentions"))
        for candidate in mentions:
            add_item(answer, section, candidate, view, analysis)
    return answer


__all__ = ["org_profile", "person_profile", "show_events"]
