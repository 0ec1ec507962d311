"""Scorer for PII redaction, implementing the anon-dev README rule.

Usage: python bench/anon_score.py GOLD.jsonl PRED.jsonl [--docs-per-s N]
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

LABELS = (
    "PERSON",
    "EMAIL",
    "PHONE",
    "IIN",
    "DATE_OF_BIRTH",
    "ADDRESS",
    "URL",
    "AGE",
    "GENDER_MARKER",
    "MARITAL_STATUS",
    "NATIONALITY_ETHNICITY",
    "RELIGION",
    "PHOTO_REF",
)
FOUND_COVER = 0.9
CORRECT_SHARE = 0.5


def _ratio(num: float, den: float) -> float:
    return num / den if den else 1.0


def _doc_counts(
    text: str, gold: list[dict[str, Any]], pred: list[dict[str, Any]], acc: dict[str, Any]
) -> None:
    n = len(text)
    visible = [not ch.isspace() for ch in text]
    gold_mask = [False] * n
    pred_mask = [False] * n
    pred_label: list[set[str]] = [set() for _ in range(n)]
    for g in gold:
        for i in range(max(0, g["start"]), min(n, g["end"])):
            gold_mask[i] = True
    for p in pred:
        for i in range(max(0, p["start"]), min(n, p["end"])):
            pred_mask[i] = True
            if p.get("label"):
                pred_label[i].add(p["label"])
    for i in range(n):
        if not visible[i]:
            continue
        if gold_mask[i]:
            acc["gold_chars"] += 1
            acc["leaked"] += not pred_mask[i]
        else:
            acc["clean_chars"] += 1
            acc["over"] += pred_mask[i]
        if pred_mask[i]:
            acc["pred_chars"] += 1
            acc["pred_gold_chars"] += gold_mask[i]
    for g in gold:
        idx = [i for i in range(max(0, g["start"]), min(n, g["end"])) if visible[i]]
        if not idx:
            continue
        lab = g.get("label", "?")
        covered = sum(pred_mask[i] for i in idx) / len(idx)
        typed = sum(lab in pred_label[i] for i in idx) / len(idx)
        per = acc["labels"][lab]
        per["gold"] += 1
        per["found"] += covered >= FOUND_COVER
        per["typed"] += typed >= FOUND_COVER
    for p in pred:
        idx = [i for i in range(max(0, p["start"]), min(n, p["end"])) if visible[i]]
        if not idx:
            continue
        correct = sum(gold_mask[i] for i in idx) / len(idx) >= CORRECT_SHARE
        acc["pred_spans"] += 1
        acc["pred_correct"] += correct
        if p.get("label"):
            per = acc["labels"][p["label"]]
            per["pred"] += 1
            per["pred_correct"] += correct


def score(
    gold_docs: Iterable[Mapping[str, Any]], predicted: Mapping[str, list[dict[str, Any]]]
) -> dict[str, Any]:
    """Score predicted spans (by doc id) against gold documents; return overall and per-label figures."""
    acc: dict[str, Any] = defaultdict(int)
    acc["labels"] = defaultdict(lambda: defaultdict(int))
    docs = 0
    for doc in gold_docs:
        docs += 1
        _doc_counts(doc["text"], list(doc.get("spans", [])), list(predicted.get(doc["id"], [])), acc)
    gold_n = sum(v["gold"] for v in acc["labels"].values())
    found_n = sum(v["found"] for v in acc["labels"].values())
    recall = _ratio(found_n, gold_n)
    precision = _ratio(acc["pred_correct"], acc["pred_spans"])
    per_label = {
        lab: {
            "gold": v["gold"],
            "recall": _ratio(v["found"], v["gold"]),
            "typed_recall": _ratio(v["typed"], v["gold"]),
            "pred": v["pred"],
            "precision": _ratio(v["pred_correct"], v["pred"]),
        }
        for lab, v in acc["labels"].items()
    }
    return {
        "docs": docs,
        "recall": recall,
        "precision": precision,
        "f1": _ratio(2 * recall * precision, recall + precision),
        "leak_rate": 1.0 - _ratio(acc["gold_chars"] - acc["leaked"], acc["gold_chars"]),
        "over_redaction": _ratio(acc["over"], acc["clean_chars"]) if acc["clean_chars"] else 0.0,
        "char_precision": _ratio(acc["pred_gold_chars"], acc["pred_chars"]),
        "labels": per_label,
    }


def format_report(result: Mapping[str, Any], docs_per_s: float | None = None) -> str:
    """Per-label table, overall line and the one-line summary."""
    lines = [f"{'label':<22}{'gold':>6}{'recall':>9}{'typed':>8}{'pred':>7}{'prec':>8}"]
    labels = result["labels"]
    for lab in [*LABELS, *sorted(set(labels) - set(LABELS))]:
        if lab not in labels:
            continue
        v = labels[lab]
        lines.append(
            f"{lab:<22}{v['gold']:>6}{v['recall']:>9.3f}{v['typed_recall']:>8.3f}{v['pred']:>7}{v['precision']:>8.3f}"
        )
    lines.append(
        f"overall: docs={result['docs']} f1={result['f1']:.3f} char_precision={result['char_precision']:.3f}"
    )
    dps = "n/a" if docs_per_s is None else f"{docs_per_s:.0f}"
    lines.append(
        f"recall={result['recall']:.3f} precision={result['precision']:.3f} "
        f"leak_rate={result['leak_rate']:.3f} over_redaction={result['over_redaction']:.3f} docs_per_s={dps}"
    )
    return "\n".join(lines)


def read_jsonl(path: str) -> list[dict[str, Any]]:
    """Read a JSON Lines file into a list of dicts."""
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def main(argv: list[str] | None = None) -> None:
    """CLI: score a prediction file against a gold file."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("gold")
    ap.add_argument("pred")
    ap.add_argument("--docs-per-s", type=float, default=None)
    args = ap.parse_args(argv)
    predicted = {d["id"]: d.get("spans", []) for d in read_jsonl(args.pred)}
    print(format_report(score(read_jsonl(args.gold), predicted), args.docs_per_s))


if __name__ == "__main__":
    main()
