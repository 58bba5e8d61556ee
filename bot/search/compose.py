"""Ranked candidates -> the answer: the direct answer first, then its evidence, then the rest.

The fourth stage of answering. The first line answers the question from the best candidate:
its date for "when", the other people in it for "who", its role for "role", the sentence
holding the number for "how many". The evidence follows (the whole sentence, its date
resolved, cited), then related facts, duplicates merged. A list (a period, a kind of fact, what
is coming) is the same candidates in date order. `results` holds every item; the renderers page
them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import Any

from rapidfuzz import fuzz

from bot.i18n import count_of
from bot.search import fts
from bot.search.analyse import Analysis, Focus
from bot.search.answer import Answer, Line, Section
from bot.search.candidates import AGREEMENT, EVENT, PRECISION_RANK, ROLE, SENTENCE, Candidate
from bot.search.retrieve import place_fits
from bot.search.show import agreements, events, roles, sentences
from bot.search.show.view import View
from bot.vocab import (
    DOCUMENT_KINDS,
    EVENT_TYPES,
    MEETING,
    PACKAGE,
    SIGNING_WORDS,
    TALKS,
    related_event_types,
)

RELATED_SHARE = 0.6  # related items score at least this share of the best one
LIST_LIMIT = 60  # items a list keeps (the renderers page them)
# Lemmas that make a dated sentence an event or a document worth listing.
EVENT_WORDS = tuple(
    sorted(
        {n for t in EVENT_TYPES.values() for n in t.names}
        | {n for t in DOCUMENT_KINDS.values() for n in t.names}
        | {
            "подписать",
            "пройти",
            "состояться",
            "прибыть",
            "отметить",
            "провести",
            "принять",
            "открыть",
            "открыться",
            "запустить",
            "годовщина",
            "юбилей",
            "выставка",
            "экспо",
            "олимпиада",
            "фестиваль",
            "неделя",
            "визит",
            "саммит",
        }
    )
)
INTENTS = {EVENT: "event", AGREEMENT: "agreement", ROLE: "role", SENTENCE: "fulltext"}


# -- one line per candidate ------------------------------------------------------------------------


def needles(analysis: Analysis) -> list[str]:
    return [fts.stem(f) for t in analysis.terms for f in t.forms if fts.stem(f)]


def line_of(candidate: Candidate, view: View, analysis: Analysis) -> tuple[str, str]:
    if candidate.kind == EVENT:
        return events.line(candidate, view, all_people=analysis.focus == Focus.WHO)
    if candidate.kind == AGREEMENT:
        return agreements.line(candidate, view)
    if candidate.kind == ROLE:
        return roles.line(candidate, view)
    return sentences.line(candidate, view, needles(analysis))


def result_of(candidate: Candidate) -> dict[str, Any]:
    shows = {EVENT: events, AGREEMENT: agreements, ROLE: roles, SENTENCE: sentences}
    return shows[candidate.kind].result(candidate)


def subject_of(candidate: Candidate, view: View) -> str:
    if candidate.kind == EVENT:
        return events.subject(candidate, view)
    if candidate.kind == AGREEMENT:
        return agreements.subject(candidate, view)
    if candidate.kind == ROLE:
        return roles.subject(candidate, view)
    return ""


def add_item(
    answer: Answer,
    section: Section,
    candidate: Candidate,
    view: View,
    analysis: Analysis,
) -> bool:
    """A fact's line, carrying the sentence it comes from for «Источники и цитаты»."""
    lead, text = line_of(candidate, view, analysis)
    evidence = (
        sentences.quote(candidate.text, needles(analysis))
        if candidate.kind != SENTENCE and candidate.text
        else None
    )
    if not answer.add_line(section, candidate.row, text, lead=lead, quote=evidence):
        return False
    item = result_of(candidate)
    if evidence:
        item["quote"] = evidence
    answer.results.append(item)
    return True


# -- duplicates ------------------------------------------------------------------------------------


def _family(kind: str | None) -> str:
    return TALKS if kind in related_event_types({TALKS}) else (kind or "")


SAME_STEM = 4  # letters two forms of one word share ("сиана", "сианьская")


