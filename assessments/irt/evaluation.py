"""Recovery scoring against simulation truth: mean/sigma linking and the irt-dev report metrics."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from numpy.typing import NDArray
from scipy.stats import kendalltau

from assessments.irt.model import FloatArray


def link_mean_sigma(b_true: FloatArray, b_est: FloatArray) -> tuple[float, float]:
    """Constants (A, B) putting estimates on the truth scale: b* = A b + B, theta* = A theta + B."""
    scale = float(np.std(b_true) / np.std(b_est))
    return scale, float(np.mean(b_true) - scale * np.mean(b_est))


def _r(x: FloatArray, y: FloatArray) -> float:
    if np.std(x) == 0 or np.std(y) == 0:
        return float("nan")
    return float(np.corrcoef(x, y)[0, 1])


def _rmse(x: FloatArray, y: FloatArray) -> float:
    return float(np.sqrt(np.mean((x - y) ** 2)))


def precision_at(true: FloatArray, est: FloatArray, share: float = 0.10) -> float:
    """Share of the true top `share` that the estimate also places in its top `share`."""
    k = max(1, round(share * len(true)))
    top_true = np.argsort(-true, kind="stable")[:k]
    top_est = np.argsort(-est, kind="stable")[:k]
    return len(np.intersect1d(top_true, top_est)) / k


def person_metrics(theta_true: FloatArray, theta_est: FloatArray) -> dict[str, float]:
    """r_theta, rmse_theta, Kendall tau-b and prec@10% of linked abilities."""
    tau = kendalltau(theta_est, theta_true).statistic
    return {
        "r_theta": _r(theta_est, theta_true),
        "rmse_theta": _rmse(theta_est, theta_true),
        "tau": float(tau),
        "prec10": precision_at(theta_true, theta_est),
    }


def score_recovery(
    truth: dict[str, FloatArray],
    est_theta: FloatArray,
    est_a: FloatArray | None = None,
    est_b: FloatArray | None = None,
    aberrant: NDArray[np.bool_] | None = None,
) -> dict[str, float]:
    """Link estimates to the truth (by b, or by theta when no items) and compute the report metrics."""
    theta = np.asarray(est_theta, dtype=np.float64)
    theta = np.where(np.isnan(theta), np.nanmedian(theta), theta)
    finite = theta[np.isfinite(theta)]
    theta = np.clip(theta, finite.min(), finite.max())
    out: dict[str, float] = {}
    if est_b is not None:
        scale, shift = link_mean_sigma(truth["b"], est_b)
        b_linked = scale * est_b + shift
        out["r_b"] = _r(est_b, truth["b"])
        out["rmse_b"] = _rmse(b_linked, truth["b"])
        if est_a is not None:
            a_linked = est_a / scale
            out["r_a"] = _r(est_a, truth["a"])
            out["rmse_a"] = _rmse(a_linked, truth["a"])
    else:
        scale = float(np.std(truth["theta"]) / np.std(theta))
        shift = float(np.mean(truth["theta"]) - scale * np.mean(theta))
    linked = scale * theta + shift
    out.update(person_metrics(truth["theta"], linked))
    if aberrant is not None and aberrant.any():
        clean = {
            f"{k}_clean": v for k, v in person_metrics(truth["theta"][~aberrant], linked[~aberrant]).items()
        }
        out.update(clean)
    return out


def _read_columns(path: str | Path) -> tuple[list[str], list[list[str]]]:
    lines = Path(path).read_text(encoding="utf-8-sig").splitlines()
    return lines[0].split(","), [line.split(",") for line in lines[1:] if line]


def load_truth(data_dir: str | Path, person_ids: list[str], item_ids: list[str]) -> dict[str, FloatArray]:
    """Truth arrays (a, b, c, theta, aberrant) aligned to the given id orders."""
    root = Path(data_dir)
    _, item_rows = _read_columns(root / "items_truth.csv")
    items = {r[0]: (float(r[1]), float(r[2]), float(r[3]) if len(r) > 3 else 0.0) for r in item_rows}
    _, person_rows = _read_columns(root / "persons_truth.csv")
    persons = {r[0]: float(r[1]) for r in person_rows}
    aberrant_path = root / "aberrant_truth.csv"
    flagged = {r[0] for r in _read_columns(aberrant_path)[1]} if aberrant_path.exists() else set()
    return {
        "a": np.array([items[i][0] for i in item_ids]),
        "b": np.array([items[i][1] for i in item_ids]),
        "c": np.array([items[i][2] for i in item_ids]),
        "theta": np.array([persons[p] for p in person_ids]),
        "aberrant": np.array([p in flagged for p in person_ids], dtype=np.float64),
    }


def read_estimates(path: str | Path) -> dict[str, FloatArray | list[str]]:
    """Read an estimates CSV (`item_id,a,b[,c]` or `candidate_id,theta`) into id list and columns."""
    header, rows = _read_columns(path)
    out: dict[str, FloatArray | list[str]] = {"ids": [r[0] for r in rows]}
    for k, name in enumerate(header[1:], start=1):
        out[name] = np.array([float(r[k]) for r in rows])
    return out
