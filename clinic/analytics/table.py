"""A report as plain values: what the Reports page and the dashboards show, what is exported to
Excel and PDF, and what is printed. Headings carry both languages, as the clinic's paper does."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

Cell = str | int | Decimal | date | datetime | None


@dataclass(frozen=True)
class Column:
    key: str
    zh: str
    en: str
    numeric: bool = False
    width: float = 1.0  # its share of a printed page's width, against the other columns'

    def heading(self) -> str:
        return f"{self.zh}\n{self.en}" if self.zh != self.en else self.en


@dataclass(frozen=True)
class ReportTable:
    """One table of a report. ROWS hold plain cells, one per column, in column order; TOTALS (if
    any) is a last row printed apart from the rest. NOTES are lines printed under the table:
    where the figures come from, what a mark in a cell means."""

    key: str
    title_zh: str
    title_en: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[Cell, ...], ...]
    clinic_name: str = ""
    period: tuple[date, date] | None = None
    totals: tuple[Cell, ...] | None = None
    notes: tuple[str, ...] = ()
    generated_at: datetime | None = None
    subtitle: str = ""
    extra: dict[str, str] = field(default_factory=dict)
    landscape: bool = False  # printed across the page whatever its number of columns

    def __post_init__(self) -> None:
        width = len(self.columns)
        for row in (*self.rows, *((self.totals,) if self.totals is not None else ())):
            if len(row) != width:
                raise ValueError(f"{self.key}: a row of {len(row)} cells for {width} columns")

    def column(self, key: str) -> int:
        """The index of the column named KEY."""
        for index, column in enumerate(self.columns):
            if column.key == key:
                return index
        raise KeyError(key)

    def values(self, key: str) -> list[Cell]:
        """Every row's cell in column KEY, in row order."""
        index = self.column(key)
        return [row[index] for row in self.rows]

    def period_text(self) -> str:
        if self.period is None:
            return ""
        start, end = self.period
        return start.isoformat() if start == end else f"{start.isoformat()} – {end.isoformat()}"

    def file_stem(self) -> str:
        """A file name without extension: the report's Chinese title and its period."""
        stem = self.title_zh.replace("/", "-").replace(" ", "")
        if self.period is not None:
            start, end = self.period
            stem += f"_{start.isoformat()}" if start == end else f"_{start}_{end}"
        return stem


def cell_text(value: Cell) -> str:
    """How a cell reads on paper and on screen: dates as ISO, Decimals as typed, None as blank."""
    from clinic.numbers import plain

    if value is None:
        return ""
    if isinstance(value, Decimal):
        return plain(value)
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)
