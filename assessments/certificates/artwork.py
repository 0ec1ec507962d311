"""The unchanging page artwork, built once per process as raw PDF operators."""

from __future__ import annotations

from functools import cache

from reportlab.lib.pagesizes import A4, landscape

PAGE_WIDTH, PAGE_HEIGHT = landscape(A4)

NAVY = (0.063, 0.204, 0.361)
GOLD = (0.722, 0.573, 0.227)
INK = (0.133, 0.149, 0.176)
MUTED = (0.396, 0.427, 0.467)
PAPER = (0.996, 0.992, 0.976)

OUTER_INSET = 18.0
GOLD_INSET = 25.0
INNER_INSET = 29.0


def _rgb(color: tuple[float, float, float], *, stroke: bool) -> str:
    red, green, blue = color
    return f"{red:.3f} {green:.3f} {blue:.3f} {'RG' if stroke else 'rg'}"


def _frame(inset: float, width: float, color: tuple[float, float, float]) -> str:
    w, h = PAGE_WIDTH - 2 * inset, PAGE_HEIGHT - 2 * inset
    return f"{_rgb(color, stroke=True)} {width:.2f} w {inset:.2f} {inset:.2f} {w:.2f} {h:.2f} re S"


def _diamond(cx: float, cy: float, r: float) -> str:
    points = [(cx, cy + r), (cx + r, cy), (cx, cy - r), (cx - r, cy)]
    (x0, y0), *rest = points
    return " ".join([f"{x0:.2f} {y0:.2f} m", *(f"{x:.2f} {y:.2f} l" for x, y in rest), "h"])


def _corner_ornaments() -> list[str]:
    ops = [_rgb(GOLD, stroke=False)]
    for cx in (GOLD_INSET, PAGE_WIDTH - GOLD_INSET):
        for cy in (GOLD_INSET, PAGE_HEIGHT - GOLD_INSET):
            ops.append(_diamond(cx, cy, 5.6))
    ops.append("f")
    ops.append(_rgb(PAPER, stroke=False))
    for cx in (GOLD_INSET, PAGE_WIDTH - GOLD_INSET):
        for cy in (GOLD_INSET, PAGE_HEIGHT - GOLD_INSET):
            ops.append(_diamond(cx, cy, 2.0))
    ops.append("f")
    return ops


def _rule(cx: float, y: float, half_gap: float, length: float) -> list[str]:
    """A gold rule either side of a centred gap, ending in small diamonds."""
    left, right = cx - half_gap, cx + half_gap
    return [
        f"{_rgb(GOLD, stroke=True)} 0.9 w",
        f"{left - length:.2f} {y:.2f} m {left:.2f} {y:.2f} l S",
        f"{right:.2f} {y:.2f} m {right + length:.2f} {y:.2f} l S",
        _rgb(GOLD, stroke=False),
        _diamond(left - length - 4, y, 2.5),
        _diamond(right + length + 4, y, 2.5),
        "f",
    ]


@cache
def page_artwork(header_gap: float, header_y: float) -> str:
    """Paper tint, triple frame, corner ornaments and the rules beside the header, as PDF operators."""
    ops = ["q", _rgb(PAPER, stroke=False), f"0 0 {PAGE_WIDTH:.2f} {PAGE_HEIGHT:.2f} re f"]
    ops.append(_frame(OUTER_INSET, 3.2, NAVY))
    ops.append(_frame(GOLD_INSET, 1.1, GOLD))
    ops.append(_frame(INNER_INSET, 0.45, NAVY))
    ops.extend(_corner_ornaments())
    ops.extend(_rule(PAGE_WIDTH / 2, header_y + 9, header_gap / 2 + 14, 120))
    ops.append("Q")
    return "\n".join(ops)