def _same_words(a: str, b: str) -> bool:
    """The same words in other forms: «Сиана декларация», «Сианьская декларация» (not «протокол о
    пшенице» and «протокол о ячмене»)."""
    wa, wb = re.findall(r"[а-яёa-z0-9]+", a), re.findall(r"[а-яёa-z0-9]+", b)
    return len(wa) == len(wb) and all(
        x[:SAME_STEM] == y[:SAME_STEM] for x, y in zip(wa, wb, strict=True)
    )


def same_fact(a: Candidate, b: Candidate) -> bool:
    """Two candidates telling the same thing: one sentence, one event extracted twice (same
    kind of event, same days, someone or somewhere in common), or one text twice."""
    if a.identity == b.identity:
        return True
    if a.key == b.key and SENTENCE in (a.kind, b.kind):
        return True
    if a.kind == b.kind == EVENT:
        ra, rb = a.row, b.row
        if _family(ra.get("type")) != _family(rb.get("type")) or not ra.get("start"):
            return False
        same_days = ra.get("start") == rb.get("start") and ra.get("end") == rb.get("end")
        shared = bool(a.people & b.people) or (
            ra.get("place") and ra.get("place") == rb.get("place")
        )
        return (same_days and bool(shared)) or _told_vaguer(a, b)
    if a.kind == b.kind == AGREEMENT:
        ta, tb = (a.title or "").lower(), (b.title or "").lower()
        if not ta:
            return False
        if a.article_id == b.article_id and a.row.get("type") == b.row.get("type"):
            # the headline's «Сиана декларация» and the text's «Сианьская декларация»
            start_a, end_a, _ = a.span()
            start_b, end_b, _ = b.span()
            overlap = start_a <= end_b and start_b <= end_a
            return overlap and _same_words(ta, tb)
        return fuzz.ratio(ta, tb) >= 90 and a.row.get("start") == b.row.get("start")
    if a.kind == b.kind == SENTENCE:
        return fuzz.ratio(a.text, b.text) >= 92
    return False


def _told_vaguer(a: Candidate, b: Candidate) -> bool:
    """One meeting dated to the day in one article and to the month in another ("в начале
    сентября 2025 года Дая Хоуляна принял Токаев", "в сентябре 2025 года Токаев на встрече с
    Дай Хоуляном"): one span holds the other, one is vaguer, and the same two people meet."""
    sa, sb = a.own_span(), b.own_span()
    if sa is None or sb is None or sa[2] == sb[2] == "day":
        return False
    inside = (sa[0] <= sb[0] and sb[1] <= sa[1]) or (sb[0] <= sa[0] and sa[1] <= sb[1])
    shared = max(len(set(a.names) & set(b.names)), len(a.people & b.people))
    return inside and shared >= 2


def _buckets(candidate: Candidate) -> list[tuple[Any, ...]]:
    """Candidates that could be the same fact share a bucket: one event's days, one
    document's date or its kind in one article, one sentence's opening words."""
    row = candidate.row
    if candidate.kind == EVENT:
        family = _family(row.get("type"))
        # and its month: the same event dated to the month elsewhere (`_told_vaguer`)
        return [
            (EVENT, family, row.get("start"), row.get("end")),
            (EVENT, family, (row.get("start") or "")[:7]),
        ]
    if candidate.kind == AGREEMENT:
        return [(AGREEMENT, row.get("start")), (AGREEMENT, candidate.article_id, row.get("type"))]
    if candidate.kind == SENTENCE:
        return [(SENTENCE, " ".join(candidate.text.lower().split()[:4]))]
    return [(candidate.kind,)]


def _fuller(a: Candidate, b: Candidate) -> bool:
    """A document told with more: its parties, then a longer name."""
    return (len(a.names), len(a.title)) > (len(b.names), len(b.title))


