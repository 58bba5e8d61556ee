"""Every seed question through the real CLI (`briefing ask --json -`), checked as the eval says.

Questions asked "as of" a date run against a base holding only the articles published by then.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
QUESTIONS = [
    json.loads(line)
    for line in (Path(__file__).parent / "data" / "seed_questions.jsonl")
    .read_text("utf-8")
    .splitlines()
    if line.strip()
]
DASHES = re.compile("[\u2010\u2011\u2012\u2013\u2014\u2015\u2212]")


def normalise(text: str) -> str:
    """As the eval compares: case-insensitive, ё as е, every dash a hyphen."""
    return DASHES.sub("-", text.lower().replace("ё", "е"))


def stem(file: str) -> str:
    return Path(file).stem


def cli(*args: str, stdin: str | None = None) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "bot.cli", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=600,
        check=True,
    )
    return done.stdout


def corpus_as_of(cutoff: str | None, folder: Path) -> Path:
    """A copy of the bundled articles published by `cutoff` (all of them when None)."""
    manifest = json.loads((DATA / "manifest.json").read_text("utf-8"))
    kept = [a for a in manifest["articles"] if cutoff is None or a["published"] <= cutoff]
    folder.mkdir(parents=True)
    for article in kept:
        shutil.copy(DATA / article["file"], folder / article["file"])
    (folder / "manifest.json").write_text(
        json.dumps({**manifest, "articles": kept}, ensure_ascii=False), "utf-8"
    )
    return folder


@pytest.fixture(scope="session")
def seed_answers(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    """One ingest and one `ask --json -` run per cutoff date; answers by question id."""
    by_cutoff: dict[str | None, list[dict[str, Any]]] = defaultdict(list)
    for question in QUESTIONS:
        by_cutoff[question.get("today")].append(question)
    answers: dict[str, dict[str, Any]] = {}
    for cutoff, questions in by_cutoff.items():
        work = tmp_path_factory.mktemp(f"seed-{cutoff or 'all'}")
        corpus = corpus_as_of(cutoff, work / "corpus")
        db = work / "seed.db"
        cli("--db", str(db), "ingest", str(corpus))
        lines = "".join(
            json.dumps({"query": q["query"], "today": q.get("today")}, ensure_ascii=False) + "\n"
            for q in questions
        )
        output = cli("--db", str(db), "ask", "--json", "-", stdin=lines).splitlines()
        assert len(output) == len(questions), output
        for question, line in zip(questions, output, strict=True):
            answers[question["id"]] = json.loads(line)
    return answers


@pytest.mark.parametrize("question", QUESTIONS, ids=[q["id"] for q in QUESTIONS])
def test_seed_question(question: dict[str, Any], seed_answers: dict[str, dict[str, Any]]) -> None:
    result = seed_answers[question["id"]]
    expect = question["expect"]
    text = result["answer"]
    cited = {stem(c["file"]) for c in result["citations"] if c.get("file")}
    shown = f"{question['query']!r} ->\n{text}"

    assert len(text) <= 4096, shown
    assert len(result["citations"]) <= 10, shown
    for file in expect.get("articles", []):
        assert stem(file) in cited, shown
    if expect.get("articles_any"):
        assert cited & {stem(f) for f in expect["articles_any"]}, shown
    if expect.get("any_of"):
        assert any(normalise(s) in normalise(text) for s in expect["any_of"]), shown
    for wanted in expect.get("all_of", []):
        assert normalise(wanted) in normalise(text), shown
