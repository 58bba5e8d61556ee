"""The one pipeline every answer takes: analyse -> retrieve -> score -> compose.

A question is analysed into constraints and a focus (`analyse`), candidates are retrieved for
them (`retrieve`), scored by one function (`score`) and composed into the answer (`compose`).
Commands (/upcoming, /events, /agreements, /person) call `answer_focus` with a fixed focus
instead of inventing a question text. Nothing found is said plainly, with the closest names
and words.
"""

from __future__ import annotations

import logging
import re
from datetime import date
from typing import Any

from rapidfuzz import fuzz, process

from bot.extraction.dates import impossible_dates, months_named
from bot.nlp import lemma
from bot.search import fts
from bot.search.aliases import AliasIndex, alias_index, fold
from bot.search.analyse import Analysis, Focus, analyse
from bot.search.answer import Answer
from bot.search.candidates import AGREEMENT, EVENT, SENTENCE, Candidate
from bot.search.compose import compose
from bot.search.profile import org_profile, person_profile
from bot.search.retrieve import enrich, retrieve
from bot.search.score import context, fold_words, in_title, ranked, says_what
from bot.search.show.view import View

log = logging.getLogger(__name__)
LATEST_ARTICLES = 8
ENRICHED = 60  # candidates whose sentences' dates and people are read, after a first ranking


def run(store: Any, analysis: Analysis, index: AliasIndex) -> Answer:
    """The answer to an analysed question (empty when nothing fits)."""
    if analysis.focus == Focus.PROFILE and analysis.people:
        return person_profile(store, index, analysis, analysis.people[0])
    if analysis.focus == Focus.LATEST and not (
        analysis.people or analysis.terms or analysis.period
    ):
        return latest(store, analysis)
    pool = retrieve(store, analysis, index)
    ctx = context(analysis, pool)
    # a first ranking on what retrieval read; the sentences' dates and people for the best
    first = ranked(pool.candidates, ctx)[:ENRICHED]
    enrich(store, first, index)
    candidates = ranked(first, ctx)
    if analysis.focus == Focus.PROFILE and analysis.orgs:
        return org_profile(analysis, candidates)
    if analysis.focus in CONTEXT_FOCUS and candidates:
        add_context(store, candidates[0], 2 if analysis.focus in (Focus.TOPIC, Focus.WHAT) else 1)
    if analysis.focus == Focus.WHEN and candidates:
        dates_from_context(candidates[:CONTEXT_DATED])
        dates_nearest_first(candidates[:CONTEXT_DATED], analysis)
        candidates = ranked(candidates, ctx)
    if analysis.focus == Focus.WHEN and analysis.in_force and candidates:
        add_in_force_sentence(store, candidates[0])
    if analysis.focus in DATING_FOCUS and candidates:
        add_dating_sentence(store, candidates[0])
    if candidates and candidates[0].dated_by_context():
        add_sentence_dating_it(store, candidates[0])
    if analysis.focus in REST_FOCUS and candidates:
        add_rest_of_question(candidates, pool.topic)
    if analysis.focus == Focus.WHO and Focus.ROLE in analysis.cues and candidates:
        add_roles(store, index, candidates[0], candidates[1:ROLE_REACH])
    answer = compose(analysis, candidates, analysis.today)
    if answer.is_empty and analysis.people and analysis.focus != Focus.UPCOMING:
        return relaxed_person(store, index, analysis)
    return answer


CONTEXT_FOCUS = (
    Focus.WHAT,
    Focus.HOW_MANY,
    Focus.TOPIC,
)  # what a document provides goes on after it


CONTENT_AHEAD = 6  # sentences after a meeting searched for what it discussed
DOCUMENT_AHEAD = 3  # sentences after a document shown up to the one saying what it provides


def add_context(store: Any, candidate: Any, following: int = 1) -> None:
    """What the evidence goes on to say: the next sentence ("Меморандум подписан. Он
    предусматривает ..."); for a meeting, the sentence saying what was discussed, with the one
    after it ("Собеседники обсудили ... Особое внимание уделено ... сферам"); for a document,
    the sentences up to the one saying what was agreed ("Подписи поставили ... Стороны
    договорились вести мониторинг ...")."""
    after = range(candidate.sentence + 1, candidate.sentence + 2 + CONTENT_AHEAD)
    rows = store.sentences_at([(candidate.article_id, i) for i in after])
    rows.sort(key=lambda r: r["sentence"])
    if not rows:
        return
    found = next((i for i, r in enumerate(rows) if says_what(r["lemmas"] or "")), None)
    if candidate.kind == EVENT and not says_what(candidate.lemmas) and found is not None:
        candidate.after = " ".join(r["text"] for r in rows[found : found + 2])
        return
    if candidate.kind == AGREEMENT and found is not None and found < DOCUMENT_AHEAD:
        following = max(following, found + 1)  # "Подписи поставили ... Стороны договорились"
    candidate.after = " ".join(r["text"] for r in rows[:following])