def distinct(candidates: list[Candidate], limit: int) -> list[Candidate]:
    """The candidates without repeats (see `same_fact`), in order, at most `limit`."""
    kept: list[Candidate] = []
    buckets: dict[tuple[Any, ...], list[Candidate]] = {}
    keys: dict[tuple[int, int], list[Candidate]] = {}
    for candidate in candidates:
        own = _buckets(candidate)
        nearby = [c for bucket in own for c in buckets.get(bucket, [])]
        twin = next(
            (o for o in nearby + keys.get(candidate.key, []) if same_fact(candidate, o)), None
        )
        if twin is not None:
            if candidate.kind == AGREEMENT and _fuller(candidate, twin) and twin in kept:
                kept[kept.index(twin)] = candidate  # the text's naming, with its parties
            continue
        kept.append(candidate)
        for bucket in own:
            buckets.setdefault(bucket, []).append(candidate)
        keys.setdefault(candidate.key, []).append(candidate)
        if len(kept) >= limit:
            break
    return kept


# -- the first line --------------------------------------------------------------------------------


def _others(candidate: Candidate, analysis: Analysis) -> list[str]:
    asked = {name for m in analysis.people for name in m.names[:3]}
    names = events.participants(candidate) if candidate.kind == EVENT else []
    names = names + [n for n in candidate.names if n not in names]
    return [n for n in names if n not in asked]


def _when(candidate: Candidate, view: View) -> str:
    own = candidate.fitted or candidate.own_span()  # the dates that fit the period asked
    if own is None:
        return view.tr("статья от ", "article of ") + view.span(candidate.published)
    return view.span(*own)


SUPPORT_SHARE = 0.8  # candidates this close to the best one may complete its answer


SUPPORT_REACH = 12  # how far down the ranking support is looked for
TWIN_REACH = 30  # a "when" looks further for the same event dated to the day elsewhere


def supporting(
    best: Candidate, ranked: list[Candidate], reach: int = SUPPORT_REACH
) -> list[Candidate]:
    return [c for c in ranked[1:reach] if c.score >= best.score * SUPPORT_SHARE]


ECHOES = 2  # other articles telling the best fact that are cited beside it
LIST_ECHOES = 1  # the same for each fact of a list


def echoes(best: Candidate, others: list[Candidate]) -> list[Candidate]:
    """The same event or document told by other articles ("саммит ШОС в Астане 3–4 июля" in a
    business report and in the wire copy): cited with it, as corroboration, instead of being
    left out as duplicates."""
    if best.kind == SENTENCE:
        return []
    found: dict[int, Candidate] = {}
    for other in others:
        if other.article_id != best.article_id and same_fact(other, best):
            found.setdefault(other.article_id, other)
    return list(found.values())[:ECHOES]


def _more_precise_twin(best: Candidate, support: list[Candidate]) -> Candidate | None:
    """The same event dated more precisely in another article: "в июле 2020" here, "16
    июля" there."""
    own = best.own_span()
    if best.kind != EVENT or own is None or own[2] == "day":
        return None
    for other in support:
        theirs = other.own_span()
        kinds = {best.row.get("type") or "", other.row.get("type") or ""}
        # "встреча глав МИД" a council here, a meeting there: kinds close enough
        close = _family(other.row.get("type")) == _family(best.row.get("type")) or (
            len(kinds) == 2 and kinds <= related_event_types({best.row.get("type") or ""})
        )
        if other.kind != EVENT or theirs is None or not close:
            continue
        inside = own[0] <= theirs[0] and theirs[1] <= own[1]
        finer = PRECISION_RANK.get(theirs[2], 2) > PRECISION_RANK.get(own[2], 2)
        if inside and finer:
            return other
    return None


def _who(best: Candidate, support: list[Candidate], analysis: Analysis) -> list[str]:
    """The other people of the best evidence, and of the sentences about it in its article
    ("В Астану также приехали ...")."""
    names = _others(best, analysis)
    for other in support:
        if other.article_id == best.article_id:
            names += [n for n in _others(other, analysis) if n not in names]
    return names


DOCUMENTS = (("документ", "документа", "документов"), ("document", "documents"))


