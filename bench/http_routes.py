"""Requests per second of Adal's /health and a database-reading route (/ready), served the production way
(granian, several workers, PostgreSQL), next to a bare Litestar hello-world served the same way.

    .venv/bin/python -m bench.http_routes [--database-url postgresql+asyncpg://postgres@127.0.0.1/adal_bench]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys

from bench.serving import ROOT, bench_database, load, serve


def main() -> None:
    """Migrate a bench database, then measure each route and print figures and ratios."""
    p = argparse.ArgumentParser()
    p.add_argument("--database-url", default=None, help="default: a database adal_bench on local PostgreSQL")
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--seconds", type=float, default=8)
    p.add_argument("--connections", type=int, default=32)
    a = p.parse_args()
    env = {
        "ADAL_DATABASE_URL": a.database_url or bench_database(),
        "ADAL_LOG_LEVEL": "WARNING",
        "ADAL_VAR_DIR": str(ROOT / "var" / "bench"),
    }
    subprocess.run(
        [sys.executable, "-m", "app.cli", "migrate"], cwd=ROOT, env={**os.environ, **env}, check=True
    )
    with serve("bench.hello_app:app", workers=a.workers) as url:
        bare = load(url + "/health", seconds=a.seconds, connections=a.connections)
    with serve("app.asgi:app", workers=a.workers, env=env) as url:
        health = load(url + "/health", seconds=a.seconds, connections=a.connections)
        ready = load(url + "/ready", seconds=a.seconds, connections=a.connections)
        bodies = load(url + "/api/org/bodies", seconds=a.seconds, connections=a.connections)
    print(f"workers={a.workers} connections={a.connections} seconds={a.seconds}")
    print(f"bare litestar /health   {bare['rps']:9.0f} req/s  errors={bare['errors']:.0f}")
    print(
        f"adal /health            {health['rps']:9.0f} req/s  errors={health['errors']:.0f}  "
        f"ratio={health['rps'] / bare['rps']:.2f}"
    )
    print(
        f"adal /api/org/bodies     {bodies['rps']:9.0f} req/s  errors={bodies['errors']:.0f}  "
        f"ratio={bodies['rps'] / bare['rps']:.2f}"
    )
    print(
        f"adal /ready (DB read)   {ready['rps']:9.0f} req/s  errors={ready['errors']:.0f}  "
        f"ratio={ready['rps'] / bare['rps']:.2f}"
    )


if __name__ == "__main__":
    main()
