"""Data commands of ``adal`` that run pure engines on files: anonymize, calibrate."""

from __future__ import annotations

import argparse
import sys
from typing import Any


def _anonymize(settings: Any, args: argparse.Namespace) -> int:
    from recruiting.anonymize import run_jsonl

    inp = sys.stdin if args.input == "-" else open(args.input, encoding="utf-8")  # noqa: SIM115
    out = sys.stdout if args.output == "-" else open(args.output, "w", encoding="utf-8")  # noqa: SIM115
    try:
        count = run_jsonl(inp, out)
    except ValueError as exc:
        print(f"adal anonymize: {exc}", file=sys.stderr)
        return 2
    finally:
        for fh in (inp, out):
            if fh not in (sys.stdin, sys.stdout):
                fh.close()
    print(f"{count} documents anonymized", file=sys.stderr)
    return 0


def _calibrate(settings: Any, args: argparse.Namespace) -> int:
    from assessments.irt.io import calibrate_csv

    try:
        summary = calibrate_csv(args.responses, args.model, args.items_out, args.persons_out)
    except (ValueError, OSError) as exc:
        print(f"adal calibrate: {exc}", file=sys.stderr)
        return 2
    print(" ".join(f"{k}={v}" for k, v in summary.items()), file=sys.stderr)
    return 0


def add_data_commands(sub: Any) -> None:
    """Register ``anonymize`` and ``calibrate``."""
    a = sub.add_parser("anonymize", help="redact personal data: JSON Lines in, JSON Lines out")
    a.add_argument("input", nargs="?", default="-", help="input JSONL (default stdin)")
    a.add_argument("-o", "--output", default="-", help="output JSONL (default stdout)")
    a.set_defaults(func=_anonymize)
    c = sub.add_parser("calibrate", help="IRT calibration of long-format responses")
    c.add_argument("responses", help="CSV candidate_id,item_id,response")
    c.add_argument("--model", choices=["rasch", "2pl", "3pl"], default="2pl")
    c.add_argument("--items-out", required=True)
    c.add_argument("--persons-out", required=True)
    c.set_defaults(func=_calibrate)
