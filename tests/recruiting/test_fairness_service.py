"""The auditor's fairness report: rates per stage, impact ratios, small groups suppressed."""

from __future__ import annotations

import pytest

from recruiting.errors import Invalid
from recruiting.reports import ReportService
from recruiting.stages import StageService
from tests.recruiting.conftest import World
from tests.recruiting.flows import ranked_contest


async def test_groups_under_ten_are_suppressed_and_others_reported(world: World) -> None:
    genders = ["male"] * 12 + ["female"] * 11 + ["other"] * 3
    scores = [80.0] * 6 + [20.0] * 6 + [80.0] * 3 + [20.0] * 8 + [80.0] * 3
    contest = await ranked_contest(world, scores, genders=genders)
    await StageService(world.session).shortlist(world.hr, contest.vacancy.id, "interview", apply=True)
    report = await ReportService(world.session).fairness(attribute="gender", vacancy_id=contest.vacancy.id)
    by_stage = {s.stage: {g.group: g for g in s.groups} for s in report}
    eligible = by_stage["eligible"]
    assert eligible["other"].suppressed and eligible["other"].rate is None
    assert not eligible["male"].suppressed and eligible["male"].n == 12
    interview = by_stage["shortlisted"]
    assert interview["male"].rate == pytest.approx(6 / 12)
    assert interview["female"].rate == pytest.approx(3 / 11)
    assert interview["female"].impact_ratio == pytest.approx((3 / 11) / (6 / 12))
    assert interview["female"].p_value is not None


async def test_unknown_report_attribute_is_refused(world: World) -> None:
    with pytest.raises(Invalid):
        await ReportService(world.session).fairness(attribute="religion")
