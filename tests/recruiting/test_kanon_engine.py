"""k-anonymity of HR applicant views: every shown combination shared by at least k applicants."""

from __future__ import annotations

import random
from collections import Counter

import pytest

from recruiting.kanon import k_anonymize

ATTRS = ["education_level", "years_experience", "languages", "region"]
EDU = ["secondary", "vocational", "bachelor", "master", "phd"]
LANGS = [["kk"], ["ru"], ["kk", "ru"], ["kk", "ru", "en"], ["en", "ru"]]
REGIONS = ["astana", "almaty", "shymkent", "karaganda", "aktobe", "pavlodar", "abai", "turkistan"]


def _rows(rng: random.Random, n: int) -> list[dict[str, object]]:
    return [
        {
            "code": f"A-{i:04d}",
            "education_level": rng.choice(EDU),
            "years_experience": rng.randint(0, 25),
            "languages": rng.choice(LANGS),
            "region": rng.choice(REGIONS),
        }
        for i in range(n)
    ]


@pytest.mark.parametrize(("seed", "n"), [(1, 5), (2, 12), (3, 40), (4, 150), (5, 600)])
def test_k_anonymity_holds_for_k3_on_random_data(seed: int, n: int) -> None:
    result = k_anonymize(_rows(random.Random(seed), n), ATTRS, k=3)
    counts = Counter(tuple(r[a] for a in ATTRS) for r in result.rows)
    assert min(counts.values()) >= 3
    assert [r["code"] for r in result.rows] == [f"A-{i:04d}" for i in range(n)]


def test_generalises_bands_before_hiding_a_column_and_says_so() -> None:
    years = (1, 2, 2, 4, 5, 7, 8, 9)  # bands 0–2/3–5/6–10 leave 3–5 with two; 0–5/6+ works
    rows = [{"education_level": "master", "years_experience": y, "region": "astana"} for y in years]
    result = k_anonymize(rows, ["education_level", "years_experience", "region"], k=3)
    assert result.levels == {"education_level": 0, "years_experience": 2, "region": 0}
    assert [r["years_experience"] for r in result.rows] == ["0–5"] * 5 + ["6+"] * 3
    assert result.generalised == {"years_experience": "bands 0–5, 6+"}
    assert "years experience" in result.note and "at least 3" in result.note


def test_hides_a_column_only_when_no_generalisation_suffices() -> None:
    rows = [{"years_experience": 4, "region": r} for r in ("astana", "almaty", "aktobe", "abai")]
    result = k_anonymize(rows, ["years_experience", "region"], k=3)
    assert result.levels == {"years_experience": 0, "region": 2}
    assert {r["region"] for r in result.rows} == {"*"}


def test_already_anonymous_rows_are_shown_as_recorded() -> None:
    rows = [{"region": "astana", "years_experience": 3}] * 4
    result = k_anonymize(rows, ["region", "years_experience"], k=3)
    assert result.generalised == {} and result.rows[0]["years_experience"] == "3"
    assert "as recorded" in result.note


def test_too_few_applicants_hides_everything() -> None:
    result = k_anonymize([{"region": "astana"}, {"region": "almaty"}], ["region"], k=3)
    assert not result.satisfied
    assert {r["region"] for r in result.rows} == {"*"}
