"""The transfer summary printed for the receiving clinic: a bilingual A4 PDF (Chinese first,
English beside it) with the sending clinic's signing-key fingerprint, to compare at import."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from clinic.numbers import plain
from clinic.reports.consent_pdf import _doc, _grid, _p, _styles
from clinic.reports.demo import canvas_for
from clinic.reports.fonts import cjk_font

if TYPE_CHECKING:
    from clinic.patients.transfer import OrderLine, TransferSummary

SEX = {"M": "男 Male", "F": "女 Female"}
METHOD = {
    "methadone": "美沙酮维持治疗 Methadone maintenance",
    "buprenorphine": "丁丙诺啡治疗 Buprenorphine",
    "naltrexone": "纳曲酮治疗 Naltrexone",
}
KIND = {
    "observed": "现场服药 observed",
    "take_home": "带药 take-home",
    "redose": "补服 re-dose",
    "replacement": "补发 replacement",
}


def _order(line: OrderLine | None) -> str:
    if line is None:
        return "无有效医嘱 No order in force"
    split = " + ".join(plain(mg) for mg in line.slots_mg)
    text = f"{line.product}：{plain(line.daily_dose_mg)} mg/日 a day"
    if len(line.slots_mg) > 1:
        text += f"（分次 split {split} mg）"
    text += f"，自 from {line.start_on.isoformat()}"
    if line.induction:
        text += "，诱导 induction"
    if line.review_on:
        text += f"，复评 review {line.review_on.isoformat()}"
    if line.end_on:
        text += f"，止 until {line.end_on.isoformat()}"
    if line.take_home_days:
        text += f"，带药 take-home {line.take_home_days} 天 days"
    return text


def render_transfer_summary(summary: TransferSummary, printed: str, *, demo: bool = False) -> bytes:
    """The summary on A4: patient, diagnosis, order, last dose, the last 30 days' doses and
    titration, screens, missed days and notes; the signing key's fingerprint at the top."""
    s = _styles(cjk_font())
    out = io.BytesIO()
    doc = _doc(out, f"Transfer {summary.patient_number}", summary.sender)
    last = (
        f"{summary.last_dose_on.isoformat()}，{plain(summary.last_dose_mg)} mg"
        if summary.last_dose_on and summary.last_dose_mg is not None
        else "无 none"
    )
    diagnosis = (
        f"ICD-11 {summary.icd11} / ICD-10 {summary.icd10}，"
        f"{summary.diagnosed_on.isoformat() if summary.diagnosed_on else ''}"
        if summary.icd11
        else "—"
    )
    rows = [
        ("转出门诊 From", summary.sender),
        ("接收门诊 To", summary.recipient),
        ("签发 Issued", f"{summary.issued_on.isoformat()} · {summary.issued_by}"),
        ("摘要编号 Summary", summary.summary_id),
        ("签名密钥指纹 Key fingerprint", printed),
        ("患者 Patient", f"{summary.name}（{summary.patient_number}）"),
        ("性别 Sex", SEX.get(summary.sex, summary.sex)),
        ("出生日期 Born", summary.birth_date.isoformat()),
        ("身份证号码 ID number", summary.national_id),
        ("电话 Phone", summary.phone or "—"),
        ("地址 Address", summary.address or "—"),
        ("紧急联系人 Emergency contact", summary.emergency_contact or "—"),
        ("诊断 Diagnosis", diagnosis),
        ("治疗方式 Treatment", METHOD.get(summary.method or "", summary.method or "—")),
        ("本次治疗起始 In treatment since", summary.in_treatment_since.isoformat()),
        ("当前医嘱 Current order", _order(summary.order)),
        ("末次服药 Last dose", last),
    ]
    story: list[Flowable] = [
        _p(summary.sender, s["subtitle"]),
        _p("转诊摘要（美沙酮维持治疗）", s["title"]),
        _p("Transfer summary (opioid agonist treatment)", s["subtitle"]),
        Spacer(1, 5 * mm),
        _grid([[_p(k, s["cell"]), _p(v, s["cell"])] for k, v in rows], [52 * mm, 122 * mm]),
        Spacer(1, 5 * mm),
        _p("近 30 天服药 Doses in the last 30 days", s["body"]),
    ]
    if summary.doses:
        header = ["日期 Date", "次 Slot", "方式 Kind", "剂量 Dose (mg)"]
        lines = [[_p(h, s["cell"]) for h in header]] + [
            [
                _p(d.day.isoformat(), s["cell"]),
                _p(str(d.slot), s["cell"]),
                _p(KIND.get(d.kind, d.kind), s["cell"]),
                _p(plain(d.dose_mg), s["cell"]),
            ]
            for d in summary.doses
        ]
        story.append(_grid(lines, [40 * mm, 20 * mm, 60 * mm, 54 * mm], header=True))
    else:
        story.append(_p("无 None", s["cell"]))
    missed = (
        "；".join(f"{run.first.isoformat()} 起 from, {run.days} 天 days" for run in summary.missed)
        or "无 none"
    )
    screens = (
        "\n".join(
            f"{sc.collected_on.isoformat()} {'随机 random' if sc.random else ''} "
            f"阳性 positive: {', '.join(sc.positives) or '—'}；"
            f"阴性 negative: {', '.join(sc.negatives) or '—'}"
            f"{'；已复核 reviewed' if sc.reviewed else ''}"
            for sc in summary.screens
        )
        or "无 none"
    )
    more = [
        ("剂量调整 Titration", "\n".join(_order(o) for o in summary.titration) or "无 none"),
        ("漏服 Missed days", missed),
        ("尿检 Urine screens", screens),
        ("备注 Notes", "\n".join(summary.notes) or "无 none"),
    ]
    story += [
        Spacer(1, 5 * mm),
        _grid([[_p(k, s["cell"]), _p(v, s["cell"])] for k, v in more], [52 * mm, 122 * mm]),
        Spacer(1, 6 * mm),
        _p(
            "电子文件已用转出门诊的签名密钥签名，并以另行告知的口令加密。导入时请核对上述密钥指纹。"
            "漏服规则跨门诊适用：首次服药前请按末次服药日期计算漏服天数。",
            s["cell"],
        ),
        _p(
            "The electronic file is signed with the sending clinic's key and sealed with a "
            "passphrase given separately. Compare the key fingerprint above at import. The "
            "missed-day rules apply across clinics: count missed days from the last dose above.",
            s["cell"],
        ),
        Spacer(1, 10 * mm),
        _p("医师签名 Physician：____________________    日期 Date：__________", s["body"]),
    ]
    doc.build(story, canvasmaker=canvas_for(demo))
    return out.getvalue()
