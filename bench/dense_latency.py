"""Answer latency on a dense, realistic base: thousands of variants of real-style articles.

Synthetic facts flatter search: in a real archive the same people, places and documents fill
thousands of articles. This base is the bundled and dev articles, each copied many times with
its day-and-month dates moved and a publication date of its own, all through real extraction
(people, events, documents as the bot ingests them). The dev questions (and the seed ones) are
then timed in one process with warm indexes, as `briefing ask --json -` would answer them.

    python bench/dense_latency.py [--articles 3000] [--workers 2] [--rebuild]

The base is kept under bench/out/ (gitignored) and reused unless --rebuild.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import statistics
import sys
import time
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from qa_harness import load_set  # noqa: E402

from bot.i18n import RU_MONTHS_GENITIVE as MONTHS  # noqa: E402
from bot.ingest import ingest_paths  # noqa: E402
from bot.search import answer, warm_up  # noqa: E402
from bot.store import open_store  # noqa: E402

OUT = ROOT / "bench" / "out" / "dense"
_DAY_MONTH = re.compile(r"\b(\d{1,2})(\s*[–-]\s*\d{1,2})?\s+(" + "|".join(MONTHS) + r")\b")


def build_corpus(directory: Path, count: int, seed: int = 5) -> None:
    """`count` variants of the seed and dev articles, dates moved, published 2012-2026."""
    rng = random.Random(seed)
    sources = [
        path.read_text("utf-8", "ignore")
        for qset in (load_set("seeds"), load_set("dev"))
        for path, _ in qset.articles
    ]
    manifest = []
    for i in range(count):
        text = _DAY_MONTH.sub(
            lambda m: f"{rng.randint(1, 27)}{m.group(2) or ''} {rng.choice(MONTHS)}",
            sources[i % len(sources)],
        )
        published = date(2012, 1, 1) + timedelta(days=rng.randint(0, 15 * 365))
        name = f"{i:05d}.txt"
        (directory / name).write_text(f"Выпуск №{i + 1}.\n{text}", encoding="utf-8")
        manifest.append({"file": name, "title": f"Статья {i}", "source": "bench",
                         "published": published.isoformat()})  # fmt: skip
    (directory / "manifest.json").write_text(
        json.dumps({"articles": manifest}, ensure_ascii=False), encoding="utf-8"
    )


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=3000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()
    db = OUT / f"dense_{args.articles}.db"
    if args.rebuild or not db.exists():
        shutil.rmtree(OUT, ignore_errors=True)
        (OUT / "corpus").mkdir(parents=True)
        build_corpus(OUT / "corpus", args.articles)
        store = open_store(db)
        started = time.perf_counter()
        ingest_paths(store, [OUT / "corpus"], workers=args.workers)
        print(f"ingested {args.articles} articles in {time.perf_counter() - started:.0f} s")
        store.close()
    store = open_store(db)
    stats = store.stats()
    started = time.perf_counter()
    warm_up(store)
    print(f"warm-up {1000 * (time.perf_counter() - started):.0f} ms; " + ", ".join(
        f"{k} {stats[k]}" for k in ("articles", "people", "events", "agreements")))  # fmt: skip
    questions = load_set("dev").questions + load_set("seeds").questions
    timings: dict[str, list[float]] = defaultdict(list)
    slow = []
    for question in questions * 2:  # the second round is what is reported
        today = date.fromisoformat(question["today"]) if question.get("today") else date.today()
        began = time.perf_counter()
        answer(store, question["query"], today).to_json()
        elapsed = 1000 * (time.perf_counter() - began)
        timings[question["kind"]].append(elapsed)
        timings["all"].append(elapsed)
        slow.append((elapsed, question["query"]))
    half = {kind: values[len(values) // 2 :] for kind, values in timings.items()}
    print(f"\n{len(questions)} questions (dev and seeds), second round:")
    print("| kind | n | p50 ms | p95 ms | p99 ms |\n|---|---:|---:|---:|---:|")
    for kind in sorted(half, key=lambda k: (k == "all", k)):
        values = half[kind]
        print(f"| {kind} | {len(values)} | {statistics.median(values):.1f} | "
              f"{percentile(values, 0.95):.1f} | {percentile(values, 0.99):.1f} |")  # fmt: skip
    slowest = sorted(slow, reverse=True)[:3]
    print("slowest: " + "; ".join(f"{ms:.0f} ms {q!r}" for ms, q in slowest))


if __name__ == "__main__":
    main()
