"""The demo's clinical set-up, written through the services as the demo users: products,
payer schemes, about sixty patients with photos, orders, cards, consents and a spread of statuses
(enrolled on the first day of the history, with the clinic's clock set back to it).
Deterministic apart from card codes, which the card service draws at random.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

from clinic.demo.calendar import Staff
from clinic.demo.people import SEED, DemoPatient, phone_number
from clinic.dosing.orders import OrderRequest, stop_order, write_order
from clinic.patients.enrolment import (
    Agreement,
    Eligibility,
    Enrolment,
    Identity,
    Payer,
    enrol_patient,
)
from clinic.patients.records import change_status, issue_card, readmit, set_photo
from clinic.patients.registry import register_patient

PRODUCTS = (
    ("MET-1", "盐酸美沙酮口服溶液 1 mg/mL", "methadone", "oral_solution", "1", "narcotic"),
    ("MET-05", "盐酸美沙酮口服溶液 0.5 mg/mL", "methadone", "oral_solution", "0.5", "narcotic"),
    (
        "BUP-02",
        "丁丙诺啡舌下片 0.2 mg",
        "buprenorphine",
        "sublingual_tablet",
        "0.2",
        "psychotropic_1",
    ),
    ("BUP-2", "丁丙诺啡舌下片 2 mg", "buprenorphine", "sublingual_tablet", "2", "psychotropic_1"),
)
SCHEMES = (
    ("RESIDENT", "城乡居民基本医疗保险", "resident"),
    ("EMPLOYEE", "职工基本医疗保险", "employee"),
)

HOLD_REASONS = ("住院治疗 In hospital", "外出务工 Working away", "家中有事请假 Family leave")
EXIT_REASONS = (
    "完成治疗，逐步减量停药 Completed a taper",
    "连续失访超过14天 Lost to follow-up (over 14 days absent)",
    "自愿退出治疗 Left treatment voluntarily",
    "违反门诊规定 Broke the clinic's rules",
    "被强制隔离戒毒 Sent to compulsory treatment",
)
TRANSFER_REASONS = ("迁居外省，转至当地美沙酮门诊 Moved away: transferred to a local clinic",)
MAINTENANCE_REASON = "既往滴定已达稳定维持剂量 Stable maintenance dose reached in earlier titration"


@dataclass
class DemoSummary:
    statuses: Counter[str] = field(default_factory=Counter)
    orders: int = 0
    cards: int = 0
    products: dict[str, int] = field(default_factory=dict)


# --- writing it through the services ---------------------------------------------------------


def _agreement(method: str, signed_on: date) -> Agreement:
    return Agreement(
        method=method,
        duration="12个月 12 months",
        covers_confidentiality=True,
        covers_clinic_rules=True,
        covers_termination=True,
        covers_effects_and_risks=True,
        signed_on=signed_on,
    )


def _enrolment(p: DemoPatient, today: date, rng: random.Random) -> Enrolment:
    draft = Enrolment(today=today)
    draft.set_identity(
        Identity(
            name=p.name,
            sex=p.sex,
            birth_date=p.birth,
            national_id=p.national_id,
            phone=p.phone,
            address=p.address,
            emergency_contact=p.emergency_contact,
        )
    )
    draft.set_photo(p.photo)
    minor = p.fate == "minor"
    draft.set_eligibility(
        Eligibility(
            diagnosed_on=today - timedelta(days=rng.randint(2, 40)),
            voluntary=True,
            full_capacity=True,
            guardian=f"{p.name[0]}建华（父亲）{phone_number(rng)}" if minor else None,
            guardian_consent_on=today if minor else None,
        )
    )
    draft.set_agreement(_agreement(p.method, today))
    draft.set_payer(
        Payer(
            scheme_code=p.scheme,
            insured_number=p.insured_number,
            claims_consent=p.claims_consent,
            consent_signed_on=today if p.claims_consent else None,
        )
    )
    return draft


class DemoWriter:
    def __init__(
        self, staff: Staff, today: date, products: dict[str, int], reviews: date | None = None
    ) -> None:
        self.staff = staff
        self.today = today  # the day the patients are enrolled and their orders start
        self.reviews = reviews or today  # review dates count from here
        self.products = products
        self.summary = DemoSummary(products=products)
        self.rng = random.Random(SEED + 1)
        self.high_dose_done = False
        self.split_done = False
        self.review_due_done = False
        self.small_strength_done = 0

    def order(self, patient_id: int, request: OrderRequest) -> None:
        write_order(self.staff.physician, patient_id=patient_id, request=request)
        self.summary.orders += 1

    def methadone_product(self) -> int:
        # A few patients are dosed from the 0.5 mg/mL solution.
        if self.small_strength_done < 4 and self.rng.random() < 0.2:
            self.small_strength_done += 1
            return self.products["MET-05"]
        return self.products["MET-1"]

    def induction(self, patient_id: int, product: int | None = None) -> None:
        self.order(
            patient_id,
            OrderRequest(
                product_id=product or self.methadone_product(),
                daily_dose_mg=str(self.rng.choice((20, 20, 25, 25, 30))),
                start_on=self.today,
                review_on=self.reviews + timedelta(days=14),
                reason="诱导期 Induction",
            ),
        )

    def maintenance(self, patient_id: int) -> None:
        product = self.methadone_product()
        self.induction(patient_id, product)
        review = self.reviews + timedelta(days=self.rng.randint(30, 90))
        if not self.review_due_done:
            review, self.review_due_done = self.reviews + timedelta(days=4), True
        if not self.high_dose_done:
            self.high_dose_done = True
            request = OrderRequest(
                product_id=product,
                daily_dose_mg="110",
                start_on=self.today,
                review_on=review,
                reason=MAINTENANCE_REASON + "；心电图 QTc 正常 ECG QTc normal",
                ecg_qtc_ms=432,
                ecg_on=self.today - timedelta(days=2),
            )
        elif not self.split_done:
            self.split_done = True
            request = OrderRequest(
                product_id=product,
                daily_dose_mg="80",
                slots_mg=("50", "30"),
                start_on=self.today,
                review_on=review,
                reason=MAINTENANCE_REASON + "；分两次服用 split in two",
            )
        else:
            request = OrderRequest(
                product_id=product,
                daily_dose_mg=str(self.rng.randrange(60, 101, 5)),
                start_on=self.today,
                review_on=review,
                reason=MAINTENANCE_REASON,
            )
        self.order(patient_id, request)

    def buprenorphine(self, patient_id: int) -> None:
        first = self.rng.choice(("2", "2.4", "4", "6", "8"))
        review = self.reviews + timedelta(days=self.rng.randint(30, 90))
        self.order(
            patient_id,
            OrderRequest(
                product_id=self.products["BUP-2"],
                daily_dose_mg=first,
                start_on=self.today,
                review_on=review,
            ),
        )
        if self.rng.random() < 0.5:
            self.order(
                patient_id,
                OrderRequest(
                    product_id=self.products["BUP-2"],
                    daily_dose_mg=self.rng.choice(("8", "12", "16")),
                    start_on=self.today,
                    review_on=review,
                    reason="维持剂量 Maintenance dose",
                ),
            )

    def treat(self, patient_id: int, method: str) -> None:
        if method == "buprenorphine":
            self.buprenorphine(patient_id)
        else:
            self.maintenance(patient_id)

    def end(self, patient_id: int, status: str, reason: str) -> None:
        stop_order(
            self.staff.physician, patient_id=patient_id, effective_on=self.today, reason=reason
        )
        change_status(
            self.staff.physician,
            patient_id=patient_id,
            to_status=status,
            effective_on=self.today,
            reason=reason,
        )

    def card(self, patient_id: int, reason: str | None = None) -> None:
        issue_card(self.staff.nurse, patient_id=patient_id, reason=reason)
        self.summary.cards += 1

    def patient(self, p: DemoPatient, index: int) -> None:
        staff, today = self.staff, self.today
        if p.fate == "applicant":
            made = register_patient(
                staff.physician,
                name=p.name,
                national_id=p.national_id,
                sex=p.sex,
                phone=p.phone,
                address=p.address,
                insurance_number=p.insured_number,
            )
            set_photo(staff.nurse, patient_id=made.patient_id, image=p.photo)
            self.summary.statuses["applicant"] += 1
            return
        pid = enrol_patient(staff.physician, enrolment=_enrolment(p, today, self.rng)).patient_id
        status = "active"
        if p.fate in ("induction", "minor"):
            self.induction(pid)
        elif p.fate == "readmitted":
            self.maintenance(pid)
            self.card(pid)
            self.end(pid, "discharged", EXIT_REASONS[2])
            readmit(staff.physician, patient_id=pid, agreement=_agreement(p.method, today))
            self.induction(pid)
        else:
            self.treat(pid, p.method)
        if p.fate == "on_hold":
            change_status(
                staff.physician,
                patient_id=pid,
                to_status="on_hold",
                effective_on=today,
                reason=HOLD_REASONS[index % len(HOLD_REASONS)],
            )
            status = "on_hold"
        elif p.fate == "discharged":
            self.end(pid, "discharged", EXIT_REASONS[index % len(EXIT_REASONS)])
            status = "discharged"
        elif p.fate == "transferred_out":
            self.end(pid, "transferred_out", TRANSFER_REASONS[0])
            status = "transferred_out"
        elif p.fate == "deceased":
            self.end(pid, "deceased", "病故（肝硬化） Died of liver cirrhosis")
            status = "deceased"
        # Most patients hold a card; a few new ones have not had theirs printed yet.
        if p.fate != "readmitted" and not (p.fate == "induction" and index % 2 == 0):
            self.card(pid)
            if self.summary.cards == 5:
                self.card(pid, reason="卡片遗失 Card lost")  # the first card is void now
        self.summary.statuses[status] += 1
