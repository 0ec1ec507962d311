"""Public entry points: find_pii, redact, anonymize and the JSON Lines contract."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import TextIO

from .address import find_addresses
from .attributes import find_attributes
from .contacts import find_contacts
from .dates import find_ages, find_birth_dates
from .known import find_known
from .names import find_persons
from .spans import Span, resolve


def find_pii(text: str, lang: str | None = None) -> list[Span]:
    """Return sorted, non-overlapping PII spans of text (lang is an optional hint, unused by rules)."""
    del lang
    candidates: list[Span] = []
    candidates += find_contacts(text)
    candidates += find_addresses(text)
    candidates += find_birth_dates(text)
    candidates += find_ages(text)
    candidates += find_attributes(text)
    candidates += find_persons(text)
    return resolve(candidates)


def redact(text: str, spans: list[Span]) -> str:
    """Replace each span by a typed placeholder such as '[PERSON]' or '[PHONE]'."""
    parts: list[str] = []
    pos = 0
    for span in sorted(spans, key=lambda s: s.start):
        if span.start < pos:
            continue
        parts.append(text[pos : span.start])
        parts.append(f"[{span.label}]")
        pos = span.end
    parts.append(text[pos:])
    return "".join(parts)


def anonymize(
    text: str, lang: str | None = None, known: Mapping[str, str] | None = None
) -> tuple[str, list[Span]]:
    """Find PII (and the writer's ``known`` identifiers, see ``known.find_known``) and return (redacted
    text, spans in the original text)."""
    spans = resolve(find_pii(text, lang) + find_known(text, known)) if known else find_pii(text, lang)
    return redact(text, spans), spans


def run_jsonl(inp: TextIO, out: TextIO) -> int:
    """Anonymize JSON Lines {"id","text","lang"?} to {"id","text","spans"}; return the document count."""
    count = 0
    for lineno, line in enumerate(inp, start=1):
        if not line.strip():
            continue
        try:
            doc = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ValueError(f"line {lineno}: invalid JSON ({exc.msg})") from exc
        if not isinstance(doc, dict) or not isinstance(doc.get("text"), str) or "id" not in doc:
            raise ValueError(f"line {lineno}: expected an object with 'id' and string 'text'")
        lang = doc.get("lang")
        redacted, spans = anonymize(doc["text"], lang if isinstance(lang, str) else None)
        record = {
            "id": doc["id"],
            "text": redacted,
            "spans": [{"start": s.start, "end": s.end, "label": s.label} for s in spans],
        }
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
        count += 1
    return count
