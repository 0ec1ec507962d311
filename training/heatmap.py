"""Completion heat map (region × body) and weekly cumulative series: a pure engine."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Final, Literal

MIN_CELL_COUNT: Final = 5
SUPPRESSED_LABEL: Final = "—"
# Viridis sampled at 0, 0.1, …, 1: perceptually uniform and readable with colour-vision deficiencies.
_VIRIDIS: Final = (
    *("#440154", "#482475", "#414487", "#355f8d", "#2a788e", "#21918c"),
    *("#22a884", "#44bf70", "#7ad151", "#bddf26", "#fde725"),
)
_NEUTRAL: Final = "#e0e0e0"
_DARK_TEXT: Final = "#000000"
_LIGHT_TEXT: Final = "#ffffff"

CellStatus = Literal["shown", "suppressed", "empty"]


@dataclass(frozen=True, slots=True)
class CompletionRow:
    """Counts for one department: the input unit of the heat map."""

    region: str
    body: str
    department: str
    assigned: int
    completed: int
    overdue: int


@dataclass(frozen=True, slots=True)
class Cell:
    """One rendered cell; `rate` and `completed`/`overdue` are None when suppressed or empty."""

    assigned: int
    completed: int | None
    overdue: int | None
    rate: float | None
    label: str
    status: CellStatus
    background: str
    foreground: str


@dataclass(frozen=True, slots=True)
class LegendStop:
    """One step of the colour legend."""

    rate: float
    label: str
    background: str
    foreground: str


@dataclass(frozen=True, slots=True)
class HeatMap:
    """A region × body matrix with row and column totals and its legend."""

    regions: list[str]
    bodies: list[str]
    cells: list[list[Cell]]
    row_totals: list[Cell]
    column_totals: list[Cell]
    total: Cell
    legend: list[LegendStop]


@dataclass(frozen=True, slots=True)
class WeekPoint:
    """Completions in the ISO week starting `week_start`, and the running total."""

    week_start: date
    completed: int
    cumulative: int


def relative_luminance(colour: str) -> float:
    """WCAG 2 relative luminance of a #rrggbb colour."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(first: str, second: str) -> float:
    """WCAG 2 contrast ratio between two #rrggbb colours (1..21)."""
    high, low = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def text_colour(background: str) -> str:
    """Black or white, whichever contrasts more with `background` (always ≥ 4.5:1)."""
    dark, light = contrast_ratio(background, _DARK_TEXT), contrast_ratio(background, _LIGHT_TEXT)
    return _DARK_TEXT if dark >= light else _LIGHT_TEXT


def colour_for(rate: float) -> str:
    """Background colour for a completion rate, in ten-point steps so the legend stays readable."""
    step = min(max(int(rate * 10 + 1e-9), 0), 10)
    return _VIRIDIS[step]


def percent_label(rate: float) -> str:
    """A rate as whole-number percent text."""
    return f"{round(rate * 100)}%"


def _cell(assigned: int, completed: int, overdue: int, status: CellStatus) -> Cell:
    if status == "shown":
        rate = completed / assigned
        background = colour_for(rate)
        return Cell(
            assigned,
            completed,
            overdue,
            rate,
            percent_label(rate),
            status,
            background,
            text_colour(background),
        )
    label = SUPPRESSED_LABEL if status == "suppressed" else ""
    return Cell(assigned, None, None, None, label, status, _NEUTRAL, text_colour(_NEUTRAL))


def build_heatmap(rows: Iterable[CompletionRow], *, min_count: int = MIN_CELL_COUNT) -> HeatMap:
    """Aggregate department rows into a region × body matrix with small-count suppression."""
    sums: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for row in rows:
        totals = sums[(row.region, row.body)]
        totals.update(assigned=row.assigned, completed=row.completed, overdue=row.overdue)
    regions = sorted({region for region, _ in sums})
    bodies = sorted({body for _, body in sums})
    grid = [[sums.get((r, b), Counter()) for b in bodies] for r in regions]
    hidden = _suppressed(grid, min_count)
    cells = [
        [
            _cell(c["assigned"], c["completed"], c["overdue"], _status(c, (i, j) in hidden))
            for j, c in enumerate(line)
        ]
        for i, line in enumerate(grid)
    ]
    row_sums = [sum(line, Counter()) for line in grid]
    column_sums = [sum((line[j] for line in grid), Counter()) for j in range(len(bodies))]
    everything = sum(row_sums, Counter())
    return HeatMap(
        regions=regions,
        bodies=bodies,
        cells=cells,
        row_totals=[_total(c, min_count) for c in row_sums],
        column_totals=[_total(c, min_count) for c in column_sums],
        total=_total(everything, min_count),
        legend=[
            LegendStop(i / 10, f"{i * 10}%", colour, text_colour(colour)) for i, colour in enumerate(_VIRIDIS)
        ],
    )


def _status(counts: Counter[str], hidden: bool) -> CellStatus:
    if counts["assigned"] == 0:
        return "empty"
    return "suppressed" if hidden else "shown"


def _total(counts: Counter[str], min_count: int) -> Cell:
    status = _status(counts, counts["assigned"] < min_count)
    return _cell(counts["assigned"], counts["completed"], counts["overdue"], status)


def _suppressed(grid: list[list[Counter[str]]], min_count: int) -> set[tuple[int, int]]:
    """Small cells, plus secondary cells so no hidden cell can be recovered from a total."""
    hidden = {
        (i, j) for i, line in enumerate(grid) for j, c in enumerate(line) if 0 < c["assigned"] < min_count
    }
    lines = [[(i, j) for j in range(len(grid[i]))] for i in range(len(grid))]
    lines += [[(i, j) for i in range(len(grid))] for j in range(len(grid[0]) if grid else 0)]
    changed = True
    while changed:
        changed = False
        for line in lines:
            filled = [p for p in line if grid[p[0]][p[1]]["assigned"] > 0]
            if sum(p in hidden for p in filled) != 1:
                continue
            visible = [p for p in filled if p not in hidden]
            if visible:
                hidden.add(min(visible, key=lambda p: grid[p[0]][p[1]]["assigned"]))
                changed = True
    return hidden


def weekly_cumulative(completed_on: Iterable[date], *, start: date, end: date) -> list[WeekPoint]:
    """Completions per ISO week (Monday start) from `start` to `end`, with the running total."""
    first = start - timedelta(days=start.weekday())
    per_week = Counter((d - timedelta(days=d.weekday())) for d in completed_on if start <= d <= end)
    points: list[WeekPoint] = []
    running = 0
    week = first
    while week <= end:
        running += per_week[week]
        points.append(WeekPoint(week, per_week[week], running))
        week += timedelta(days=7)
    return points
