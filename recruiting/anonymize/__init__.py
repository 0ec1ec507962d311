"""PII anonymization engine for application texts (pure: no database, no web)."""

from .engine import anonymize, find_pii, redact, run_jsonl
from .iin import is_valid_iin
from .spans import Span

__all__ = ["Span", "anonymize", "find_pii", "is_valid_iin", "redact", "run_jsonl"]
