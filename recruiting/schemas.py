"""Request and response bodies of the recruiting API (msgspec); HR bodies carry codes, never identities."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from msgspec import Struct, field

from recruiting.models import Vacancy


class RequirementsIn(Struct):
    """What a candidate must have to be screened in."""

    education_level: str | None = None
    min_years: float = 0
    skills: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)


class AssessmentIn(Struct):
    """One test of the blueprint: its weight in the composite and its pass mark."""

    test: str
    weight: float
    pass_mark: float | None = None
    max_score: float = 100.0


class VacancyWrite(Struct):
    """A vacancy as HR writes it."""

    body_id: int
    title: dict[str, str]
    category: str
    region_code: str
    opens_at: datetime
    closes_at: datetime
    description: dict[str, str] = field(default_factory=dict)
    requirements: RequirementsIn = field(default_factory=RequirementsIn)
    assessments: list[AssessmentIn] = field(default_factory=list)
    commission: list[int] = field(default_factory=list)
    senior: bool = False


class VacancyRead(Struct):
    """A vacancy as anyone may read it once published."""

    id: int
    body_id: int
    title: dict[str, str]
    description: dict[str, str]
    category: str
    region_code: str
    requirements: dict[str, Any]
    assessments: list[dict[str, Any]]
    opens_at: datetime
    closes_at: datetime
    status: str
    senior: bool
    published_at: datetime | None

    @classmethod
    def of(cls, v: Vacancy) -> VacancyRead:
        """From the table row."""
        return cls(
            v.id,
            v.body_id,
            v.title,
            v.description,
            v.category,
            v.region_code,
            v.requirements,
            v.assessments,
            v.opens_at,
            v.closes_at,
            v.status,
            v.senior,
            v.published_at,
        )


class VacancyPage(Struct):
    """A page of search results."""

    items: list[VacancyRead]
    total: int
    page: int
    per_page: int


class PersonalData(Struct):
    """The candidate's personal data (stored encrypted; shown to them and, after a reveal, to HR)."""

    full_name: str | None = None
    iin: str | None = None
    birth_date: str | None = None
    phone: str | None = None
    email: str | None = None
    address: str | None = None
    photo_ref: str | None = None


class MeritIn(Struct):
    """Merit data: what HR sees, anonymised."""

    education_level: str = "bachelor"
    field_of_study: str = ""
    years_experience: float = 0
    skills: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    wants_matches: bool = True


class DemographicsIn(Struct):
    """Volunteered equality data; leave empty to not say."""

    gender: str | None = None
    age_band: str | None = None
    region_of_origin: str | None = None
    ethnicity: str | None = None
    disability: str | None = None


class ProfileWrite(Struct):
    """The candidate's whole profile."""

    personal: PersonalData = field(default_factory=PersonalData)
    merit: MeritIn = field(default_factory=MeritIn)
    demographics: DemographicsIn = field(default_factory=DemographicsIn)


class StepRead(Struct):
    """One step of an application's timeline."""

    status: str
    at: datetime
    note: str


class MyApplication(Struct):
    """An application as its candidate sees it."""

    id: int
    code: str
    vacancy_id: int
    vacancy_title: dict[str, str]
    status: str
    eligibility_reasons: list[str]
    submitted_at: datetime
    timeline: list[StepRead]


class AnswerIn(Struct):
    """An essay or interview answer."""

    question: str
    text: str


class ApplicantRead(Struct):
    """An applicant as HR sees them: code and k-anonymised merit, no identity."""

    application_id: int
    code: str
    status: str
    eligible: bool | None
    position: int | None
    composite: float | None
    admitted: bool | None
    failed: list[str]
    merit: dict[str, str]


class ApplicantListRead(Struct):
    """A vacancy's ranked applicants, the k-anonymity note and the funnel."""

    vacancy_id: int
    applicants: list[ApplicantRead]
    note: str
    funnel: dict[str, int]
    total: int


class ShortlistIn(Struct):
    """Preview or make a cut."""

    stage: str
    apply: bool = False


class ShortlistRead(Struct):
    """Who the cut takes and leaves, and the fairness warning."""

    stage: str
    taken: list[str]
    left: list[str]
    warning: str | None


class DecisionIn(Struct):
    """The final decision by codes."""

    selected: str
    reserve: list[str] = field(default_factory=list)


class StatusIn(Struct):
    """A manual stage action."""

    status: str
    note: str = ""


class RevealIn(Struct):
    """Why HR needs to know who this is."""

    reason: str


class ScoreIn(Struct):
    """A reviewer's criterion scores (1–5) for one answer."""

    question: str
    criteria: dict[str, int]


class BlindItemRead(Struct):
    """An answer under review."""

    application_id: int
    code: str
    text: str
    mine: dict[str, int] | None
    peers_mean: float | None
    complete: bool


class GroupRead(Struct):
    """One group at one stage (numbers null when suppressed)."""

    group: str
    suppressed: bool
    n: int | None
    selected: int | None
    rate: float | None
    impact_ratio: float | None
    p_value: float | None
    below_four_fifths: bool


class StageRead(Struct):
    """One stage of the fairness report."""

    stage: str
    reference: str | None
    groups: list[GroupRead]


class RevealRead(Struct):
    """An entry of the reveal log."""

    id: int
    application_code: str
    vacancy_id: int
    actor_id: int
    reason: str
    at: datetime


class EssayScoreIn(Struct):
    """A reviewer's points for one assessment essay: a whole number from 0 to the essay's maximum (5)."""

    points: int


class BlindEssayRead(Struct):
    """An assessment essay under blind review: no name, no sitting, peers' mean only once all scored."""

    id: int
    code: str
    text: str
    max_points: float
    mine: int | None
    peers_mean: float | None
    complete: bool

    @classmethod
    def of(cls, essay: Any) -> BlindEssayRead:
        """From an ``essays.BlindEssay``."""
        return cls(
            essay.id, essay.code, essay.text, essay.max_points, essay.mine, essay.peers_mean, essay.complete
        )
