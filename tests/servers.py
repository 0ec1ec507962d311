"""Real server processes for the tests: ``adal serve`` (and ``adal worker``) on the test database."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from app.settings import Settings

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    """An unused TCP port on loopback."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def server_env(settings: Settings) -> dict[str, str]:
    """The environment of a server or worker process on the test database."""
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
    return env


@contextmanager
def running_server(settings: Settings, port: int) -> Iterator[subprocess.Popen[bytes]]:
    """``adal serve`` on the test database, waited for up to 60 s; killed with its workers on exit."""
    cmd = [sys.executable, "-m", "app.cli", "serve", "--port", str(port)]
    log = (settings.var_dir / "server.log").open("ab")
    # Its own process group: a crash kills the server's worker processes too, as a machine failure would.
    proc = subprocess.Popen(
        cmd, cwd=ROOT, env=server_env(settings), stdout=log, stderr=log, start_new_session=True
    )
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


@contextmanager
def running_worker(settings: Settings) -> Iterator[subprocess.Popen[bytes] | None]:
    """``adal worker`` when Redis is configured (jobs run in the server process otherwise)."""
    if not settings.redis_url:
        yield None
        return
    cmd = [sys.executable, "-m", "app.cli", "worker"]
    proc = subprocess.Popen(
        cmd, cwd=ROOT, env=server_env(settings), stdout=subprocess.DEVNULL, start_new_session=True
    )
    try:
        yield proc
    finally:
        kill_server(proc)


def kill_server(proc: subprocess.Popen[bytes]) -> None:
    """SIGKILL the process and its children (its whole process group)."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=10)
