"""CAT bench: items needed by adaptive testing vs fixed random forms for the same SE and precision.

Usage: python -m bench.cat [--candidates 2000 --bank 300 --se-target 0.3 --max-items 60]
"""

from __future__ import annotations

import argparse
import time

import numpy as np
from threadpoolctl import threadpool_limits

from assessments.irt.calibrate import eap
from assessments.irt.cat import ItemBank, run_cat
from assessments.irt.design import ResponseDesign
from assessments.irt.model import prob_correct


def _cat(bank: ItemBank, theta: np.ndarray, args: argparse.Namespace) -> dict[str, float]:
    rng = np.random.default_rng(args.seed + 1)
    est, se, used = np.empty(len(theta)), np.empty(len(theta)), np.empty(len(theta))
    exposure = np.zeros(len(bank))
    for k, true in enumerate(theta):
        p_true = prob_correct(np.array([true]), bank.a, bank.b)[0]
        draws = rng.random(len(bank))
        answers = (draws < p_true).astype(int)  # one fixed potential answer per item
        result = run_cat(
            answers.item,
            bank,
            rng,
            se_target=args.se_target,
            max_items=args.max_items,
            randomesque_k=args.randomesque_k,
        )
        est[k], se[k], used[k] = result.theta, result.se, len(result.items)
        exposure[result.items] += 1
    return {
        "items": float(used.mean()),
        "items_p90": float(np.percentile(used, 90)),
        "se": float(se.mean()),
        "reached": float(np.mean(se <= args.se_target)),
        "r": float(np.corrcoef(est, theta)[0, 1]),
        "rmse": float(np.sqrt(np.mean((est - theta) ** 2))),
        "max_exposure": float(exposure.max() / len(theta)),
    }


def _fixed(bank: ItemBank, theta: np.ndarray, length: int, seed: int) -> dict[str, float]:
    rng = np.random.default_rng(seed)
    n, m = len(theta), len(bank)
    forms = np.argsort(rng.random((n, m)), axis=1)[:, :length]
    persons = np.repeat(np.arange(n), length)
    items = forms.ravel()
    p = 1.0 / (1.0 + np.exp(-bank.a[items] * (theta[persons] - bank.b[items])))
    responses = (rng.random(len(p)) < p).astype(np.int8)
    est, se = eap(ResponseDesign(persons, items, responses, n, m), bank.a, bank.b, None)
    return {
        "se": float(se.mean()),
        "reached": float(np.mean(se <= 0.3)),
        "r": float(np.corrcoef(est, theta)[0, 1]),
        "rmse": float(np.sqrt(np.mean((est - theta) ** 2))),
    }


def main() -> None:
    """Compare CAT with fixed random forms on simulated candidates."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--candidates", type=int, default=2000)
    parser.add_argument("--bank", type=int, default=300)
    parser.add_argument("--se-target", type=float, default=0.3)
    parser.add_argument("--max-items", type=int, default=60)
    parser.add_argument("--randomesque-k", type=int, default=5)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = np.random.default_rng(args.seed)
    bank = ItemBank(a=np.exp(rng.normal(0.0, 0.3, args.bank)), b=rng.normal(0.0, 1.0, args.bank))
    theta = rng.normal(0.0, 1.0, args.candidates)
    with threadpool_limits(limits=1):
        start = time.perf_counter()
        cat = _cat(bank, theta, args)
        seconds = time.perf_counter() - start
        print(f"bank {args.bank} items (2PL), {args.candidates} candidates, SE target {args.se_target}")
        print(
            f"CAT  : mean items {cat['items']:.1f} (p90 {cat['items_p90']:.0f}), mean SE {cat['se']:.3f}, "
            f"reached {cat['reached']:.1%}, r_theta {cat['r']:.4f}, rmse {cat['rmse']:.3f}, "
            f"max exposure {cat['max_exposure']:.1%}, {1000 * seconds / args.candidates:.1f} ms/candidate"
        )
        match_se = match_r = None
        for length in range(5, args.bank + 1, 5):
            fixed = _fixed(bank, theta, length, args.seed + length)
            print(
                f"fixed {length:3d}: mean SE {fixed['se']:.3f}, reached {fixed['reached']:.1%}, "
                f"r_theta {fixed['r']:.4f}, rmse {fixed['rmse']:.3f}"
            )
            if match_se is None and fixed["se"] <= cat["se"]:
                match_se = length
            if match_r is None and fixed["r"] >= cat["r"]:
                match_r = length
            if match_se is not None and match_r is not None:
                break
        print(
            f"summary: CAT needs {cat['items']:.1f} items on average; a fixed random form needs "
            f"{match_se} items for the same mean SE ({match_se and match_se / cat['items']:.1f}x) "
            f"and {match_r} items for the same r_theta"
        )


if __name__ == "__main__":
    main()
