"""The item-analysis report's engines: alpha on random forms, the language-DIF flag, options and charts."""

from __future__ import annotations

import numpy as np
import pytest

from assessments.analysis import DIF_FLAG, MIN_DISTRACTOR_CHOOSERS, item_flags, language_dif, option_rows
from assessments.irt.classical import cronbach_alpha, form_reliability, pairwise_covariance
from assessments.irt.dif import mantel_haenszel_dif
from assessments.staff_pages import analysis_charts, bar_chart
from tests.assessments.test_psychometrics_classical import KNOWN

SECTIONS, SECTION_BANK, SECTION_FORM = 3, 40, 12


def _random_forms(persons: int = 1500, seed: int = 3) -> tuple[np.ndarray, np.ndarray, list[np.ndarray]]:
    """Every person answers the whole simulated 2PL bank; each is shown a random form of 12 per section."""
    rng = np.random.default_rng(seed)
    bank = SECTIONS * SECTION_BANK
    theta = rng.normal(size=persons)
    a, b = rng.uniform(0.7, 2.0, bank), rng.normal(size=bank)
    full = (rng.random((persons, bank)) < 1 / (1 + np.exp(-a * (theta[:, None] - b)))).astype(float)
    forms = [
        np.sort(
            np.concatenate(
                [
                    s * SECTION_BANK + rng.choice(SECTION_BANK, SECTION_FORM, replace=False)
                    for s in range(SECTIONS)
                ]
            )
        )
        for _ in range(persons)
    ]
    shown = np.full_like(full, np.nan)
    for person, form in enumerate(forms):
        shown[person, form] = full[person, form]
    return full, shown, forms


def test_alpha_on_random_forms_matches_the_full_data_alpha_of_the_same_forms() -> None:
    full, shown, forms = _random_forms()
    assert np.isnan(cronbach_alpha(shown))  # nobody saw every item: the complete-case alpha is undefined
    estimate = form_reliability(shown)
    truth = np.mean([cronbach_alpha(full[:, form]) for form in forms[:400]])
    assert estimate.alpha == pytest.approx(truth, abs=0.015)
    assert estimate.forms == len(forms) and estimate.items_per_form == SECTIONS * SECTION_FORM
    assert estimate.pair_coverage == 1.0 and estimate.mean_pair_n > 2
    assert cronbach_alpha(full) - estimate.alpha > 0.03  # the form's reliability, not the whole bank's


def test_section_alpha_on_random_forms_matches_the_full_data_alpha() -> None:
    full, shown, forms = _random_forms(seed=5)
    columns = np.arange(SECTION_BANK)  # the first section
    estimate = form_reliability(shown[:, columns])
    truth = np.mean([cronbach_alpha(full[:, form[form < SECTION_BANK]]) for form in forms[:400]])
    assert estimate.items_per_form == SECTION_FORM
    assert estimate.alpha == pytest.approx(truth, abs=0.02)


def test_alpha_equals_cronbach_alpha_and_kr20_on_complete_data() -> None:
    assert form_reliability(KNOWN).alpha == pytest.approx(14 / 33)
    rng = np.random.default_rng(11)
    polytomous = np.clip(rng.normal(size=(50, 1)) + rng.normal(size=(50, 6)), -2, 2).round() + 2
    assert form_reliability(polytomous).alpha == pytest.approx(cronbach_alpha(polytomous))


def test_pairwise_covariance_uses_the_persons_who_saw_both_items() -> None:
    scores = np.array([[1, 0, np.nan], [0, 0, 1], [1, 1, 1], [np.nan, 1, 0], [1, np.nan, 0]], dtype=float)
    cov, n = pairwise_covariance(scores)
    both = ~np.isnan(scores[:, 0]) & ~np.isnan(scores[:, 2])
    assert n[0, 2] == both.sum() == 3
    assert cov[0, 2] == pytest.approx(np.cov(scores[both, 0], scores[both, 2])[0, 1])
    assert cov[1, 1] == pytest.approx(np.var(scores[[0, 1, 2, 3], 1], ddof=1))


def test_alpha_is_undefined_when_no_two_items_were_seen_together_twice() -> None:
    scores = np.full((4, 8), np.nan)
    for person in range(4):
        scores[person, 2 * person : 2 * person + 2] = [person % 2, 1]
    result = form_reliability(scores)
    assert np.isnan(result.alpha) and result.forms == 0 and result.pair_coverage == 0.0


def _two_versions(shift: float, seed: int) -> tuple[np.ndarray, list[str]]:
    rng = np.random.default_rng(seed)
    n, items = 600, 15
    languages = ["kk" if k % 2 else "ru" for k in range(n)]
    theta = rng.normal(size=n)
    b = np.broadcast_to(np.linspace(-1, 1, items), (n, items)).copy()
    b[[k for k, lang in enumerate(languages) if lang == "ru"], 0] += shift  # item 0 is harder in Russian
    scores = (rng.random((n, items)) < 1 / (1 + np.exp(-(theta[:, None] - b)))).astype(float)
    scores[rng.random(scores.shape) < 0.3] = np.nan  # random forms: not every item shown
    return scores, languages


