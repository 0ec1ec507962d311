"""The training router: learner, admin and public pages, and the JSON API under /api/training."""

from __future__ import annotations

from litestar import Router

from training.api import AdminApi, LearnerApi, PublicApi
from training.web_admin import AdminPages
from training.web_learner import LearnerPages
from training.web_public import PublicPages

router = Router(
    path="/",
    route_handlers=[LearnerPages, AdminPages, PublicPages, LearnerApi, PublicApi, AdminApi],
)
