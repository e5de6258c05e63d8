"""The morning's queue on paper (服药登记表): every patient expected at a window today, what the
dose gate says of each as the day starts (the dose and what to pour, or why not), and blank
columns for the time given and the nurse's signature. Printed each morning with the daily log,
so that the window can dose by hand if even the workstation goes down; the doses are entered
afterwards (clinic.dosing.late), through the same gate, as of the time written down."""

from __future__ import annotations

from sqlalchemy import select

from clinic import clock
from clinic.analytics.table import Column, ReportTable
from clinic.dosing import window as windows
from clinic.dosing.queue import expected_today
from clinic.numbers import plain
from clinic.privacy.permissions import Action
from clinic.service import Call, service
from clinic.storage.models import ClinicInfo
from clinic.storage.settings_store import demo_clinic

# Printed landscape, the widths to what each column holds: the morning's checks carry a reason
# in both languages (up to about 150 characters), the product its strength and what to pour, and
# the last two are blank for a time and a signature written by hand. On a portrait page's equal
# columns (27 mm each) a refusal took a dozen lines and a morning's queue five pages.
COLUMNS = (
    Column("number", "患者编号", "Patient no.", width=1.0),
    Column("name", "姓名", "Name", width=1.1),
    Column("dose", "剂量", "Dose", width=0.6),
    Column("pour", "药品及发药量", "Product and quantity", width=2.1),
    Column("gate", "今日核查", "Checks this morning", width=2.8),
    Column("given", "给药时间", "Time given", width=0.9),
    Column("signed", "护士签名", "Nurse", width=1.3),
)
# Marks the printer's Chinese font has (GB 2312): "✗" printed as nothing, so a refusal lost it.
MAY_DOSE, REFUSED = "√", "×"


@service(Action.DOSE_RECORD, entity="queue", read_only=True)
def queue_sheet(call: Call, *, window_id: int) -> ReportTable:
    """Today's expected patients at WINDOW_ID with the gate's word on each, for paper."""
    return _sheet(call, window_id)


@service(Action.DOSE_RECORD, entity="queue", read_only=True)
def queue_sheet_pdf(call: Call, *, window_id: int) -> bytes:
    """The same sheet as a PDF, to print."""
    from clinic.reports.table_pdf import render_table_pdf

    return render_table_pdf([_sheet(call, window_id)], demo=demo_clinic(call.session))


def _sheet(call: Call, window_id: int) -> ReportTable:
    session = call.session
    window = windows._window(session, window_id)
    now = call.db.clock()
    day = clock.clinic_today(session, now)
    rows = []
    ids = []
    for expected in expected_today(session, window, day):
        if expected.doses_at is not None:
            continue  # dosing at a guest place today
        patient = expected.patient
        gate = windows.dose_gate(session, patient, window, now)
        pour = "；".join(
            f"{part.product_name} {plain(part.quantity)} {part.unit}" for part in gate.parts
        )
        if gate.refusal is not None:
            verdict = f"{REFUSED} {gate.refusal[1]} {gate.refusal[0]}"
        else:
            verdict = f"{MAY_DOSE} 第 {gate.slot} 次 slot {gate.slot}/{len(gate.slots)}"
        rows.append(
            (
                patient.patient_number,
                patient.name,
                f"{plain(gate.dose_mg)} mg" if gate.dose_mg is not None else "",
                pour,
                verdict,
                "",
                "",
            )
        )
        ids.append(patient.id)
    call.note(entity_id=window.id, view="queue_sheet", listed=len(ids), patient_ids=sorted(ids))
    name = session.scalar(select(ClinicInfo.name)) or ""
    return ReportTable(
        "queue_sheet",
        f"服药登记表 · {window.name}",
        f"Dosing sheet · {window.name}",
        COLUMNS,
        tuple(rows),
        clinic_name=name,
        period=(day, day),
        notes=(
            "停机时按本表核对身份和剂量后手工给药，填写给药时间并签名；恢复后逐条补录"
            "（工具 → 补录手工给药）。If the workstation is down, dose by hand from this sheet, "
            "write the time and sign; enter each dose afterwards (Tools → Enter a dose given by "
            "hand).",
            "核查结果为打印时的情况：当日情况有变（如医嘱变更）以补录时的核查为准。The checks are "
            "as of printing; the entry afterwards checks again as of the time given.",
        ),
        generated_at=now,
        landscape=True,
    )
