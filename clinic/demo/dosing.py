"""Fictional demo dosing: thirty days of doses at the main window and, once the satellite has
its stock, at the satellite's window, written through the dosing services with the clinic's clock
set to each past day, so every dose, screen, void and waste is audited like real use and takes
its stock from the window in the same transaction.

Called by the stock month (clinic/demo/stock.py) once a day between the morning's issue to the
windows and the evening's count, and once for this morning with the real clock.
Most patients come nearly every day (never three days missed in a row); a few stop coming so that
today each missed-day rule shows: 1–2 days missed (dose as usual), 3–4 (held for a physician),
5 or more (re-induction needed), and one absent over two weeks (outreach list). Also: a positive
urine screen awaiting review, a reviewed one, screens for most patients, one voided dose, one
part-dose recorded as waste, one dose withheld for intoxication, take-home doses with one bottle
returned and one not. The window's daily fee: most self-paying patients pay as they go, some
once a week, and two have stopped paying, so a balance owed shows at the window.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import select

from clinic.demo.calendar import DemoClock, Staff
from clinic.dosing.daylog import return_bottle
from clinic.dosing.orders import OrderRequest, active_order, write_order
from clinic.dosing.queue import order_slots
from clinic.dosing.screens import record_screen, review_screen
from clinic.dosing.window import give_take_home, record_dose, void_dose, withhold_dose
from clinic.insurance.patient_fees import balance_of, record_payment
from clinic.inventory.stock import record_waste
from clinic.storage.models import DoseItem, Patient, Product
from clinic.storage.uow import UnitOfWork

SEED = 20180603
ATTENDANCE = 0.94
# Days before today of the last dose of the patients who stop coming (missed = days - 1).
STOPPED = {"missed_1": 2, "missed_2": 3, "held_3": 4, "held_4": 5, "reinduce": 8, "outreach": 18}
TAKE_HOME_DAY = 11  # days before today: an observed dose and two take-home doses
VOID_DAY, WASTE_DAY, WITHHELD_DAY = 5, 6, 4
POSITIVE_DAY, REVIEWED_DAY = 3, 20
SATELLITE_PATIENTS = 6  # dosed at the satellite once it has stock
UNSCREENED = 5  # patients with no screen yet: the "due for a screen" list is not empty
POSITIVE = {"opiates": True, "methamphetamine": True, "ketamine": False, "mdma": False}
NEGATIVE = {"opiates": False, "methamphetamine": False, "ketamine": False, "mdma": False}


@dataclass
class DosingSummary:
    doses: int = 0
    screens: int = 0
    roles: dict[str, int] = field(default_factory=dict)  # role -> patient id
    satellite: list[int] = field(default_factory=list)  # patient ids dosed at the satellite
    voided_dose: int | None = None
    waste_dose: int | None = None
    take_home_doses: list[int] = field(default_factory=list)


@dataclass
class _Patient:
    patient_id: int
    slots: int
    product: str
    missed: int = 0  # days missed in a row so far


class DemoDosing:
    """The daily hook: `hook(day)` doses DAY's patients at their windows."""

    def __init__(
        self,
        staff: Staff,
        calendar: DemoClock,
        first_day: date,
        windows: dict[str, int],
        satellite_from: date,
    ) -> None:
        self.physician, self.nurse = staff.physician, staff.nurse
        self.witness = staff.witness("pharmacist")
        self.calendar = calendar
        self.first_day, self.today = first_day, calendar.today()
        self.windows, self.satellite_from = windows, satellite_from
        self.db = staff.nurse.db
        self.rng = random.Random(SEED)
        self.patients: list[_Patient] = []
        self.summary = DosingSummary()
        self.screen_days: dict[int, int] = {}
        self.reviewed_screen: int | None = None
        self.fee_rng = random.Random(SEED + 1)  # its own stream: the dosing story stays the same
        self.payers: dict[int, str] = {}  # patient id -> daily | weekly | behind

    # --- who comes ---------------------------------------------------------------------------

    def _load(self) -> None:
        with UnitOfWork(self.db, read_only=True) as uow:
            s = uow.session
            for patient in s.scalars(
                select(Patient).where(Patient.status == "active").order_by(Patient.patient_number)
            ):
                order = active_order(s, patient.id, self.first_day)
                if order is not None and order.daily_dose_mg is not None:
                    product = s.get(Product, order.product_id)
                    assert product is not None
                    self.patients.append(
                        _Patient(patient.id, len(order_slots(order)), product.code)
                    )
        # The patients of the stories: single-slot doses of the 1 mg/mL solution.
        singles = [p for p in self.patients if p.slots == 1 and p.product == "MET-1"]
        for n, role in enumerate(
            (*STOPPED, "take_home", "voided", "waste", "withheld", "positive", "reviewed")
        ):
            self.summary.roles[role] = singles[1 + 2 * n].patient_id
        unscreened = {p.patient_id for p in self.patients[-UNSCREENED:]}
        for p in self.patients:
            if p.patient_id not in unscreened:
                self.screen_days[p.patient_id] = self.rng.randint(1, 28)
        cast = set(self.summary.roles.values())
        regulars = [p.patient_id for p in singles if p.patient_id not in cast]
        self.summary.satellite = regulars[-SATELLITE_PATIENTS:]
        self.screen_days[self.summary.roles["positive"]] = POSITIVE_DAY
        self.screen_days[self.summary.roles["reviewed"]] = REVIEWED_DAY

    def _comes(self, p: _Patient, day: date) -> bool:
        back = (self.today - day).days
        roles = {v: k for k, v in self.summary.roles.items()}
        role = roles.get(p.patient_id)
        if role in STOPPED:
            if back < STOPPED[role]:
                return False
            if back == STOPPED[role]:
                return True
        if role == "take_home" and back in (TAKE_HOME_DAY - 1, TAKE_HOME_DAY - 2):
            return False  # dosed at home from the bottles
        if role == "take_home" and back in (TAKE_HOME_DAY, TAKE_HOME_DAY - 3):
            return True
        if role == "waste" and back == WASTE_DAY:
            return True
        for name, absent in (("voided", VOID_DAY), ("withheld", WITHHELD_DAY)):
            if role == name and back == absent:
                return False  # a voided mistake, a dose withheld: not dosed that day
            if role == name and back in (absent - 1, absent + 1):
                return True
        if back == 0:
            return self.rng.random() < 0.35  # this morning: the early ones so far
        return p.missed >= 2 or self.rng.random() < ATTENDANCE

    # --- one day -----------------------------------------------------------------------------

    def window_of(self, p: _Patient, day: date) -> int:
        """The satellite's patients are dosed there once it has its own stock."""
        if p.patient_id in self.summary.satellite and day >= self.satellite_from:
            return self.windows["SAT"]
        return self.windows["MAIN"]

    def __call__(self, day: date) -> None:
        if not self.patients:
            self._load()
        back = (self.today - day).days
        real = back == 0
        window_id = self.windows["MAIN"]
        start = self.calendar.moment(day, 8)
        came = [p for p in self.patients if self._comes(p, day)]
        for p in self.patients:
            p.missed = 0 if p in came else p.missed + 1
        self.rng.shuffle(came)
        span = (3.5 * 3600) / max(len(came), 1)
        for n, p in enumerate(came):
            when = None if real else start + timedelta(seconds=int(n * span))
            for slot in range(1, (1 if real else p.slots) + 1):
                later = None if when is None or slot == 1 else when + timedelta(hours=5)
                with self.calendar.at(later or when):
                    info = record_dose(
                        self.nurse,
                        patient_id=p.patient_id,
                        window_id=self.window_of(p, day),
                        slot=slot,
                    )
                self.summary.doses += 1
                if slot == 1 and not real:
                    self._after_dose(p, day, back, self.window_of(p, day), info.dose_id, when)
            if not real:
                assert when is not None
                self._pay(p, day, back, when + timedelta(minutes=1))
        if not real:
            self._special(day, back, window_id, start)
            self._screens(day, back)

    def _after_dose(
        self,
        p: _Patient,
        day: date,
        back: int,
        window_id: int,
        dose_id: int,
        when: datetime | None,
    ) -> None:
        roles = self.summary.roles
        assert when is not None
        if p.patient_id == roles["waste"] and back == WASTE_DAY:
            with UnitOfWork(self.db, read_only=True) as uow:
                lot_id = uow.session.scalars(
                    select(DoseItem.lot_id).where(DoseItem.dose_id == dose_id)
                ).first()
            assert lot_id is not None
            with self.calendar.at(when + timedelta(minutes=2)):
                record_waste(
                    self.nurse,
                    window_id=window_id,
                    lot_id=lot_id,
                    quantity="10",
                    reason="患者未服完，吐出约 10 mL part-dose not taken: spat out about 10 mL",
                    **self.witness,
                    reference=f"dose {dose_id}",
                )
            self.summary.waste_dose = dose_id
        if p.patient_id == roles["take_home"] and back == TAKE_HOME_DAY:
            with self.calendar.at(when + timedelta(minutes=1)):
                self.summary.take_home_doses = give_take_home(
                    self.nurse, patient_id=p.patient_id, window_id=window_id, days=2
                )

    def _pay(self, p: _Patient, day: date, back: int, when: datetime) -> None:
        """The fee at the window: paid daily, weekly on Mondays, or (two patients) not lately."""
        habit = self.payers.get(p.patient_id)
        if habit is None:
            behind = sum(1 for h in self.payers.values() if h == "behind")
            roll = self.fee_rng.random()
            habit = "behind" if behind < 2 and roll < 0.1 else ("weekly" if roll < 0.3 else "daily")
            self.payers[p.patient_id] = habit
        if (habit == "behind" and back < 12) or (habit == "weekly" and day.weekday() != 0):
            return
        with UnitOfWork(self.db, read_only=True) as uow:
            owed = balance_of(uow.session, p.patient_id)
        if owed > 0:
            method = self.fee_rng.choice(("cash", "cash", "wechat", "alipay"))
            with self.calendar.at(when):
                record_payment(self.nurse, patient_id=p.patient_id, amount=owed, method=method)

    def _special(self, day: date, back: int, window_id: int, start: datetime) -> None:
        roles = self.summary.roles
        if back == TAKE_HOME_DAY + 1:
            # The physician allows take-home doses to a stable patient (same dose, new order).
            with self.calendar.at(start - timedelta(minutes=30)):
                pid = roles["take_home"]
                with UnitOfWork(self.db, read_only=True) as uow:
                    order = active_order(uow.session, pid, day + timedelta(days=1))
                    assert order is not None and order.product_id is not None
                    product, dose = order.product_id, order.daily_dose_mg
                write_order(
                    self.physician,
                    patient_id=pid,
                    request=OrderRequest(
                        product_id=product,
                        daily_dose_mg=dose,
                        start_on=day + timedelta(days=1),
                        review_on=self.today + timedelta(days=30),
                        take_home_days=2,
                        reason="维持稳定，允许带药 2 天 Stable: up to 2 take-home days",
                    ),
                )
        if back == TAKE_HOME_DAY - 3 and self.summary.take_home_doses:
            with self.calendar.at(start + timedelta(minutes=5)):
                first = self.summary.take_home_doses[0]
                return_bottle(self.nurse, dose_id=first)  # the second bottle is still out
        if back == VOID_DAY:
            when = start + timedelta(hours=1)
            with self.calendar.at(when):
                wrong = record_dose(self.nurse, patient_id=roles["voided"], window_id=window_id)
            with self.calendar.at(when + timedelta(minutes=3)):
                void_dose(
                    self.nurse,
                    dose_id=wrong.dose_id,
                    reason="选错患者（同姓），该患者当日未到 wrong patient chosen; "
                    "this patient did not come that day",
                    **self.witness,
                )
            self.summary.voided_dose = wrong.dose_id
            self.summary.doses += 1
        if back == WITHHELD_DAY:
            with self.calendar.at(start + timedelta(hours=2)):
                withhold_dose(
                    self.nurse,
                    patient_id=roles["withheld"],
                    window_id=window_id,
                    reason="intoxication",
                    note="步态不稳、言语含糊，疑似饮酒 unsteady, slurred speech: alcohol suspected",
                )

    def _screens(self, day: date, back: int) -> None:
        roles = self.summary.roles
        for pid, days_back in self.screen_days.items():
            if days_back != back:
                continue
            positive = pid in (roles["positive"], roles["reviewed"])
            with self.calendar.at(self.calendar.moment(day, 12, self.rng.randint(0, 59))):
                screen = record_screen(
                    self.nurse,
                    patient_id=pid,
                    collected_on=day,
                    results=dict(POSITIVE if positive else NEGATIVE),
                )
            self.summary.screens += 1
            if pid == roles["reviewed"]:
                self.reviewed_screen = screen.screen_id
        if back == REVIEWED_DAY - 2 and self.reviewed_screen is not None:
            with self.calendar.at(self.calendar.moment(day, 15)):
                review_screen(
                    self.physician,
                    screen_id=self.reviewed_screen,
                    note="已与患者面谈，加强心理辅导，维持原剂量 talked with the patient: "
                    "counselling, dose unchanged",
                )
