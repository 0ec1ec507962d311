"""CSV input/output for calibration: long-format responses in, item and person estimates out."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from assessments.irt.calibrate import Calibration, calibrate
from assessments.irt.model import Model


@dataclass(frozen=True)
class ResponseTable:
    """Long-format responses with ids mapped to dense indices in order of first appearance."""

    person_ids: list[str]
    item_ids: list[str]
    persons_idx: NDArray[np.int64]
    items_idx: NDArray[np.int64]
    responses: NDArray[np.int8]


def _index(labels: list[str]) -> tuple[list[str], NDArray[np.int64]]:
    lookup: dict[str, int] = {}
    setdefault = lookup.setdefault
    codes = np.fromiter((setdefault(s, len(lookup)) for s in labels), dtype=np.int64, count=len(labels))
    return list(lookup), codes


def _parse_responses(column: list[str]) -> tuple[NDArray[np.int8], NDArray[np.bool_]]:
    """0/1 responses and a mask of usable rows (blank, NA or non-0/1 values are skips)."""
    if all(len(s) == 1 for s in column):
        codes = (
            np.frombuffer("".join(column).encode("ascii", "replace"), dtype=np.uint8).astype(np.int16) - 48
        )
    else:
        lookup = {"0": 0, "1": 1, "0.0": 0, "1.0": 1}
        codes = np.fromiter((lookup.get(s.strip(), -1) for s in column), dtype=np.int16, count=len(column))
    keep = (codes == 0) | (codes == 1)
    return codes.astype(np.int8), keep


def read_responses_csv(path: str | Path) -> ResponseTable:
    """Read `candidate_id,item_id,response` rows; skipped/blank responses are dropped, ids kept."""
    text = Path(path).read_text(encoding="utf-8-sig")
    header, _, body = text.partition("\n")
    columns = [h.strip() for h in header.split(",")]
    expected = ["candidate_id", "item_id", "response"]
    if columns[:3] != expected or len(columns) != 3:
        raise ValueError(f"expected header {','.join(expected)}, got {header.strip()!r}")
    tokens = body.replace("\r", "").replace("\n", ",").split(",")
    if tokens and tokens[-1] == "":
        tokens.pop()
    if len(tokens) % 3:
        raise ValueError("every row needs exactly three fields")
    person_ids, persons = _index(tokens[0::3])
    item_ids, items = _index(tokens[1::3])
    responses, keep = _parse_responses(tokens[2::3])
    # candidates whose every answer is blank still get a theta (the prior mean)
    return ResponseTable(person_ids, item_ids, persons[keep], items[keep], responses[keep])


def write_items_csv(path: str | Path, item_ids: list[str], cal: Calibration) -> None:
    """Write `item_id,a,b` (plus `c` for a 3PL)."""
    if cal.model == "3pl":
        rows = [
            f"{i},{a:.6f},{b:.6f},{c:.6f}" for i, a, b, c in zip(item_ids, cal.a, cal.b, cal.c, strict=True)
        ]
        header = "item_id,a,b,c"
    else:
        rows = [f"{i},{a:.6f},{b:.6f}" for i, a, b in zip(item_ids, cal.a, cal.b, strict=True)]
        header = "item_id,a,b"
    Path(path).write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")


def write_persons_csv(path: str | Path, person_ids: list[str], theta: NDArray[np.float64]) -> None:
    """Write `candidate_id,theta` for every candidate."""
    rows = [f"{p},{t:.6f}" for p, t in zip(person_ids, theta.tolist(), strict=True)]
    Path(path).write_text("\n".join(["candidate_id,theta", *rows]) + "\n", encoding="utf-8")


def calibrate_csv(
    responses_path: str | Path, model: Model, items_out: str | Path, persons_out: str | Path
) -> dict[str, float | int | str | bool]:
    """Read responses, calibrate, write item and person CSVs; return summary figures."""
    start = time.perf_counter()
    table = read_responses_csv(responses_path)
    read_s = time.perf_counter() - start
    cal = calibrate(
        table.persons_idx,
        table.items_idx,
        table.responses,
        len(table.person_ids),
        len(table.item_ids),
        model,
    )
    fit_s = time.perf_counter() - start - read_s
    write_items_csv(items_out, table.item_ids, cal)
    write_persons_csv(persons_out, table.person_ids, cal.theta)
    return {
        "model": model,
        "n_persons": len(table.person_ids),
        "n_items": len(table.item_ids),
        "n_responses": len(table.responses),
        "iterations": cal.n_iter,
        "converged": cal.converged,
        "log_likelihood": cal.log_likelihood,
        "mean_theta_se": float(np.mean(cal.theta_se)),
        "read_seconds": read_s,
        "fit_seconds": fit_s,
        "seconds": time.perf_counter() - start,
    }
