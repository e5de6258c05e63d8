"""A small clinic built by hand through the real services, whose every report figure is known.

Ten dosing days from DAY0 (2026-03-02); the reports are read on DAY = DAY0 + 10.
Patients (methadone 1 mg/mL, all enrolled on DAY0):
  A 30 mg  window doses days 0-8 (one voided and given again on day 0), a take-home for day 9;
           order review on DAY+5; screened negative DAY0
  B 25 mg  days 0-8 -> missed 1; screened positive DAY0, not reviewed
  C 20 mg  days 0-7 -> missed 2; order ends DAY+3; screened positive DAY0+4, reviewed
  D 30 mg  days 0-6 -> missed 3, held for reassessment; no screen
  E 15 mg  day 0 only -> missed 9, re-induction; no screen; two contact attempts
  F        enrolled, then discharged on DAY0
Even days: nurse2 at window 1; odd days: nurse at window 2.
Settings: take-home 2 days, screens every 7 days, dropout after 5 days absent.
Lots in the safe: L-EXP expires DAY-5 (100 mL), L-SOON DAY+20 (50), L-LATER DAY+60 (40).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from clinic import administration
from clinic.dosing.screens import record_screen, review_screen
from clinic.dosing.window import give_take_home, record_dose, void_dose
from clinic.inventory import stock
from clinic.patients.outreach import log_contact_attempt
from clinic.patients.records import change_status, open_patient
from clinic.service import AuthContext
from tests.conftest import ClinicUnderTest
from tests.integration.dosing_helpers import DAY0, Window, window

DAY = DAY0 + timedelta(days=10)
LAST_DAY = {"A": 8, "B": 8, "C": 7, "D": 6, "E": 0}
DOSE = {"A": "30", "B": "25", "C": "20", "D": "30", "E": "15"}


@dataclass
class ReportClinic:
    w: Window
    pharm: AuthContext
    nurse: AuthContext  # the odd days' nurse (user "nurse")
    pid: dict[str, int]
    number: dict[str, str]
    window2: int
    site_id: int


def build(cut: ClinicUnderTest) -> ReportClinic:
    w = window(cut)
    admin = cut.admin()
    for key, value in (
        ("take_home_max_days", 2),
        ("screen_interval_days", 7),
        ("dropout_days", 5),
    ):
        administration.update_setting(admin, key=key, value=value, reason="test clinic")
    ph = w.ph
    window2 = stock.add_place(ph.pharm, site_code="MAIN", kind="window", name="窗口2 Window 2")
    w.stock_window(quantity="2000")
    ph.receive(ph.methadone, "L2", "1000", expiry_days=900)
    stock.issue_to_window(
        ph.pharm,
        product_id=ph.methadone,
        safe_id=ph.safe,
        window_id=window2.location_id,
        quantity="1000",
        **ph.witness(),
    )
    for lot, quantity, expires in (
        ("L-EXP", "100", DAY - timedelta(days=5)),
        ("L-SOON", "50", DAY + timedelta(days=20)),
        ("L-LATER", "40", DAY + timedelta(days=60)),
    ):
        stock.receive(
            ph.pharm,
            product_id=ph.methadone,
            lot_number=lot,
            expiry_date=expires,
            manufacturer="某制药厂",
            supplier="某医药公司",
            safe_id=ph.safe,
            expected=quantity,
            received=quantity,
            quality_condition="包装完好 intact",
            acceptance="accepted",
            **ph.witness(),
        )
    pid = {
        "A": w.patient(dose="30", take_home_days=1, review_on=DAY + timedelta(days=5)),
        "B": w.patient(dose="25"),
        "C": w.patient(dose="20", end_on=DAY + timedelta(days=3)),
        "D": w.patient(dose="30"),
        "E": w.patient(dose="15"),
        "F": w.patient(dose="30"),
    }
    change_status(
        w.doc, patient_id=pid["F"], to_status="discharged", effective_on=DAY0, reason="moved away"
    )
    nurse = ph.nurse
    for k in range(10):
        w.at(DAY0 + timedelta(days=k))
        who, place = (w.nurse, ph.window) if k % 2 == 0 else (nurse, window2.location_id)
        for key in "ABCDE":
            if k <= LAST_DAY[key]:
                given = record_dose(who, patient_id=pid[key], window_id=place)
                if key == "A" and k == 0:
                    void_dose(
                        who,
                        dose_id=given.dose_id,
                        reason="wrong cup",
                        witness="pharm",
                        witness_password="pharm-pass-1",
                    )
                    record_dose(who, patient_id=pid[key], window_id=place)
        if k == 0:
            record_screen(
                w.nurse, patient_id=pid["A"], collected_on=DAY0, results={"opiates": False}
            )
            record_screen(
                w.nurse, patient_id=pid["B"], collected_on=DAY0, results={"opiates": True}
            )
        if k == 4:
            seen = record_screen(
                w.nurse, patient_id=pid["C"], collected_on=w_day(k), results={"ketamine": True}
            )
            review_screen(w.doc, screen_id=seen.screen_id, note="谈话")
        if k == 8:
            give_take_home(w.nurse, patient_id=pid["A"], window_id=ph.window, days=1)
    w.at(DAY - timedelta(days=1), 16)
    log_contact_attempt(w.nurse, patient_id=pid["E"], method="phone", outcome="no_answer")
    w.at(DAY, 10)
    log_contact_attempt(
        w.doc, patient_id=pid["E"], method="visit", outcome="will_return", note="答应明天来"
    )
    numbers = {key: open_patient(w.doc, patient_id=p).patient_number for key, p in pid.items()}
    sites = administration.list_sites(admin)
    return ReportClinic(w, ph.pharm, nurse, pid, numbers, window2.location_id, sites[0].site_id)


def w_day(k: int) -> date:
    return DAY0 + timedelta(days=k)