def _documents_counted(candidate: Candidate, support: list[Candidate], view: View) -> str | None:
    """ "Сколько документов подписали?" where the article lists them without a number: the
    documents signed together (one article, one day), counted."""
    if (
        candidate.kind != AGREEMENT
        or candidate.row.get("count")
        or candidate.row.get("type") == PACKAGE
    ):
        return None
    together = {
        c.row.get("id")
        for c in [candidate, *support]
        if c.kind == AGREEMENT
        and c.row.get("type") != PACKAGE
        and c.article_id == candidate.article_id
        and c.span() == candidate.span()
    }
    if len(together) < 2:
        return None
    return f"{count_of(len(together), *DOCUMENTS, view.lang)} — {_when(candidate, view)}"


def direct(
    candidate: Candidate, analysis: Analysis, view: View, support: list[Candidate] = ()
) -> str:
    """The answer itself, in one line, from the best candidate (and those close behind it)."""
    subject = subject_of(candidate, view)
    focus = analysis.focus
    if focus == Focus.WHEN and analysis.in_force and candidate.row.get("in_force"):
        taking_effect = view.tr("вступил в силу", "in force from")
        return f"{view.span(candidate.row['in_force'])} — {subject} ({taking_effect})"
    if focus == Focus.WHEN:
        twin = _more_precise_twin(candidate, list(support))
        when = _when(twin or candidate, view)
        return f"{when} — {subject}" if subject else when
    if focus == Focus.WHO:
        others = _who(candidate, list(support), analysis)
        if others:
            who = view.people(others, limit=12, roles=candidate.roles)
            return f"{who} — {subject}" if subject else who
    if focus == Focus.WHERE and candidate.row.get("place"):
        return f"{view.place(candidate.row['place'])} — {subject}"
    if focus == Focus.HOW_MANY:
        counted = _documents_counted(candidate, list(support), view)
        if counted:
            return counted
    if focus == Focus.ROLE and candidate.kind == ROLE:
        return f"{subject} ({roles.as_of(candidate, view)})"
    if subject:
        return f"{_when(candidate, view)} — {subject}"
    return _when(candidate, view)


# -- the shapes of an answer -----------------------------------------------------------------------


def single(answer: Answer, analysis: Analysis, ranked: list[Candidate], view: View) -> None:
    """One fact answers: the direct line, its evidence whole, then related facts."""
    best = ranked[0]
    answer.intent = INTENTS[best.kind]
    reach = TWIN_REACH if analysis.focus == Focus.WHEN else SUPPORT_REACH
    support = supporting(best, ranked, reach)
    answer.headline = direct(best, analysis, view, support)
    twin = _more_precise_twin(best, support) if analysis.focus == Focus.WHEN else None
    if twin is not None:
        answer.cite(twin.row)
    section = answer.section(None, paged=False)
    evidence = sentences.quote(best.text, needles(analysis))
    if best.before:
        evidence = sentences.quote(best.before, needles(analysis)) + " " + evidence
    if best.after:
        # a headline has no full stop of its own: the sentence after it starts anew
        stop = "" if evidence.rstrip()[-1:] in '.!?…»"' else "."
        evidence += stop + " " + sentences.quote(best.after, needles(analysis))
    answer.add_line(section, best.row, view.quote(evidence), lead=_when(best, view))
    answer.results.append(result_of(best))
    for echo in echoes(best, ranked[1:TWIN_REACH]):
        source = echo.row.get("source") or echo.row.get("article_title") or ""
        told = (
            view.tr("Об этом же: ", "Also reported by: ") + f"{source}, {view.span(echo.published)}"
        )
        answer.add_line(section, echo.row, told)
    rest = [c for c in ranked[1:] if _related(c, best) and not same_fact(c, best)]
    rest = distinct(rest, LIST_LIMIT)
    every_time = _every_meeting(best, rest, analysis, view)
    if every_time:
        answer.headline = every_time
    if rest:
        more = answer.section(view.tr("Ещё по теме", "Related"))
        for candidate in rest:
            add_item(answer, more, candidate, view, analysis)


MEETINGS_SHOWN = 4  # dates in the first line of "когда встречались X и Y"


