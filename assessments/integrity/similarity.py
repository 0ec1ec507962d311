"""Answer similarity within one sitting: pairs with improbably many identical wrong answers.

Under independence, the chance that sessions A and B pick the same wrong option of item ``i`` is
``q_Ai · q_Bi · s_i``: each one's chance of answering ``i`` wrongly (a Rasch-style model fitted to
the sitting: ``logit P(right) = θ_session − b_item``) times the chance that two wrong answers
coincide, ``s_i = Σ_o g_io²``, where ``g_io`` is the sitting's share of wrong answers to ``i`` that
chose option ``o`` (smoothed by half a count per option). The count of identical wrong answers over
the items both answered is then a sum of independent Bernoullis: its exact Poisson-binomial upper
tail is the pair's p-value, multiplied by the number of pairs tested (Bonferroni). Pairs below
``alpha`` (1e-6 by default) are flagged.

All pair counts and expectations come from matrix products over one-hot "chose wrong option o of
item i" columns (an implicit bucketing by item), in row blocks, so a sitting of a few thousand
sessions takes seconds. Flags never change a score; moderators decide.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
from scipy.stats import binom

BLOCK_ROWS = 512
# Pairs whose binomial bound is above this cannot come near a Bonferroni-adjusted 1e-6 in a
# sitting; only the rest get the exact (slower) tail.
SCREEN_P = 1e-3


@dataclass(frozen=True, slots=True)
class ItemKey:
    """What similarity needs of an item: its correct option and how many options it has."""

    correct: int
    n_options: int


@dataclass(frozen=True, slots=True)
class SimilarityFlag:
    """A pair of sessions whose identical wrong answers are improbable under independence."""

    session_a: str
    session_b: str
    identical_wrong: int
    common_items: int
    expected: float
    p_value: float
    p_adjusted: float


@dataclass(slots=True)
class _Encoded:
    ids: list[str]
    answered: np.ndarray  # n × items, 1.0 where the session chose a valid option
    right: np.ndarray  # n × items, 1.0 where it was the correct one
    choice: np.ndarray  # n × Σ options, one-hot of the wrong option chosen
    same_prob: np.ndarray  # per item, s_i
    wrong_prob: np.ndarray = field(default_factory=lambda: np.empty((0, 0)))  # n × items, q (0 if unseen)


def _encode(responses: Mapping[str, Mapping[str, int | None]], keys: Mapping[str, ItemKey]) -> _Encoded:
    item_ids = sorted(keys)
    index = {item: i for i, item in enumerate(item_ids)}
    n_opts = np.array([keys[i].n_options for i in item_ids], dtype=np.int64)
    offset = np.concatenate([[0], np.cumsum(n_opts)[:-1]]).astype(np.int64)
    ids = sorted(responses)
    answered = np.zeros((len(ids), len(item_ids)), dtype=np.float32)
    right = np.zeros_like(answered)
    choice = np.zeros((len(ids), int(n_opts.sum())), dtype=np.float32)
    for row, sid in enumerate(ids):
        for item, chosen in responses[sid].items():
            col = index.get(item)
            if col is None or chosen is None or isinstance(chosen, bool) or not 0 <= chosen < n_opts[col]:
                continue
            answered[row, col] = 1.0
            if chosen == keys[item].correct:
                right[row, col] = 1.0
            else:
                choice[row, offset[col] + chosen] = 1.0
    counts = choice.sum(axis=0).astype(np.float64)
    same = np.empty(len(item_ids))
    for i, item in enumerate(item_ids):
        c = np.delete(counts[offset[i] : offset[i] + n_opts[i]], keys[item].correct)
        g = (c + 0.5) / (c.sum() + 0.5 * c.size) if c.size else np.ones(1)
        same[i] = float((g * g).sum())
    return _Encoded(ids, answered, right, choice, same)


def _sigmoid_grid(theta: np.ndarray, beta: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-(theta[:, None] - beta[None, :])))


def _fit_wrong_prob(answered: np.ndarray, right: np.ndarray, iterations: int = 10) -> np.ndarray:
    """P(wrong) per session and item under a Rasch model fitted by alternating Newton steps."""
    mask = answered.astype(np.float64)
    obs = right.astype(np.float64)
    # Targets pulled half an answer away from 0 and from all-right keep every estimate finite.
    n_s, n_i = mask.sum(1), mask.sum(0)
    t_s = np.clip(obs.sum(1), 0.5, np.maximum(n_s - 0.5, 0.5))
    t_i = np.clip(obs.sum(0), 0.5, np.maximum(n_i - 0.5, 0.5))
    theta = np.log(t_s / np.maximum(n_s - t_s, 0.5))
    beta = -np.log(t_i / np.maximum(n_i - t_i, 0.5))
    for _ in range(iterations):
        p = _sigmoid_grid(theta, beta) * mask
        step = (t_s - p.sum(1)) / np.maximum((p * (1 - p)).sum(1), 1e-9)
        theta += np.clip(step, -2.0, 2.0)
        p = _sigmoid_grid(theta, beta) * mask
        step = (t_i - p.sum(0)) / np.maximum((p * (1 - p)).sum(0), 1e-9)
        beta -= np.clip(step, -2.0, 2.0)
    return ((1.0 - _sigmoid_grid(theta, beta)) * mask).astype(np.float32)


def poisson_binomial_sf(probs: np.ndarray, k: int) -> float:
    """P(X ≥ k) for X a sum of independent Bernoulli(probs), computed exactly by convolution."""
    if k <= 0:
        return 1.0
    if k > probs.size:
        return 0.0
    pmf = np.zeros(probs.size + 1)
    pmf[0] = 1.0
    for j, p in enumerate(probs, start=1):
        pmf[1 : j + 1] = pmf[1 : j + 1] * (1 - p) + pmf[:j] * p
        pmf[0] *= 1 - p
    return float(min(1.0, pmf[k:].sum()))


def _candidate_pairs(
    enc: _Encoded, min_identical: int
) -> tuple[list[tuple[int, int, int, int, float, float]], int]:
    """Screen all pairs; return (a, b, identical, common items, expected, binomial bound), pairs tested."""
    n = len(enc.ids)
    weighted = enc.wrong_prob * enc.same_prob.astype(np.float32)
    found: list[tuple[int, int, int, int, float, float]] = []
    tested = 0
    for start in range(0, n, BLOCK_ROWS):
        stop = min(n, start + BLOCK_ROWS)
        rest = slice(start, n)
        identical = enc.choice[start:stop] @ enc.choice[rest].T
        common = enc.answered[start:stop] @ enc.answered[rest].T
        upper = np.arange(start, n)[None, :] > np.arange(start, stop)[:, None]
        tested += int(((common > 0) & upper).sum())
        lam = weighted[start:stop] @ enc.wrong_prob[rest].T
        mask = upper & (identical >= min_identical) & (identical > lam + 2.0 * np.sqrt(lam))
        ra, rb = np.nonzero(mask)
        if ra.size == 0:
            continue
        k = identical[ra, rb].astype(np.int64)
        m = common[ra, rb].astype(np.int64)
        mu = lam[ra, rb].astype(np.float64)
        # Hoeffding (1956): a Poisson-binomial tail is below the binomial tail of equal mean.
        bound = binom.sf(k - 1, m, np.clip(mu / np.maximum(m, 1), 0.0, 1.0))
        keep = bound < SCREEN_P
        for a, b, kk, mm, ll, bb in zip(
            ra[keep], rb[keep], k[keep], m[keep], mu[keep], bound[keep], strict=True
        ):
            found.append((start + int(a), start + int(b), int(kk), int(mm), float(ll), float(bb)))
    return found, tested


def flag_similar_pairs(
    responses: Mapping[str, Mapping[str, int | None]],
    keys: Mapping[str, ItemKey],
    *,
    alpha: float = 1e-6,
    min_identical: int = 5,
) -> list[SimilarityFlag]:
    """Pairs of one sitting with improbably many identical wrong answers; most improbable first.

    ``responses`` maps session id → item id → chosen option (original index); ``keys`` covers the
    sitting's choice items. Only flags: moderators decide.
    """
    if len(responses) < 2 or not keys:
        return []
    enc = _encode(responses, keys)
    enc.wrong_prob = _fit_wrong_prob(enc.answered, enc.right)
    candidates, tested = _candidate_pairs(enc, min_identical)
    flags: list[SimilarityFlag] = []
    for a, b, k, m, lam, bound in candidates:
        both = (enc.answered[a] > 0) & (enc.answered[b] > 0)
        probs = enc.wrong_prob[a, both] * enc.wrong_prob[b, both] * enc.same_prob[both]
        p = min(bound, poisson_binomial_sf(probs.astype(np.float64), k))
        adjusted = min(1.0, p * tested)
        if adjusted < alpha:
            flags.append(SimilarityFlag(enc.ids[a], enc.ids[b], k, m, round(lam, 3), p, adjusted))
    flags.sort(key=lambda f: (f.p_value, f.session_a, f.session_b))
    return flags
