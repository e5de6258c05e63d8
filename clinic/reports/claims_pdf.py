"""Claims as PDF: the batch summary with totals, then one page per patient's claim."""

from __future__ import annotations

import io
import operator
from collections import Counter
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.rl_accel import fp_str
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Flowable,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
)

from clinic.reports.demo import canvas_for
from clinic.reports.fonts import cjk_font

if TYPE_CHECKING:
    from clinic.insurance.exports import BatchFile, ExportClaim


def _money(value: Decimal) -> str:
    return f"{value.quantize(Decimal('0.01')):,}"


HEADING = colors.HexColor("#e8eef5")
CELL = 7.5  # the tables' font size; the leading is reportlab's default, 1.2 times it


class Strings:
    """Strings drawn as the canvas's drawString and drawRightString draw them, at a fraction of
    the cost: a month's pages draw ~70,000 strings, most of them again and again (headings,
    items, codes, prices, amounts), and reportlab encodes each string for the font's subsets
    (and measures it) anew at every call. Here each distinct string's text operators and width are made once per
    document, by reportlab itself (its text object's own formatting), and each drawing appends
    the operators that drawString would: a text object at (x, y) holding the line.

    The operators are a function of the string once it has been drawn: its characters keep the
    subset places the first drawing gave them. Everything drawn by one instance goes on one
    canvas (the document's), in the font and size last set through set_font."""

    def __init__(self) -> None:
        self.canvas: Canvas | None = None
        self.done: dict[tuple[str, float, float, str], tuple[str, float]] = {}
        self.places: dict[tuple[float, float], str] = {}
        self.lines: dict[tuple[str, str, float, float], list[str]] = {}

    def split(self, text: str, font: str, size: float, width: float) -> list[str]:
        """simpleSplit(TEXT, ...), worked out once per text (a month's claims share their
        notes and most of their lines of dates)."""
        key = (text, font, size, width)
        lines = self.lines.get(key)
        if lines is None:
            lines = self.lines[key] = simpleSplit(text, font, size, width)
        return list(lines)

    def set_font(self, canvas: Canvas, font: str, size: float) -> None:
        if canvas is not self.canvas:  # another document: its own subsets and names
            assert canvas.bottomup, "drawn as on a bottom-up canvas"
            self.canvas, self.done = canvas, {}
        canvas.setFont(font, size)

    def _made(self, text: str) -> tuple[str, float]:
        canvas = self.canvas
        assert canvas is not None
        key = (canvas._fontname, canvas._fontsize, canvas._leading, text)
        made = self.done.get(key)
        if made is None:
            operators = canvas.beginText(0, 0)._formatText(text)
            made = self.done[key] = (operators, stringWidth(text, key[0], key[1]))
        return made

    def _place(self, x: float, y: float) -> str:
        place = self.places.get((x, y))
        if place is None:
            place = self.places[(x, y)] = fp_str(x, y)
        return place

    def draw(self, x: float, y: float, text: str) -> None:
        operators, _ = self._made(text)
        self.canvas._code.append(  # type: ignore[union-attr]
            f"BT 1 0 0 1 {self._place(x, y)} Tm {operators} T* ET"
        )

    def draw_right(self, x: float, y: float, text: str) -> None:
        operators, width = self._made(text)
        self.canvas._code.append(  # type: ignore[union-attr]
            f"BT 1 0 0 1 {self._place(x - width, y)} Tm {operators} T* ET"
        )


