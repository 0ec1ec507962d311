"""The plain input of the certificate renderer."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from assessments.certificates.labels import LANGUAGES, Language

Kind = Literal["result", "course"]
KINDS = ("result", "course")
MAX_LINES = 6  # what fits between the holder name and the footer


@dataclass(frozen=True, slots=True)
class CertificateData:
    """Everything printed on one certificate; labels of `lines` arrive already translated."""

    kind: Kind
    language: Language
    title: str
    holder_name: str
    issued_on: date
    code: str
    verify_url: str
    lines: Sequence[tuple[str, str]] = field(default_factory=tuple)
    valid_until: date | None = None

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown certificate kind {self.kind!r}")
        if self.language not in LANGUAGES:
            raise ValueError(f"unsupported certificate language {self.language!r}")
        if not self.holder_name.strip():
            raise ValueError("holder_name is empty")
        if not self.verify_url:
            raise ValueError("verify_url is empty")
        if self.valid_until is not None and self.valid_until < self.issued_on:
            raise ValueError("valid_until precedes issued_on")
        if len(self.lines) > MAX_LINES:
            raise ValueError(f"at most {MAX_LINES} lines fit on a certificate")
        # A tuple keeps the frozen instance really immutable (and hashable).
        object.__setattr__(self, "lines", tuple((str(k), str(v)) for k, v in self.lines))
