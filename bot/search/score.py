"""One scoring function for every candidate, whatever its kind.

The third stage of answering. A candidate's score is a weighted sum of parts, each between 0
and 1 (WEIGHTS says how much each counts):

- people:   the share of the people asked about who are in it (taking part, or named in its
            sentence; named only elsewhere in the article counts half);
- terms:    the share of the topic words in its sentence and title, each weighted by its IDF,
            so rare words outweigh common ones;
- kind:     it is the kind of fact asked for (an event of that type, a document of that kind);
- place:    it happened at the place asked for, or in that country;
- focus:    it can answer what the first line must say (a "when" needs a date of its own, a
            "who" other people, a "how many" a number, a "role" a role);
- period:   dated inside the period asked, at least as precisely;
- passage:  the share of the topic words only the sentences beside it hold (half-answered
            questions are answered by a passage);
- bm25:     its sentence's full-text rank, relative to the best of the question;
- headline: its article's headline holds the topic words;
- fact:     a structured fact rather than a bare sentence.

Hard filters are only for what the user stated: a named person must be involved, a stated
period must overlap, an upcoming question wants what starts after today (in its window).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from bot import geo
from bot.extraction.phrases import ordinal
from bot.models import DateSpan
from bot.nlp import lemma
from bot.search import fts
from bot.search.analyse import Analysis, Focus
from bot.search.candidates import AGREEMENT, EVENT, PRECISION_RANK, ROLE, SENTENCE, Candidate
from bot.search.retrieve import Pool, place_fits
from bot.upcoming import not_over
from bot.vocab import (
    DOCUMENT_KINDS,
    EVENT_TYPES,
    MEETING,
    PACKAGE,
    SIGNING_WORDS,
    related_event_types,
)

WEIGHTS = {
    "people": 3.0,
    "only_asked": 0.5,
    "terms": 4.0,
    "passage": 1.5,
    "kind": 1.5,
    "place": 1.0,
    "focus": 2.0,
    "period": 1.5,
    "bm25": 1.0,
    "headline": 0.7,
    "fact": 0.5,
    "ordinal": 2.0,
    "named": 1.5,
    "current": 1.5,
}
_NUMBER = re.compile(r"\d")
# Whole number words: "две стороны", "ста компаний", not "двусторонний", "стороны", "третий"
# (matched on `_undated` text, where ё is already е).
_NUMBER_WORDS = re.compile(
    r"(?<![а-яё])(?:дв(?:а|е|ух|ум|умя)|тр(?:и|ех|ем|емя)|четыр(?:е|ех|ем|ьмя)"
    r"|(?:пят|шест|сем|восем|девят|десят)(?:ь|и|ью)|[а-яё]*(?:надцат|дцат|десят)(?:ь|и|ью)?"
    r"|сорок[а]?|сто|ста|сот|тысяч[а-яё]*|миллион[а-яё]*|миллиард[а-яё]*|млн|млрд|трлн"
    r"|процент[а-яё]*|половин[а-яё]*|трет(?:ь|и)|четверт[а-яё]*)(?![а-яё])",
)
# "8-м ЭКСПО", "в 25-й раз": a number that orders, not one that counts
_ORDINAL_NUMBER = re.compile(r"\d+-(?:[а-яё]{1,3})(?![а-яё])")
_FUTURE_STATUSES = {"upcoming", "planned"}


@dataclass(frozen=True, slots=True)
class Context:
    analysis: Analysis
    pool: Pool
    asked_people: list[set[int]]  # one set per name: the people it may mean
    asked_names: list[set[str]]  # the same, by their names
    occasions: dict[tuple[int, str], list[Candidate]]  # events by (article, first day)
    found_at: dict[tuple[int, int], str]  # the lemmas of the sentences found, by their key
    place_articles: frozenset[int]  # articles a candidate of which is at a place or body asked


def context(analysis: Analysis, pool: Pool) -> Context:
    occasions: dict[tuple[int, str], list[Candidate]] = {}
    for candidate in pool.candidates:
        if candidate.kind == EVENT and candidate.row.get("start"):
            occasions.setdefault((candidate.article_id, candidate.row["start"]), []).append(
                candidate
            )
    return Context(
        analysis,
        pool,
        [set(m.person_ids[:3]) for m in analysis.people],
        [set(m.names[:3]) for m in analysis.people],
        occasions,
        {c.key: c.lemmas for c in pool.candidates if c.kind == SENTENCE},
        _articles_at(pool.candidates, analysis.narrowing_places),
    )


def _articles_at(candidates: list[Candidate], places: list[str]) -> frozenset[int]:
    if not places:
        return frozenset()
    return frozenset(c.article_id for c in candidates if place_fits(c, places) > 0)


def occasion_of(candidate: Candidate, ctx: Context) -> list[Candidate]:
    """The events of a document's article on the day it was signed: "11 документов" signed at
    "саммит ШОС в Астане" are the summit's documents, whatever their own sentence names."""
    if candidate.kind != AGREEMENT or not candidate.row.get("start"):
        return []
    return ctx.occasions.get((candidate.article_id, candidate.row["start"]), [])


