"""Locust scenario: civil servants sign in, open their course, read lessons, take and submit the quiz.

    # once: staff accounts on the roster, enrolled in a course, with a known password
    ADAL_DATABASE_URL=postgresql+asyncpg://... .venv/bin/python loadtests/training.py prepare --count 500
    # then
    .venv/bin/locust -f loadtests/training.py --host http://127.0.0.1:8000 -u 500 -r 20

Accounts are read from ``var/loadtest_staff.csv`` (``ADAL_LOADTEST_STAFF`` overrides the path).
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import itertools
import os
import random
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from locust import HttpUser, between, task
from locust.exception import StopUser

ROOT = Path(__file__).resolve().parent.parent
ACCOUNTS = Path(os.environ.get("ADAL_LOADTEST_STAFF", ROOT / "var" / "loadtest_staff.csv"))
PASSWORD = "Loadtest-Adal-2026!"
_next_account = itertools.count()


class Staff(HttpUser):
    """One civil servant working through a course: lessons with reading time, then the quiz."""

    wait_time = between(2, 8)  # reading and thinking time
    accounts: list[dict[str, str]] = []

    def on_start(self) -> None:
        """Sign in with the password grant and pick the first open course."""
        if not Staff.accounts:
            with ACCOUNTS.open(encoding="utf-8") as fh:
                Staff.accounts = list(csv.DictReader(fh))
        account = Staff.accounts[next(_next_account) % len(Staff.accounts)]
        r = self.client.post(
            "/api/auth/token", json={"email": account["email"], "password": account["password"]}
        )
        r.raise_for_status()
        self.client.headers["Authorization"] = f"Bearer {r.json()['access_token']}"
        self.client.headers["Accept-Language"] = random.choice(["kk", "ru", "en"])
        mine = self.client.get("/api/training/me/enrolments").json()
        open_courses = [e for e in mine if e["status"] != "completed"]
        if not open_courses:
            raise StopUser()
        self.course = open_courses[0]["course_id"]
        outline = self.client.get(
            f"/api/training/courses/{self.course}/lessons", name="/api/training/courses/[id]/lessons"
        ).json()
        self.todo = [x["id"] for x in outline if not x["completed"]]

    @task(10)
    def read_lesson(self) -> None:
        """Open the next lesson and mark it done (or take the quiz when none is left)."""
        if not self.todo:
            self.take_quiz()
            return
        lesson = self.todo.pop(0)
        base = f"/api/training/courses/{self.course}/lessons/{lesson}"
        self.client.get(base, name="/api/training/courses/[id]/lessons/[id]")
        self.client.post(f"{base}/complete", name="/api/training/courses/[id]/lessons/[id]/complete")

    @task(1)
    def dashboard(self) -> None:
        """Look at my courses again."""
        self.client.get("/api/training/me/enrolments")

    def take_quiz(self) -> None:
        """Start the quiz, answer every question at random, submit, leave."""
        quiz: dict[str, Any] = self.client.post(
            f"/api/training/courses/{self.course}/quiz", name="/api/training/courses/[id]/quiz"
        ).json()
        answers: dict[str, Any] = {}
        for item in quiz["items"]:
            n = max(1, len(item["options"]))
            answers[item["item_id"]] = (
                [random.randrange(n)] if item["type"] == "multiple" else random.randrange(n)
            )
        self.client.post(
            f"/api/training/courses/{self.course}/quiz/{quiz['attempt_id']}",
            json={"answers": answers},
            name="/api/training/courses/[id]/quiz/[attempt]",
        )
        raise StopUser()


async def _prepare(count: int) -> None:
    sys.path.insert(0, str(ROOT))
    from app.settings import load_settings
    from auth.principal import Grant, Role
    from auth.service import AccountService, OrgService
    from training.models import StaffMember
    from training.service import CourseService, LearningService
    from workers import runtime
    from workers.uow import commit

    runtime.configure(load_settings())
    rows = []
    async with runtime.session() as db:
        org = OrgService(db)
        await org.ensure_regions()
        body = await org.body_by_name("Load test body") or await org.create_body(
            name_kk="Жүктеме органы",
            name_ru="Орган нагрузочного теста",
            name_en="Load test body",
            region_code="AST",
        )
        course = (await CourseService(db).seed_courses())[0]
        accounts, learning = AccountService(db), LearningService(db)
        for n in range(count):
            email = f"loadstaff{n}@adal.load"
            if await accounts.by_email(email) is None:
                user = await accounts.create_user(
                    email=email,
                    password=PASSWORD,
                    display_name=f"Load Staff {n}",
                    grants=[Grant(Role.STAFF, body.id)],
                    email_verified=True,
                )
                staff = StaffMember(
                    personnel_number=f"LT{n}",
                    user_id=user.id,
                    full_name=f"Load Staff {n}",
                    email=email,
                    body_id=body.id,
                    department="Load",
                    position="Эксперт",
                    updated_at=datetime.now(UTC),
                )
                db.add(staff)
                await db.flush()
                await learning.enrol(staff.id, course.id)
            rows.append({"email": email, "password": PASSWORD})
        await commit(db)
    await runtime.drain()
    _write_accounts(rows)
    print(f"{count} staff accounts in {ACCOUNTS}")


def _write_accounts(rows: list[dict[str, str]]) -> None:
    ACCOUNTS.parent.mkdir(parents=True, exist_ok=True)
    with ACCOUNTS.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=["email", "password"])
        writer.writeheader()
        writer.writerows(rows)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="prepare accounts for the training load test")
    parser.add_argument("command", choices=["prepare"])
    parser.add_argument("--count", type=int, default=200)
    args = parser.parse_args()
    asyncio.run(_prepare(args.count))
