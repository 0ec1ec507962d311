"""A small keep-alive HTTP/1.1 load generator (asyncio, raw sockets) used by the HTTP benches.

Run in its own process so it does not share an event loop with the server: ``python bench/loadgen.py URL``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import time
from urllib.parse import urlsplit


async def _worker(host: str, port: int, request: bytes, deadline: float, counts: list[int]) -> None:
    reader, writer = await asyncio.open_connection(host, port)
    try:
        while time.perf_counter() < deadline:
            writer.write(request)
            await writer.drain()
            head = await reader.readuntil(b"\r\n\r\n")
            status = int(head[9:12])
            length = 0
            for line in head.split(b"\r\n"):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
            await reader.readexactly(length)
            counts[0 if status < 400 else 1] += 1
    finally:
        writer.close()


async def run(
    url: str,
    seconds: float,
    connections: int,
    method: str = "GET",
    body: bytes = b"",
    headers: dict[str, str] | None = None,
) -> dict[str, float]:
    """Hammer ``url`` for ``seconds`` with ``connections`` keep-alive connections; return rps and errors."""
    parts = urlsplit(url)
    host, port = parts.hostname or "127.0.0.1", parts.port or 80
    extra = "".join(f"{k}: {v}\r\n" for k, v in (headers or {}).items())
    request = (
        f"{method} {parts.path or '/'}{'?' + parts.query if parts.query else ''} HTTP/1.1\r\nHost: {host}\r\n"
        f"{extra}Content-Length: {len(body)}\r\n\r\n"
    ).encode() + body
    counts = [0, 0]
    start = time.perf_counter()
    deadline = start + seconds
    await asyncio.gather(*(_worker(host, port, request, deadline, counts) for _ in range(connections)))
    elapsed = time.perf_counter() - start
    return {"rps": counts[0] / elapsed, "ok": counts[0], "errors": counts[1]}


def main() -> None:
    """CLI: print one JSON line with the result."""
    p = argparse.ArgumentParser()
    p.add_argument("url")
    p.add_argument("--seconds", type=float, default=5)
    p.add_argument("--connections", type=int, default=32)
    p.add_argument("--method", default="GET")
    p.add_argument("--body", default="", help="request body (JSON text)")
    p.add_argument("--header", action="append", default=[], help="'Name: value', repeatable")
    a = p.parse_args()
    headers = dict(h.split(": ", 1) for h in a.header)
    result = asyncio.run(run(a.url, a.seconds, a.connections, a.method, a.body.encode(), headers))
    print(json.dumps(result))


if __name__ == "__main__":
    main()
