"""Bundled DejaVu fonts, registered with reportlab once per process on first use."""

from __future__ import annotations

import threading
from importlib import resources

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

REGULAR = "AdalSans"
BOLD = "AdalSans-Bold"

_FILES = {REGULAR: "DejaVuSans.ttf", BOLD: "DejaVuSans-Bold.ttf"}
_lock = threading.Lock()
_registered = False


def ensure_fonts() -> None:
    """Register the certificate fonts with reportlab unless this process already did."""
    global _registered
    if _registered:
        return
    with _lock:
        if _registered:
            return
        folder = resources.files(__package__).joinpath("fonts")
        for name, filename in _FILES.items():
            # TTFont reads the whole file at construction, so a temporary path (zip installs) is enough.
            with resources.as_file(folder.joinpath(filename)) as path:
                pdfmetrics.registerFont(TTFont(name, str(path)))
        _registered = True