class RowTable(Flowable):  # type: ignore[misc]
    """A table of one-line cells drawn on the canvas, as reportlab's Table draws it with the
    claims' style (font at 7.5, heading row shaded, grid, columns from the third right-aligned
    below the heading, text in the middle of its row), its heading repeated on each page it is
    split over. A batch's summary lists 1,500 claims and more: reportlab's Table measured its
    remaining rows again at every page break and drew each cell through the general path."""

    PAD = 6.0  # Table's padding: 6 left and right, 3 above and below

    def __init__(
        self, rows: list[list[str]], widths: list[float], font: str, strings: Strings
    ) -> None:
        super().__init__()
        self.rows, self.widths, self.font, self.strings = rows, widths, font, strings
        self.hAlign = "CENTER"  # placed as a Table is
        self.row_height = CELL * 1.2 + 3 + 3
        self._rowHeights = [self.row_height] * len(rows)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = sum(self.widths)
        self.height = self.row_height * len(self.rows)
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        fit = int((availHeight + 1e-6) // self.row_height)  # heading and rows that fit
        if fit < 2 or fit >= len(self.rows):
            return [] if fit < 2 else [self]
        head, rest = self.rows[:fit], self.rows[:1] + self.rows[fit:]
        return [
            RowTable(head, self.widths, self.font, self.strings),
            RowTable(rest, self.widths, self.font, self.strings),
        ]

    def draw(self) -> None:
        canvas, strings, h = self.canv, self.strings, self.row_height
        canvas.setFillColor(HEADING)
        canvas.rect(0, self.height - h, self.width, h, stroke=0, fill=1)
        canvas.setFillColor(colors.black)
        strings.set_font(canvas, self.font, CELL)
        offset = (3 + h - 3 + CELL * 1.2) / 2 - CELL  # Table's middle alignment of one line
        for r, row in enumerate(self.rows):
            base = self.height - (r + 1) * h + offset
            x = 0.0
            for c, (text, width) in enumerate(zip(row, self.widths, strict=True)):
                if c >= 2 and r > 0:
                    strings.draw_right(x + width - self.PAD, base, text)
                else:
                    strings.draw(x + self.PAD, base, text)
                x += width
        canvas.setStrokeColor(colors.grey)
        canvas.setLineWidth(0.3)
        xs = [0.0]
        for width in self.widths:
            xs.append(xs[-1] + width)
        canvas.grid(xs, [self.height - r * h for r in range(len(self.rows) + 1)])


class TableWithFooter(Flowable):  # type: ignore[misc]
    """A table and what closes it (the signature lines): if they must split across pages, the
    last page still holds the table's last KEEP rows above the footer, never the footer alone."""

    def __init__(self, table: RowTable, footer: list[Flowable], keep: int = 3) -> None:
        super().__init__()
        self.table, self.footer, self.keep = table, footer, keep

    def _footer_height(self, width: float) -> float:
        return float(sum(f.wrap(width, 10**6)[1] + f.getSpaceBefore() for f in self.footer))

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.table_width, height = self.table.wrap(availWidth, availHeight)
        self.width, self.height = availWidth, height + self._footer_height(availWidth)
        return self.width, self.height

    def draw(self) -> None:
        _, table_height = self.table.wrap(self.width, 10**6)
        y = self.height - table_height
        self.table.drawOn(self.canv, (self.width - self.table_width) / 2, y)  # centred, as usual
        for part in self.footer:
            _, h = part.wrap(self.width, 10**6)
            y -= h + part.getSpaceBefore()
            part.drawOn(self.canv, 0, y)

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        self.table.wrap(availWidth, availHeight)
        heights = list(self.table._rowHeights)
        header = sum(heights[:1])
        last = len(heights) - self.keep  # rows 1..last-1 may go on this page
        room, rows = 0.0, 1
        while rows < last and header + room + heights[rows] <= availHeight:
            room += heights[rows]
            rows += 1
        if rows <= 1:
            return []  # not even one row fits here: all of it on the next page
        parts = self.table.split(availWidth, header + room + 0.01)
        if len(parts) != 2:
            return []
        return [parts[0], TableWithFooter(parts[1], self.footer, self.keep)]


AMOUNTS = ("det_item_fee_sumamt", "fund_pay_sumamt", "subsidy_amt", "psn_pay_amt")
ITEM_FIELDS = ("medins_list_name", "med_list_codg", "pric", "prodname", "cnt", *AMOUNTS)


def _dates(claim: ExportClaim) -> list[str]:
    """The claim's days of service as month-day, in order (read from the lines' ISO times)."""
    days = {line.values["fee_ocur_time"][:10] for line in claim.lines}
    return [day[5:] for day in sorted(days)]


ITEM_HEADINGS = (
    "项目 Item",
    "编码 Code",
    "数量 Count",
    "单价 Price",
    "金额 Amount",
    "基金 Payer",
    "补助 Subsidy",
    "个人 Patient",
)
ITEM_WIDTHS = (70 * mm, 40 * mm, 24 * mm, 24 * mm, 28 * mm, 28 * mm, 28 * mm, 28 * mm)


def _item_rows(claim: ExportClaim) -> list[list[str]]:
    """The claim's lines summed per item and unit price: what a printed settlement shows.

    Each figure is the sum of lines already rounded to the fen, so the totals are the claim's
    own, to the fen.
    """
    item = operator.itemgetter(*ITEM_FIELDS)
    alike: Counter[tuple[str, ...]] = Counter(item(line.values) for line in claim.lines)
    items: dict[tuple[str, ...], list[Decimal]] = {}
    for fields, times in alike.items():
        sums = items.setdefault(fields[:4], [Decimal(0)] * (1 + len(AMOUNTS)))  # a month's
        # lines repeat: each kind of line is summed once, times how often it comes
        for n, text in enumerate(fields[4:]):
            sums[n] += Decimal(text) * times  # exact, as adding it that often is
    rows = [list(ITEM_HEADINGS)]
    for (name, code, price, _), (count, *amounts) in items.items():
        rows.append([name, code, f"{count.normalize():f}", price, *(_money(a) for a in amounts)])
    rows.append(
        [
            "合计 Total",
            "",
            "",
            "",
            _money(claim.total),
            _money(claim.payer_amount),
            _money(claim.subsidy_amount),
            _money(claim.patient_amount),
        ]
    )
    return rows


class ClaimPage(Flowable):  # type: ignore[misc]
    """One claim's page drawn on the canvas directly: its heading, the patient's line, the
    items table, the dates of service. A batch has a page per claim (1,500 and more): laid out
    as paragraphs and tables, they took most of the export's time."""

    TITLE, BODY, CELL = 14.0, 9.0, CELL
    ROW = 14.0  # a table row: the cell's text and its padding, as the summary's table has them
    PAD = 6.0

    def __init__(self, claim: ExportClaim, font: str, strings: Strings) -> None:
        super().__init__()
        self.claim, self.font, self.strings = claim, font, strings

    def _texts(self, width: float) -> tuple[list[str], list[str]]:
        claim = self.claim
        person = (
            f"{claim.name} · 患者编号 {claim.patient_number} · 参保人编号 {claim.insured_number} · "
            f"诊断 {claim.diagnosis_code} {claim.diagnosis_name}"
        )
        dates = "服务日期 Dates of service: " + " ".join(_dates(claim))
        note = (
            "逐日明细见同批次 Excel / CSV / JSON 文件。 "
            "Every line by day is in the batch's Excel, CSV and JSON files."
        )
        split = self.strings.split
        above = split(person, self.font, self.BODY, width)
        below = split(dates, self.font, self.BODY, width) + split(note, self.font, self.BODY, width)
        return above, below

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.rows = _item_rows(self.claim)
        self.above, self.below = self._texts(availWidth)
        leading = self.BODY * 4 / 3
        self.width = availWidth
        self.height = (
            self.TITLE * 9 / 7
            + leading * len(self.above)
            + 3 * mm
            + self.ROW * len(self.rows)
            + 3 * mm
            + leading * len(self.below)
        )
        return self.width, self.height

    def draw(self) -> None:
        canvas, font, strings = self.canv, self.font, self.strings
        leading = self.BODY * 4 / 3
        y = self.height - self.TITLE
        strings.set_font(canvas, font, self.TITLE)
        strings.draw(0, y, f"结算单 Claim {self.claim.number}")
        y -= self.TITLE * 2 / 7
        strings.set_font(canvas, font, self.BODY)
        for text in self.above:
            y -= leading
            strings.draw(0, y + (leading - self.BODY) / 2, text)
        y -= 3 * mm
        table_width = sum(ITEM_WIDTHS)
        left = (self.width - table_width) / 2  # centred, as a table is
        top = y
        canvas.setFillColor(HEADING)
        canvas.rect(left, top - self.ROW, table_width, self.ROW, stroke=0, fill=1)
        canvas.setFillColor(colors.black)
        strings.set_font(canvas, font, self.CELL)
        for r, row in enumerate(self.rows):
            base = top - (r + 1) * self.ROW + (self.ROW - self.CELL) / 2 + 1
            x = left
            for c, (text, width) in enumerate(zip(row, ITEM_WIDTHS, strict=True)):
                if c >= 2 and r > 0:
                    strings.draw_right(x + width - self.PAD, base, text)
                else:
                    strings.draw(x + self.PAD, base, text)
                x += width
        bottom = top - self.ROW * len(self.rows)
        canvas.setStrokeColor(colors.grey)
        canvas.setLineWidth(0.3)
        xs = [left]
        for width in ITEM_WIDTHS:
            xs.append(xs[-1] + width)
        ys = [top - r * self.ROW for r in range(len(self.rows) + 1)]
        canvas.grid(xs, ys)
        y = bottom - 3 * mm
        strings.set_font(canvas, font, self.BODY)
        for text in self.below:
            y -= leading
            strings.draw(0, y + (leading - self.BODY) / 2, text)


def render_claims_pdf(batch: BatchFile, *, demo: bool = False) -> bytes:
    font = cjk_font()
    title = ParagraphStyle("title", fontName=font, fontSize=14, leading=18)
    body = ParagraphStyle("body", fontName=font, fontSize=9, leading=12)
    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out,
        pagesize=landscape(A4),
        leftMargin=12 * mm,
        rightMargin=12 * mm,
        topMargin=12 * mm,
        bottomMargin=12 * mm,
        title=f"Claims {batch.batch_number}",
    )
    story: list[Any] = [
        Paragraph(f"医保结算汇总 Claim batch summary — {batch.batch_number}", title),
        Paragraph(
            f"机构 Clinic: {batch.clinic_name} {batch.medins_code} · 支付方 Payer: "
            f"{batch.scheme_name} · 结算期 Period: {batch.period}",
            body,
        ),
        Spacer(1, 4 * mm),
    ]
    rows: list[list[str]] = [
        [
            "结算单 Claim",
            "患者编号 Patient no.",
            "总额 Total",
            "基金 Payer",
            "补助 Subsidy",
            "个人 Patient",
        ]
    ]
    for claim in batch.claims:
        rows.append(
            [
                claim.number,
                claim.patient_number,
                _money(claim.total),
                _money(claim.payer_amount),
                _money(claim.subsidy_amount),
                _money(claim.patient_amount),
            ]
        )
    rows.append(
        [
            "合计 Total",
            f"{len(batch.claims)}",
            _money(batch.total),
            _money(sum((c.payer_amount for c in batch.claims), Decimal(0))),
            _money(sum((c.subsidy_amount for c in batch.claims), Decimal(0))),
            _money(sum((c.patient_amount for c in batch.claims), Decimal(0))),
        ]
    )
    strings = Strings()
    summary = RowTable(rows, [70 * mm, 35 * mm, 35 * mm, 35 * mm, 35 * mm, 35 * mm], font, strings)
    signatures = Paragraph(
        "制表人 Prepared by ____________　　审核人 Checked by ____________　　"
        "日期 Date ____________",
        body,
    )
    story.append(TableWithFooter(summary, [Spacer(1, 8 * mm), signatures]))
    for claim in batch.claims:
        story += [PageBreak(), ClaimPage(claim, font, strings)]
    doc.build(story, canvasmaker=canvas_for(demo))
    return out.getvalue()
