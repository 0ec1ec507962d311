"""Login throughput against the argon2id cost, and the parameters we chose.

    .venv/bin/python -m bench.login [--database-url postgresql+asyncpg://postgres@127.0.0.1:5432/postgres]

Part 1 times one hash for several parameter sets (one core). Part 2 serves Adal the production way
(granian, 2 workers, PostgreSQL) and measures successful password logins per second on ``/api/auth/token``
with the configured parameters, next to the bare hello-world in the same run.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import subprocess
import sys
import time

from argon2 import PasswordHasher

from bench.serving import ROOT, bench_database, load, serve

PARAMETER_SETS = [
    ("t=1 m=19 MiB p=1", 1, 19456, 1),
    ("t=2 m=19 MiB p=1 (chosen; OWASP minimum)", 2, 19456, 1),
    ("t=3 m=64 MiB p=4 (argon2-cffi default)", 3, 65536, 4),
]
EMAIL, PASSWORD = "bench.login@adal.kz", "Bench-login-passphrase-2026"


def hash_costs() -> list[tuple[str, float]]:
    """Milliseconds per hash for each parameter set."""
    out = []
    for label, t, m, p in PARAMETER_SETS:
        hasher = PasswordHasher(time_cost=t, memory_cost=m, parallelism=p)
        start, n = time.perf_counter(), 10
        for _ in range(n):
            hasher.hash(PASSWORD)
        out.append((label, (time.perf_counter() - start) / n * 1000))
    return out


async def _create_user(env: dict[str, str]) -> None:
    os.environ.update(env)
    from app.settings import load_settings
    from auth.service import AccountService
    from workers import runtime
    from workers.uow import commit

    runtime.configure(load_settings())
    async with runtime.session() as session:
        accounts = AccountService(session)
        if await accounts.by_email(EMAIL) is None:
            await accounts.create_user(
                email=EMAIL, password=PASSWORD, display_name="Bench", actor="bench", email_verified=True
            )
        await commit(session)
    await runtime.dispose()


def main() -> None:
    """Print hash costs, then served login throughput."""
    p = argparse.ArgumentParser()
    p.add_argument("--database-url", default=None, help="default: a database adal_bench on local PostgreSQL")
    p.add_argument("--seconds", type=float, default=6)
    a = p.parse_args()
    print("argon2id cost per hash (one core):")
    for label, ms in hash_costs():
        print(f"  {label:45s} {ms:7.1f} ms  -> at most {1000 / ms:6.1f} logins/s per core")
    env = {
        "ADAL_DATABASE_URL": a.database_url or bench_database(),
        "ADAL_LOG_LEVEL": "WARNING",
        "ADAL_VAR_DIR": str(ROOT / "var" / "bench"),
    }
    subprocess.run(
        [sys.executable, "-m", "app.cli", "migrate"], cwd=ROOT, env={**os.environ, **env}, check=True
    )
    asyncio.run(_create_user(env))
    body = json.dumps({"email": EMAIL, "password": PASSWORD})
    headers = {"Content-Type": "application/json"}
    with serve("bench.hello_app:app", workers=2) as url:
        bare = load(url + "/health", seconds=a.seconds, connections=8)
    with serve("app.asgi:app", workers=2, env=env) as url:
        login = load(
            url + "/api/auth/token",
            seconds=a.seconds,
            connections=8,
            method="POST",
            body=body,
            headers=headers,
        )
    print(f"bare litestar /health          {bare['rps']:9.0f} req/s")
    print(
        f"adal POST /api/auth/token      {login['rps']:9.1f} logins/s  errors={login['errors']:.0f}  "
        f"ratio={login['rps'] / bare['rps']:.4f}"
    )


if __name__ == "__main__":
    main()
