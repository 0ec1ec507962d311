"""The assessments router: the candidate and staff JSON API, the pages and the public verify page."""

from __future__ import annotations

from litestar import Router

from assessments.api import CandidateApi
from assessments.pages import CandidatePages, verify_form, verify_page
from assessments.staff_api import AccommodationApi, AnalysisApi, BankApi, ReviewApi
from assessments.staff_pages import StaffPages

router = Router(
    path="/",
    route_handlers=[
        CandidateApi,
        BankApi,
        AnalysisApi,
        ReviewApi,
        AccommodationApi,
        CandidatePages,
        StaffPages,
        verify_form,
        verify_page,
    ],
)