REST_FOCUS = (Focus.WHAT, Focus.TOPIC, Focus.HOW_MANY, Focus.WHO, Focus.WHEN, Focus.WHERE)


def add_rest_of_question(candidates: list[Candidate], topic: list[fts.TermGroup]) -> None:
    """ "О чём говорили аким и губернатор, что сказано про логистику?": the best fact (their
    meeting) says less than was asked, so the sentence of its article holding the topic words
    it lacks is shown after it ("... логистика: через Хоргос прошло 120 тысяч контейнеров")."""
    best = candidates[0]
    shown = fold_words(f"{best.text} {best.after}")
    missing = [g for g in topic if not fts.matches(best.lemmas, g) and not in_title(g, shown)]
    if not missing:
        return

    def said(candidate: Candidate) -> float:
        return sum(g.weight for g in missing if fts.matches(candidate.lemmas, g))

    same_article = [
        c for c in candidates[1:]
        if c.kind == SENTENCE and c.article_id == best.article_id
        and c.sentence != best.sentence and c.text not in best.after
    ]  # fmt: skip
    rest = max(same_article, key=said, default=None)
    if rest is not None and said(rest) > 0:
        best.after = f"{best.after} … {rest.text}" if best.after else f"… {rest.text}"


ROLE_REACH = 12  # candidates whose people a "who and in what role" answer may name


def add_roles(store: Any, index: AliasIndex, best: Candidate, others: list[Candidate]) -> None:
    """ "Кто открывал завод и в какой должности?": the people of the answer with the role their
    article gives each ("Аскар Мамин (Премьер-Министр Казахстана)"), the first it states."""
    same_article = [c for c in [best, *others] if c.article_id == best.article_id]
    wanted = {pid for c in same_article for pid in c.people if pid in index.people}
    for row in store.roles_in_article(best.article_id, sorted(wanted)):
        best.roles.setdefault(index.people[row["person_id"]][0], row["title"])


DATING_FOCUS = (Focus.WHEN, Focus.WHERE)
DATING_AHEAD = 2  # sentences after a fact searched for the one that dates it


def add_dating_sentence(store: Any, candidate: Any) -> None:
    """ "План подписан ... . Документ подписали в сентябре 2016 года в Ханчжоу": a fact dated
    by a sentence after its own shows that sentence too, so the date has its evidence."""
    start = candidate.row.get("start")
    if candidate.kind == "sentence" or candidate.after or not start:
        return
    if _names_the_date(candidate.text, start):
        return
    candidate.after = _following_naming(store, candidate, start, DATING_AHEAD)


IN_FORCE_AHEAD = 8  # sentences after a document searched for the one saying it took effect


def add_in_force_sentence(store: Any, candidate: Candidate) -> None:
    """ "Договор подписан в 2011 году. ... а 30 сентября договор вступил в силу": the answer's
    in-force date shows the sentence that states it."""
    day = candidate.row.get("in_force") if candidate.kind == AGREEMENT else None
    if not day or _names_the_date(candidate.text, day):
        return
    candidate.after = _following_naming(store, candidate, day, IN_FORCE_AHEAD, also="сил")


def _following_naming(
    store: Any, candidate: Candidate, day: str, ahead: int, also: str = ""
) -> str:
    """The first of the `ahead` sentences after the candidate's that names `day` (and holds
    `also`), or ""."""
    after = range(candidate.sentence + 1, candidate.sentence + 1 + ahead)
    rows = sorted(
        store.sentences_at([(candidate.article_id, i) for i in after]), key=lambda r: r["sentence"]
    )
    return next(
        (r["text"] for r in rows if also in r["text"] and _names_the_date(r["text"], day)), ""
    )


def add_sentence_dating_it(store: Any, candidate: Candidate) -> None:
    """ "За 2023 год товарооборот составил 31,5 млрд. Экспорт вырос до 14,7 млрд": a sentence
    dated by the one before it shows that one first (and any between), so its date has its
    evidence."""
    first = min(d["sentence"] for d in candidate.context_dates)
    rows = store.sentences_at([(candidate.article_id, i) for i in range(first, candidate.sentence)])
    candidate.before = " ".join(r["text"] for r in sorted(rows, key=lambda r: r["sentence"]))