# -- the parts -----------------------------------------------------------------------------------


def people_part(candidate: Candidate, ctx: Context) -> float | None:
    """None when a named person is not involved at all (a hard filter)."""
    if not ctx.asked_people:
        return 1.0
    in_article = ctx.pool.person_articles or set()
    named = set(candidate.names)
    # in the article but not in the sentence: a sentence may mean them ("он"); a fact whose
    # participants are known and leave them out is about someone else
    elsewhere = 0.25 if candidate.kind in (EVENT, AGREEMENT) and candidate.people else 0.5
    total = 0.0
    for ids, names in zip(ctx.asked_people, ctx.asked_names, strict=True):
        if ids & candidate.people or names & named:
            total += 1.0
        elif candidate.article_id in in_article:
            total += elsewhere
        else:
            return None
    return total / len(ctx.asked_people)


def only_asked_part(candidate: Candidate, ctx: Context) -> float:
    """The share of the candidate's people who were asked about: "встреча Нуртлеу и Ван И"
    answers "когда Нуртлеу встречался с Ван И" better than a council of twelve."""
    if not ctx.asked_people or not candidate.people:
        return 0.0
    asked = set().union(*ctx.asked_people)
    return len(candidate.people & asked) / len(candidate.people)


def terms_part(candidate: Candidate, ctx: Context) -> float:
    """The share of the searched words (by weight) the candidate holds. A fact of the kind
    asked for holds the kind's words whatever its sentence says: talks answer "встречались"."""
    groups = ctx.pool.groups
    if not groups:
        return 1.0
    occasion = occasion_of(candidate, ctx)
    lemmas = " ".join([candidate.lemmas, *(e.lemmas for e in occasion)])
    title = fold_words(
        " ".join([candidate.title, candidate.row.get("type") or "", *(e.title for e in occasion)])
    )
    of_kind = _of_kind_asked(candidate, ctx.analysis) or met_there(candidate, ctx)
    headline = fold_words(candidate.row.get("article_title") or "")
    got = 0.0
    for g in groups:
        if (of_kind and g in ctx.pool.kinds) or fts.matches(lemmas, g) or in_title(g, title):
            got += g.weight
        elif headline and in_title(g, headline):
            got += HEADLINE_CREDIT * g.weight  # the article is about it; the sentence need not say
    return got / sum(g.weight for g in groups)


HEADLINE_CREDIT = 0.5  # a word only in the article's headline counts half in its sentences
PASSAGE_REACH = 1  # sentences either side whose words count for a sentence's passage


