"""Simulated recruitment test data: sparse random forms, skips and random guessers, with the truth."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from assessments.irt.model import FloatArray, Model

GUESS_P = 0.25


@dataclass(frozen=True)
class Simulation:
    """Long-format responses (rows grouped by candidate, in shown order) and generating truth."""

    persons_idx: NDArray[np.int64]
    items_idx: NDArray[np.int64]
    responses: NDArray[np.int8]
    a: FloatArray
    b: FloatArray
    c: FloatArray
    theta: FloatArray
    aberrant: NDArray[np.bool_]
    settings: dict[str, float | int | str]

    @property
    def person_ids(self) -> list[str]:
        """Labels C00001… for candidates."""
        width = max(4, len(str(len(self.theta))))
        return [f"C{k + 1:0{width}d}" for k in range(len(self.theta))]

    @property
    def item_ids(self) -> list[str]:
        """Labels I0001… for items."""
        width = max(4, len(str(len(self.a))))
        return [f"I{k + 1:0{width}d}" for k in range(len(self.a))]


def _forms(rng: np.random.Generator, n_persons: int, n_items: int) -> NDArray[np.int64]:
    """Per person a random order of all items; the first k of each row form the shown form."""
    keys = rng.random((n_persons, n_items), dtype=np.float32)
    return np.argsort(keys, axis=1).astype(np.int64)


def simulate(
    n_persons: int,
    n_items: int,
    form_min: int,
    form_max: int,
    skip_rate: float = 0.02,
    aberrant_rate: float = 0.01,
    model: Model = "2pl",
    seed: int = 0,
) -> Simulation:
    """Draw items, abilities and sparse-form responses like the irt-dev set."""
    if not 0 < form_min <= form_max <= n_items:
        raise ValueError("need 0 < form_min <= form_max <= n_items")
    rng = np.random.default_rng(seed)
    a = np.ones(n_items) if model == "rasch" else np.exp(rng.normal(0.0, 0.3, n_items))
    b = rng.normal(0.0, 1.0, n_items)
    c = rng.beta(5.0, 20.0, n_items) if model == "3pl" else np.zeros(n_items)
    theta = rng.normal(0.0, 1.0, n_persons)
    aberrant = rng.random(n_persons) < aberrant_rate
    order = _forms(rng, n_persons, n_items)
    lengths = rng.integers(form_min, form_max + 1, n_persons)
    shown = np.arange(n_items)[None, :] < lengths[:, None]
    answered = shown & (rng.random((n_persons, n_items)) >= skip_rate)
    persons = np.broadcast_to(np.arange(n_persons)[:, None], order.shape)[answered]
    items = order[answered]
    p = c[items] + (1.0 - c[items]) / (1.0 + np.exp(-a[items] * (theta[persons] - b[items])))
    p = np.where(aberrant[persons], GUESS_P, p)
    responses = (rng.random(len(p)) < p).astype(np.int8)
    settings: dict[str, float | int | str] = {
        "items": n_items,
        "persons": n_persons,
        "model": model,
        "seed": seed,
        "form_min": form_min,
        "form_max": form_max,
        "skip_rate": skip_rate,
        "aberrant_rate": aberrant_rate,
        "guess_p": GUESS_P,
        "n_responses": len(responses),
    }
    return Simulation(persons, items, responses, a, b, c, theta, aberrant, settings)


def write_simulation(sim: Simulation, out_dir: str | Path) -> None:
    """Write responses.csv and the truth files in the irt-dev layout."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    pids, iids = sim.person_ids, sim.item_ids
    pid_rows = np.asarray(pids, dtype=object)[sim.persons_idx]
    iid_rows = np.asarray(iids, dtype=object)[sim.items_idx]
    lines = [f"{p},{i},{r}" for p, i, r in zip(pid_rows, iid_rows, sim.responses.tolist(), strict=True)]
    (out / "responses.csv").write_text("\n".join(["candidate_id,item_id,response", *lines]) + "\n")
    items = [f"{i},{a:.6f},{b:.6f},{c:.6f}" for i, a, b, c in zip(iids, sim.a, sim.b, sim.c, strict=True)]
    (out / "items_truth.csv").write_text("\n".join(["item_id,a,b,c", *items]) + "\n")
    persons = [f"{p},{t:.6f}" for p, t in zip(pids, sim.theta, strict=True)]
    (out / "persons_truth.csv").write_text("\n".join(["candidate_id,theta", *persons]) + "\n")
    aberrant = [pids[k] for k in np.flatnonzero(sim.aberrant)]
    (out / "aberrant_truth.csv").write_text("\n".join(["candidate_id", *aberrant]) + "\n")
    (out / "meta.json").write_text(json.dumps(sim.settings, indent=2) + "\n")
