"""Fairness engine: rates, four-fifths ratios, Fisher's exact test, suppression, shortlist warning."""

from __future__ import annotations

import pytest
from scipy.stats import fisher_exact

from recruiting.fairness import adverse_impact, funnel_impact, shortlist_warning


def _data() -> tuple[list[str], list[bool]]:
    groups = ["kk"] * 50 + ["ru"] * 40 + ["other"] * 6
    selected = [i < 25 for i in range(50)] + [i < 10 for i in range(40)] + [True] * 6
    return groups, selected


def test_rates_ratios_and_fisher_against_highest_group() -> None:
    report = adverse_impact(*_data())
    by = {g.group: g for g in report.groups}
    assert report.reference == "kk"
    assert by["kk"].rate == 0.5 and by["kk"].is_reference and by["kk"].p_value is None
    assert by["ru"].rate == 0.25 and by["ru"].impact_ratio == pytest.approx(0.5)
    assert by["ru"].below_four_fifths
    expected = fisher_exact([[10, 30], [25, 25]]).pvalue
    assert by["ru"].p_value == pytest.approx(expected)
    assert 0.01 < expected < 0.05


def test_small_groups_are_suppressed_not_computed() -> None:
    report = adverse_impact(*_data())
    other = next(g for g in report.groups if g.group == "other")
    assert other.suppressed
    assert (other.n, other.rate, other.impact_ratio, other.p_value) == (None, None, None, None)
    # The suppressed group's 100 % rate must not become the reference.
    assert report.reference == "kk"


def test_funnel_uses_previous_stage_as_pool() -> None:
    groups = ["a"] * 20 + ["b"] * 20
    furthest = [2] * 10 + [0] * 10 + [1] * 10 + [0] * 10
    screening, essay = funnel_impact(groups, furthest, ["applied", "screened", "essay"])
    assert {g.group: g.rate for g in screening.groups} == {"a": 0.5, "b": 0.5}
    assert essay.stage == "essay"
    assert {g.group: g.suppressed for g in essay.groups} == {"a": False, "b": False}
    assert {g.group: g.rate for g in essay.groups} == {"a": 1.0, "b": 0.0}


def test_shortlist_warning_before_a_cut_that_breaks_four_fifths() -> None:
    codes = [f"c{i}" for i in range(40)]
    groups = {c: ("a" if i % 2 == 0 else "b") for i, c in enumerate(codes)}
    # Interleaved ranking: any even cut is balanced.
    assert shortlist_warning(codes, groups, 10) is None
    skewed = [c for c in codes if groups[c] == "a"] + [c for c in codes if groups[c] == "b"]
    warning = shortlist_warning(skewed, groups, 10)
    assert warning is not None
    assert [g.group for g in warning.groups] == ["b"]
    assert "b 0.00" in warning.message and "0.8" in warning.message
