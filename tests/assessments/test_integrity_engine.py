"""Integrity engine: anomaly flags with reasons, answer-similarity flags for copying pairs."""

from __future__ import annotations

import numpy as np

from assessments.integrity import (
    ItemKey,
    SessionLog,
    flag_anomalies,
    flag_similar_pairs,
    session_features,
)
from assessments.integrity.features import FEATURE_NAMES
from assessments.integrity.similarity import poisson_binomial_sf


def _honest_log(rng: np.random.Generator, sid: str) -> SessionLog:
    n_items = 55
    pace = rng.lognormal(np.log(45), 0.25)
    times = rng.lognormal(np.log(pace), 0.5, size=n_items)
    used = min(float(times.sum()), 3300.0)
    return SessionLog(
        session_id=sid,
        item_seconds=tuple(times),
        focus_losses=int(rng.poisson(0.3)),
        pastes=0,
        reconnects=int(rng.poisson(0.1)),
        ip_changes=0,
        answer_changes=int(rng.poisson(3)),
        time_used_seconds=used,
        time_limit_seconds=3300.0,
        score_share=float(np.clip(rng.normal(0.55, 0.15), 0, 1)),
    )


def _cheater_log(sid: str) -> SessionLog:
    return SessionLog(
        session_id=sid,
        item_seconds=tuple([2.0] * 50 + [6.0] * 5),
        focus_losses=14,
        pastes=6,
        reconnects=1,
        ip_changes=2,
        answer_changes=0,
        time_used_seconds=140.0,
        time_limit_seconds=3300.0,
        score_share=0.98,
    )


def test_session_features_compute_fast_share_and_time_share() -> None:
    log = SessionLog(
        "s", item_seconds=(1.0, 2.0, 10.0, 20.0), time_used_seconds=33.0, time_limit_seconds=66.0
    )
    features = dict(zip(FEATURE_NAMES, session_features(log), strict=True))
    assert features["fast_answer_share"] == 0.5
    assert features["min_item_seconds"] == 1.0
    assert features["median_item_seconds"] == 6.0
    assert features["time_used_share"] == 0.5


def test_anomaly_flags_planted_cheater_with_reasons() -> None:
    rng = np.random.default_rng(7)
    logs = [_honest_log(rng, f"h{i:03d}") for i in range(400)]
    logs.insert(123, _cheater_log("cheat"))
    flags = flag_anomalies(logs)
    flagged = {f.session_id: f for f in flags}
    assert "cheat" in flagged
    assert flags[0].session_id == "cheat"
    reasons = {r.feature for r in flagged["cheat"].reasons}
    assert {"pastes", "focus_losses", "fast_answer_share"} <= reasons
    assert flagged["cheat"].status == "disputed"
    assert len(flags) <= 0.03 * len(logs)


def test_anomaly_does_not_flag_a_slow_careful_candidate() -> None:
    rng = np.random.default_rng(3)
    logs = [_honest_log(rng, f"h{i:03d}") for i in range(200)]
    slow = SessionLog(
        "slow", item_seconds=tuple([58.0] * 55), time_used_seconds=3290.0, time_limit_seconds=3300.0
    )
    flags = flag_anomalies([*logs, slow])
    assert "slow" not in {f.session_id for f in flags}


def test_anomaly_in_a_small_sitting_uses_extreme_z_only() -> None:
    rng = np.random.default_rng(5)
    logs = [_honest_log(rng, f"h{i}") for i in range(8)] + [_cheater_log("cheat")]
    assert [f.session_id for f in flag_anomalies(logs)] == ["cheat"]


def _sitting(
    rng: np.random.Generator, n_sessions: int, n_items: int
) -> tuple[dict[str, dict[str, int | None]], dict[str, ItemKey]]:
    keys = {f"i{j:03d}": ItemKey(correct=int(rng.integers(4)), n_options=4) for j in range(n_items)}
    difficulty = rng.normal(0, 1, size=n_items)
    theta = rng.normal(0, 1, size=n_sessions)
    # Each item has its own attractive distractor, as real items do.
    distractor = rng.dirichlet([3.0, 2.0, 1.0], size=n_items)
    responses: dict[str, dict[str, int | None]] = {}
    for s in range(n_sessions):
        answers: dict[str, int | None] = {}
        p_right = 1 / (1 + np.exp(-(theta[s] - difficulty)))
        for j, (item, key) in enumerate(keys.items()):
            if rng.random() < p_right[j]:
                answers[item] = key.correct
            else:
                wrong = [o for o in range(4) if o != key.correct]
                answers[item] = int(rng.choice(wrong, p=distractor[j]))
        responses[f"s{s:04d}"] = answers
    return responses, keys


def test_similarity_flags_planted_copying_pair_only() -> None:
    rng = np.random.default_rng(11)
    responses, keys = _sitting(rng, 300, 60)
    right = {s: sum(v == keys[i].correct for i, v in r.items()) for s, r in responses.items()}
    source = min(right, key=lambda s: (abs(right[s] - 20), s))  # a weak candidate, 20 of 60
    copied = dict(responses[source])
    for item in list(copied)[:3]:  # the copier changed a few answers
        copied[item] = keys[item].correct
    responses["s9999"] = copied
    flags = flag_similar_pairs(responses, keys)
    assert [(f.session_a, f.session_b) for f in flags] == [(source, "s9999")]
    assert flags[0].p_adjusted < 1e-6
    assert flags[0].identical_wrong > flags[0].expected * 2


def test_similarity_finds_nothing_among_independent_sessions() -> None:
    rng = np.random.default_rng(12)
    responses, keys = _sitting(rng, 400, 55)
    assert flag_similar_pairs(responses, keys) == []


def test_similarity_ignores_identical_right_answers() -> None:
    keys = {f"i{j}": ItemKey(correct=0, n_options=4) for j in range(40)}
    perfect: dict[str, int | None] = dict.fromkeys(keys, 0)
    responses = {f"s{i}": dict(perfect) for i in range(30)}
    assert flag_similar_pairs(responses, keys) == []


def test_poisson_binomial_tail_matches_binomial_when_probabilities_equal() -> None:
    from scipy.stats import binom

    probs = np.full(20, 0.3)
    for k in (0, 5, 12, 20):
        assert np.isclose(poisson_binomial_sf(probs, k), binom.sf(k - 1, 20, 0.3), rtol=1e-9)
    assert poisson_binomial_sf(probs, 21) == 0.0
