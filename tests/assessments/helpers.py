"""Builders for the assessments tests: a loaded bank, people, right and wrong answers."""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from app.settings import Settings
from assessments.bank import SEED_DIR, ItemBankService
from assessments.models import Item, TestSession
from auth.models import User
from auth.principal import Grant, Role
from auth.service import AccountService

_counter = itertools.count(1)


async def load_bank(session: AsyncSession, name: str = "legislation") -> None:
    """Import one seed bank."""
    data = json.loads((SEED_DIR / f"{name}.json").read_text(encoding="utf-8"))
    await ItemBankService(session).import_bank(data)


async def make_person(
    session: AsyncSession, role: Role = Role.CANDIDATE, name: str = "Aigerim Sadykova"
) -> User:
    """A user with one national role."""
    n = next(_counter)
    return await AccountService(session).create_user(
        email=f"person{n}-{id(session)}@example.kz", display_name=name, grants=[Grant(role)]
    )


def shown_position(entry: dict[str, Any], original: int) -> int:
    """Where the option ``original`` is shown on this form."""
    order = entry.get("order") or []
    return order.index(original) if order else original


def right_response(entry: dict[str, Any], item: Item) -> Any:
    """The fully correct response as the candidate would give it (shown positions)."""
    if item.type == "single":
        return shown_position(entry, int(item.answer["correct"]))
    if item.type == "sjt":
        scores = item.answer["scores"]
        return shown_position(entry, scores.index(max(scores)))
    if item.type == "multiple":
        return [shown_position(entry, i) for i in item.answer["correct"]]
    if item.type == "ordering":
        return [shown_position(entry, i) for i in item.answer["order"]]
    if item.type == "numeric":
        return item.answer["value"]
    raise AssertionError(item.type)


def wrong_response(entry: dict[str, Any], item: Item) -> Any:
    """A wrong single-choice response (shown position)."""
    assert item.type == "single"
    wrong = (int(item.answer["correct"]) + 1) % 4
    return shown_position(entry, wrong)


async def form_items(session: AsyncSession, ts: TestSession) -> list[tuple[dict[str, Any], Item]]:
    """The form entries of a sitting with their items, in display order."""
    out = []
    for entry in ts.form:
        item = await session.get(Item, int(entry["item"]))
        assert item is not None
        out.append((entry, item))
    return out


ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    """An unused TCP port on loopback."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def running_server(settings: Settings, port: int) -> Iterator[subprocess.Popen[bytes]]:
    """``adal serve`` on the test database, waited for up to 60 s; killed with its workers on exit."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ADAL_")}
    env |= {
        "ADAL_DATABASE_URL": settings.effective_database_url,
        "ADAL_VAR_DIR": str(settings.var_dir),
        "ADAL_ENV": "test",
        "ADAL_LOG_LEVEL": "WARNING",
        "ADAL_ARGON2_TIME_COST": "1",
        "ADAL_ARGON2_MEMORY_KIB": "8192",
    }
    if settings.redis_url:
        env["ADAL_REDIS_URL"] = settings.redis_url
    cmd = [sys.executable, "-m", "app.cli", "serve", "--port", str(port)]
    log = (settings.var_dir / "server.log").open("ab")
    # Its own process group: a crash kills the server's worker processes too, as a machine failure would.
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=log, start_new_session=True)
    try:
        for _ in range(600):
            try:
                if httpx.get(f"http://127.0.0.1:{port}/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        else:
            raise RuntimeError("the server did not start")
        yield proc
    finally:
        kill_server(proc)
        log.close()


def kill_server(proc: subprocess.Popen[bytes]) -> None:
    """SIGKILL the server and its worker processes (its whole process group)."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=10)
