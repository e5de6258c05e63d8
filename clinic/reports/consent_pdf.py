"""The consent form printed for the patient's signature, and the patient's disclosure history:
bilingual A4 PDFs (Chinese first, English beneath)."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from clinic.reports.demo import canvas_for
from clinic.reports.fonts import cjk_font


@dataclass(frozen=True)
class ConsentForm:
    clinic_name: str
    patient_name: str
    patient_number: str
    purpose_zh: str
    purpose_en: str
    recipient: str
    scope: str
    starts_on: date
    expires_on: date | None
    renews: int | None  # the consent number this form renews
    printed_on: date


@dataclass(frozen=True)
class DisclosureLine:
    disclosed_at: datetime  # in the clinic's time zone
    purpose_zh: str
    purpose_en: str
    recipient: str
    scope: str
    basis: str  # "同意书 #12 consent #12" or the legal basis
    reference: str | None
    disclosed_by: str


@dataclass(frozen=True)
class DisclosureHistory:
    clinic_name: str
    patient_name: str
    patient_number: str
    lines: Sequence[DisclosureLine]
    printed_on: date


def _styles(font: str) -> dict[str, ParagraphStyle]:
    return {
        "title": ParagraphStyle("title", fontName=font, fontSize=15, leading=20, alignment=1),
        "subtitle": ParagraphStyle("sub", fontName=font, fontSize=9.5, leading=13, alignment=1),
        "body": ParagraphStyle("body", fontName=font, fontSize=9.5, leading=14),
        "cell": ParagraphStyle("cell", fontName=font, fontSize=8.5, leading=11.5),
    }


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(text).replace("\n", "<br/>"), style)


def _doc(out: io.BytesIO, title: str, author: str, wide: bool = False) -> SimpleDocTemplate:
    return SimpleDocTemplate(
        out,
        pagesize=landscape(A4) if wide else A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=16 * mm,
        bottomMargin=16 * mm,
        title=title,
        author=author,
    )


def _grid(rows: list[list[Paragraph]], widths: list[float], header: bool = False) -> Table:
    table = Table(rows, colWidths=widths, repeatRows=1 if header else 0)
    style = [
        ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]
    if header:
        style.append(("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")))
    else:
        style.append(("BACKGROUND", (0, 0), (0, -1), colors.HexColor("#eeeeee")))
    table.setStyle(TableStyle(style))
    return table


def render_consent_form(form: ConsentForm, *, demo: bool = False) -> bytes:
    """One A4 page: what the patient agrees to share, with whom, for how long, and that it can be
    withdrawn at any time; signature lines for the patient and the clinic."""
    font = cjk_font()
    s = _styles(font)
    out = io.BytesIO()
    doc = _doc(out, f"Consent {form.patient_number}", form.clinic_name)
    until = form.expires_on.isoformat() if form.expires_on else "撤回前一直有效 until withdrawn"
    rows = [
        ("患者 Patient", f"{form.patient_name}（{form.patient_number}）"),
        ("用途 Purpose", f"{form.purpose_zh} {form.purpose_en}"),
        ("接收方 Recipient", form.recipient),
        ("共享的信息 Information shared", form.scope),
        ("有效期 Valid", f"{form.starts_on.isoformat()} 至 to {until}"),
    ]
    if form.renews is not None:
        rows.append(("续签 Renews", f"同意书 #{form.renews} consent #{form.renews}"))
    story: list[Flowable] = [
        _p(form.clinic_name, s["subtitle"]),
        _p("患者信息披露知情同意书", s["title"]),
        _p("Consent to share the patient's information", s["subtitle"]),
        Spacer(1, 6 * mm),
        _grid([[_p(k, s["cell"]), _p(v, s["cell"])] for k, v in rows], [52 * mm, 122 * mm]),
        Spacer(1, 6 * mm),
        _p(
            "本人自愿同意本门诊仅为上述用途、仅向上述接收方提供上述信息。本人可随时撤回本同意，"
            "撤回后不再提供；撤回前已提供的信息无法收回。本门诊将记录每一次信息提供，本人可随时查阅。",
            s["body"],
        ),
        Spacer(1, 2 * mm),
        _p(
            "I agree of my own will that the clinic shares the information above, only with the "
            "recipient above and only for the purpose above. I may withdraw this consent at any "
            "time; nothing is shared after I do, and what was shared before cannot be taken "
            "back. The clinic records every disclosure, and I may see that record at any time.",
            s["body"],
        ),
        Spacer(1, 16 * mm),
        KeepTogether(
            [
                _p(
                    "患者签名 Patient's signature：____________________    日期 Date：__________",
                    s["body"],
                ),
                Spacer(1, 10 * mm),
                _p(
                    "监护人签名（如适用）Guardian (if any)：____________________    "
                    "日期 Date：__________",
                    s["body"],
                ),
                Spacer(1, 10 * mm),
                _p(
                    "经办人 For the clinic：____________________    日期 Date：__________",
                    s["body"],
                ),
            ]
        ),
        Spacer(1, 8 * mm),
        _p(f"打印日期 Printed {form.printed_on.isoformat()}", s["cell"]),
    ]
    doc.build(story, canvasmaker=canvas_for(demo))
    return out.getvalue()


def render_disclosure_history(history: DisclosureHistory, *, demo: bool = False) -> bytes:
    """Every disclosure of the patient's identified data, for the patient: when, to whom, why, on
    what basis, by whom."""
    font = cjk_font()
    s = _styles(font)
    out = io.BytesIO()
    doc = _doc(out, f"Disclosures {history.patient_number}", history.clinic_name, wide=True)
    header = [
        "时间 When",
        "用途 Purpose",
        "接收方 Recipient",
        "信息 Information",
        "依据 Basis",
        "编号 Reference",
        "经办 By",
    ]
    rows = [[_p(h, s["cell"]) for h in header]]
    for line in history.lines:
        rows.append(
            [
                _p(line.disclosed_at.strftime("%Y-%m-%d %H:%M"), s["cell"]),
                _p(f"{line.purpose_zh} {line.purpose_en}", s["cell"]),
                _p(line.recipient, s["cell"]),
                _p(line.scope, s["cell"]),
                _p(line.basis, s["cell"]),
                _p(line.reference or "", s["cell"]),
                _p(line.disclosed_by, s["cell"]),
            ]
        )
    story: list[Flowable] = [
        _p(history.clinic_name, s["subtitle"]),
        _p("患者信息披露记录", s["title"]),
        _p(
            f"Disclosures of the information of {history.patient_name} "
            f"（{history.patient_number}）",
            s["subtitle"],
        ),
        Spacer(1, 5 * mm),
    ]
    if history.lines:
        widths = [30, 34, 44, 52, 40, 30, 28]
        story.append(_grid(rows, [w * mm for w in widths], header=True))
    else:
        story.append(
            _p(
                "本门诊未向任何外部机构提供过该患者的身份信息。No disclosure has been made.",
                s["body"],
            )
        )
    story += [
        Spacer(1, 6 * mm),
        _p(
            f"共 {len(history.lines)} 次 · {len(history.lines)} "
            f"{'disclosure' if len(history.lines) == 1 else 'disclosures'} · "
            f"打印日期 Printed {history.printed_on.isoformat()}",
            s["cell"],
        ),
    ]
    doc.build(story, canvasmaker=canvas_for(demo))
    return out.getvalue()
