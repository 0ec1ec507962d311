"""Ranking engine: composite, non-admitted last, tie-break order, shortlist cut with ties."""

from __future__ import annotations

import numpy as np

from recruiting.ranking import ApplicationScores, Component, rank_applications, rank_rows, shortlist_size

COMPONENTS = (
    Component("legislation", weight=0.4, pass_mark=30, max_score=55),
    Component("essay", weight=0.6, pass_mark=3, max_score=5),
)


def _row(code: str, t: float, leg: float | None, essay: float | None) -> ApplicationScores:
    scores = {k: v for k, v in (("legislation", leg), ("essay", essay)) if v is not None}
    return ApplicationScores(code, t, scores)


def test_failing_a_pass_mark_ranks_below_every_admitted_application() -> None:
    rows = [
        _row("A", 1, 55, 2),  # best composite-ish but fails the essay pass mark
        _row("B", 2, 30, 3),
        _row("C", 3, 40, None),  # essay missing counts as failing
        _row("D", 4, 45, 4),
    ]
    ranking = rank_rows(rows, COMPONENTS)
    assert ranking.codes == ["D", "B", "A", "C"]
    assert ranking.admitted.tolist() == [True, True, False, False]
    assert ranking.failed_components(2) == ["essay"]
    assert ranking.merit_rank.tolist() == [1, 2, 0, 0]
    assert ranking.shortlist(5) == ["D", "B"]


def test_composite_is_weighted_share_of_max() -> None:
    ranking = rank_rows([_row("A", 1, 44, 4)], COMPONENTS)
    assert np.isclose(ranking.composite[0], 0.4 * 44 / 55 + 0.6 * 4 / 5)


def test_tie_breaks_top_weight_then_submission_then_code() -> None:
    comps = (Component("legislation", 0.5, max_score=1), Component("essay", 0.5 + 1e-12, max_score=1))
    codes = ["P", "Q", "R", "S", "T"]
    scores = {"legislation": [0.8, 0.6, 0.6, 0.6, 0.6], "essay": [0.6, 0.8, 0.8, 0.8, 0.8]}
    ranking = rank_applications(codes, scores, [5.0, 9.0, 3.0, 3.0, 1.0], comps)
    # Equal composites; essay weighs most so Q, R, S, T (0.8) before P; then earlier time; then code.
    assert ranking.codes == ["T", "R", "S", "Q", "P"]
    assert ranking.merit_rank.tolist() == [1, 1, 1, 1, 5]


def test_shortlist_includes_ties_at_the_cut() -> None:
    comps = (Component("interview", 1.0),)
    codes = [f"C{i}" for i in range(8)]
    scores = {"interview": [9, 8, 7, 7, 7, 6, 5, 4]}
    ranking = rank_applications(codes, scores, list(range(8)), comps)
    assert ranking.shortlist(3) == ["C0", "C1", "C2", "C3", "C4"]
    assert shortlist_size(ranking, 2) == 2
    assert shortlist_size(ranking, 0) == 0
    assert ranking.shortlist(5) == ["C0", "C1", "C2", "C3", "C4"]
    assert ranking.shortlist(6) == codes[:6]


def test_large_ranking_is_a_permutation_with_sorted_composites() -> None:
    rng = np.random.default_rng(0)
    n = 20_000
    codes = [f"X{i:06d}" for i in range(n)]
    scores = {
        "legislation": rng.integers(0, 56, n).astype(float),
        "essay": rng.integers(0, 6, n).astype(float),
    }
    ranking = rank_applications(codes, scores, rng.random(n), COMPONENTS)
    assert sorted(ranking.order.tolist()) == list(range(n))
    adm = ranking.admitted
    assert not np.any(adm[1:] & ~adm[:-1])  # admitted block first
    assert np.all(np.diff(ranking.composite[adm]) <= 0)
