"""Inline SVG charts for HR pages (pure: numbers in, escaped SVG text out)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from html import escape

BAR_HEIGHT = 26
GAP = 8
WIDTH = 520
LABEL_W = 150


def funnel_svg(funnel: Mapping[str, int], translate: Callable[[str], str] = str) -> str:
    """A horizontal bar per stage, widths proportional to the count, with an accessible title."""
    top = max(funnel.values(), default=0) or 1
    height = len(funnel) * (BAR_HEIGHT + GAP) + GAP
    title = escape(translate("Applications reaching each stage"))
    parts = [
        f'<svg role="img" aria-label="{title}" viewBox="0 0 {WIDTH} {height}" width="100%" '
        f'xmlns="http://www.w3.org/2000/svg"><title>{title}</title>'
    ]
    for i, (stage, count) in enumerate(funnel.items()):
        y = GAP + i * (BAR_HEIGHT + GAP)
        w = int((WIDTH - LABEL_W - 50) * count / top)
        label = escape(translate(stage))
        parts.append(
            f'<text x="0" y="{y + 18}" font-size="14">{label}</text>'
            f'<rect x="{LABEL_W}" y="{y}" width="{w}" height="{BAR_HEIGHT}" fill="#1f6f8b"></rect>'
            f'<text x="{LABEL_W + w + 6}" y="{y + 18}" font-size="14">{count}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
