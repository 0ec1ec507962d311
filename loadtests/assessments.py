"""Locust scenario: candidates sign in, start the legislation test, answer with think time, submit.

    # once: verified candidate accounts with a known password (and the item banks) in the target database
    ADAL_DATABASE_URL=postgresql+asyncpg://... .venv/bin/python loadtests/assessments.py prepare --count 500
    # then
    .venv/bin/locust -f loadtests/assessments.py --host http://127.0.0.1:8000 -u 500 -r 20

Accounts are read from ``var/loadtest_candidates.csv`` (``ADAL_LOADTEST_ACCOUNTS`` overrides the path).
"""

from __future__ import annotations

import argparse
import asyncio
import random
import time
from typing import Any

from common import PASSWORD, AccountPool, sign_in
from locust import HttpUser, between, task
from locust.exception import StopUser

ACCOUNTS = AccountPool("ADAL_LOADTEST_ACCOUNTS", "loadtest_candidates.csv")


class Candidate(HttpUser):
    """One candidate sitting the legislation test: reads, thinks, answers, sometimes changes an answer."""

    wait_time = between(3, 12)  # think time per question

    def on_start(self) -> None:
        """Sign in with the password grant and start (or resume) the sitting."""
        sign_in(self.client, ACCOUNTS.next())
        started = self.client.post(
            "/api/assessments/tests/legislation/sessions", json={"language": random.choice(["kk", "ru"])}
        )
        if started.status_code == 409:  # retake not yet allowed: this account is done
            raise StopUser()
        state: dict[str, Any] = started.json()
        self.sid = state["id"]
        self.todo = [q for q in state["questions"] if q["response"] is None]
        self.options = {q["item_id"]: max(1, len(q["options"])) for q in state["questions"]}

    @task(20)
    def answer(self) -> None:
        """Answer the next question (the client's clock orders the saves, as the test page does)."""
        if not self.todo:
            self.submit()
            return
        question = self.todo.pop(0)
        self._save(question["item_id"])
        if random.random() < 0.1:  # second thoughts
            self._save(question["item_id"])

    @task(1)
    def reload(self) -> None:
        """Reload the sitting (a lost connection, a refreshed tab)."""
        self.client.get(f"/api/assessments/sessions/{self.sid}", name="/api/assessments/sessions/[id]")

    def _save(self, item_id: int) -> None:
        body = {"response": random.randrange(self.options[item_id]), "seq": time.time_ns() // 1000}
        self.client.put(
            f"/api/assessments/sessions/{self.sid}/answers/{item_id}",
            json=body,
            name="/api/assessments/sessions/[id]/answers/[item]",
        )

    def submit(self) -> None:
        """Submit, read the result, and leave."""
        self.client.post(
            f"/api/assessments/sessions/{self.sid}/submit", name="/api/assessments/sessions/[id]/submit"
        )
        self.client.get(
            f"/api/assessments/sessions/{self.sid}/result", name="/api/assessments/sessions/[id]/result"
        )
        raise StopUser()


async def _prepare(count: int) -> None:
    from app.settings import load_settings
    from assessments.bank import ItemBankService
    from auth.principal import Grant, Role
    from auth.service import AccountService
    from workers import runtime
    from workers.uow import commit

    runtime.configure(load_settings())
    rows = []
    async with runtime.session() as db:
        await ItemBankService(db).load_seed()
        accounts = AccountService(db)
        for n in range(count):
            email = f"loadtest{n}@adal.load"
            if await accounts.by_email(email) is None:
                await accounts.create_user(
                    email=email,
                    password=PASSWORD,
                    display_name=f"Load Test {n}",
                    grants=[Grant(Role.CANDIDATE)],
                    email_verified=True,
                )
            rows.append({"email": email, "password": PASSWORD})
        await commit(db)
    await runtime.drain()
    ACCOUNTS.write(rows)
    print(f"{count} candidate accounts in {ACCOUNTS.path}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="prepare accounts for the assessments load test")
    parser.add_argument("command", choices=["prepare"])
    parser.add_argument("--count", type=int, default=200)
    args = parser.parse_args()
    asyncio.run(_prepare(args.count))
