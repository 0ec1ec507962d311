from datetime import date

import pytest

from training.heatmap import (
    SUPPRESSED_LABEL,
    CompletionRow,
    build_heatmap,
    colour_for,
    contrast_ratio,
    text_colour,
    weekly_cumulative,
)


def _row(region: str, body: str, assigned: int, completed: int, overdue: int = 0) -> CompletionRow:
    return CompletionRow(region, body, "Dept", assigned, completed, overdue)


def test_heatmap_sums_departments_into_region_by_body_cells():
    rows = [_row("Астана", "МФ", 10, 6), _row("Астана", "МФ", 10, 9, 1), _row("Алматы", "МФ", 20, 5, 4)]
    heatmap = build_heatmap(rows)
    assert heatmap.regions == ["Алматы", "Астана"] and heatmap.bodies == ["МФ"]
    cell = heatmap.cells[1][0]
    assert (cell.assigned, cell.completed, cell.overdue, cell.label) == (20, 15, 1, "75%")
    assert heatmap.total.rate == pytest.approx(20 / 40)
    assert heatmap.column_totals[0].label == "50%"


def test_heatmap_hides_rate_of_small_cells():
    rows = [_row("A", "X", 4, 4), _row("A", "Y", 50, 10), _row("A", "Z", 60, 30)]
    cell = build_heatmap(rows).cells[0][0]
    assert cell.status == "suppressed" and cell.label == SUPPRESSED_LABEL
    assert cell.rate is None and cell.completed is None and cell.overdue is None


def test_heatmap_suppresses_a_second_cell_so_totals_cannot_reveal_the_first():
    rows = [_row("A", "X", 3, 0), _row("A", "Y", 40, 20), _row("A", "Z", 9, 9)]
    row = build_heatmap(rows).cells[0]
    assert [c.status for c in row] == ["suppressed", "shown", "suppressed"]


def test_heatmap_marks_missing_combinations_empty_not_suppressed():
    heatmap = build_heatmap([_row("A", "X", 10, 5), _row("B", "Y", 10, 5)])
    assert heatmap.cells[0][1].status == "empty" and heatmap.cells[0][1].label == ""


def test_heatmap_text_contrast_meets_wcag_aa_for_every_colour():
    heatmap = build_heatmap([_row("A", "X", 10, n) for n in range(11)] + [_row("B", "X", 2, 1)])
    colours = [(stop.background, stop.foreground) for stop in heatmap.legend]
    colours += [(c.background, c.foreground) for line in heatmap.cells for c in line]
    assert all(contrast_ratio(bg, fg) >= 4.5 for bg, fg in colours)


def test_colour_scale_is_sequential_and_text_colour_flips():
    assert colour_for(0.0) != colour_for(1.0)
    assert text_colour(colour_for(0.0)) == "#ffffff"
    assert text_colour(colour_for(1.0)) == "#000000"
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)


def test_weekly_cumulative_counts_iso_weeks_including_empty_ones():
    done = [date(2025, 3, 3), date(2025, 3, 9), date(2025, 3, 19), date(2025, 2, 1)]
    points = weekly_cumulative(done, start=date(2025, 3, 4), end=date(2025, 3, 23))
    assert [(p.week_start, p.completed, p.cumulative) for p in points] == [
        (date(2025, 3, 3), 1, 1),
        (date(2025, 3, 10), 0, 1),
        (date(2025, 3, 17), 1, 2),
    ]
