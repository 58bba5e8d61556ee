"""Speed of find_dates on the bundled articles and on a 10 KB one, plus precision/recall
against the gold lists in tests/test_dates.py.

Run: .venv/bin/python bench/bench_dates.py
"""

from __future__ import annotations

import importlib.util
import json
import time
from datetime import date
from pathlib import Path

from bot.extraction.dates import find_dates
from bot.extraction.document import prepare
from bot.nlp import morph

ROOT = Path(__file__).resolve().parent.parent


def _gold_module():
    spec = importlib.util.spec_from_file_location("test_dates", ROOT / "tests" / "test_dates.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _per_call_ms(adoc, repeat: int = 200) -> float:
    started = time.perf_counter()
    for _ in range(repeat):
        find_dates(adoc)
    return (time.perf_counter() - started) / repeat * 1000


def main() -> None:
    manifest = json.loads((ROOT / "data" / "manifest.json").read_text(encoding="utf-8"))
    articles = {
        a["id"]: (
            (ROOT / "data" / a["file"]).read_text(encoding="utf-8"),
            date.fromisoformat(a["published"]),
        )
        for a in manifest["articles"]
    }
    adocs = {key: prepare(text, published) for key, (text, published) in articles.items()}

    morph()  # the dictionary load is paid once per process, not per article
    started = time.perf_counter()
    for adoc in adocs.values():
        find_dates(adoc)  # cold: per-word tense caches empty
    print(f"cold, all {len(adocs)} articles: {(time.perf_counter() - started) * 1000:.1f} ms")

    for key, adoc in adocs.items():
        size = len(adoc.text.encode())
        print(f"{key}: {size / 1024:5.1f} KB  {_per_call_ms(adoc):.2f} ms/article")

    text = "\n".join(text for text, _ in articles.values())
    text = text.encode()[:10_240].decode(errors="ignore")
    big = prepare(text, date(2024, 5, 22))
    print(f"10 KB article ({len(text)} chars): {_per_call_ms(big):.2f} ms/article")

    gold = _gold_module()
    tp = found = recalled = total = 0
    for key, items in gold.GOLD.items():
        mentions = find_dates(adocs[key])
        hits, got = gold.score(mentions, items)
        tp, found, recalled, total = (
            tp + hits,
            found + len(mentions),
            recalled + got,
            total + len(items),
        )
    print(
        f"gold: precision {tp}/{found} = {tp / found:.2f}, recall {recalled}/{total} = {recalled / total:.2f}"
    )


if __name__ == "__main__":
    main()
