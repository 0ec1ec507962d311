"""Run the anonymization engine on a labelled JSONL set and print the scorer's figures.

Usage: python bench/anonymize.py [--data PATH] [--errors N]
Without --data a synthetic held-out set is generated (bench/anon_heldout.py).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from anon_heldout import generate
from anon_score import format_report, read_jsonl, score

from recruiting.anonymize import find_pii


def _show_errors(docs: list[dict[str, Any]], predicted: dict[str, list[dict[str, Any]]], limit: int) -> None:
    shown = 0
    for doc in docs:
        text = doc["text"]
        pred = predicted[doc["id"]]
        covered: set[int] = set()
        for p in pred:
            covered.update(range(p["start"], p["end"]))
        gold_chars: set[int] = set()
        for g in doc["spans"]:
            gold_chars.update(range(g["start"], g["end"]))
            idx = [i for i in range(g["start"], g["end"]) if not text[i].isspace()]
            if idx and sum(i in covered for i in idx) / len(idx) < 0.9:
                print(f"MISS {doc['id']} {g['label']}: {text[g['start'] : g['end']]!r}")
                shown += 1
        for p in pred:
            idx = [i for i in range(p["start"], p["end"]) if not text[i].isspace()]
            if idx and sum(i in gold_chars for i in idx) / len(idx) < 0.5:
                ctx = text[max(0, p["start"] - 20) : p["end"] + 10].replace("\n", "⏎")
                print(f"FP   {doc['id']} {p['label']}: {text[p['start'] : p['end']]!r}  «{ctx}»")
                shown += 1
        if shown >= limit:
            return


def main(argv: list[str] | None = None) -> None:
    """CLI entry point."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data", help="labelled JSONL (dev.jsonl format); default: generated held-out set")
    ap.add_argument("--n", type=int, default=400, help="documents to generate without --data")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--errors", type=int, default=0, help="print up to N misses / false positives")
    args = ap.parse_args(argv)
    docs = read_jsonl(args.data) if args.data else generate(args.n, args.seed)
    find_pii("warm-up Иванов Иван")
    t0 = time.perf_counter()
    predicted = {
        d["id"]: [
            {"start": s.start, "end": s.end, "label": s.label} for s in find_pii(d["text"], d.get("lang"))
        ]
        for d in docs
    }
    elapsed = time.perf_counter() - t0
    if args.errors:
        _show_errors(docs, predicted, args.errors)
    print(format_report(score(docs, predicted), len(docs) / elapsed if elapsed else None))


if __name__ == "__main__":
    main()
