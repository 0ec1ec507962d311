"""Fairness engine: selection rates by group and stage, adverse impact ratios, Fisher's exact test.

A group's adverse impact ratio is its selection rate divided by the highest rate among shown groups
(the four-fifths rule flags a ratio under 0.8). Each group is compared with that reference group by
Fisher's exact test (two-sided). Groups with fewer than ``min_n`` members are suppressed: shown as
suppressed, never computed, so no small group can be singled out.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from scipy.stats import fisher_exact

MIN_GROUP_SIZE = 10
FOUR_FIFTHS = 0.8


@dataclass(frozen=True, slots=True)
class GroupImpact:
    """One group at one stage; numbers are None when suppressed."""

    group: str
    suppressed: bool
    n: int | None
    selected: int | None
    rate: float | None
    impact_ratio: float | None
    p_value: float | None
    is_reference: bool = False

    @property
    def below_four_fifths(self) -> bool:
        """True when the ratio is known and under 0.8."""
        return self.impact_ratio is not None and self.impact_ratio < FOUR_FIFTHS


@dataclass(frozen=True, slots=True)
class StageImpact:
    """All groups at one stage (pool = those who reached the previous stage)."""

    stage: str
    groups: tuple[GroupImpact, ...]
    reference: str | None


def adverse_impact(
    groups: Sequence[str], selected: Sequence[bool], *, stage: str = "", min_n: int = MIN_GROUP_SIZE
) -> StageImpact:
    """Selection rate, impact ratio and Fisher p-value per group for one selection decision."""
    if len(groups) != len(selected):
        raise ValueError("groups and selected differ in length")
    totals = Counter(groups)
    chosen = Counter(g for g, s in zip(groups, selected, strict=True) if s)
    shown = sorted(g for g, n in totals.items() if n >= min_n)
    rates = {g: chosen[g] / totals[g] for g in shown}
    reference = max(shown, key=lambda g: (rates[g], totals[g], g)) if shown else None
    best = rates[reference] if reference is not None else 0.0
    rows: list[GroupImpact] = []
    for g in sorted(totals):
        if g not in rates:
            rows.append(GroupImpact(g, True, None, None, None, None, None))
            continue
        ratio = rates[g] / best if best > 0 else None
        p = None
        if reference is not None and g != reference:
            ref_n, ref_s = totals[reference], chosen[reference]
            table = [[chosen[g], totals[g] - chosen[g]], [ref_s, ref_n - ref_s]]
            p = float(fisher_exact(table, alternative="two-sided").pvalue)
        rows.append(GroupImpact(g, False, totals[g], chosen[g], rates[g], ratio, p, g == reference))
    return StageImpact(stage, tuple(rows), reference)


def funnel_impact(
    groups: Sequence[str],
    furthest_stage: Sequence[int],
    stages: Sequence[str],
    *,
    min_n: int = MIN_GROUP_SIZE,
) -> list[StageImpact]:
    """Impact at each stage transition: the pool reached stage k-1, selected reached stage k."""
    report: list[StageImpact] = []
    for k in range(1, len(stages)):
        pool = [(g, s) for g, s in zip(groups, furthest_stage, strict=True) if s >= k - 1]
        report.append(
            adverse_impact([g for g, _ in pool], [s >= k for _, s in pool], stage=stages[k], min_n=min_n)
        )
    return report


@dataclass(frozen=True, slots=True)
class ShortlistWarning:
    """What a cut would do to impact ratios, said before the cut is made."""

    cut: int
    groups: tuple[GroupImpact, ...]
    message: str


def shortlist_warning(
    ranking: Sequence[str],
    groups: Mapping[str, str],
    cut: int,
    *,
    min_n: int = MIN_GROUP_SIZE,
    threshold: float = FOUR_FIFTHS,
) -> ShortlistWarning | None:
    """Warn if taking the first ``cut`` of ``ranking`` (codes in rank order) puts a group under 0.8."""
    labels = [groups.get(code, "unknown") for code in ranking]
    impact = adverse_impact(labels, [i < cut for i in range(len(ranking))], stage="shortlist", min_n=min_n)
    low = tuple(g for g in impact.groups if g.impact_ratio is not None and g.impact_ratio < threshold)
    if not low:
        return None
    parts = ", ".join(f"{g.group} {g.impact_ratio:.2f}" for g in low)
    message = (
        f"Shortlisting the top {cut} would put the selection-rate ratio of {parts} "
        f"under {threshold:g} of the highest group ({impact.reference})."
    )
    return ShortlistWarning(cut, low, message)
