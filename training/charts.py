"""Inline SVG geometry for the completion-over-time chart (bars per week, line for the running total)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from training.heatmap import WeekPoint

WIDTH, HEIGHT, PAD = 720, 240, 36


@dataclass(frozen=True, slots=True)
class Bar:
    """One week's bar, in SVG coordinates, with its accessible label."""

    x: float
    y: float
    width: float
    height: float
    label: str


@dataclass(frozen=True, slots=True)
class Chart:
    """Bars (weekly completions), a polyline (cumulative) and axis maxima."""

    width: int
    height: int
    bars: list[Bar]
    line: str
    max_weekly: int
    max_cumulative: int
    ticks: list[tuple[float, str]]
    baseline: float


def weekly_chart(points: Sequence[WeekPoint]) -> Chart:
    """Scale weekly points into the SVG box; the cumulative line has its own scale (right axis)."""
    n = max(len(points), 1)
    inner_w, inner_h = WIDTH - 2 * PAD, HEIGHT - 2 * PAD
    top_week = max((p.completed for p in points), default=0) or 1
    top_cum = max((p.cumulative for p in points), default=0) or 1
    step = inner_w / n
    bars, coords = [], []
    for i, p in enumerate(points):
        h = inner_h * p.completed / top_week
        x = PAD + i * step
        bars.append(
            Bar(
                round(x + step * 0.15, 1),
                round(PAD + inner_h - h, 1),
                round(step * 0.7, 1),
                round(h, 1),
                f"{p.week_start.isoformat()}: {p.completed}",
            )
        )
        y = PAD + inner_h - inner_h * p.cumulative / top_cum
        coords.append(f"{round(x + step / 2, 1)},{round(y, 1)}")
    every = max(1, n // 6)
    ticks = [
        (round(PAD + i * step + step / 2, 1), p.week_start.strftime("%d.%m")) for i, p in enumerate(points)
    ]
    return Chart(WIDTH, HEIGHT, bars, " ".join(coords), top_week, top_cum, ticks[::every], PAD + inner_h)