def test_large_language_dif_becomes_the_dif_flag_and_moderate_dif_does_not() -> None:
    scores, languages = _two_versions(shift=1.6, seed=4)
    result = language_dif(scores, languages)
    assert result is not None
    delta, classes = result
    assert classes[0] == "C" and delta[0] < -1.5  # harder for the focal (Russian) group
    assert (classes[1:] != "C").all()
    flags = [item_flags([], str(c)) for c in classes]
    assert flags[0] == [DIF_FLAG] and all(f == [] for f in flags[1:])
    assert item_flags(["too_easy"], "B") == ["too_easy"]  # B is reported, not flagged
    assert item_flags(["too_easy"], "C") == [DIF_FLAG, "too_easy"]
    assert item_flags([], None) == []


def test_dif_that_separates_the_groups_completely_is_still_classified() -> None:
    rng = np.random.default_rng(2)
    focal = np.arange(60) % 2 == 1
    theta = rng.normal(size=60)
    clean = (rng.random((60, 8)) < 1 / (1 + np.exp(-theta[:, None]))).astype(float)
    biased = np.where(focal, 0.0, 1.0)  # every Kazakh candidate right, every Russian one wrong
    result = mantel_haenszel_dif(np.column_stack([biased, clean]), focal)
    assert np.isfinite(result.delta_mh[0]) and result.ets_class[0] == "C"


def test_items_seen_by_too_few_of_a_group_get_no_dif_estimate() -> None:
    scores, languages = _two_versions(shift=2.0, seed=6)
    focal = np.array(languages) == "ru"
    scores[np.flatnonzero(focal)[9:], 0] = np.nan  # item 0: only nine Russian-language sittings saw it
    result = mantel_haenszel_dif(scores, focal, min_group=10)
    assert np.isnan(result.delta_mh[0]) and result.ets_class[0] == "A"
    assert np.isfinite(result.delta_mh[1:]).all()


def test_a_distractor_chosen_by_stronger_candidates_than_the_key_is_marked() -> None:
    chosen = np.array([0, 0, 0, 1, 1, 1, 2, 2, 2, 2, 3, -1])
    total = np.array([20, 22, 24, 40, 41, 42, 10, 11, 12, 13, 50, 30], dtype=float)
    share = np.array([(chosen == k).sum() / 11 for k in range(4)])
    means = np.array([total[chosen == k].mean() for k in range(4)])
    rows = option_rows(chosen, share, means, key=0, n_options=4)
    assert [o.label for o in rows] == ["A", "B", "C", "D"]
    assert [o.key for o in rows] == [True, False, False, False]
    assert [o.chosen for o in rows] == [3, 3, 4, 1]
    assert rows[1].mean_total == pytest.approx(41.0) and rows[1].share == pytest.approx(3 / 11, abs=1e-3)
    # B beats the key; D too, but one candidate is below MIN_DISTRACTOR_CHOOSERS; C is weaker
    assert MIN_DISTRACTOR_CHOOSERS > 1
    assert [o.above_key for o in rows] == [False, True, False, False]
    assert option_rows(np.full(5, -1), share, means, key=0, n_options=4) == []  # not a choice item


def test_point_biserial_chart_draws_negative_bars_left_of_the_zero_line() -> None:
    rows = [
        {"key": "A-1", "p": 0.5, "rpb": 0.42, "flags": []},
        {"key": "A-2", "p": 0.6, "rpb": -0.35, "flags": ["negative_discrimination"]},
        {"key": "A-3", "p": 0.97, "rpb": None, "flags": ["too_easy", DIF_FLAG]},
    ]
    charts = analysis_charts(rows)
    rpb = charts["rpb"]
    zero = rpb["zero"]
    good, bad, missing = rpb["bars"]
    assert good["x"] == pytest.approx(zero) and good["width"] > 0 and not good["negative"]
    assert bad["negative"] and bad["x"] < zero and bad["x"] + bad["width"] == pytest.approx(zero)
    assert bad["width"] / good["width"] == pytest.approx(0.35 / 0.42, rel=0.01)
    assert missing["width"] == 0 and missing["dif"] and rpb["dif"] == ["A-3"]
    assert rpb["negative"] == ["A-2"] and any(t["guide"] for t in rpb["ticks"])
    p = charts["p"]
    assert p["zero"] == bar_chart(rows)["zero"] and all(b["x"] == p["zero"] for b in p["bars"])
    assert p["flagged"] == ["A-2", "A-3"]