def _every_meeting(
    best: Candidate, rest: list[Candidate], analysis: Analysis, view: View
) -> str | None:
    """ "Когда встречались X и Y?" with no period or place: every date they met, in order,
    not the best one alone (the talks in May, the parade two days later, the visit in
    September)."""
    if not (
        analysis.focus == Focus.WHEN
        and MEETING in analysis.event_types
        and len(analysis.people) >= 2
        and not (analysis.period or analysis.places or analysis.terms)
    ):
        return None
    met = [c for c in [best, *rest] if c.kind == EVENT and c.parts.get("people") == 1.0]
    spans = sorted({c.span() for c in met})
    if len(spans) < 2:
        return None
    dates = list(dict.fromkeys(view.span(*span) for span in spans))
    shown = "; ".join(dates[:MEETINGS_SHOWN])
    more = len(dates) - MEETINGS_SHOWN
    if more > 0:
        shown += view.tr(f" и ещё {more}", f" and {more} more")
    return shown


def _related(candidate: Candidate, best: Candidate) -> bool:
    """Close enough to the best to follow it: nearly as good, as much at the place asked and
    as much about the people asked (the talks of the two asked about, not one of them with
    someone else)."""
    parts, top = candidate.parts, best.parts
    misses_place = top.get("place", 0) >= 0.7 and parts.get("place", 0) == 0
    # a fact of someone else instead of a person asked ("встреча Токаева и Ван И" when Си was
    # asked); a sentence may mean them by a pronoun ("обсудил с ним") and stays
    misses_people = (
        candidate.kind in (EVENT, AGREEMENT)
        and bool(candidate.people)
        and parts.get("people", 1.0) < top.get("people", 1.0) == 1.0
    )
    return candidate.score >= best.score * RELATED_SHARE and not (misses_place or misses_people)


def _in_date_order(candidates: list[Candidate]) -> list[Candidate]:
    return sorted(candidates, key=lambda c: (c.span()[0], c.article_id, c.sentence))


def _of_type(candidate: Candidate, analysis: Analysis) -> bool:
    if candidate.kind == EVENT and not analysis.wants_documents:
        return not analysis.event_types or candidate.row.get("type") in related_event_types(
            analysis.event_types
        )
    if candidate.kind == AGREEMENT:
        kinds = analysis.document_kinds
        kind = candidate.row.get("type") or ""
        same = kind.split()[0] in {k.split()[0] for k in kinds}
        return not kinds or kind in kinds or same or kind == PACKAGE
    return True


def _at_place(candidate: Candidate, analysis: Analysis) -> bool:
    """At the place asked. A document signed during a visit there need not name the place:
    the people or the period asked tie it to the visit."""
    places = analysis.narrowing_places
    if candidate.kind == AGREEMENT and (analysis.people or analysis.period):
        return True
    return not places or place_fits(candidate, places) >= 0.7


def _as_precise(candidate: Candidate, analysis: Analysis) -> bool:
    """A fact dated just "2025" does not belong in a list of June 2025."""
    if analysis.period is None:
        return True
    precision = candidate.span()[2]
    return PRECISION_RANK.get(precision, 2) >= PRECISION_RANK.get(analysis.period.precision, 2)


def _names_an_event(candidate: Candidate) -> bool:
    """A dated sentence worth listing names an event or a document ("в следующем году рост"
    is not one)."""
    return fts.matches(candidate.lemmas, EVENT_WORDS)


DOCUMENT_WORDS = tuple(
    sorted({n for t in DOCUMENT_KINDS.values() for n in t.names} | set(SIGNING_WORDS))
)


def _names_a_document(candidate: Candidate) -> bool:
    """A list of documents takes only dated sentences about documents, not a meeting there."""
    return fts.matches(candidate.lemmas, DOCUMENT_WORDS)


# What a list must respect, besides the people and the period every answer respects.
LIST_FILTERS: tuple[tuple[str, Callable[[Candidate, Analysis], bool]], ...] = (
    ("of the type asked", _of_type),
    ("at the place asked", _at_place),
    ("dated as precisely as the period", _as_precise),
)