def passage_part(candidate: Candidate, ctx: Context) -> float:
    """The share of the searched words (by weight) the sentences beside it hold and it does
    not: "какой длины нефтепровод и во сколько обошёлся?" is answered by a passage ("Длина
    трубы — 962 км. Вложения оценивались в 700 млн"), not by one sentence alone."""
    groups = ctx.pool.groups
    if candidate.kind != SENTENCE or len(groups) < 2:
        return 0.0
    reach = range(1, PASSAGE_REACH + 1)
    beside = [
        ctx.found_at.get((candidate.article_id, candidate.sentence + k * side), "")
        for k in reach
        for side in (-1, 1)
    ]
    near = " ".join(beside)
    if not near.strip():
        return 0.0
    got = sum(
        g.weight for g in groups if fts.matches(near, g) and not fts.matches(candidate.lemmas, g)
    )
    return got / sum(g.weight for g in groups)


def _of_kind_asked(candidate: Candidate, analysis: Analysis) -> bool:
    """An event of the kind asked for; with documents asked, events are only their context."""
    return (
        candidate.kind == EVENT
        and bool(analysis.event_types)
        and not analysis.wants_documents
        and candidate.row.get("type") in related_event_types(analysis.event_types)
    )


def headline_part(candidate: Candidate, ctx: Context) -> float:
    """The article's headline holds the question's words; a kind's word alone does not count
    (a headline saying «встречи» is no better a source of talks)."""
    groups = [] if ctx.pool.only_a_kind else ctx.pool.groups
    headline = fold_words(candidate.row.get("article_title") or "")
    if not groups or not headline:
        return 0.0
    got = sum(g.weight for g in groups if in_title(g, headline))
    return got / sum(g.weight for g in groups)


@lru_cache(maxsize=8192)  # an article's headline is folded for each of its candidates
def fold_words(text: str) -> str:
    return " ".join(re.findall(r"[a-zа-я0-9]+", geo.fold(text)))


def in_title(group: fts.TermGroup, title: str) -> bool:
    """A title (inflected, not lemmatised) holds the group's word: its stem, a letter shorter."""
    pattern = _title_pattern(group.forms)
    return bool(pattern and pattern.search(title))


@lru_cache(maxsize=4096)
def _title_pattern(forms: tuple[str, ...]) -> re.Pattern[str] | None:
    stems = {fts.stem(f)[: max(4, len(fts.stem(f)) - 1)] for f in forms if fts.stem(f)}
    if not stems:
        return None
    return re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, sorted(stems))) + ")")


def met_there(candidate: Candidate, ctx: Context) -> bool:
    """Two or more people asked about all took part: whatever the event, they met there
    ("когда встречались Си Цзиньпин и Назарбаев": the talks, the parade, the visit)."""
    return (
        candidate.kind == EVENT
        and MEETING in ctx.analysis.event_types
        and len(ctx.asked_people) >= 2
        and all(ids & candidate.people for ids in ctx.asked_people)
    )


def kind_part(candidate: Candidate, analysis: Analysis, *, met: bool = False) -> float:
    wanted_events = related_event_types(analysis.event_types)
    if candidate.kind == EVENT:
        if analysis.wants_documents:
            return 0.3  # documents signed during a visit: the visit is only their context
        if met:
            return 1.0
        if wanted_events:
            kind = candidate.row.get("type")
            return 1.0 if kind in analysis.event_types else 0.7 if kind in wanted_events else 0.2
        return 0.5  # no kind asked: an event is as good as a sentence
    if candidate.kind == AGREEMENT:
        if analysis.document_kinds:
            kind = candidate.row.get("type") or ""
            if kind == PACKAGE or kind in analysis.document_kinds or _same_family(kind, analysis):
                return 1.0  # a package holds documents of any kind
            related = {r for k in analysis.document_kinds for r in DOCUMENT_KINDS[k].related}
            return 0.8 if kind in related else 0.4
        return 1.0 if analysis.wants_documents else 0.5
    if candidate.kind == ROLE:
        return 1.0 if analysis.focus == Focus.ROLE else 0.1
    text = candidate.lemmas
    cues = [n for k in wanted_events if k in EVENT_TYPES for n in EVENT_TYPES[k].names]
    cues += [EVENT_TYPES[k].ru.split()[-1] for k in wanted_events if k in EVENT_TYPES]
    cues += [n for k in analysis.document_kinds for n in DOCUMENT_KINDS[k].names]
    if analysis.wants_documents:
        cues += SIGNING_WORDS
    if not cues:
        return 0.5
    return 0.6 if fts.matches(text, tuple(sorted(set(cues)))) else 0.2


