"""Spans of identifiers already known for the writer (their name, IIN, contacts), inflected forms too."""

from __future__ import annotations

import re
from collections.abc import Mapping

from .spans import Span, trim

LABELS = {"full_name": "PERSON", "iin": "IIN", "phone": "PHONE", "email": "EMAIL"}
STEM_FROM = 5  # names this long also match inflected forms (Садыкова → Садыковой, Айгерімнің)


def _patterns(field: str, value: str) -> list[str]:
    if field == "full_name":
        out = []
        for token in re.findall(r"\w+", value):
            if len(token) < 3 or token.isdigit():
                continue
            stem = token[: len(token) - 1] if len(token) >= STEM_FROM else token
            out.append(rf"(?<!\w){re.escape(stem)}\w*")
        return out
    if field in ("iin", "phone"):
        digits = re.sub(r"\D", "", value)[-10:]
        return [r"[\s()+\-]*".join(re.escape(d) for d in digits)] if len(digits) >= 7 else []
    return [re.escape(value.strip())] if value.strip() else []


def find_known(text: str, known: Mapping[str, str]) -> list[Span]:
    """Spans where a known identifier of the writer (``full_name``, ``iin``, ``phone``, ``email``) occurs."""
    spans: list[Span] = []
    for field, value in known.items():
        label = LABELS.get(field)
        if label is None or not value:
            continue
        for pattern in _patterns(field, str(value)):
            for match in re.finditer(pattern, text, flags=re.IGNORECASE):
                start, end = trim(text, match.start(), match.end())
                spans.append(Span(start, end, label))
    return spans
