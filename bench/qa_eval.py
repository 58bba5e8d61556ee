"""Pass rates of the question sets, per kind and overall, by the eval's rules.

    python bench/qa_eval.py                 # seeds, dev and test
    python bench/qa_eval.py dev --failures  # and each failing dev question with its answer

The test split (and `fresh`, written last, run once at the end) is only run and reported:
`--failures` refuses to list them, so nobody patches their questions one by one. See tests/eval/WRITING.md for how the sets were written.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from qa_harness import answer_set, available_sets, by_kind_table, evaluate, load_set

HELD_OUT = ("test", "fresh")  # run and reported, never listed question by question


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sets", nargs="*", help="seeds, dev, test (default: all there are)")
    parser.add_argument("--failures", action="store_true", help="show failing questions")
    parser.add_argument("--kind", help="only questions of this kind")
    args = parser.parse_args()
    names = args.sets or available_sets()
    reports = []
    for name in names:
        qset = load_set(name)
        if args.kind:
            qset.questions = [q for q in qset.questions if q["kind"] == args.kind]
        started = time.perf_counter()
        report = evaluate(qset, answer_set(qset))
        elapsed = time.perf_counter() - started
        print(
            f"{name}: {len(qset.articles)} articles, {len(qset.questions)} questions, {elapsed:.1f} s"
        )
        reports.append(report)
        if args.failures and name not in HELD_OUT:
            for question, problems, text in report.failed:
                print(f"\n--- {question['id']} [{question['kind']}] {question['query']!r}")
                print(f"    today={question.get('today')} expect={question['expect']}")
                print(f"    {'; '.join(problems)}")
                print("    " + text[:1500].replace("\n", "\n    "))
    print()
    print(by_kind_table(reports))
    return 0


if __name__ == "__main__":
    sys.exit(main())