def _same_family(kind: str, analysis: Analysis) -> bool:
    return kind.startswith("меморандум") and any(
        k.startswith("меморандум") for k in analysis.document_kinds
    )


def place_part(candidate: Candidate, ctx: Context) -> float:
    places = ctx.analysis.narrowing_places
    if not places:
        return 1.0
    own = place_fits(candidate, places)
    fits = max([own, *(place_fits(e, places) for e in occasion_of(candidate, ctx))])
    if not fits and candidate.kind == SENTENCE and candidate.article_id in ctx.place_articles:
        return ARTICLE_PLACE_CREDIT
    return fits


# "Во что обошёлся завод: 23 млрд" in the article on the QazTehna plant: a sentence of an
# article that names the place or body asked elsewhere is partly about it
ARTICLE_PLACE_CREDIT = 0.5


def _others(candidate: Candidate, ctx: Context) -> list[str]:
    asked = set().union(*ctx.asked_people) if ctx.asked_people else set()
    from bot.search.aliases import fold

    asked_names = {fold(n) for m in ctx.analysis.people for n in m.names[:3]}
    return (
        [n for n in candidate.names if fold(n) not in asked_names]
        if candidate.names
        else [str(p) for p in candidate.people - asked]
    )


def focus_part(candidate: Candidate, ctx: Context) -> float:
    focus = ctx.analysis.focus
    if focus == Focus.WHEN:
        own = candidate.own_span()
        if own is None:
            return 0.0
        precise = {"day": 1.0, "month": 0.7, "year": 0.4}.get(own[2], 0.5)
        # a date the article only implies by its publication day is a weak "when"
        return precise * _DATE_TRUST.get(candidate.row.get("dated_by") or "text", 1.0)
    if focus == Focus.WHO:
        others = _others(candidate, ctx)
        return min(1.0, 0.5 * len(others)) if others else 0.0
    if focus == Focus.HOW_MANY:
        return number_part(candidate, ctx)
    if focus == Focus.ROLE:
        return 1.0 if candidate.kind == ROLE else 0.0
    if focus == Focus.WHERE:
        return 1.0 if candidate.row.get("place") else 0.3
    if focus == Focus.WHAT:
        if candidate.kind == AGREEMENT and ctx.analysis.wants_documents:
            return 1.0  # "что предусматривает соглашение": the document, then what it says
        # "о чём говорили": the sentence that says what was discussed or agreed, told at length
        told = 0.4 if says_what(candidate.lemmas) else 0.0
        return min(1.0, 0.4 + told + min(0.2, len(candidate.text) / 1000))
    if focus == Focus.TOPIC:
        # "товарооборот", "инвестиции Китая": the sentence that gives the figure says more
        return 0.75 if has_figure(candidate.text) else 0.5
    return 0.5


# What a sentence answering "о чём договорились / что обсудили / что предусматривает" says.
CONTENT_VERBS = (
    "обсудить", "обсуждать", "обсуждение", "рассмотреть", "обменяться", "договориться",
    "договоренность", "предусматривать", "предусматриваться", "затронуть", "согласовать",
    "условиться", "касаться", "высказаться", "собеседник", "discuss",
    # what a document provides: "позволяет находиться до 30 дней", "граждане смогут ..."
    "позволять", "позволить", "разрешать", "разрешить", "предоставлять", "предоставить",
    "освобождать", "смочь", "вправе", "допускать", "устанавливать", "гарантировать",
)  # fmt: skip


