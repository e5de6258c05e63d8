"""Doses patients one after another until it is killed: the subject of test_dose_crash.

    python crash_worker.py HOME WINDOW_ID NURSE_PASSWORD

Opens the demo clinic at HOME, logs in as `nurse`, and records doses through the real
`record_dose` service, printing `dose <id>` after each one has committed. When every patient has
been dosed on the current day, the clinic's clock moves on a day. It picks up where a killed
predecessor stopped (the day is the latest dosing day in the database).
"""

from __future__ import annotations

import sys
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from clinic import app, clock
from clinic.dosing.window import DoseRefused, record_dose
from clinic.storage.models import Dose, Patient
from clinic.storage.uow import UnitOfWork


class Clock:
    """The clinic's clock: 08:00 on the current dosing day, ten milliseconds more per reading."""

    def __init__(self, day: date, zone: ZoneInfo) -> None:
        self.day, self.zone, self.tick = day, zone, 0

    def __call__(self) -> datetime:
        self.tick += 1
        moment = datetime.combine(self.day, time(8), tzinfo=self.zone)
        return (moment + timedelta(milliseconds=10 * self.tick)).astimezone(UTC)


def main(argv: list[str]) -> int:
    home, window_id, password = Path(argv[0]), int(argv[1]), argv[2]
    clinic = app.open_clinic(home)
    with UnitOfWork(clinic.db, read_only=True) as uow:
        zone = clock.clinic_zone(uow.session)
        patients = list(uow.session.scalars(select(Patient.id).order_by(Patient.id)))
        latest = uow.session.scalar(select(func.max(Dose.dosing_date)))
        day = latest or clock.clinic_today(uow.session)
    tick = Clock(day, zone)
    clinic.db.clock = tick
    nurse = clinic.login("nurse", password)
    print("ready", flush=True)
    while True:
        for pid in patients:  # the first pass after a restart skips those already dosed
            try:
                info = record_dose(nurse, patient_id=pid, window_id=window_id)
            except DoseRefused:
                continue
            print(f"dose {info.dose_id}", flush=True)
        tick.day += timedelta(days=1)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
