"""Start and stop servers the production way (granian, several worker processes) for the benches."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    """An unused TCP port on loopback."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serve(target: str, *, workers: int, env: dict[str, str] | None = None) -> Iterator[str]:
    """Serve ASGI ``target`` ("module:attr") with granian; yield its base URL."""
    port = free_port()
    cmd = [
        sys.executable,
        "-m",
        "granian",
        "--interface",
        "asgi",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--workers",
        str(workers),
        "--no-ws",
        "--log-level",
        "warning",
        target,
    ]
    proc = subprocess.Popen(cmd, cwd=ROOT, env={**os.environ, **(env or {})}, stdout=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                if httpx.get(url + "/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        else:
            raise RuntimeError(f"{target} did not start")
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def load(
    url: str,
    *,
    seconds: float,
    connections: int,
    method: str = "GET",
    body: str = "",
    headers: dict[str, str] | None = None,
) -> dict[str, float]:
    """Run the load generator in its own process; return its figures."""
    import json

    extra = [f"--method={method}", f"--body={body}"]
    extra += [f"--header={k}: {v}" for k, v in (headers or {}).items()]

    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "bench.loadgen",
            url,
            "--seconds",
            str(seconds),
            "--connections",
            str(connections),
            *extra,
        ],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    result: dict[str, float] = json.loads(out.stdout)
    return result


def bench_database(
    server_url: str = "postgresql://postgres@127.0.0.1:5432/postgres", name: str = "adal_bench"
) -> str:
    """Create the bench database if missing; return its SQLAlchemy URL."""
    import psycopg

    with psycopg.connect(server_url, autocommit=True) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone() is None:
            conn.execute(f'CREATE DATABASE "{name}"')
    return server_url.replace("postgresql://", "postgresql+asyncpg://").rsplit("/", 1)[0] + f"/{name}"
