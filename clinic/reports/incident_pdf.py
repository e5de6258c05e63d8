"""The loss or theft report (麻醉药品/精神药品丢失被盗报告) for police, regulator and health authority."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from clinic.numbers import plain
from clinic.reports.demo import canvas_for
from clinic.reports.fonts import cjk_font

ADDRESSEES = (
    "公安机关 Public security bureau (police)",
    "药品监督管理部门 Drug regulatory authority",
    "卫生健康行政部门 Health administration authority",
)
CLASSES = {
    "narcotic": "麻醉药品 narcotic drug",
    "psychotropic_1": "第一类精神药品 class-1 psychotropic",
    "none": "非管制 not controlled",
}
KINDS = {"loss": ("丢失", "Loss"), "theft": ("被盗", "Theft")}


@dataclass(frozen=True)
class IncidentReport:
    clinic_name: str
    incident_id: int
    kind: str
    voucher: str
    product_name: str
    product_form: str
    strength: str
    unit: str
    controlled_class: str
    lot_number: str
    expiry_date: date
    manufacturer: str
    supplier: str
    quantity: Decimal
    site_name: str
    place_name: str
    discovered_at: datetime
    recorded_at: datetime
    circumstances: str
    police_reference: str | None
    recorded_by: str
    witness: str
    printed_on: date


def render_incident_pdf(report: IncidentReport, *, demo: bool = False) -> bytes:
    """One A4 report: addressees, what was lost, where and when, what happened, who recorded it."""
    font = cjk_font()
    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=16 * mm,
        bottomMargin=16 * mm,
        title=f"Incident report {report.incident_id}",
        author=report.clinic_name,
    )
    title = ParagraphStyle("title", fontName=font, fontSize=15, leading=20, alignment=1)
    subtitle = ParagraphStyle("subtitle", fontName=font, fontSize=9.5, leading=13, alignment=1)
    body = ParagraphStyle("body", fontName=font, fontSize=9, leading=13)
    cell = ParagraphStyle("cell", fontName=font, fontSize=8.5, leading=11.5)
    head = ParagraphStyle("head", fontName=font, fontSize=10, leading=14, spaceBefore=6)
    zh_kind, en_kind = KINDS.get(report.kind, (report.kind, report.kind))

    def p(text: str, style: ParagraphStyle = cell) -> Paragraph:
        return Paragraph(escape(text).replace("\n", "<br/>"), style)

    story: list[Flowable] = [
        p("麻醉药品和精神药品丢失、被盗案件报告", title),
        p(f"Report of {en_kind.lower()} of a controlled drug — {zh_kind}", subtitle),
        Spacer(1, 4 * mm),
        p("报送 To:", head),
        *[p(f"□ {who}", body) for who in ADDRESSEES],
        Spacer(1, 3 * mm),
    ]
    local = report.discovered_at
    rows = [
        ("报告单位 Reporting clinic", report.clinic_name),
        ("事件编号 Incident no.", f"{report.incident_id}    凭证号 Voucher {report.voucher}"),
        ("事件类型 Kind", f"{zh_kind} {en_kind}"),
        ("药品名称 Product", report.product_name),
        (
            "剂型/规格 Form / strength",
            f"{report.product_form} · {report.strength} · "
            f"{CLASSES.get(report.controlled_class, report.controlled_class)}",
        ),
        ("批号 Lot", report.lot_number),
        ("有效期 Expiry", report.expiry_date.isoformat()),
        ("生产企业 Manufacturer", report.manufacturer),
        ("供货单位 Supplier", report.supplier),
        ("数量 Quantity", f"{plain(report.quantity)} {report.unit}"),
        ("地点 Where", f"{report.site_name} · {report.place_name}"),
        ("发现时间 Discovered", local.strftime("%Y-%m-%d %H:%M %Z").strip()),
        ("登记时间 Recorded", report.recorded_at.strftime("%Y-%m-%d %H:%M %Z").strip()),
        ("报案回执号 Police reference", report.police_reference or "（尚未报案 not yet filed）"),
        ("经过 Circumstances", report.circumstances),
        ("登记人 Recorded by", report.recorded_by),
        ("见证人 Witness", report.witness),
    ]
    table = Table(
        [[p(label), p(value)] for label, value in rows],
        colWidths=[48 * mm, 126 * mm],
    )
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                ("BACKGROUND", (0, 0), (0, -1), colors.HexColor("#eeeeee")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    story.append(table)
    story.append(Spacer(1, 5 * mm))
    story.append(
        p(
            "特此报告。\nThis report is made to each authority named above.",
            body,
        )
    )
    story.append(Spacer(1, 10 * mm))
    signatures = [
        ["报告人 Reported by：______________", "见证人 Witness：______________"],
        ["药品管理负责人 Responsible person：__________", "单位盖章 Clinic seal："],
        [f"日期 Date：{report.printed_on.isoformat()}", ""],
    ]
    sign_table = Table(
        [[p(a, body), p(b, body)] for a, b in signatures],
        colWidths=[87 * mm, 87 * mm],
        rowHeights=14 * mm,
    )
    sign_table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "BOTTOM")]))
    story.append(sign_table)
    doc.build(story, canvasmaker=canvas_for(demo))
    return out.getvalue()
