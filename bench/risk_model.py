"""Risk model bench: held-out ROC AUC against naive baselines, training time and scoring throughput."""

from __future__ import annotations

import argparse
import time

import numpy as np
from sklearn.metrics import roc_auc_score

from training.risk.features import FEATURE_NAMES, feature_matrix
from training.risk.model import train_on_features
from training.risk.synthetic import simulate


def main() -> None:
    """Simulate, split 70/30, train, and print AUCs and throughput."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    started = time.perf_counter()
    cases = [c for c in simulate(args.cases, seed=args.seed) if c.open_at_snapshot]
    simulated = time.perf_counter() - started
    started = time.perf_counter()
    rows = feature_matrix([c.history for c in cases], [c.as_of for c in cases])
    featurised = time.perf_counter() - started
    labels = np.array([c.missed for c in cases])
    cut = int(len(cases) * 0.7)
    print(f"{len(cases)} open enrolments ({labels.mean():.0%} missed); simulated in {simulated:.1f} s")
    print(f"features: {len(cases) / featurised:,.0f} histories/s")

    started = time.perf_counter()
    model = train_on_features(rows[:cut], labels[:cut])
    print(f"trained on {cut} in {time.perf_counter() - started:.2f} s")

    test_rows, test_labels = rows[cut:], labels[cut:]
    auc = roc_auc_score(test_labels, model.score(test_rows))
    print(f"held-out ROC AUC ({len(test_labels)} cases): model {auc:.3f}")
    for name, sign in (("share_of_lessons_done", -1), ("pace_gap", 1), ("days_since_last_activity", 1)):
        baseline = roc_auc_score(test_labels, sign * test_rows[:, FEATURE_NAMES.index(name)])
        print(f"  naive baseline {name}: {baseline:.3f}")

    batch = np.tile(test_rows, (max(1, 100_000 // len(test_rows)), 1))
    started = time.perf_counter()
    model.score(batch)
    elapsed = time.perf_counter() - started
    print(f"scoring: {len(batch):,} rows in {elapsed:.2f} s = {len(batch) / elapsed:,.0f} rows/s")


if __name__ == "__main__":
    main()
