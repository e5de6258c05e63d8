"""A ReportTable as a PDF: A4 (landscape when it is wide or asks for it), title block, bilingual headings repeated
on every page, page numbers, the notes under the table."""

from __future__ import annotations

import io
from collections.abc import Callable
from decimal import Decimal
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from clinic.analytics.table import ReportTable, cell_text
from clinic.reports.demo import canvas_for
from clinic.reports.fonts import cjk_font

WIDE = 7  # more columns than this go on a landscape page


def render_table_pdf(
    tables: ReportTable | list[ReportTable],
    *,
    demo: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> bytes:
    """Every table in turn, each with its title block; PROGRESS(done, total) per table."""
    items = tables if isinstance(tables, list) else [tables]
    font = cjk_font()
    wide = any(len(table.columns) > WIDE or table.landscape for table in items)
    page = landscape(A4) if wide else A4
    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out,
        pagesize=page,
        leftMargin=12 * mm,
        rightMargin=12 * mm,
        topMargin=14 * mm,
        bottomMargin=14 * mm,
        title=items[0].title_en if items else "",
        author=items[0].clinic_name if items else "",
    )
    title = ParagraphStyle("title", fontName=font, fontSize=14, leading=19, alignment=1)
    sub = ParagraphStyle("sub", fontName=font, fontSize=9, leading=12, alignment=1)
    cell = ParagraphStyle("cell", fontName=font, fontSize=8, leading=10)
    number = ParagraphStyle("number", parent=cell, alignment=2)
    note = ParagraphStyle("note", fontName=font, fontSize=7.5, leading=10)
    usable = page[0] - doc.leftMargin - doc.rightMargin

    def p(text: str, style: ParagraphStyle) -> Paragraph:
        return Paragraph(escape(text).replace("\n", "<br/>"), style)

    story: list[Flowable] = []
    for done, table in enumerate(items):
        story.append(p(table.title_zh, title))
        story.append(p(table.title_en, sub))
        head = "    ".join(
            part
            for part in (
                f"单位 Clinic：{table.clinic_name}" if table.clinic_name else "",
                f"期间 Period：{table.period_text()}" if table.period else "",
                table.subtitle,
            )
            if part
        )
        if head:
            story.append(p(head, sub))
        story.append(Spacer(1, 3 * mm))
        numeric = [column.numeric for column in table.columns]

        def row_cells(row: tuple[object, ...], numeric: list[bool] = numeric) -> list[Paragraph]:
            return [
                p(
                    cell_text(value),  # type: ignore[arg-type]
                    number if is_number or isinstance(value, int | Decimal) else cell,
                )
                for value, is_number in zip(row, numeric, strict=True)
            ]

        data = [[p(column.heading(), cell) for column in table.columns]]
        data += [row_cells(row) for row in table.rows]
        if table.totals is not None:
            data.append(row_cells(table.totals))
        if not table.rows:
            data.append([p("（无 none）", cell)] + [p("", cell)] * (len(table.columns) - 1))
        shares = sum(column.width for column in table.columns) or 1.0
        grid = Table(
            data,
            colWidths=[usable * column.width / shares for column in table.columns],
            repeatRows=1,
        )
        style = [
            ("GRID", (0, 0), (-1, -1), 0.3, colors.grey),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ]
        if table.totals is not None:
            style.append(("BACKGROUND", (0, -1), (-1, -1), colors.HexColor("#f4f4f4")))
        grid.setStyle(TableStyle(style))
        story.append(grid)
        if table.notes:
            story.append(Spacer(1, 2 * mm))
            story.extend(p(line, note) for line in table.notes)
        if done + 1 < len(items):
            story.append(Spacer(1, 8 * mm))
        if progress is not None:
            progress(done + 1, len(items) + 1)
    maker = canvas_for(demo)

    def numbered(*args: object, **kwargs: object) -> Canvas:
        return _Numbered(maker, font, *args, **kwargs)

    doc.build(story, canvasmaker=numbered)
    if progress is not None:
        progress(len(items) + 1, len(items) + 1)
    return out.getvalue()


def _Numbered(base: type[Canvas], font: str, *args: object, **kwargs: object) -> Canvas:
    """A canvas of BASE that writes "page n / N" at the foot of every page once all are known."""

    class Numbered(base):  # type: ignore[misc]
        def __init__(self, *a: object, **k: object) -> None:
            super().__init__(*a, **k)
            self._pages: list[dict[str, object]] = []

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                width = self._pagesize[0]
                self.setFont(font, 7)
                self.drawCentredString(width / 2, 7 * mm, f"{number}/{total}")
                base.showPage(self)
            base.save(self)

    return Numbered(*args, **kwargs)