def _names_the_date(text: str, start: str) -> bool:
    """The text gives the year of `start`, or its month by name."""
    return start[:4] in text or int(start[5:7]) in months_named(text)


CONTEXT_DATED = 20  # best "when" candidates whose context is read for a date


def dates_from_context(candidates: list[Candidate]) -> None:
    """For "when": a sentence that names no date of its own ("Индия и Пакистан стали членами
    ШОС") takes the date the sentences just before it set ("Главное случилось в пятницу, 9
    июня"), when they name a day or a month (retrieval read them: `context_dates`)."""
    for candidate in candidates:
        if candidate.kind != SENTENCE or candidate.own_span() is not None:
            continue
        precise = [d for d in candidate.context_dates if d["precision"] in ("day", "month")]
        if precise:
            candidate.dates = precise


_WORD = re.compile(r"[\w-]+")


def dates_nearest_first(candidates: list[Candidate], analysis: Analysis) -> None:
    """ "Когда Си Цзиньпин выступал в Назарбаев Университете?" and a sentence that runs "В
    декабре 2002 года подписали Договор ..., а в сентябре 2013 года, выступая в Назарбаев
    Университете, ...": of dates told alike, the one nearest the words asked about answers."""
    asked = {form for term in analysis.terms for form in term.forms}
    named = [m.text for m in analysis.people] + analysis.places + analysis.orgs
    asked |= {lemma(w) for name in named for w in _WORD.findall(name)}
    for candidate in candidates:
        if len(candidate.dates) < 2 or (candidate.kind != SENTENCE and candidate.row.get("start")):
            continue
        text = candidate.text
        hits = [m.start() for m in _WORD.finditer(text) if lemma(m.group()) in asked]
        if not hits:
            continue

        def distance(found: dict[str, Any], text: str = text, hits: list[int] = hits) -> int:
            at = text.find(found.get("phrase") or "")
            return min(abs(at - h) for h in hits) if at >= 0 else len(text)

        candidate.dates.sort(key=distance)


def relaxed_person(store: Any, index: AliasIndex, analysis: Analysis) -> Answer:
    """Nothing matches every condition: say who the first person is rather than nothing."""
    answer = person_profile(store, index, analysis, analysis.people[0])
    note = View(analysis.lang).tr(
        "Точного совпадения по всем условиям нет; вот что известно о человеке.",
        "Nothing matches every condition; here is what is known about the person.",
    )
    answer.note = f"{note} {answer.note}" if answer.note else note
    return answer


def latest(store: Any, analysis: Analysis) -> Answer:
    """ "Что нового?": the newest articles, each with its opening sentence."""
    view = View(analysis.lang, analysis.today)
    answer = Answer(analysis.raw, "fulltext", analysis.lang, today=analysis.today)
    answer.headline = view.tr("Последние материалы", "Latest articles")
    section = answer.section(None)
    for row in store.latest_articles(analysis.today, limit=LATEST_ARTICLES):
        text = row["article_title"] or (row["text"] or "")[:200]
        quote = row["text"] if row["text"] and row["text"] != text else None
        answer.add_line(section, row, text, lead=view.span(row["published"]), quote=quote)
    return answer


def help_answer(analysis: Analysis) -> Answer:
    answer = Answer(analysis.raw, "empty", analysis.lang, today=analysis.today)
    answer.headline = View(analysis.lang).tr(
        "Задайте вопрос: имя («Ван И», «Tokayev»), дату или период («май 2024»), событие "
        "(«саммит ШОС в Астане»), документ («соглашения 2023 года») или «что предстоит?».",
        "Ask about a person (“Wang Yi”), a date or period (“May 2024”), an event "
        "(“SCO summit in Astana”), a document (“agreements of 2023”) or “what is upcoming?”.",
    )
    return answer


