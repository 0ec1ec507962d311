"""Answer saves per second: Adal's PUT /api/assessments/sessions/{id}/answers/{item} served the production way
(granian, several workers, PostgreSQL), next to a bare raw-asyncpg ASGI endpoint that runs the same single
durable statement (Adal's own ``answer_save`` SQL: INSERT … SELECT from the open, share-locked sitting … ON
CONFLICT DO UPDATE … WHERE newer seq, in autocommit) with no framework, no authentication and no checks.
Each connection is one candidate answering the 55 questions of their own sitting with increasing seq numbers.

    .venv/bin/python -m bench.answer_save [--database-url postgresql+asyncpg://postgres@127.0.0.1:5432/postgres]
        [--redis-url redis://127.0.0.1:6379/14] [--rounds 3] [--seconds 8] [--connections 32] [--workers 2]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from assessments.answer_path import Save, compiled
from bench.serving import ROOT, serve

BENCH_DB = "adal_bench_answers"
PLAN = ROOT / "var" / "bench" / "answer_plan.json"


# --- the bare endpoint: raw asyncpg, no framework -------------------------------------------------------

_pool: Any = None
_save: Any = None  # Adal's own save statement (assessments.upsert.answer_save), compiled for asyncpg
_candidates: dict[int, int] = {}  # sitting -> candidate (Adal takes it from the access token)


async def _body(receive: Any) -> bytes:
    chunks = []
    while True:
        message = await receive()
        chunks.append(message.get("body", b""))
        if not message.get("more_body"):
            return b"".join(chunks)


async def raw_app(scope: dict[str, Any], receive: Any, send: Any) -> None:
    """ASGI app: /health, and PUT /api/assessments/sessions/{sid}/answers/{item} on raw asyncpg."""
    global _pool, _save
    if scope["type"] == "lifespan":
        import asyncpg

        _save = compiled("save")
        _candidates.update({p["sid"]: p["cid"] for p in json.loads(PLAN.read_text())})

        while (await receive())["type"] != "lifespan.shutdown":
            from app.db import keep_session_state  # the same pool settings as Adal's driver pool

            _pool = await asyncpg.create_pool(
                os.environ["ADAL_BENCH_DSN"], min_size=4, max_size=10, reset=keep_session_state
            )
            await send({"type": "lifespan.startup.complete"})
        await _pool.close()
        await send({"type": "lifespan.shutdown.complete"})
        return
    if scope["path"] == "/health":
        await _send(send, 200, b'{"status":"ok"}')
        return
    parts = scope["path"].split("/")
    sid, item = int(parts[4]), int(parts[6])
    data = json.loads(await _body(receive))
    encoded = json.dumps(data["response"])
    save = Save(sid, item, _candidates[sid], data["response"], encoded, data["seq"], datetime.now(UTC))
    async with _pool.acquire() as conn:  # one statement: its own durable transaction
        seq = await conn.fetchval(_save.sql, *_save.args(save.params() | {"response": encoded}))
    if seq is None:
        await _send(send, 409, b'{"detail":"not saved"}')
        return
    await _send(send, 200, json.dumps({"saved": True, "seq": seq}).encode())


async def _send(send: Any, status: int, body: bytes) -> None:
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


# --- the load generator: one keep-alive connection per candidate ----------------------------------------


async def _candidate(host: str, port: int, plan: dict[str, Any], deadline: float, counts: list[int]) -> None:
    reader, writer = await asyncio.open_connection(host, port)
    seq, items = time.time_ns() // 1000, plan["items"]  # microseconds: newer than any earlier round
    try:
        while time.perf_counter() < deadline:
            seq += 1
            body = json.dumps({"response": seq % 4, "seq": seq}).encode()
            path = f"/api/assessments/sessions/{plan['sid']}/answers/{items[seq % len(items)]}"
            writer.write(
                (
                    f"PUT {path} HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer {plan['token']}\r\n"
                    f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
                ).encode()
                + body
            )
            await writer.drain()
            head = await reader.readuntil(b"\r\n\r\n")
            length = next(
                (
                    int(h.split(b":")[1])
                    for h in head.split(b"\r\n")
                    if h.lower().startswith(b"content-length:")
                ),
                0,
            )
            await reader.readexactly(length)
            counts[0 if int(head[9:12]) < 400 else 1] += 1
    finally:
        writer.close()


async def _loadgen(url: str, seconds: float) -> dict[str, float]:
    host, port = url.split("//")[1].split(":")
    plans = json.loads(PLAN.read_text())
    counts = [0, 0]
    start = time.perf_counter()
    await asyncio.gather(*(_candidate(host, int(port), p, start + seconds, counts) for p in plans))
    elapsed = time.perf_counter() - start
    return {"rps": counts[0] / elapsed, "ok": counts[0], "errors": counts[1]}


def load(url: str, seconds: float) -> dict[str, float]:
    """Run the load generator in its own process."""
    out = subprocess.run(
        [sys.executable, "-m", "bench.answer_save", "--loadgen", url, "--seconds", str(seconds)],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    result: dict[str, float] = json.loads(out.stdout)
    return result


# --- set-up: a fresh database with the schema, the legislation bank and one open sitting per connection ----


async def _prepare(database_url: str, candidates: int, var_dir: Path) -> None:
    from app.composition import load_models
    from app.db import get_engine
    from app.settings import load_settings
    from assessments.bank import ItemBankService
    from assessments.service import SittingService
    from auth.principal import Grant, Role
    from auth.service import AccountService
    from auth.tokens import issue_access_token
    from workers import runtime
    from workers.uow import commit

    settings = load_settings(
        database_url=database_url, var_dir=var_dir, argon2_time_cost=1, argon2_memory_kib=8192
    )
    runtime.configure(settings)
    async with get_engine(settings).begin() as conn:
        await conn.run_sync(load_models().create_all)
    plans = []
    async with runtime.session() as db:
        await ItemBankService(db).load_seed([ROOT / "assessments" / "seed" / "legislation.json"])
        for n in range(candidates):
            user = await AccountService(db).create_user(
                email=f"bench{n}@adal.bench", display_name=f"Bench {n}", grants=[Grant(Role.CANDIDATE)]
            )
            ts = await SittingService(db).start_session(
                user.id, "legislation", language="kk", extra_time_minutes=120
            )
            items = [int(e["item"]) for e in ts.form]
            plans.append(
                {
                    "sid": ts.id,
                    "cid": user.id,
                    "token": issue_access_token(settings, user_id=user.id),
                    "items": items,
                }
            )
        await commit(db)
    await runtime.drain()
    await runtime.dispose()
    PLAN.write_text(json.dumps(plans))


def _recreate_database(base_url: str) -> str:
    from sqlalchemy import create_engine, text

    admin = create_engine(base_url.replace("+asyncpg", "+psycopg"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{BENCH_DB}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{BENCH_DB}"'))
    admin.dispose()
    return base_url.rsplit("/", 1)[0] + f"/{BENCH_DB}"


def main() -> None:
    """Prepare the bench database, serve Adal and the bare endpoint in turn, print figures and the ratio."""
    p = argparse.ArgumentParser()
    p.add_argument("--database-url", default="postgresql+asyncpg://postgres@127.0.0.1:5432/postgres")
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--seconds", type=float, default=8)
    p.add_argument("--connections", type=int, default=32)
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--redis-url", default="redis://127.0.0.1:6379/14")
    p.add_argument("--loadgen", help=argparse.SUPPRESS)
    a = p.parse_args()
    if a.loadgen:
        print(json.dumps(asyncio.run(_loadgen(a.loadgen, a.seconds))))
        return
    var_dir = ROOT / "var" / "bench"
    var_dir.mkdir(parents=True, exist_ok=True)
    url = _recreate_database(a.database_url)
    asyncio.run(_prepare(url, a.connections, var_dir))
    env = {  # as in production: PostgreSQL and Redis (the queue, the shared principal-cache epoch)
        "ADAL_DATABASE_URL": url,
        "ADAL_REDIS_URL": a.redis_url,
        "ADAL_LOG_LEVEL": "WARNING",
        "ADAL_VAR_DIR": str(var_dir),
    }
    raw_env = {"ADAL_BENCH_DSN": url.replace("+asyncpg", "")}
    print(f"workers={a.workers} connections={a.connections} seconds={a.seconds} rounds={a.rounds}")
    ratios = []
    for n in range(a.rounds):  # alternate, so a slower moment of a shared machine hits both sides
        with serve("bench.answer_save:raw_app", workers=a.workers, env=raw_env) as base:
            bare = load(base, a.seconds)
        with serve("app.asgi:app", workers=a.workers, env=env) as base:
            adal = load(base, a.seconds)
        ratios.append(adal["rps"] / max(bare["rps"], 1e-9))
        print(
            f"round {n + 1}: raw asyncpg upsert {bare['rps']:6.0f} req/s (errors {bare['errors']:.0f})  "
            f"adal PUT answer {adal['rps']:6.0f} req/s (errors {adal['errors']:.0f})  ratio {ratios[-1]:.2f}"
        )
    print(f"median ratio adal / raw asyncpg = {statistics.median(ratios):.2f}")


if __name__ == "__main__":
    main()
