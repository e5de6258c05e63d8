"""Small-cell suppression: no small count is released, and no withheld count can be worked out
from the released ones — checked by the line equations and, on small tables, by enumerating
every table that agrees with what was released."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clinic.analytics.suppression import MARK, SuppressedTable, suppress


def lines(table: SuppressedTable) -> list[tuple[list[tuple[int, int]], tuple[int, int]]]:
    """Each published equation: the cells of a line and the total they add up to."""
    rows, cols = table.n_rows, table.n_columns
    found = []
    if table.row_totals is not None:
        found += [([(i, j) for j in range(cols)], (i, cols)) for i in range(rows)]
    if table.column_totals is not None:
        found += [([(i, j) for i in range(rows)], (rows, j)) for j in range(cols)]
    if table.grand_total is not None:
        found.append(([(rows, j) for j in range(cols)], (rows, cols)))
        found.append(([(i, cols) for i in range(rows)], (rows, cols)))
    return found


def check_released(table: SuppressedTable, zeros: bool) -> None:
    published = table.published()
    for position, value in published.items():
        assert not 0 < value < table.threshold, (position, value)
        if zeros:
            assert value != 0, position
    for cells, total in lines(table):
        members = [*cells, total]
        unknown = [p for p in members if p not in published]
        # One withheld cell in a line is its total minus the others.
        assert len(unknown) != 1, (unknown, members)


def alternatives(table: SuppressedTable) -> dict[tuple[int, int], set[int]]:
    """Every value each withheld cell takes over all tables (interior counts 0..max+1) that
    agree with the released cells and totals."""
    published = table.published()
    rows, cols = table.n_rows, table.n_columns
    unknown = [(i, j) for i in range(rows) for j in range(cols) if (i, j) not in published]
    top = max((v for row in table.counts for v in row), default=0) + 1
    seen: dict[tuple[int, int], set[int]] = {p: set() for p in table.hidden}
    for guess in itertools.product(range(top + 1), repeat=len(unknown)):
        counts = [list(row) for row in table.counts]
        for (i, j), v in zip(unknown, guess, strict=True):
            counts[i][j] = v
        grid = {(i, j): counts[i][j] for i in range(rows) for j in range(cols)}
        if table.row_totals is not None:
            grid.update({(i, cols): sum(counts[i]) for i in range(rows)})
        if table.column_totals is not None:
            grid.update({(rows, j): sum(counts[i][j] for i in range(rows)) for j in range(cols)})
        if table.grand_total is not None:
            grid[(rows, cols)] = sum(map(sum, counts))
        if all(grid[p] == v for p, v in published.items()):
            for p in table.hidden:
                seen[p].add(grid[p])
    return seen


counts_cell = st.one_of(st.integers(0, 6), st.integers(0, 40))


@st.composite
def tables(draw: st.DrawFn, max_rows: int = 5, max_cols: int = 5, cell=counts_cell):
    rows = draw(st.integers(1, max_rows))
    cols = draw(st.integers(1, max_cols))
    return [[draw(cell) for _ in range(cols)] for _ in range(rows)]


@settings(max_examples=400, deadline=None)
@given(
    counts=tables(),
    threshold=st.integers(1, 11),
    zeros=st.booleans(),
    margins=st.sampled_from([(True, True), (True, False), (False, True)]),
)
def test_no_small_cell_released_and_none_recoverable_from_a_line(
    counts: list[list[int]], threshold: int, zeros: bool, margins: tuple[bool, bool]
) -> None:
    table = suppress(
        counts,
        threshold=threshold,
        suppress_zeros=zeros,
        row_totals=margins[0],
        column_totals=margins[1],
    )
    check_released(table, zeros)
    # Nothing withheld that was not needed: every primary cell is small.
    for p in table.primary:
        assert 0 < table.value(p) < threshold or (zeros and table.value(p) == 0)


@settings(max_examples=150, deadline=None)
@given(
    counts=tables(max_rows=2, max_cols=3, cell=st.integers(0, 7)),
    threshold=st.integers(2, 6),
    zeros=st.booleans(),
)
def test_no_withheld_cell_is_pinned_by_all_the_equations_together(
    counts: list[list[int]], threshold: int, zeros: bool
) -> None:
    table = suppress(counts, threshold=threshold, suppress_zeros=zeros)
    interior_unknown = sum(
        1 for p in table.hidden if p[0] < table.n_rows and p[1] < table.n_columns
    )
    if interior_unknown > 5:
        return  # too many tables to enumerate; the line check above still covers it
    for position, values in alternatives(table).items():
        assert len(values) >= 2, (position, values, table)


def test_a_hand_built_table() -> None:
    # Sites A, B, C; men and women. Women at B (3) are few: their cell, and the cells that
    # would give them away, are withheld.
    table = suppress([[20, 12, 30], [8, 3, 9]], threshold=5)
    assert table.primary == {(1, 1)}
    shown = [[table.shown((i, j)) for j in range(4)] for i in range(3)]
    # Row 2's smallest other cell (8) and column B's smallest other cell (12) go too, then
    # the fourth corner of the rectangle (20) so that the four can move together.
    assert shown == [
        [MARK, MARK, 30, 62],
        [MARK, MARK, 9, 20],
        [28, 15, 39, 82],
    ]


def test_zeros_are_released_unless_asked() -> None:
    assert suppress([[0, 10], [10, 10]], threshold=5).hidden == frozenset()
    hidden = suppress([[0, 10], [10, 10]], threshold=5, suppress_zeros=True).hidden
    assert (0, 0) in hidden and len(hidden) >= 4


def test_a_small_total_is_withheld() -> None:
    table = suppress([[2, 1], [30, 40]], threshold=5)
    assert (0, 2) in table.hidden  # the row's total, 3
    check_released(table, zeros=False)


@pytest.mark.parametrize("threshold", [0, -1])
def test_threshold_must_be_positive(threshold: int) -> None:
    with pytest.raises(ValueError):
        suppress([[1]], threshold=threshold)


def test_cells_two_to_a_line_can_still_be_pinned_by_zeros() -> None:
    # Each line holds two withheld cells, yet with zeros beside it the 3 cannot move: it could
    # only go down if the 0 diagonal to it went down too.
    from clinic.analytics.suppression import _grid, pinned

    values = _grid([[3, 0], [0, 0]], (3, 0), (3, 0), 3)
    square = frozenset({(0, 0), (0, 1), (1, 0), (1, 1)})
    assert pinned(values, square, rows=2, cols=2, row_totals=True, column_totals=True) == square
    values = _grid([[3, 0], [0, 10]], (3, 10), (3, 10), 13)
    assert not pinned(values, square, rows=2, cols=2, row_totals=True, column_totals=True)
