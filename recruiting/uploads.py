"""CV uploads: the type is read from the content's magic bytes, never the file name (pure)."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from docx import Document
from pypdf import PdfReader
from pypdf.errors import PyPdfError

MAX_TEXT = 100_000


class UploadRejected(ValueError):
    """An upload we refuse; ``status`` is 413 (too large), 415 (type) or 422 (unreadable)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True, slots=True)
class Extracted:
    """The detected kind (pdf, docx, txt) and the text of an upload."""

    kind: str
    text: str


def detect_kind(content: bytes) -> str | None:
    """pdf, docx or txt judged by the bytes themselves; None for anything else."""
    if content.startswith(b"%PDF-"):
        return "pdf"
    if content.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(content)) as zf:
                return "docx" if "word/document.xml" in zf.namelist() else None
        except zipfile.BadZipFile:
            return None
    if b"\x00" in content[:8192]:
        return None
    try:
        content.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return "txt"


def _pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def _docx_text(content: bytes) -> str:
    doc = Document(io.BytesIO(content))
    return "\n".join(p.text for p in doc.paragraphs)


def extract(content: bytes, *, max_bytes: int) -> Extracted:
    """Check size and type, then extract the text; raise UploadRejected with a clear reason."""
    if len(content) > max_bytes:
        raise UploadRejected(413, f"The file is {len(content)} bytes; the limit is {max_bytes} bytes.")
    if not content:
        raise UploadRejected(422, "The file is empty.")
    kind = detect_kind(content)
    if kind is None:
        raise UploadRejected(415, "Upload a PDF, DOCX or plain-text (UTF-8) CV; this file is none of these.")
    try:
        if kind == "pdf":
            text = _pdf_text(content)
        elif kind == "docx":
            text = _docx_text(content)
        else:
            text = content.decode("utf-8")
    except (PyPdfError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise UploadRejected(422, f"The {kind.upper()} file could not be read: {exc}") from None
    return Extracted(kind, text[:MAX_TEXT])
