"""End-to-end extraction against hand-written gold facts for the five bundled articles.

tests/gold/<id>.json holds what a careful reader finds in each article: people, dates, events and
agreements, each event and agreement with the fields a user's question depends on. An extracted
item is correct when it matches a gold item (or an optional one: true, but not required);
a gold item is recalled only when every field it states matches. `pytest -s` prints precision
and recall per article and fact kind, and the time the event and agreement extractors took.
"""

from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pytest

from bot.extraction import extract_facts
from bot.extraction.agreements import find_agreements
from bot.extraction.dates import find_dates
from bot.extraction.document import prepare
from bot.extraction.entities import find_entities
from bot.extraction.events import find_events
from bot.extraction.people import find_people
from bot.models import Agreement, ArticleFacts, DateSpan, Event

ROOT = Path(__file__).resolve().parent.parent
GOLD_DIR = Path(__file__).resolve().parent / "gold"
ARTICLE_IDS = sorted(p.stem for p in GOLD_DIR.glob("*.json"))
_DASHES = re.compile(r"[‐‑‒–—―−]+|--")


def _norm(text: str) -> str:
    return _DASHES.sub("-", text.lower().replace("ё", "е"))


def _span(pair: list[str] | None) -> DateSpan | None:
    if pair is None:
        return None
    return DateSpan(date.fromisoformat(pair[0]), date.fromisoformat(pair[1]))


def _date_ok(gold: dict, when: DateSpan | None) -> bool:
    wanted = _span(gold.get("when"))
    if wanted is None:
        return True
    if when is None:
        return False
    if gold.get("when_match") == "overlap":
        return when.overlaps(wanted)
    return (when.start, when.end) == (wanted.start, wanted.end)


def _words_ok(words: list[str], text: str) -> bool:
    return all(_norm(word) in _norm(text) for word in words)


def _event_matches(gold: dict, event: Event, *, strict: bool) -> bool:
    if event.type not in gold["type"] or not _date_ok(
        {**gold, "when_match": "overlap"}, event.when
    ):
        return False
    if not strict:
        return True
    place_ok = gold.get("place") is None or event.place in gold["place"]
    return (
        _date_ok(gold, event.when)
        and place_ok
        and event.status in gold["status"]
        and set(gold.get("participants", [])) <= set(event.participants)
        and _words_ok(gold.get("title_words", []), event.title)
    )


def _agreement_matches(gold: dict, agreement: Agreement, *, strict: bool) -> bool:
    if agreement.type not in gold["type"] or not _words_ok(gold["title_words"], agreement.title):
        return False
    if not strict:
        return True
    parties = " | ".join(agreement.parties)
    return (
        agreement.status == gold["status"]
        and _date_ok(gold, agreement.when)
        and _words_ok(gold.get("parties", []), parties)
        # signed by delegations: the leaders whose talks preceded it are not its parties
        and not any(_norm(name) in _norm(parties) for name in gold.get("not_parties", []))
    )


@dataclass
class Score:
    """Precision and recall of one fact kind in one article, with what went wrong."""

    found: int = 0
    correct: int = 0
    expected: int = 0
    recalled: int = 0
    missed: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.correct / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.recalled / self.expected if self.expected else 1.0

    def __str__(self) -> str:
        text = f"P={self.precision:.2f} R={self.recall:.2f} ({self.recalled}/{self.expected})"
        if self.missed:
            text += f" missed={self.missed}"
        if self.wrong:
            text += f" extra={self.wrong}"
        return text


def _score_items(gold: list[dict], optional: list[dict], found: list, matches, describe) -> Score:
    score = Score(found=len(found), expected=len(gold))
    used: set[int] = set()
    for item in gold:
        hit = next(
            (i for i, x in enumerate(found) if i not in used and matches(item, x, strict=True)),
            None,
        )
        if hit is None:
            score.missed.append(item.get("note") or str(item.get("title_words")))
        else:
            used.add(hit)
            score.recalled += 1
    for x in found:
        if any(matches(item, x, strict=False) for item in [*gold, *optional]):
            score.correct += 1
        else:
            score.wrong.append(describe(x))
    return score


def _score_people(gold: dict, facts: ArticleFacts) -> Score:
    names = {p.name for p in facts.people}
    allowed = set(gold["people"]) | set(gold["people_optional"])
    score = Score(found=len(names), expected=len(gold["people"]))
    score.recalled = len(names & set(gold["people"]))
    score.correct = len(names & allowed)
    score.missed = sorted(set(gold["people"]) - names)
    score.wrong = sorted(names - allowed)
    return score


