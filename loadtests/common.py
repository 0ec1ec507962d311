"""What the locust scenarios share: the accounts file written by ``prepare`` and signing in."""

from __future__ import annotations

import csv
import itertools
import os
import random
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "Loadtest-Adal-2026!"
if str(ROOT) not in sys.path:  # ``prepare`` imports the project's packages
    sys.path.insert(0, str(ROOT))


class AccountPool:
    """Accounts read once from a CSV (email, password), handed out in turn to simulated users."""

    def __init__(self, env_var: str, default_name: str) -> None:
        self.path = Path(os.environ.get(env_var, ROOT / "var" / default_name))
        self._rows: list[dict[str, str]] = []
        self._turn = itertools.count()

    def next(self) -> dict[str, str]:
        """The next account (the file is read on first use)."""
        if not self._rows:
            with self.path.open(encoding="utf-8") as fh:
                self._rows = list(csv.DictReader(fh))
        return self._rows[next(self._turn) % len(self._rows)]

    def write(self, rows: list[dict[str, str]]) -> None:
        """Write the accounts ``prepare`` made."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.path.open("w", newline="", encoding="utf-8") as fh:
            writer = csv.DictWriter(fh, fieldnames=["email", "password"])
            writer.writeheader()
            writer.writerows(rows)


def sign_in(client: Any, account: dict[str, str]) -> None:
    """Password grant; the access token goes on every later request, in a random language."""
    r = client.post("/api/auth/token", json={"email": account["email"], "password": account["password"]})
    r.raise_for_status()
    client.headers["Authorization"] = f"Bearer {r.json()['access_token']}"
    client.headers["Accept-Language"] = random.choice(["kk", "ru", "en"])