def says_what(lemmas: str) -> bool:
    """The sentence says what was discussed, agreed or provided (CONTENT_VERBS)."""
    return fts.matches(lemmas, CONTENT_VERBS)


_DATE_NUMBER = re.compile(
    r"\d{1,2}(?:[–-]\d{1,2})?\s+(?:январ|феврал|март|апрел|ма[йяе]|июн|июл|август|сентябр|октябр|ноябр"
    r"|декабр)\w*|\b(?:19|20)\d\d(?:\s*(?:года?|г\.))?|\d{1,2}\.\d{1,2}\.\d{2,4}"
)
_COUNTED = re.compile(
    r"(\d[\d\s,.]*|(?<![а-яё])(?:дв|тр|четыр|пят|шест|сем|восем|девят|десят)\w*)\s+(\w+)"
)


def _undated(text: str) -> str:
    return _ORDINAL_NUMBER.sub(" ", _DATE_NUMBER.sub(" ", text.lower().replace("ё", "е")))


def has_figure(text: str) -> bool:
    """The text holds a number that is not a date ("11 документов", "три проекта")."""
    undated = _undated(text)
    return bool(_NUMBER.search(undated) or _NUMBER_WORDS.search(undated))


def number_part(candidate: Candidate, ctx: Context) -> float:
    """A "how many" wants a number that is not a date, best one counting a word asked about
    ("11 документов", "на 14 млрд долларов")."""
    if not has_figure(candidate.text):
        return 0.0
    text = _undated(candidate.text)
    wanted = [fts.stem(f)[:5] for g in ctx.pool.groups for f in g.forms if fts.stem(f)]
    wanted += ["документ", "соглаш", "млрд", "млн", "процент", "%", "тонн", "проект"]
    for _, counted in _COUNTED.findall(text):
        if any(counted.startswith(w) for w in wanted if w):
            return 1.0
    return 0.6


_DATE_TRUST = {"text": 1.0, "context": 0.8, "publication": 0.3}


def period_part(candidate: Candidate, analysis: Analysis) -> float | None:
    """None when the candidate lies outside a stated period or upcoming window."""
    span = analysis.window or analysis.period
    # "когда следующий саммит?", "кто приедет на предстоящий форум?": only what is ahead
    ahead_only = Focus.UPCOMING in analysis.cues or analysis.window is not None
    ahead_only = ahead_only or analysis.focus == Focus.UPCOMING
    today = analysis.today.isoformat()
    low = (
        max(span.start.isoformat(), today)
        if span and ahead_only
        else (span.start.isoformat() if span else (today if ahead_only else None))
    )
    # what is ahead is told in a sentence of its own, not by the paragraph it goes on
    start, end, precision = candidate.fitting_span(
        low, span.end.isoformat() if span else None, context=not ahead_only
    )
    if ahead_only and not not_over(start, end, analysis.today):
        return 0.5 if _announced_lately(candidate, analysis) else None
    if analysis.window is not None and _vaguer_than(precision, analysis.window):
        return None  # "в ближайшие дни": a summit "в этом году" may fall on any of its days
    if span is None:
        if analysis.future:
            # "с кем встретится Токаев": what is still ahead today, then what was announced
            if not_over(start, end, analysis.today):
                return 1.0
            ahead = start > candidate.published or candidate.row.get("status") in _FUTURE_STATUSES
            # announced, but begun more than half a year before today: as stale as any past fact
            recent = (analysis.today - date.fromisoformat(start[:10])).days <= STALE_AFTER_DAYS
            return 0.7 if ahead and recent else 0.4
        return 1.0
    if start > span.end.isoformat() or end < span.start.isoformat():
        return None
    if candidate.own_span() is None and candidate.kind == SENTENCE:
        return 0.5  # only its article, or the sentences before it, dated in the period
    fit = 1.0 if PRECISION_RANK.get(precision, 2) >= PRECISION_RANK.get(span.precision, 2) else 0.6
    if analysis.future and candidate.kind in (EVENT, AGREEMENT):
        # "какие документы собирались подписать в 2016": what was announced then
        return fit if candidate.row.get("status") in _FUTURE_STATUSES else 0.7 * fit
    return fit


