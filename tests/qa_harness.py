"""Question sets and the eval's checking rules, shared by the tests and `bench/qa_eval.py`.

A set is a folder of articles with their manifests and a `questions.jsonl` (the bundled seeds, or
`tests/eval/<split>/` whose batches each carry their own). A question asked "as of" a date is
answered from a base holding only the articles published by then, as `../shared/eval/README.md`
says; extraction runs once per article and its facts are saved into each such base.
"""

from __future__ import annotations

import json
import re
import tempfile
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
EVAL_DIR = ROOT / "tests" / "eval"
DASHES = re.compile("[\u2010\u2011\u2012\u2013\u2014\u2015\u2212]")
MAX_CHARS, MAX_CITED = 4096, 10


@dataclass
class QuestionSet:
    name: str
    articles: list[tuple[Path, dict[str, Any]]]  # file, its manifest entry
    questions: list[dict[str, Any]]
    kinds: list[str] = field(default_factory=list)


def _read_jsonl(path: Path) -> list[dict[str, Any]]:
    lines = path.read_text("utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def _batch_articles(folder: Path) -> list[tuple[Path, dict[str, Any]]]:
    manifest = json.loads((folder / "manifest.json").read_text("utf-8"))
    return [(folder / entry["file"], entry) for entry in manifest["articles"]]


def load_set(name: str) -> QuestionSet:
    """`seeds`, `dev` or `test` (or any folder under tests/eval)."""
    if name == "seeds":
        articles = _batch_articles(ROOT / "data")
        questions = _read_jsonl(ROOT / "tests" / "data" / "seed_questions.jsonl")
    else:
        articles, questions = [], []
        for batch in sorted(p for p in (EVAL_DIR / name).iterdir() if p.is_dir()):
            if not (batch / "manifest.json").exists():
                continue
            articles += _batch_articles(batch)
            if (batch / "questions.jsonl").exists():
                questions += _read_jsonl(batch / "questions.jsonl")
    kinds = sorted({q["kind"] for q in questions})
    return QuestionSet(name, articles, questions, kinds)


def available_sets() -> list[str]:
    names = ["seeds"]
    for split in ("dev", "test"):
        if (EVAL_DIR / split).is_dir() and load_set(split).questions:
            names.append(split)
    return names


# -- checking ------------------------------------------------------------------------------------


def normalise(text: str) -> str:
    """As the eval compares: case-insensitive, ё as е, every dash a hyphen."""
    return DASHES.sub("-", text.lower().replace("ё", "е"))


def _stem(file: str) -> str:
    return Path(file).stem


def failures(question: dict[str, Any], result: dict[str, Any]) -> list[str]:
    """Why an answer fails the eval's rules; empty when it passes."""
    expect = question["expect"]
    text = result.get("answer") or ""
    cited = {_stem(c["file"]) for c in result.get("citations", []) if c.get("file")}
    found = normalise(text)
    problems = []
    if len(text) > MAX_CHARS:
        problems.append(f"answer has {len(text)} characters")
    if len(result.get("citations", [])) > MAX_CITED:
        problems.append(f"{len(result['citations'])} articles cited")
    missing = [f for f in expect.get("articles", []) if _stem(f) not in cited]
    if missing:
        problems.append(f"not cited: {missing}")
    if expect.get("articles_any") and not cited & {_stem(f) for f in expect["articles_any"]}:
        problems.append(f"none cited of {expect['articles_any']}")
    if expect.get("any_of") and not any(normalise(s) in found for s in expect["any_of"]):
        problems.append(f"none of {expect['any_of']}")
    absent = [s for s in expect.get("all_of", []) if normalise(s) not in found]
    if absent:
        problems.append(f"missing {absent}")
    return problems


# -- answering -----------------------------------------------------------------------------------


def answer_set(qset: QuestionSet, ask: Any = None) -> dict[str, dict[str, Any]]:
    """Every question's answer JSON, by id, each from a base of the articles known by its day.

    `ask(store, query, today) -> dict` defaults to the CLI's `answer(...).to_json()`.
    """
    from bot.extraction import extract_facts
    from bot.ingest import Source, prepare
    from bot.search import answer
    from bot.store import open_store

    ask = ask or (lambda store, query, today: answer(store, query, today).to_json())
    prepared = []
    for path, entry in qset.articles:
        meta = _meta(entry, path.name)
        item = prepare(
            Source(f"{qset.name}/{path.parent.name}/{path.name}", path.read_bytes(), meta)
        )
        prepared.append(item)
    facts = {id(p): extract_facts(p.text, p.meta.published, p.meta.dateline) for p in prepared}
    by_day: dict[str | None, list[dict[str, Any]]] = defaultdict(list)
    for question in qset.questions:
        by_day[question.get("today")].append(question)
    answers: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory() as work:
        for n, (day, questions) in enumerate(sorted(by_day.items(), key=lambda i: i[0] or "")):
            store = open_store(Path(work) / f"{n}.db")
            for item in prepared:
                if day is None or item.meta.published.isoformat() <= day:
                    store.save_article(
                        item.source.key, item.text, item.digest, item.meta, facts[id(item)]
                    )
            today = date.fromisoformat(day) if day else date.today()
            for question in questions:
                answers[question["id"]] = ask(store, question["query"], today)
            store.close()
    return answers


def _meta(entry: dict[str, Any], file_name: str) -> Any:
    from bot.models import ArticleMeta

    return ArticleMeta(
        published=date.fromisoformat(entry["published"]),
        title=entry.get("title"),
        source=entry.get("source"),
        author=entry.get("author"),
        url=entry.get("url"),
        dateline=entry.get("dateline"),
        file=file_name,
    )


@dataclass
class Report:
    """Pass counts by kind, and each failing question with its reasons."""

    name: str
    passed: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    total: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    failed: list[tuple[dict[str, Any], list[str], str]] = field(default_factory=list)

    @property
    def rate(self) -> float:
        asked = sum(self.total.values())
        return sum(self.passed.values()) / asked if asked else 1.0

    def add(self, question: dict[str, Any], result: dict[str, Any]) -> None:
        kind = question["kind"]
        self.total[kind] += 1
        problems = failures(question, result)
        if problems:
            self.failed.append((question, problems, result.get("answer") or ""))
        else:
            self.passed[kind] += 1


def evaluate(qset: QuestionSet, answers: dict[str, dict[str, Any]]) -> Report:
    report = Report(qset.name)
    for question in qset.questions:
        report.add(question, answers[question["id"]])
    return report


def by_kind_table(reports: Iterable[Report]) -> str:
    reports = list(reports)
    kinds = sorted({k for r in reports for k in r.total})
    header = "| set | " + " | ".join(kinds) + " | overall |"
    lines = [header, "|---" * (len(kinds) + 2) + "|"]
    for report in reports:
        cells = [
            f"{report.passed[k]}/{report.total[k]}" if report.total.get(k) else "–" for k in kinds
        ]
        overall = f"{sum(report.passed.values())}/{sum(report.total.values())}"
        lines.append(
            f"| {report.name} | " + " | ".join(cells) + f" | {overall} ({report.rate:.2f}) |"
        )
    return "\n".join(lines)
