"""Pure recruiting rules: post categories, the application status machine and eligibility screening."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

CATEGORY = re.compile(r"^[A-E]-(?:[1-9]|1[0-9])$")
EDUCATION_ORDER = ("secondary", "vocational", "bachelor", "specialist", "master", "phd")
TESTS = ("legislation", "personal_qualities", "digital_literacy")
VACANCY_FLOW = {"draft": {"published"}, "published": {"closed"}, "closed": {"decided"}, "decided": set()}

TRANSITIONS: dict[str, frozenset[str]] = {
    "submitted": frozenset({"eligible", "ineligible", "withdrawn"}),
    "eligible": frozenset({"essay", "interview", "rejected", "withdrawn"}),
    "essay": frozenset({"interview", "rejected", "withdrawn"}),
    "interview": frozenset({"selected", "reserve", "rejected", "withdrawn"}),
    "reserve": frozenset({"selected"}),
    "ineligible": frozenset(),
    "rejected": frozenset(),
    "selected": frozenset(),
    "withdrawn": frozenset(),
}
STAGES = ("submitted", "eligible", "shortlisted", "interview", "selected")
"""Funnel stages in order: the first cut (essay or interview) is 'shortlisted'; reserve reached interview."""
_STAGE_OF = {"submitted": 0, "eligible": 1, "essay": 2, "interview": 3, "reserve": 3, "selected": 4}
FINAL = frozenset({"selected", "reserve"})


class InvalidTransition(ValueError):
    """A status change the machine does not allow."""


def check_transition(current: str, target: str) -> None:
    """Raise InvalidTransition unless ``current`` → ``target`` is allowed."""
    if target not in TRANSITIONS.get(current, frozenset()):
        allowed = ", ".join(sorted(TRANSITIONS.get(current, frozenset()))) or "none"
        raise InvalidTransition(f"An application cannot go from {current} to {target} (allowed: {allowed}).")


def furthest_stage(status: str, reached: Sequence[str] = ()) -> int:
    """Index in STAGES of the furthest stage an application reached (history included)."""
    return max(_STAGE_OF.get(s, 0) for s in (status, *reached))


def valid_category(code: str) -> bool:
    """True for post categories such as A-1, B-4, C-3, D-2, E-1."""
    return bool(CATEGORY.match(code))


@dataclass(frozen=True, slots=True)
class Merit:
    """The merit data eligibility is judged on."""

    education_level: str
    years_experience: float
    skills: Sequence[str]
    languages: Sequence[str]


def _rank(level: str) -> int:
    return EDUCATION_ORDER.index(level) if level in EDUCATION_ORDER else -1


def screen(merit: Merit | None, requirements: Mapping[str, Any]) -> list[str]:
    """Reasons why ``merit`` fails ``requirements``; empty when the candidate is eligible."""
    if merit is None:
        return ["No merit profile: fill in education, experience, skills and languages."]
    reasons: list[str] = []
    need_edu = requirements.get("education_level")
    if need_edu and _rank(merit.education_level) < _rank(str(need_edu)):
        reasons.append(f"Education {merit.education_level or 'none'} is below the required {need_edu}.")
    need_years = float(requirements.get("min_years", 0) or 0)
    if merit.years_experience < need_years:
        reasons.append(f"{merit.years_experience:g} years of experience; at least {need_years:g} required.")
    have_skills = {s.strip().lower() for s in merit.skills}
    missing = [s for s in requirements.get("skills", []) if s.strip().lower() not in have_skills]
    if missing:
        reasons.append("Missing required skills: " + ", ".join(missing) + ".")
    have_langs = {x.strip().lower() for x in merit.languages}
    langs = [x for x in requirements.get("languages", []) if x.strip().lower() not in have_langs]
    if langs:
        reasons.append("Missing required languages: " + ", ".join(langs) + ".")
    return reasons


def validate_assessments(items: Sequence[Mapping[str, Any]]) -> list[str]:
    """Problems with an assessment blueprint (unknown tests, bad weights or pass marks)."""
    problems: list[str] = []
    seen: set[str] = set()
    for item in items:
        test = str(item.get("test", ""))
        if test not in TESTS:
            problems.append(f"Unknown test {test!r}; choose from {', '.join(TESTS)}.")
        if test in seen:
            problems.append(f"Test {test} is listed twice.")
        seen.add(test)
        weight = item.get("weight", 0)
        if not isinstance(weight, int | float) or weight < 0:
            problems.append(f"Weight of {test} must be a number ≥ 0.")
        mark, top = item.get("pass_mark"), item.get("max_score", 100)
        if mark is not None and (not isinstance(mark, int | float) or not 0 <= mark <= top):
            problems.append(f"Pass mark of {test} must lie between 0 and {top}.")
    return problems
