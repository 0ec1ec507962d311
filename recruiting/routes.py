"""The recruiting router: JSON API under /api/recruiting and the pages next to it."""

from __future__ import annotations

from litestar import Router

from recruiting.api import CandidateController, VacancyController
from recruiting.api_staff import AuditorController, CommissionController, EssayReviewController, HrController
from recruiting.pages import CandidatePages, VacancyPages
from recruiting.pages_staff import AuditorPages, CommissionPages, EssayReviewPages, HrPages

router = Router(
    path="/",
    route_handlers=[
        VacancyController,
        CandidateController,
        HrController,
        CommissionController,
        EssayReviewController,
        AuditorController,
        VacancyPages,
        CandidatePages,
        HrPages,
        CommissionPages,
        EssayReviewPages,
        AuditorPages,
    ],
)
