"""Extraction against hand-written gold: precision and recall per fact kind.

    python bench/extraction_eval.py               # bundled gold, dev and test
    python bench/extraction_eval.py dev --misses  # and what was missed or extra, per article

Matching (one gold fact to at most one extracted fact, so a duplicate counts against precision):
- people: the same name (a bare surname matches a full name ending with it);
- events: a type the gold accepts, overlapping days (when the gold gives them) and a shared
  participant (when the gold names any); participant recall is over the matched pairs;
- documents: a kind the gold accepts, every title phrase in the title (word stems), and for a
  package its count;
- junk: any extracted fact drawn from a line the gold calls furniture (dateline, byline,
  timestamp, "read also") and little else, or a person named only there; a headline with a
  site's name glued to it stays the headline.
Facts matching an optional gold fact count neither way. `--misses` refuses the test split.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.extraction import extract_facts  # noqa: E402
from bot.furniture import without_site_name  # noqa: E402
from bot.ingest import Source, prepare  # noqa: E402
from bot.models import ArticleFacts, ArticleMeta  # noqa: E402

_DASHES = re.compile(r"[‐‑‒–—―−]+|--")
_WORD = re.compile(r"[a-zа-я0-9]+")


def norm(text: str) -> str:
    return " ".join(_DASHES.sub("-", text.lower().replace("ё", "е")).split())


def stems(text: str) -> list[str]:
    """Word stems that survive inflection: "фитосанитарных" and "фитосанитарные" share one."""
    return [w[: max(4, len(w) - 2)] if len(w) > 4 else w for w in _WORD.findall(norm(text))]


def phrase_in(phrase: str, text: str) -> bool:
    words = set(_WORD.findall(norm(text)))
    return all(any(w.startswith(s) for w in words) for s in stems(phrase))


# -- gold, in one shape for the bundled (tests/gold) and the new (tests/eval) formats ------------


@dataclass
class Gold:
    file: str
    published: str
    path: Path
    meta: dict[str, Any]
    people: list[str]
    events: list[dict[str, Any]]
    events_optional: list[dict[str, Any]]
    documents: list[dict[str, Any]]
    documents_optional: list[dict[str, Any]]
    people_optional: list[str] = field(default_factory=list)
    furniture: list[str] = field(default_factory=list)


def _old_event(item: dict[str, Any]) -> dict[str, Any]:
    when = item.get("when") or [None, None]
    return {**item, "start": when[0], "end": when[1]}


def _old_document(item: dict[str, Any]) -> dict[str, Any]:
    return {**item, "kind": item["type"], "date": item.get("when")}


def bundled_gold() -> list[Gold]:
    manifest = json.loads((ROOT / "data" / "manifest.json").read_text("utf-8"))
    entries = {e["file"]: e for e in manifest["articles"]}
    found = []
    for path in sorted((ROOT / "tests" / "gold").glob("*.json")):
        gold = json.loads(path.read_text("utf-8"))
        found.append(
            Gold(
                gold["file"], gold["published"], ROOT / "data" / gold["file"],
                entries[gold["file"]], list(gold["people"]),
                [_old_event(e) for e in gold["events"]],
                [_old_event(e) for e in gold.get("events_optional", [])],
                [_old_document(a) for a in gold["agreements"]],
                [_old_document(a) for a in gold.get("agreements_optional", [])],
                list(gold.get("people_optional", [])),
            )
        )  # fmt: skip
    return found


def split_gold(split: str) -> list[Gold]:
    found = []
    for batch in sorted(p for p in (ROOT / "tests" / "eval" / split).iterdir() if p.is_dir()):
        if not (batch / "manifest.json").exists():
            continue
        manifest = json.loads((batch / "manifest.json").read_text("utf-8"))
        for entry in manifest["articles"]:
            path = batch / "gold" / (Path(entry["file"]).stem + ".json")
            if not path.exists():
                continue
            gold = json.loads(path.read_text("utf-8"))
            people = [p["name"] if isinstance(p, dict) else p for p in gold.get("people", [])]
            found.append(
                Gold(
                    entry["file"], entry["published"], batch / entry["file"], entry, people,
                    gold.get("events", []), gold.get("events_optional", []),
                    gold.get("documents", []), gold.get("documents_optional", []),
                    furniture=gold.get("furniture", []),
                )
            )  # fmt: skip
    return found


# -- matching ------------------------------------------------------------------------------------


def same_person(extracted: str, gold: str) -> bool:
    a, b = norm(extracted), norm(gold)
    if a == b:
        return True
    a_words, b_words = a.split(), b.split()
    return (len(b_words) == 1 and a_words[-1] == b) or (len(a_words) == 1 and b_words[-1] == a)


def _types(item: dict[str, Any], key: str) -> list[str]:
    value = item.get(key) or []
    return [value] if isinstance(value, str) else list(value)


def _overlaps(event: Any, gold: dict[str, Any]) -> bool:
    if not gold.get("start"):
        return True
    if event.when is None:
        return False
    start, end = (
        date.fromisoformat(gold["start"]),
        date.fromisoformat(gold.get("end") or gold["start"]),
    )
    return event.when.start <= end and start <= event.when.end


def _shares_person(names: Iterable[str], wanted: Iterable[str]) -> bool:
    wanted = list(wanted)
    return not wanted or any(same_person(n, w) for n in names for w in wanted)


# The extractor calls a session of a named body a "council" meeting; the gold's "session".
_SYNONYMS = {"council": "session"}


def event_matches(event: Any, gold: dict[str, Any]) -> bool:
    wanted = {_SYNONYMS.get(t, t) for t in _types(gold, "type")}
    return (
        _SYNONYMS.get(event.type, event.type) in wanted
        and _overlaps(event, gold)
        and _shares_person(event.participants, gold.get("participants", []))
    )


_MEMORANDA = {"меморандум", "меморандум о взаимопонимании"}
# Kinds the extractor names more finely than the writers' list (WRITING.md) can: the gold
# kinds each may stand for.
_COARSER = {
    "пакет документов": {"пакет"},
    "конвенция": {"договор", "соглашение"},
    "заявление": {"совместное заявление", "декларация"},
    "стратегия": {"программа", "план"},
    "концепция": {"программа", "план"},
}


def _kind_ok(kind: str, wanted: list[str]) -> bool:
    if kind in wanted or _COARSER.get(kind, set()) & set(wanted):
        return True
    return kind in _MEMORANDA and bool(_MEMORANDA & set(wanted))


def document_matches(document: Any, gold: dict[str, Any]) -> bool:
    if not _kind_ok(document.type, _types(gold, "kind")):
        return False
    if gold.get("count") and getattr(document, "count", None) not in (None, gold["count"]):
        return False
    return all(phrase_in(p, document.title) for p in gold.get("title_words", []))


def pair_up(
    found: list[Any], gold: list[dict[str, Any]], matches: Callable[[Any, dict[str, Any]], bool]
) -> tuple[dict[int, int], list[int]]:
    """Greedy one-to-one matching: {found index: gold index}, and the unmatched found."""
    pairs: dict[int, int] = {}
    taken: set[int] = set()
    for i, item in enumerate(found):
        for j, wanted in enumerate(gold):
            if j not in taken and matches(item, wanted):
                pairs[i] = j
                taken.add(j)
                break
    return pairs, [i for i in range(len(found)) if i not in pairs]


# -- scoring -------------------------------------------------------------------------------------


@dataclass
class Tally:
    found: int = 0
    correct: int = 0
    expected: int = 0
    recalled: int = 0

    def add(self, other: Tally) -> None:
        self.found += other.found
        self.correct += other.correct
        self.expected += other.expected
        self.recalled += other.recalled

    @property
    def precision(self) -> float:
        return self.correct / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.recalled / self.expected if self.expected else 1.0


@dataclass
class ArticleScore:
    file: str
    tallies: dict[str, Tally] = field(default_factory=dict)
    participants: Tally = field(default_factory=Tally)
    junk: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _describe_event(event: Any) -> str:
    when = f"{event.when.start}..{event.when.end}" if event.when else "—"
    return f"{event.type} {when} {event.place or '—'} [{', '.join(event.participants)}] «{event.title}»"


def _describe_gold_event(gold: dict[str, Any]) -> str:
    return f"{_types(gold, 'type')} {gold.get('start')}..{gold.get('end')} {gold.get('place')} {gold.get('participants')}"


def _score_kind(
    kind: str,
    found: list[Any],
    gold: list[dict[str, Any]],
    optional: list[dict[str, Any]],
    matches: Callable[[Any, dict[str, Any]], bool],
    describe: Callable[[Any], str],
    score: ArticleScore,
) -> dict[int, int]:
    pairs, rest = pair_up(found, gold, matches)
    _, neutral_rest = pair_up([found[i] for i in rest], optional, matches)
    extra = [rest[k] for k in neutral_rest]
    tally = Tally(found=len(pairs) + len(extra), correct=len(pairs))
    tally.expected, tally.recalled = len(gold), len(pairs)
    score.tallies[kind] = tally
    recalled = set(pairs.values())
    for j, wanted in enumerate(gold):
        if j not in recalled:
            score.notes.append(
                f"missed {kind}: {wanted if kind == 'people' else _gold_text(kind, wanted)}"
            )
    for i in extra:
        score.notes.append(f"extra {kind}: {describe(found[i])}")
    return pairs


def _gold_text(kind: str, wanted: dict[str, Any]) -> str:
    if kind == "events":
        return _describe_gold_event(wanted)
    return f"{_types(wanted, 'kind')} {wanted.get('title_words')} count={wanted.get('count')}"


def score_article(gold: Gold, facts: ArticleFacts) -> ArticleScore:
    score = ArticleScore(gold.file)
    people_gold = [{"name": n} for n in gold.people]
    people_optional = [{"name": n} for n in gold.people_optional]
    _score_kind(
        "people", facts.people, people_gold, people_optional,
        lambda p, g: same_person(p.name, g["name"]), lambda p: p.name, score,
    )  # fmt: skip
    pairs = _score_kind(
        "events", facts.events, gold.events, gold.events_optional,
        event_matches, _describe_event, score,
    )  # fmt: skip
    for i, j in pairs.items():
        wanted = gold.events[j].get("participants", [])
        got = facts.events[i].participants
        score.participants.expected += len(wanted)
        missing = [w for w in wanted if not any(same_person(n, w) for n in got)]
        score.participants.recalled += len(wanted) - len(missing)
        if missing:
            score.notes.append(f"missed participants: {missing} of «{facts.events[i].title}»")
    _score_kind(
        "documents", facts.agreements, gold.documents, gold.documents_optional, document_matches,
        lambda d: f"{d.type} «{d.title}» {d.when.start if d.when else '—'} {d.parties}", score,
    )  # fmt: skip
    score.junk = _junk(gold, facts)
    return score


def _junk(gold: Gold, facts: ArticleFacts) -> list[str]:
    """Facts drawn from furniture lines. A headline with a site's name glued to it is
    furniture for the gold's writers but still the article's headline: its facts are not junk."""
    title = norm(gold.meta.get("title") or "")
    lines = [
        norm(line)
        for line in gold.furniture
        if len(norm(line)) >= 4 and not (title and title in norm(without_site_name(line)))
    ]
    if not lines:
        return []

    def furniture(index: int) -> bool:
        """The sentence is furniture, or little else ("Сиань, 27 апреля /Синьхуа/ --" opening
        a sentence of news does not make the news furniture)."""
        text = norm(facts.sentences[index])
        return any(text in line or (line in text and len(text) - len(line) < 20) for line in lines)

    found = [f"event {e.title!r}" for e in facts.events if furniture(e.sentence)]
    found += [f"document {a.title!r}" for a in facts.agreements if furniture(a.sentence)]
    found += [
        f"person {p.name!r}"
        for p in facts.people
        if p.sentences and all(furniture(s) for s in p.sentences)
    ]
    return found


def extract(gold: Gold) -> ArticleFacts:
    entry = gold.meta
    meta = ArticleMeta(
        published=date.fromisoformat(entry["published"]), title=entry.get("title"),
        source=entry.get("source"), author=entry.get("author"), url=entry.get("url"),
        dateline=entry.get("dateline"), file=gold.file,
    )  # fmt: skip
    prepared = prepare(Source(gold.file, gold.path.read_bytes(), meta))
    return extract_facts(prepared.text, prepared.meta.published, prepared.meta.dateline)


def evaluate(name: str, golds: list[Gold], show: bool) -> dict[str, Any]:
    totals = {k: Tally() for k in ("people", "events", "documents")}
    participants, junk = Tally(), 0
    started = time.perf_counter()
    for gold in golds:
        score = score_article(gold, extract(gold))
        for kind, tally in score.tallies.items():
            totals[kind].add(tally)
        participants.add(score.participants)
        junk += len(score.junk)
        if show and (score.notes or score.junk):
            print(f"\n== {name} {gold.file}")
            for note in score.notes + [f"JUNK {j}" for j in score.junk]:
                print("   ", note)
    elapsed = time.perf_counter() - started
    return {"name": name, "articles": len(golds), "totals": totals, "participants": participants,
            "junk": junk, "seconds": elapsed}  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sets", nargs="*", help="bundled, dev, test (default: all there are)")
    parser.add_argument("--misses", action="store_true", help="list misses and extras")
    args = parser.parse_args()
    names = args.sets or [
        n
        for n in ("bundled", "dev", "test")
        if n == "bundled" or (ROOT / "tests" / "eval" / n).is_dir()
    ]
    rows = []
    for name in names:
        golds = bundled_gold() if name == "bundled" else split_gold(name)
        rows.append(evaluate(name, golds, args.misses and name != "test"))
    print(
        "\n| set | articles | people P / R | events P / R | participant R | documents P / R | junk |"
    )
    print("|---|---:|---|---|---|---|---:|")
    for row in rows:
        t = row["totals"]
        cells = [f"{t[k].precision:.2f} / {t[k].recall:.2f} ({t[k].recalled}/{t[k].expected})"
                 for k in ("people", "events")]  # fmt: skip
        docs = t["documents"]
        print(
            f"| {row['name']} | {row['articles']} | {cells[0]} | {cells[1]} | "
            f"{row['participants'].recall:.2f} | {docs.precision:.2f} / {docs.recall:.2f} "
            f"({docs.recalled}/{docs.expected}) | {row['junk']} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
