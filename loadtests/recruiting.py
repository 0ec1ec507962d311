"""Locust scenarios for recruiting: anonymous vacancy search and signed-in candidates.

Run against a seeded server (``adal demo`` then ``adal serve``):
    locust -f loadtests/recruiting.py --host http://127.0.0.1:8000
Candidates sign in as ``candidate@adal.demo`` (``ADAL_LOAD_EMAIL`` / ``ADAL_LOAD_PASSWORD`` override).
"""

from __future__ import annotations

import os
import random

from locust import HttpUser, between, task

WORDS = ("специалист", "маман", "expert", "head", "юстиции", "")
REGIONS = ("AST", "ALA", "SHY", "KAR", "")
CATEGORIES = ("C-3", "C-4", "B-4", "D-2", "A-1", "")


class VacancySeeker(HttpUser):
    """Somebody browsing vacancies without signing in."""

    wait_time = between(0.5, 2)

    @task(5)
    def search_api(self) -> None:
        """Filtered search through the JSON API."""
        params = {
            "q": random.choice(WORDS),
            "region": random.choice(REGIONS),
            "category": random.choice(CATEGORIES),
        }
        with self.client.get(
            "/api/recruiting/vacancies", params=params, name="api search", catch_response=True
        ) as r:
            items = r.json().get("items", []) if r.status_code == 200 else []
            if r.status_code != 200:
                r.failure(f"search answered {r.status_code}")
        if items:
            self.client.get(f"/api/recruiting/vacancies/{random.choice(items)['id']}", name="api vacancy")

    @task(2)
    def search_page(self) -> None:
        """The search page, in a random language."""
        lang = random.choice(("kk", "ru", "en"))
        self.client.get(
            "/vacancies",
            params={"q": random.choice(WORDS)},
            headers={"accept-language": lang},
            name="page search",
        )


class Candidate(HttpUser):
    """A signed-in candidate reading their profile and the status of their applications."""

    wait_time = between(1, 3)

    def on_start(self) -> None:
        """Get a bearer token with the password grant."""
        body = {
            "email": os.environ.get("ADAL_LOAD_EMAIL", "candidate@adal.demo"),
            "password": os.environ.get("ADAL_LOAD_PASSWORD", "adal-demo-2026"),
        }
        answer = self.client.post("/api/auth/token", json=body, name="token")
        token = answer.json().get("access_token", "") if answer.status_code == 200 else ""
        self.headers = {"Authorization": f"Bearer {token}"}

    @task(3)
    def my_applications(self) -> None:
        """The status timeline."""
        self.client.get("/api/recruiting/applications/mine", headers=self.headers, name="my applications")

    @task(1)
    def profile(self) -> None:
        """The profile (decrypted from the vault)."""
        self.client.get("/api/recruiting/profile", headers=self.headers, name="profile")