def _list_candidates(analysis: Analysis, ranked: list[Candidate]) -> list[Candidate]:
    facts = [c for c in ranked if c.kind in (EVENT, AGREEMENT)]
    if analysis.wants_documents:  # "документы, подписанные в ходе визита": the visit is context
        facts = [c for c in facts if c.kind == AGREEMENT]
    elif analysis.event_types or analysis.focus == Focus.UPCOMING:
        facts = [c for c in facts if c.kind == EVENT]
    strict = [c for c in facts if all(test(c, analysis) for _, test in LIST_FILTERS)]
    if not strict and analysis.event_types:
        # "визит Си Цзиньпина в Москву": no visit there, but what he did there
        loose = [c for c in ranked if c.kind == EVENT and _at_place(c, analysis)]
        strict = [c for c in loose if _as_precise(c, analysis)]
    chosen = distinct(strict, LIST_LIMIT)
    period_only = analysis.period and not (
        analysis.event_types or analysis.wants_documents or analysis.people
    )
    if len(chosen) < 3 or period_only:
        names = _names_a_document if analysis.wants_documents else _names_an_event
        dated = [
            c
            for c in ranked
            if c.kind == SENTENCE
            and c.own_span() is not None
            and names(c)
            and _at_place(c, analysis)
            and _as_precise(c, analysis)
        ]
        chosen = distinct(chosen + dated, LIST_LIMIT)
    return chosen


def listing(answer: Answer, analysis: Analysis, ranked: list[Candidate], view: View) -> None:
    """Facts of a period, a kind, a place or a person, in date order (what is coming: soonest
    first). Every stated condition holds; dated sentences join when the facts are few."""
    chosen = _in_date_order(_list_candidates(analysis, ranked))
    if not chosen:
        return
    answer.intent = _list_intent(analysis, chosen)
    answer.headline = list_headline(analysis, view, len(chosen))
    section = answer.section(None)
    for candidate in chosen:
        told = echoes(candidate, ranked[:TWIN_REACH])[:LIST_ECHOES]
        if add_item(answer, section, candidate, view, analysis) and told:
            # the same fact told by other articles: cited beside it, as in a single answer
            section.lines[-1] = answer.also_cite(section.lines[-1], [c.row for c in told])


def _list_intent(analysis: Analysis, chosen: list[Candidate]) -> str:
    if analysis.focus == Focus.UPCOMING:
        return "upcoming"
    if analysis.period and not (
        analysis.people or analysis.event_types or analysis.places or analysis.wants_documents
    ):
        return "date"
    kinds = [c.kind for c in chosen]
    if AGREEMENT in kinds and (analysis.wants_documents or EVENT not in kinds):
        return "agreement"
    return "event" if EVENT in kinds else "fulltext"


def list_headline(analysis: Analysis, view: View, count: int) -> str:
    if analysis.focus == Focus.UPCOMING:
        text = view.tr("Предстоит", "Coming up")
    elif analysis.wants_documents and not analysis.event_types:
        text = view.tr("Документы", "Documents")
    else:
        text = view.tr("События", "Events")
    bits = [view.person(m.best_name) for m in analysis.people]
    bits += [view.place(p) for p in analysis.places + analysis.orgs]
    if analysis.period_text:
        bits.append(
            analysis.period_text
            if not view.english
            else view.span(
                analysis.period.start.isoformat(),
                analysis.period.end.isoformat(),
                analysis.period.precision,
            )
        )
    if bits:
        text += ": " + ", ".join(bits)
    return text


SHAPES: dict[Focus, Callable[[Answer, Analysis, list[Candidate], View], None]] = {
    Focus.LIST: listing,
    Focus.UPCOMING: listing,
}


def compose(analysis: Analysis, ranked: list[Candidate], today: date) -> Answer:
    view = View(analysis.lang, today)
    answer = Answer(analysis.raw, "none", analysis.lang, today=today)
    if not ranked:
        return answer
    SHAPES.get(analysis.focus, single)(answer, analysis, ranked, view)
    if answer.is_empty:  # nothing holds every condition of a list: the best evidence instead
        answer = Answer(analysis.raw, "none", analysis.lang, today=today)
        single(answer, analysis, ranked, view)
    return answer


__all__ = ["Line", "compose", "direct", "distinct", "same_fact"]
