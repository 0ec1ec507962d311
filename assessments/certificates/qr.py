"""QR code as raw PDF path operators: module matrix from `qrcode`, runs merged into rectangles."""

from __future__ import annotations

import qrcode
from qrcode.constants import ERROR_CORRECT_M

# Choosing the best of the 8 masks costs ~5 ms per code (7x the encoding itself); every mask is
# valid to decoders, and tests decode rendered certificates with zbar to keep this choice honest.
FIXED_MASK = 2


def qr_matrix(text: str) -> list[list[bool]]:
    """Return the QR module matrix (True = dark, no quiet zone) for `text`."""
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=0, mask_pattern=FIXED_MASK)
    code.add_data(text.encode("utf-8"))
    code.make(fit=True)
    return code.get_matrix()


def _rectangles(matrix: list[list[bool]]) -> list[tuple[int, int, int, int]]:
    """Dark runs per row, stacked with identical runs in the rows below: (x, top row, width, height)."""
    open_runs: dict[tuple[int, int], int] = {}
    done: list[tuple[int, int, int, int]] = []
    for y, row in enumerate([*matrix, []]):
        runs: set[tuple[int, int]] = set()
        x, n = 0, len(row)
        while x < n:
            if row[x]:
                start = x
                while x < n and row[x]:
                    x += 1
                runs.add((start, x))
            else:
                x += 1
        for run in [r for r in open_runs if r not in runs]:
            top = open_runs.pop(run)
            done.append((run[0], top, run[1] - run[0], y - top))
        for run in runs:
            open_runs.setdefault(run, y)
    return done


def qr_operators(text: str, *, x: float, y: float, size: float) -> str:
    """Return PDF operators that fill a `size`-point square QR code for `text` with its corner at (x, y)."""
    matrix = qr_matrix(text)
    n = len(matrix)
    scale = size / n
    # Module coordinates are integers in a flipped, scaled system, so each rectangle is a short string.
    ops = [f"q {scale:.4f} 0 0 {-scale:.4f} {x:.2f} {y + size:.2f} cm"]
    ops.extend(f"{rx} {ry} {w} {h} re" for rx, ry, w, h in _rectangles(matrix))
    ops.append("f Q")
    return "\n".join(ops)
