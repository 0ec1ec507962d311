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
import random
from datetime import UTC, datetime
from typing import Any

from common import PASSWORD, AccountPool, sign_in
from locust import HttpUser, between, task
from locust.exception import StopUser

ACCOUNTS = AccountPool("ADAL_LOADTEST_STAFF", "loadtest_staff.csv")


class Staff(HttpUser):
    """One civil servant working through a course: lessons with reading time, then the quiz."""

    wait_time = between(2, 8)  # reading and thinking time

    def on_start(self) -> None:
        """Sign in with the password grant and pick the first open course."""
        sign_in(self.client, ACCOUNTS.next())
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
    ACCOUNTS.write(rows)
    print(f"{count} staff accounts in {ACCOUNTS.path}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="prepare accounts for the training load test")
    parser.add_argument("command", choices=["prepare"])
    parser.add_argument("--count", type=int, default=200)
    args = parser.parse_args()
    asyncio.run(_prepare(args.count))
