"""Exit 0 when the PostgreSQL and Redis URLs given on the command line answer."""

from __future__ import annotations

import sys

import psycopg
import redis


def main(pg_url: str, redis_url: str) -> int:
    """Try both services briefly."""
    try:
        dsn = pg_url.replace("postgresql+asyncpg://", "postgresql://")
        with psycopg.connect(dsn, connect_timeout=3) as conn:
            conn.execute("SELECT 1")
        redis.Redis.from_url(redis_url, socket_connect_timeout=3).ping()
    except Exception as exc:
        print(f"not reachable: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1], sys.argv[2]))
