"""Scoring bench: legislation forms (55 items, 4 sections) scored per second.

Usage: python bench/scoring.py [--forms 20000]
"""

from __future__ import annotations

import argparse
import random
import time

from assessments.scoring import FormItem, legislation_blueprint, score_form


def main() -> None:
    """Score random responses to legislation forms and print the throughput."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--forms", type=int, default=20_000)
    args = parser.parse_args()
    rng = random.Random(1)
    blueprint = legislation_blueprint()
    items = [
        FormItem(f"{s.value}-{i}", "single", {"correct": rng.randrange(4)}, {"act": s.value})
        for s in blueprint.sections
        for i in range(s.count)
    ]
    # About 45 % of answers known (plus lucky guesses), 3 % left unanswered.
    sheets = [
        {
            it.item_id: None
            if rng.random() < 0.03
            else (it.answer["correct"] if rng.random() < 0.45 else rng.randrange(4))
            for it in items
        }
        for _ in range(2000)
    ]
    start = time.perf_counter()
    passed = 0
    for n in range(args.forms):
        passed += score_form(items, sheets[n % len(sheets)], blueprint).passed
    elapsed = time.perf_counter() - start
    print(f"forms scored: {args.forms}  items per form: {len(items)}  passed: {passed}")
    print(f"elapsed: {elapsed:.3f} s  forms/s: {args.forms / elapsed:,.0f}")


if __name__ == "__main__":
    main()
