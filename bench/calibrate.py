"""Calibration bench: recovery figures and wall time for rasch/2pl/3pl beside percent-correct ranking.

Usage: python bench/calibrate.py --data DEV_DIR [--persons 50000 --items 300 --workdir DIR]
Runs on one core: BLAS/OpenMP thread pools are limited to 1 (threadpoolctl) for the whole run.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import numpy as np
from threadpoolctl import threadpool_limits

from assessments.irt.evaluation import load_truth, read_estimates, score_recovery
from assessments.irt.io import calibrate_csv, read_responses_csv
from assessments.irt.simulate import simulate, write_simulation

COLUMNS = ("r_a", "r_b", "rmse_b", "r_theta", "tau", "prec10", "r_theta_clean", "tau_clean")


def _percent_correct(data_dir: Path) -> tuple[dict[str, float], float]:
    start = time.perf_counter()
    table = read_responses_csv(data_dir / "responses.csv")
    n = len(table.person_ids)
    right = np.bincount(table.persons_idx, weights=table.responses, minlength=n)
    seen = np.bincount(table.persons_idx, minlength=n)
    pc = np.where(seen > 0, right / np.maximum(seen, 1), np.nan)
    seconds = time.perf_counter() - start
    truth = load_truth(data_dir, table.person_ids, table.item_ids)
    return score_recovery(truth, pc, aberrant=truth["aberrant"] > 0), seconds


def _run_model(data_dir: Path, model: str, workdir: Path) -> tuple[dict[str, float], float, dict]:
    items_out, persons_out = workdir / f"items_{model}.csv", workdir / f"persons_{model}.csv"
    start = time.perf_counter()
    summary = calibrate_csv(data_dir / "responses.csv", model, items_out, persons_out)  # type: ignore[arg-type]
    seconds = time.perf_counter() - start
    items, persons = read_estimates(items_out), read_estimates(persons_out)
    truth = load_truth(data_dir, list(persons["ids"]), list(items["ids"]))
    est_a = items["a"] if model != "rasch" else None
    figures = score_recovery(
        truth,
        np.asarray(persons["theta"]),
        est_a=None if est_a is None else np.asarray(est_a),
        est_b=np.asarray(items["b"]),
        aberrant=truth["aberrant"] > 0,
    )
    return figures, seconds, summary


def _report(title: str, data_dir: Path, models: list[str], workdir: Path) -> None:
    print(f"\n== {title} ({data_dir})")
    print(f"{'method':<16}" + "".join(f"{c:>14}" for c in COLUMNS) + f"{'seconds':>9}{'iters':>7}")
    figures, seconds = _percent_correct(data_dir)
    row = "".join(f"{figures.get(c, float('nan')):>14.4f}" for c in COLUMNS)
    print(f"{'percent-correct':<16}{row}{seconds:>9.2f}{'':>7}")
    for model in models:
        figures, seconds, summary = _run_model(data_dir, model, workdir)
        row = "".join(f"{figures.get(c, float('nan')):>14.4f}" for c in COLUMNS)
        print(f"{model:<16}{row}{seconds:>9.2f}{summary['iterations']:>7}")
        print(
            f"  {model}: r_a={figures.get('r_a', float('nan')):.4f} r_b={figures['r_b']:.4f} "
            f"rmse_b={figures['rmse_b']:.4f} r_theta={figures['r_theta']:.4f} tau={figures['tau']:.4f} "
            f"seconds={seconds:.1f} (read {summary['read_seconds']:.1f}, fit {summary['fit_seconds']:.1f})"
        )


def main() -> None:
    """Run the bench on the dev set and on a generated held-out set."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, help="irt-dev directory (responses.csv + truth files)")
    parser.add_argument("--persons", type=int, default=50_000)
    parser.add_argument("--items", type=int, default=300)
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--sim-model", default="2pl", choices=["rasch", "2pl", "3pl"])
    parser.add_argument("--models", default="rasch,2pl,3pl")
    parser.add_argument("--workdir", type=Path, help="where to write the generated set and estimates")
    parser.add_argument("--skip-generated", action="store_true")
    args = parser.parse_args()
    models = [m.strip() for m in args.models.split(",") if m.strip()]
    with tempfile.TemporaryDirectory() as tmp, threadpool_limits(limits=1):
        workdir = args.workdir or Path(tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        if args.data:
            _report("dev set", args.data, models, workdir)
        if not args.skip_generated:
            held_out = workdir / f"sim_{args.items}x{args.persons}_{args.sim_model}_{args.seed}"
            if not (held_out / "responses.csv").exists():
                sim = simulate(args.persons, args.items, 40, 60, 0.02, 0.01, args.sim_model, args.seed)
                write_simulation(sim, held_out)
            _report(f"generated {args.items} items x {args.persons} candidates", held_out, models, workdir)


if __name__ == "__main__":
    main()
