"""The ``adal`` command: serve, migrate, demo, worker, audit, jobs, anonymize, calibrate."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Callable, Sequence

from app.settings import Settings, SettingsError, load_settings

Command = Callable[[Settings, argparse.Namespace], int]


def _serve(settings: Settings, args: argparse.Namespace) -> int:
    from granian.constants import Interfaces
    from granian.server import Server

    print(f"Adal is serving on http://{args.host}:{args.port}", flush=True)
    Server(
        "app.asgi:app", address=args.host, port=args.port, workers=args.workers, interface=Interfaces.ASGI
    ).serve()
    return 0


def _migrate(settings: Settings, args: argparse.Namespace) -> int:
    from app.migrate import upgrade

    upgrade(settings, args.revision)
    print(f"database at {args.revision}")
    return 0


def _demo(settings: Settings, args: argparse.Namespace) -> int:
    from app.demo import seed

    lines = asyncio.run(seed(settings))
    print("\n".join(lines))
    print(f"\nOpen {settings.base_url}")
    return 0


def _worker(settings: Settings, args: argparse.Namespace) -> int:
    from workers.worker import run_worker

    return run_worker(settings, burst=args.burst)


def _audit(settings: Settings, args: argparse.Namespace) -> int:
    from app.ops import verify_audit

    return asyncio.run(verify_audit(settings))


def _jobs(settings: Settings, args: argparse.Namespace) -> int:
    from app.ops import list_failed_jobs, retry_failed_jobs

    if args.action == "failed":
        return asyncio.run(list_failed_jobs(settings))
    return asyncio.run(retry_failed_jobs(settings, args.ids))


def _pii(settings: Settings, args: argparse.Namespace) -> int:
    from app.ops import rotate_pii_keys

    return asyncio.run(rotate_pii_keys(settings))


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="adal", description="Adal: merit-based civil service recruitment and training"
    )
    sub = p.add_subparsers(dest="command", required=True)
    s = sub.add_parser("serve", help="serve the web app")
    s.add_argument("--host", default="127.0.0.1")
    s.add_argument("--port", type=int, default=8000)
    s.add_argument("--workers", type=int, default=1)
    s.set_defaults(func=_serve)
    m = sub.add_parser("migrate", help="bring the database schema up to date")
    m.add_argument("revision", nargs="?", default="head")
    m.set_defaults(func=_migrate)
    sub.add_parser("demo", help="seed the demo data (idempotent) and print the demo accounts").set_defaults(
        func=_demo
    )
    w = sub.add_parser("worker", help="run an RQ worker with the scheduler (needs ADAL_REDIS_URL)")
    w.add_argument("--burst", action="store_true", help="stop when the queues are empty")
    w.set_defaults(func=_worker)
    a = sub.add_parser("audit", help="audit log tools")
    a.add_argument("action", choices=["verify"])
    a.set_defaults(func=_audit)
    j = sub.add_parser("jobs", help="failed jobs: list or retry")
    j.add_argument("action", choices=["failed", "retry"])
    j.add_argument("ids", nargs="*", type=int, help="failure ids to retry (default: all)")
    j.set_defaults(func=_jobs)
    k = sub.add_parser("pii", help="PII vault: re-encrypt with the newest key after adding one")
    k.add_argument("action", choices=["rotate"])
    k.set_defaults(func=_pii)
    from app.cli_data import add_data_commands

    add_data_commands(sub)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``adal`` console script."""
    args = _parser().parse_args(argv)
    try:
        settings = load_settings()
    except SettingsError as exc:
        print(f"adal: {exc}", file=sys.stderr)
        return 2
    from app.composition import load_models

    load_models()  # every table known, so cross-domain foreign keys resolve in any command
    return int(args.func(settings, args))


if __name__ == "__main__":
    raise SystemExit(main())
