"""Span type and overlap resolution."""

from __future__ import annotations

from dataclasses import dataclass

# Higher wins when two candidate spans overlap.
PRIORITY: dict[str, int] = {
    "EMAIL": 90,
    "URL": 88,
    "PHOTO_REF": 86,
    "IIN": 85,
    "PHONE": 84,
    "ADDRESS": 70,
    "DATE_OF_BIRTH": 60,
    "AGE": 55,
    "PERSON": 50,
    "GENDER_MARKER": 40,
    "MARITAL_STATUS": 40,
    "NATIONALITY_ETHNICITY": 40,
    "RELIGION": 40,
}


@dataclass(frozen=True, slots=True)
class Span:
    """A labelled half-open character range [start, end) of a text."""

    start: int
    end: int
    label: str


def resolve(spans: list[Span]) -> list[Span]:
    """Return sorted, non-overlapping spans, keeping higher-priority and longer spans first."""
    ranked = sorted(spans, key=lambda s: (-PRIORITY.get(s.label, 0), -(s.end - s.start), s.start))
    kept: list[Span] = []
    for span in ranked:
        if span.end <= span.start:
            continue
        if all(span.end <= k.start or span.start >= k.end for k in kept):
            kept.append(span)
    kept.sort(key=lambda s: s.start)
    return kept


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink [start, end) so it neither starts nor ends with whitespace or trailing punctuation."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:"):
        end -= 1
    return start, end
