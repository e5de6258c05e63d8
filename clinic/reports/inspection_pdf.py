"""An inspection's findings (监督检查记录) as the inspector takes them away: the grant, then every
note in the order written, a correction marked beside the note it corrects (both are kept)."""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from clinic.reports.demo import canvas_for
from clinic.reports.fonts import cjk_font

if TYPE_CHECKING:
    from clinic.inspection import InspectionInfo, InspectionNoteInfo


def render_notes_pdf(
    inspection: InspectionInfo,
    notes: Sequence[InspectionNoteInfo],
    *,
    clinic_name: str,
    printed_at: datetime,
    demo: bool = False,
) -> bytes:
    font = cjk_font()
    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=16 * mm,
        bottomMargin=16 * mm,
        title=f"Inspection {inspection.inspection_id} findings",
        author=inspection.inspector_name,
    )
    title = ParagraphStyle("title", fontName=font, fontSize=15, leading=20, alignment=1)
    subtitle = ParagraphStyle("subtitle", fontName=font, fontSize=9.5, leading=13, alignment=1)
    cell = ParagraphStyle("cell", fontName=font, fontSize=8.5, leading=11.5)
    head = ParagraphStyle("head", fontName=font, fontSize=10, leading=14, spaceBefore=6)
    muted = ParagraphStyle("muted", fontName=font, fontSize=8, leading=11, textColor=colors.grey)

    def p(text: str, style: ParagraphStyle = cell) -> Paragraph:
        return Paragraph(escape(text).replace("\n", "<br/>"), style)

    story: list[Flowable] = [
        p("监督检查记录", title),
        p(f"Inspection findings — {clinic_name}", subtitle),
        Spacer(1, 4 * mm),
    ]
    grant = [
        ("检查编号 Inspection no.", str(inspection.inspection_id)),
        ("被检查单位 Clinic", clinic_name),
        ("检查机关 Authority", inspection.authority),
        ("检查事由 Purpose", inspection.purpose),
        ("检查人员 Inspector", f"{inspection.inspector_name} ({inspection.inspector_username})"),
        (
            "检查期间 Period of records",
            f"{inspection.period_from.isoformat()} – {inspection.period_to.isoformat()}",
        ),
        ("授权有效至 Access until", inspection.expires_on.isoformat()),
        ("授权人 Granted by", inspection.granted_by),
    ]
    table = Table([[p(a), p(b)] for a, b in grant], colWidths=[48 * mm, 126 * mm])
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                ("BACKGROUND", (0, 0), (0, -1), colors.HexColor("#eeeeee")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    story += [table, Spacer(1, 4 * mm), p("检查发现 Findings", head)]
    if not notes:
        story.append(p("（无记录 no notes）"))
    rows = [[p("编号 No."), p("时间 Written"), p("内容 Finding")]]
    shade = []
    for index, note in enumerate(notes, start=1):
        status = []
        if note.supersedes_id is not None:
            status.append(f"更正记录 {note.supersedes_id} corrects note {note.supersedes_id}")
        if note.superseded_by is not None:
            status.append(
                f"已由记录 {note.superseded_by} 更正 corrected by note {note.superseded_by}"
            )
            shade.append(index)
        text = note.text + ("\n\n" + " · ".join(status) if status else "")
        rows.append(
            [
                p(str(note.note_id)),
                p(f"{note.written_at:%Y-%m-%d %H:%M}\n{note.written_by}"),
                p(text),
            ]
        )
    if notes:
        listing = Table(rows, colWidths=[16 * mm, 34 * mm, 124 * mm], repeatRows=1)
        style = [
            ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ]
        style += [("TEXTCOLOR", (0, r), (-1, r), colors.HexColor("#666666")) for r in shade]
        listing.setStyle(TableStyle(style))
        story.append(listing)
    story += [
        Spacer(1, 6 * mm),
        p(f"打印时间 Printed {printed_at:%Y-%m-%d %H:%M}", muted),
        Spacer(1, 10 * mm),
        p("检查人员签名 Inspector：______________    被检查单位负责人 Clinic：______________"),
    ]
    doc.build(story, canvasmaker=canvas_for(demo))
    return out.getvalue()
