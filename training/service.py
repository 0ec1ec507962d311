"""Training's public service API, for routes, jobs, the CLI and other domains (which import only this)."""

from __future__ import annotations

from training.assignments import AssignmentService
from training.certificates import CertificateService, Verification
from training.courses import CourseService
from training.dashboard import DashboardService, Filters
from training.learning import LearningService
from training.quiz import QuizResult, QuizService
from training.reminders import ReminderService
from training.roster_import import RosterImportService
from training.statements import StatementLog

__all__ = [
    "AssignmentService",
    "CertificateService",
    "CourseService",
    "DashboardService",
    "Filters",
    "LearningService",
    "QuizResult",
    "QuizService",
    "ReminderService",
    "RosterImportService",
    "StatementLog",
    "Verification",
]
