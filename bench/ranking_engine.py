"""Ranking bench: rank 100,000 applications on three components and cut shortlists.

Usage: python bench/ranking_engine.py [--applications 100000 --repeat 5]
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from recruiting.ranking import ESSAY_SHORTLIST, Component, rank_applications, shortlist_size

COMPONENTS = (
    Component("legislation", weight=0.3, pass_mark=30, max_score=55),
    Component("personal_qualities", weight=0.2, pass_mark=40, max_score=100),
    Component("essay", weight=0.5, pass_mark=3, max_score=5),
)


def main() -> None:
    """Time ``rank_applications`` on synthetic data and print the best and median wall time."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--applications", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    n = args.applications
    rng = np.random.default_rng(0)
    codes = [f"APP-{i:07d}" for i in rng.permutation(n)]
    scores = {
        "legislation": rng.integers(0, 56, n).astype(float),
        "personal_qualities": rng.integers(0, 101, n).astype(float),
        "essay": rng.integers(0, 6, n).astype(float),
    }
    scores["essay"][rng.random(n) < 0.02] = np.nan  # absent from the essay
    submitted = rng.uniform(0, 30 * 86400, n).round()
    times = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        ranking = rank_applications(codes, scores, submitted, COMPONENTS)
        size = shortlist_size(ranking, ESSAY_SHORTLIST)
        times.append(time.perf_counter() - start)
    print(f"applications: {n}  admitted: {int(ranking.admitted.sum())}  essay shortlist: {size}")
    print(f"rank + cut: best {min(times) * 1000:.1f} ms  median {float(np.median(times)) * 1000:.1f} ms")


if __name__ == "__main__":
    main()
