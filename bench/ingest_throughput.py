"""Bulk ingest throughput and memory on a synthetic corpus built from the bundled articles.

Each generated article is a bundled text with its people renamed, its dates moved and a
publication date of its own, so the extractors see 1,000+ distinct articles. Prints articles/s
and peak RSS of the main process and of the extraction workers.

    python bench/ingest_throughput.py [--articles 1000] [--workers 2]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import resource
import shutil
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.i18n import RU_MONTHS_GENITIVE as MONTHS  # noqa: E402
from bot.ingest import ingest_paths  # noqa: E402
from bot.store import open_store  # noqa: E402

FIRST = ["Ержан", "Айдар", "Марат", "Данияр", "Асель", "Гульнара", "Тимур", "Серик", "Бауыржан"]
LAST = ["Ахметов", "Жумабаев", "Сейткали", "Омаров", "Касымов", "Бекова", "Нурланов", "Абенов"]
CHINESE = ["Ли Вэй", "Чжао Лэй", "Лю Ян", "Ван Тао", "Чэнь Цзе", "Ян Бо", "Хуан Мин"]
_DAY_MONTH = re.compile(r"\b(\d{1,2})(\s*[–-]\s*\d{1,2})?\s+(" + "|".join(MONTHS) + r")\b")


def build_corpus(directory: Path, count: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    seeds = json.loads((ROOT / "data" / "manifest.json").read_text(encoding="utf-8"))["articles"]
    texts = {a["file"]: (ROOT / "data" / a["file"]).read_text(encoding="utf-8") for a in seeds}
    manifest = []
    for i in range(count):
        entry = seeds[i % len(seeds)]
        text = texts[entry["file"]]
        for old in ("Мурат Нуртлеу", "Сергей Лавров", "Асет Исекешев", "Бакытжан Сагинтаев"):
            text = text.replace(old, f"{rng.choice(FIRST)} {rng.choice(LAST)}")
        text = text.replace("Ван И", rng.choice(CHINESE))
        text = _DAY_MONTH.sub(
            lambda m: f"{rng.randint(1, 27)}{m.group(2) or ''} {rng.choice(MONTHS)}", text
        )
        published = date(2010, 1, 1) + timedelta(days=rng.randint(0, 16 * 365))
        name = f"{i:05d}.txt"
        (directory / name).write_text(f"Выпуск №{i + 1}.\n{text}", encoding="utf-8")
        manifest.append(
            {
                "file": name,
                "title": f"Статья {i}",
                "source": "bench",
                "published": published.isoformat(),
            }
        )
    (directory / "manifest.json").write_text(
        json.dumps({"articles": manifest}, ensure_ascii=False), encoding="utf-8"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "ingest")
    args = parser.parse_args()

    shutil.rmtree(args.out, ignore_errors=True)
    corpus = args.out / "corpus"
    corpus.mkdir(parents=True)
    build_corpus(corpus, args.articles)
    store = open_store(args.out / "ingest.db")

    started = time.perf_counter()
    outcomes = ingest_paths(store, [corpus], workers=args.workers)
    elapsed = time.perf_counter() - started

    added = sum(o.status == "added" for o in outcomes)
    errors = [o for o in outcomes if o.status == "error"]
    stats = store.stats()
    self_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    workers_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(
        f"articles: {args.articles}, workers: {args.workers}, added: {added}, errors: {len(errors)}"
    )
    print(f"elapsed: {elapsed:.1f} s (includes model loading in each worker)")
    print(f"throughput: {added / elapsed:.1f} articles/s")
    print(f"peak RSS: main {self_mb:.0f} MB, largest worker {workers_mb:.0f} MB")
    print(
        "extracted: "
        + ", ".join(f"{k} {stats[k]}" for k in ("people", "dates", "events", "agreements"))
    )


if __name__ == "__main__":
    main()