def _score_dates(gold: dict, facts: ArticleFacts) -> Score:
    spans = {(d.span.start.isoformat(), d.span.end.isoformat()) for d in facts.dates}
    wanted = {(d["start"], d["end"]) for d in gold["dates"]}
    allowed = wanted | {(d["start"], d["end"]) for d in gold["dates_optional"]}
    score = Score(found=len(spans), expected=len(wanted))
    score.recalled = len(spans & wanted)
    score.correct = len(spans & allowed)
    score.missed = sorted(f"{a}..{b}" for a, b in wanted - spans)
    score.wrong = sorted(f"{a}..{b}" for a, b in spans - allowed)
    return score


@dataclass
class ArticleResult:
    gold: dict
    facts: ArticleFacts
    scores: dict[str, Score]
    extractor_ms: float


def _evaluate(article_id: str) -> ArticleResult:
    gold = json.loads((GOLD_DIR / f"{article_id}.json").read_text(encoding="utf-8"))
    text = (ROOT / "data" / gold["file"]).read_text(encoding="utf-8")
    published = date.fromisoformat(gold["published"])
    facts = extract_facts(text, published)
    scores = {
        "people": _score_people(gold, facts),
        "dates": _score_dates(gold, facts),
        "events": _score_items(
            gold["events"],
            gold["events_optional"],
            facts.events,
            _event_matches,
            lambda e: f"{e.type}:{e.title}:{e.when}",
        ),
        "agreements": _score_items(
            gold["agreements"],
            gold["agreements_optional"],
            facts.agreements,
            _agreement_matches,
            lambda a: f"{a.type}:{a.title}",
        ),
    }
    return ArticleResult(gold, facts, scores, _time_own_extractors(text, published))


def _time_own_extractors(text: str, published: date) -> float:
    """Milliseconds find_events + find_agreements take on a prepared article (reported only)."""
    adoc = prepare(text, published)
    dates, people, entities = find_dates(adoc), find_people(adoc), find_entities(adoc)
    started = time.perf_counter()
    find_events(adoc, dates, people, entities)
    find_agreements(adoc, dates, people, entities)
    return (time.perf_counter() - started) * 1000


@pytest.fixture(scope="module")
def results() -> dict[str, ArticleResult]:
    evaluated = {article_id: _evaluate(article_id) for article_id in ARTICLE_IDS}
    print()
    for article_id, result in evaluated.items():
        print(f"[{article_id}] events+agreements {result.extractor_ms:.1f} ms")
        for kind, score in result.scores.items():
            print(f"  {kind:10} {score}")
    for kind in ("people", "dates", "events", "agreements"):
        found = sum(r.scores[kind].found for r in evaluated.values())
        correct = sum(r.scores[kind].correct for r in evaluated.values())
        expected = sum(r.scores[kind].expected for r in evaluated.values())
        recalled = sum(r.scores[kind].recalled for r in evaluated.values())
        precision = correct / found if found else 1.0
        recall = recalled / expected if expected else 1.0
        print(f"ALL {kind:10} P={precision:.2f} R={recall:.2f}")
    return evaluated


def test_gold_covers_every_bundled_article() -> None:
    manifest = json.loads((ROOT / "data" / "manifest.json").read_text(encoding="utf-8"))
    assert {a["id"] for a in manifest["articles"]} == set(ARTICLE_IDS)


@pytest.mark.parametrize("article_id", ARTICLE_IDS)
def test_events_recall_every_gold_event_with_its_fields(results, article_id) -> None:
    score = results[article_id].scores["events"]
    assert score.recall == 1.0, str(score)


@pytest.mark.parametrize("article_id", ARTICLE_IDS)
def test_events_precision(results, article_id) -> None:
    score = results[article_id].scores["events"]
    assert score.precision >= 0.75, str(score)


@pytest.mark.parametrize("article_id", ARTICLE_IDS)
def test_agreements_exact(results, article_id) -> None:
    score = results[article_id].scores["agreements"]
    assert score.recall == 1.0 and score.precision == 1.0, str(score)


@pytest.mark.parametrize("article_id", ARTICLE_IDS)
def test_people_no_junk_and_all_found(results, article_id) -> None:
    score = results[article_id].scores["people"]
    assert score.precision == 1.0 and score.recall >= 0.9, str(score)


@pytest.mark.parametrize("article_id", ARTICLE_IDS)
def test_dates_resolved(results, article_id) -> None:
    score = results[article_id].scores["dates"]
    assert score.recall >= 0.9 and score.precision >= 0.75, str(score)