CURRENT_BEFORE_DAYS = 14  # an event that ended this long before today is still the news
CURRENT_AHEAD_DAYS = 45  # one that begins within this is the one coming up
CURRENT_LONGEST_DAYS = 31  # an occasion lasts no longer


def current_part(candidate: Candidate, analysis: Analysis) -> float:
    """ "Tokayev trip to China dates", asked the day he leaves: with no period stated, the
    event under way or just ahead or just over is the one meant, not its namesake of 2019."""
    if analysis.window or analysis.period or candidate.kind != EVENT:
        return 0.0
    own = candidate.own_span()
    if own is None or PRECISION_RANK.get(own[2], 2) < PRECISION_RANK["month"]:
        return 0.0
    start, end = date.fromisoformat(own[0][:10]), date.fromisoformat(own[1][:10])
    if (end - start).days > CURRENT_LONGEST_DAYS:
        return 0.0  # "до конца года": a season, not an occasion
    low = analysis.today - timedelta(days=CURRENT_BEFORE_DAYS)
    high = analysis.today + timedelta(days=CURRENT_AHEAD_DAYS)
    return 1.0 if start <= high and end >= low else 0.0


VAGUE_FOR_WINDOW = {"year": 92}  # a fact known to its year fits only a window this long


def _vaguer_than(precision: str, window: DateSpan) -> bool:
    longest = VAGUE_FOR_WINDOW.get(precision)
    return longest is not None and (window.end - window.start).days < longest


UNDATED_ANNOUNCEMENT_DAYS = 90  # an announcement with no date is still ahead this long


# A sentence announcing a plan with no date: «в ближайшее время планируется открыть ...».
PLANS = ("планироваться", "намечаться", "предполагаться", "намереваться", "ближайший")


STALE_AFTER_DAYS = 180  # an announced event begun longer ago is no answer to "с кем встретится"


def _announced_lately(candidate: Candidate, analysis: Analysis) -> bool:
    """Announced with no date of its own ("планируется подписать соглашение", a fact planned
    or a sentence saying a plan), in an article recent enough that it is still ahead."""
    if candidate.own_span() is not None:
        return False
    planned = candidate.row.get("status") in _FUTURE_STATUSES
    if not planned and not (candidate.kind == SENTENCE and fts.matches(candidate.lemmas, PLANS)):
        return False
    age = analysis.today - date.fromisoformat(candidate.published)
    return age.days <= UNDATED_ANNOUNCEMENT_DAYS


def named_part(candidate: Candidate, ctx: Context) -> float:
    """ "Что предусматривает соглашение о безвизовом режиме?": the document whose own name
    holds the subject asked, over one whose sentence only mentions it. Neutral (0.5) unless
    documents on a subject are asked."""
    topic = ctx.pool.topic
    if not (ctx.analysis.wants_documents and topic):
        return 0.5
    if candidate.kind != AGREEMENT:
        return 0.5
    title = fold_words(candidate.title)
    got = sum(g.weight for g in topic if in_title(g, title))
    return got / sum(g.weight for g in topic)


_ORDINAL_WORD = re.compile(r"[0-9а-яё]+(?:-[а-яё]+)?")


def ordinal_part(candidate: Candidate, analysis: Analysis) -> float:
    """ "Первая встреча глав МИД": the first of a series, not "нынешняя" nor the fourth. A
    candidate naming the ordinal asked scores 1, another ordinal 0, none 0.5."""
    if analysis.ordinal is None:
        return 0.5
    text = (candidate.title if candidate.kind != SENTENCE else candidate.text).lower()
    found = _ordinals(text)
    if analysis.ordinal in found:
        return 1.0
    return 0.0 if found and candidate.kind != SENTENCE else 0.5