def nothing_found(store: Any, index: AliasIndex, analysis: Analysis) -> Answer:
    view = View(analysis.lang, analysis.today)
    answer = Answer(analysis.raw, "none", analysis.lang, today=analysis.today)
    shown = " ".join(analysis.raw.split())[:100]
    answer.headline = view.tr(
        f"Ничего не найдено по запросу «{shown}»", f"Nothing found for “{shown}”"
    )
    span = analysis.period or analysis.window
    if span:
        period = view.span(span.start.isoformat(), span.end.isoformat(), span.precision)
        answer.headline += view.tr(f" (период: {period})", f" (period: {period})")
    answer.headline += "."
    if analysis.focus == Focus.UPCOMING:
        answer.headline = view.tr(
            "Анонсированных событий после этой даты в статьях нет.",
            "No events announced after this date in the articles.",
        )
    if impossible := impossible_dates(analysis.raw):
        dates = ", ".join(f"«{d}»" for d in impossible)
        answer.headline += view.tr(
            f" Такой даты нет: {dates}.", f" There is no such date: {dates}."
        )
    answer.suggestions = suggestions_for(store, index, analysis)
    if answer.suggestions:
        answer.note = view.tr("Возможно, вы имели в виду: ", "Did you mean: ") + ", ".join(
            answer.suggestions
        )
    return answer


def suggestions_for(store: Any, index: AliasIndex, analysis: Analysis, limit: int = 5) -> list[str]:
    """Closest people and corpus words to what was typed."""
    found: list[str] = []
    words = [w for w in analysis.words if len(w) >= 3][:6]
    for size in (2, 1):
        for start in range(len(words) - size + 1):
            found += index.closest_names(" ".join(words[start : start + size]), limit=3)
    frequent = fts.vocabulary(store).frequent
    for term in analysis.terms[:6]:
        word = fold(term.text)
        if len(word) < 4:
            continue
        for candidate, _score, _ in process.extract(
            word, frequent, scorer=fuzz.ratio, score_cutoff=75, limit=2
        ):
            if candidate != word:
                found.append(candidate)
    return list(dict.fromkeys(found))[:limit]


def corrections_note(answer: Answer, analysis: Analysis) -> None:
    """Say which typed words were read as which corpus words ("товорооборот")."""
    fixed = [(t.text, t.forms[0]) for t in analysis.terms if t.source == "correction"]
    if not fixed or answer.intent == "none":
        return
    text = analysis.raw
    for typed, word in fixed:
        text = text.replace(typed, word)
    view = View(analysis.lang)
    note = view.tr(f"Показано по запросу «{text}».", f"Showing results for “{text}”.")
    answer.note = f"{note} {answer.note}" if answer.note else note
    answer.suggestions = [word for _, word in fixed]


def only_unknown_words(analysis: Analysis) -> bool:
    """Nothing but words no article has: nothing can be found (say so, with suggestions)."""
    constrained = (
        analysis.people or analysis.places or analysis.orgs or analysis.period or analysis.window
        or analysis.event_types or analysis.wants_documents or analysis.wants_events
        or analysis.focus in (Focus.UPCOMING, Focus.LATEST)
    )  # fmt: skip
    return bool(analysis.unknown) and not analysis.terms and not constrained


def build_answer(
    store: Any, text: str, today: date, lang: str = "ru", focus: Focus | None = None
) -> Answer:
    index = alias_index(store)
    analysis = analyse(text or "", today, index, fts.vocabulary(store), lang)
    if focus is not None:
        analysis.focus = focus
    if analysis.empty and not analysis.unknown:
        return help_answer(analysis)
    if impossible_dates(analysis.raw) or only_unknown_words(analysis):
        return nothing_found(store, index, analysis)
    if (
        analysis.unknown
        and not analysis.terms
        and analysis.focus == Focus.PROFILE
        and analysis.people
    ):
        return relaxed_person(store, index, analysis)
    answer = run(store, analysis, index)
    if answer.is_empty:
        return nothing_found(store, index, analysis)
    corrections_note(answer, analysis)
    if analysis.unknown:
        words = ", ".join(f"«{w}»" for w in analysis.unknown)
        note = View(lang).tr(f"В статьях нет слов {words}.", f"No article has the words {words}.")
        answer.note = f"{note} {answer.note}" if answer.note else note
    return answer


def safe_build_answer(
    store: Any, text: str, today: date, lang: str = "ru", focus: Focus | None = None
) -> Answer:
    """Never raise at the user: a failure is logged and answered plainly."""
    try:
        return build_answer(store, text, today, lang, focus)
    except Exception:
        log.exception("answer failed for %r", text[:200] if isinstance(text, str) else text)
        answer = Answer(str(text)[:200], "none", lang)
        answer.headline = View(lang).tr(
            "Не удалось обработать запрос, попробуйте иначе.",
            "Could not process the question; try rephrasing it.",
        )
        return answer


__all__ = ["build_answer", "run", "safe_build_answer"]
