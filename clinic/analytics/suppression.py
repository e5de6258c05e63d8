"""Small-cell suppression for tables of counts released to authorities. Pure: no database.

A table is ROWS x COLUMNS of counts, with row totals (the last column), column totals (the last
row) and a grand total when both are published. Every cell, totals included, is a position
(row, column) in that extended grid: (i, n_columns) is row i's total, (n_rows, j) column j's
total, (n_rows, n_columns) the grand total.

Primary suppression hides every count 0 < n < threshold (totals too: a site with 3 patients is a
small cell). Zeros are published unless SUPPRESS_ZEROS: a zero names nobody and hiding every
zero of a small clinic's table would, with the complements it drags in, hide most of it; but
where a zero says something about everyone else in its line (no positive urine among the
tested, no HIV-positive patient at a site), the caller asks for zeros to be suppressed too.

Complementary suppression then hides more cells until no hidden cell can be worked out exactly
from what is published. Each total is an equation (the cells of its line add up to it); hidden
cells are unknowns. A hidden cell is pinned when every table of non-negative counts that agrees
with the published cells and totals gives it the same value. For these row/column equations
(after flipping the sign of the totals' entries they read "every line sums to a constant") the
hidden cells and equations form a bipartite graph, and a cell can change while all else stays
consistent exactly when it lies on a cycle of hidden cells along which +1/-1 can be added
without any count going below zero (the difference of two solutions decomposes into such
cycles). `pinned` finds the cells on no such cycle; `suppress` adds the smallest cell of a
pinned cell's row or column (non-zero cells first: a hidden zero cannot go down) until none is
pinned. Hiding everything leaves nothing pinned, so this ends.

All hidden cells carry one mark. Marking small cells "<5" and complements differently would
tell a reader which hidden cells are small, and those bounds can pin a cell again.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

Position = tuple[int, int]
MARK = "*"
FREE = -1  # the node of a line whose total is not published: no equation binds it


@dataclass(frozen=True)
class SuppressedTable:
    """The counts with their totals, and which of them are withheld (and why)."""

    counts: tuple[tuple[int, ...], ...]
    row_totals: tuple[int, ...] | None
    column_totals: tuple[int, ...] | None
    grand_total: int | None
    primary: frozenset[Position]
    complementary: frozenset[Position]
    threshold: int

    @property
    def n_rows(self) -> int:
        return len(self.counts)

    @property
    def n_columns(self) -> int:
        return len(self.counts[0]) if self.counts else 0

    @property
    def hidden(self) -> frozenset[Position]:
        return self.primary | self.complementary

    def value(self, position: Position) -> int:
        return _grid(self.counts, self.row_totals, self.column_totals, self.grand_total)[position]

    def shown(self, position: Position) -> int | str:
        """The cell as released: its count, or the mark if withheld."""
        return MARK if position in self.hidden else self.value(position)

    def published(self) -> dict[Position, int]:
        """Every released cell, totals included: what a reader of the table knows."""
        grid = _grid(self.counts, self.row_totals, self.column_totals, self.grand_total)
        return {p: v for p, v in grid.items() if p not in self.hidden}


def _grid(
    counts: Sequence[Sequence[int]],
    row_totals: Sequence[int] | None,
    column_totals: Sequence[int] | None,
    grand_total: int | None,
) -> dict[Position, int]:
    rows = len(counts)
    cols = len(counts[0]) if rows else 0
    grid = {(i, j): counts[i][j] for i in range(rows) for j in range(cols)}
    if row_totals is not None:
        grid.update({(i, cols): row_totals[i] for i in range(rows)})
    if column_totals is not None:
        grid.update({(rows, j): column_totals[j] for j in range(cols)})
    if grand_total is not None:
        grid[(rows, cols)] = grand_total
    return grid


def _nodes(position: Position, rows: int, cols: int, shape: tuple[bool, bool]) -> tuple[int, int]:
    """The two equations (row node, column node) a cell takes part in; FREE where unpublished."""
    has_row_totals, has_column_totals = shape
    i, j = position
    row_node = i if has_row_totals else FREE
    column_node = j if has_column_totals else FREE
    return row_node, column_node


def pinned(
    values: dict[Position, int],
    hidden: frozenset[Position],
    *,
    rows: int,
    cols: int,
    row_totals: bool,
    column_totals: bool,
) -> set[Position]:
    """The hidden cells whose value follows from the published ones (see the module's note)."""
    shape = (row_totals, column_totals)
    # Directed arcs between equation nodes: ("r", i) / ("c", j); FREE nodes are shared.
    arcs: dict[tuple[str, int], list[tuple[tuple[str, int], Position]]] = {}

    def sign(position: Position) -> int:
        i, j = position
        return (-1 if i == rows else 1) * (-1 if j == cols else 1)

    for position in hidden:
        r, c = _nodes(position, rows, cols, shape)
        row_node, column_node = ("r", r), ("c", c)
        # Going row -> column adds +1 to the flipped value: the count moves by SIGN.
        if sign(position) > 0 or values[position] >= 1:
            arcs.setdefault(row_node, []).append((column_node, position))
        if sign(position) < 0 or values[position] >= 1:
            arcs.setdefault(column_node, []).append((row_node, position))

    def reaches(start: tuple[str, int], goal: tuple[str, int], without: Position) -> bool:
        seen = {start}
        stack = [start]
        while stack:
            node = stack.pop()
            if node == goal:
                return True
            for nxt, via in arcs.get(node, ()):
                if via != without and nxt not in seen:
                    seen.add(nxt)
                    stack.append(nxt)
        return False

    stuck: set[Position] = set()
    for position in hidden:
        r, c = _nodes(position, rows, cols, shape)
        row_node, column_node = ("r", r), ("c", c)
        if row_node[1] == FREE and column_node[1] == FREE:
            continue  # bound by no equation at all
        movable = False
        for tail, head in ((row_node, column_node), (column_node, row_node)):
            arc = any(via == position and nxt == head for nxt, via in arcs.get(tail, ()))
            if arc and reaches(head, tail, position):
                movable = True
                break
        if not movable:
            stuck.add(position)
    return stuck


def suppress(
    counts: Sequence[Sequence[int]],
    *,
    threshold: int,
    row_totals: bool = True,
    column_totals: bool = True,
    suppress_zeros: bool = False,
) -> SuppressedTable:
    """Primary and complementary suppression of COUNTS, whose totals are computed here."""
    if threshold < 1:
        raise ValueError("the threshold is at least 1")
    rows = len(counts)
    cols = len(counts[0]) if rows else 0
    if any(len(row) != cols for row in counts) or any(v < 0 for row in counts for v in row):
        raise ValueError("counts are a rectangle of non-negative whole numbers")
    table = tuple(tuple(int(v) for v in row) for row in counts)
    row_sum = tuple(sum(row) for row in table) if row_totals else None
    column_sum = (
        tuple(sum(table[i][j] for i in range(rows)) for j in range(cols)) if column_totals else None
    )
    grand = sum(map(sum, table)) if row_totals and column_totals else None
    values = _grid(table, row_sum, column_sum, grand)

    def small(v: int) -> bool:
        return 0 < v < threshold or (suppress_zeros and v == 0)

    primary = frozenset(p for p, v in values.items() if small(v))
    hidden = set(primary)

    equations: list[list[Position]] = []  # each published line: its cells and its total
    if row_totals:
        equations += [[(i, k) for k in range(cols + 1)] for i in range(rows)]
    if column_totals:
        equations += [[(k, j) for k in range(rows + 1)] for j in range(cols)]
    if row_totals and column_totals:
        equations.append([(rows, k) for k in range(cols + 1)])
        equations.append([(k, cols) for k in range(rows + 1)])

    def lines_of(position: Position) -> list[list[Position]]:
        return [line for line in equations if position in line]

    def cost(position: Position) -> tuple[bool, int, int]:
        v = values[position]
        return (v == 0, v, position[0] + position[1])

    def stuck_cells() -> set[Position]:
        return pinned(
            values,
            frozenset(hidden),
            rows=rows,
            cols=cols,
            row_totals=row_totals,
            column_totals=column_totals,
        )

    while True:
        # A line with one withheld cell gives it away at once: withhold its smallest other
        # non-zero cell (a withheld zero can only go up: it bounds its partner from one side),
        # preferring one whose other line already has a withheld cell (closing a loop).
        lonely = [line for line in equations if sum(p in hidden for p in line) == 1]
        if lonely:
            line = min(lonely, key=lambda ln: next(values[p] for p in ln if p in hidden))

            def closes(p: Position, line: list[Position] = line) -> bool:
                others = [ln for ln in lines_of(p) if ln != line]
                return not others or any(q in hidden for ln in others for q in ln)

            pick = min(
                (p for p in line if p not in hidden),
                key=lambda p: (values[p] == 0, not closes(p), cost(p)),
            )
            hidden.add(pick)
            continue
        stuck = stuck_cells()
        if not stuck:
            break
        # Withheld cells pinned by several equations together (or by a count that cannot go
        # below zero): try the cells of their lines, keep the one that frees the most.
        near = {p for s in stuck for ln in lines_of(s) for p in ln if p not in hidden}
        if not near:
            near = {p for p in values if p not in hidden}
        best: tuple[int, tuple[bool, int, int]] | None = None
        choice: Position | None = None
        for p in sorted(near):
            hidden.add(p)
            score = (len(stuck_cells()), cost(p))
            hidden.discard(p)
            if best is None or score < best:
                best, choice = score, p
        assert choice is not None
        hidden.add(choice)
    return SuppressedTable(
        counts=table,
        row_totals=row_sum,
        column_totals=column_sum,
        grand_total=grand,
        primary=primary,
        complementary=frozenset(hidden) - primary,
        threshold=threshold,
    )