def _ordinals(text: str) -> set[int]:
    words = _ORDINAL_WORD.findall(text)[:40]
    return {n for w in words if (n := ordinal(w, lemma(w))) is not None}


def bm25_part(candidate: Candidate, pool: Pool) -> float:
    """How well the sentence matched the words searched (not a kind's word alone)."""
    if candidate.rank is None or not pool.best_rank or pool.only_a_kind:
        return 0.0
    return max(0.0, min(1.0, candidate.rank / pool.best_rank))


FIGURE_FOCUS = (Focus.TOPIC, Focus.HOW_MANY)  # a sentence's figure answers as well as a fact


def fact_part(candidate: Candidate, analysis: Analysis) -> float:
    """A structured fact rather than a bare sentence, except where the figure of a sentence is
    what was asked ("сколько экспортировали") and no kind of fact was: a meeting that mentions
    trade is not the better answer."""
    asked_for = analysis.wants_documents or analysis.event_types or analysis.wants_events
    if analysis.focus in FIGURE_FOCUS and not asked_for:
        return 0.0
    return 1.0 if candidate.kind in (EVENT, AGREEMENT, ROLE) else 0.0


def score(candidate: Candidate, ctx: Context) -> float | None:
    """The candidate's score, or None when a hard filter excludes it."""
    analysis = ctx.analysis
    people = people_part(candidate, ctx)
    period = period_part(candidate, analysis)
    if people is None or period is None:
        return None
    parts = {
        "people": people,
        "only_asked": only_asked_part(candidate, ctx),
        "terms": terms_part(candidate, ctx),
        "passage": passage_part(candidate, ctx),
        "kind": kind_part(candidate, analysis, met=met_there(candidate, ctx)),
        "place": place_part(candidate, ctx),
        "focus": focus_part(candidate, ctx),
        "period": period,
        "bm25": bm25_part(candidate, ctx.pool),
        "headline": headline_part(candidate, ctx),
        "fact": fact_part(candidate, analysis),
        "ordinal": ordinal_part(candidate, analysis),
        "named": named_part(candidate, ctx),
        "current": current_part(candidate, analysis),
    }
    candidate.parts = parts
    candidate.score = sum(WEIGHTS[name] * value for name, value in parts.items())
    return candidate.score


def ranked(candidates: list[Candidate], ctx: Context) -> list[Candidate]:
    """Admissible candidates, best first (ties: the earlier article and sentence)."""
    kept = [c for c in candidates if score(c, ctx) is not None]
    kept.sort(key=lambda c: (-c.score, c.published, c.article_id, c.sentence))
    return after_the_stop(kept, ctx.analysis)


def after_the_stop(candidates: list[Candidate], analysis: Analysis) -> list[Candidate]:
    """ "Куда поедет Си Цзиньпин после Москвы?": the visit that follows the best-ranked visit
    to that place in its article comes first (a trip is told in one article)."""
    if analysis.after_place is None:
        return candidates
    # "после Москвы": a visit to Moscow, else to Russia
    there = [analysis.after_place, geo.country_of(analysis.after_place) or analysis.after_place]
    visits = [c for c in candidates if c.kind == EVENT and c.row.get("type") == "visit"]
    anchor = next(
        (
            c
            for place in there
            for c in visits
            if c.row.get("start") and place_fits(c, [place]) >= 1
        ),
        None,
    )
    if anchor is None:
        return candidates
    later = [
        c
        for c in candidates
        if c.kind == EVENT
        and c.row.get("place")
        and c.article_id == anchor.article_id
        and c.row.get("start")
        and c.row["start"] > anchor.row["start"]
        and place_fits(c, there[-1:]) < 1
    ]
    if not later:
        return candidates
    following = min(later, key=lambda c: c.row["start"])
    return [following, *(c for c in candidates if c is not following)]
