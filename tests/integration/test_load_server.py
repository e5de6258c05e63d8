"""Server mode under load (issue 19, item 5), checked: four dosing windows — four processes, four
workstations — go through one morning queue against one PostgreSQL, each starting at its own
point so that they reach the same patients, while a pharmacist counts the window and a physician
reads the month's dosing. Every patient is dosed exactly once, by one window; every dose has its
stock; the balances equal their movements; no error but the expected refusals; no transaction
left open or waiting. (The figures, at 400 patients: benchmarks/run.py --only load_server.)"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import pytest

from clinic.privacy.permissions import Role
from tests.conftest import ClinicUnderTest
from tests.integration.dosing_helpers import window

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
from load import run_load

pytestmark = [pytest.mark.postgres, pytest.mark.long]
PATIENTS = 40


@pytest.mark.parametrize("backend", ["postgresql"])
def test_four_windows_dose_one_queue_once_each(clinic: ClinicUnderTest) -> None:
    w = window(clinic)
    w.stock_window(quantity="5000")
    for name in ("nurse3", "nurse4"):
        clinic.add_user(name, Role.NURSE)
    patients = [w.patient(dose="30") for _ in range(PATIENTS)]
    result = run_load(
        clinic.home,
        nurses=[(n, f"{n}-pass-1") for n in ("nurse", "nurse2", "nurse3", "nurse4")],
        pharmacist=("pharm", "pharm-pass-1"),
        reader=("doc", "doc-pass-1"),
        window_id=w.ph.window,
        product_id=w.ph.methadone,
        patients=patients,
        day=_day(w),
        start=w.now,
    )
    assert result.errors == []
    windows = [o for o in result.outcomes if o.role == "window"]
    recorded = Counter(pid for o in windows for pid in o.recorded)
    assert sorted(recorded) == sorted(patients) and set(recorded.values()) == {1}
    assert sum(o.refused for o in windows) == 3 * PATIENTS  # the other three windows, each
    assert sum(1 for o in windows if o.recorded) >= 2  # the windows really shared the queue
    assert result.checks == {
        "dosed": PATIENTS,
        "doubled": [],
        "without_stock": 0,
        "books_agree": True,
        "stuck_transactions": 0,
    }
    others = {o.role: o for o in result.outcomes if o.role != "window"}
    assert others["pharmacist"].actions > 0 and others["reader"].actions > 0


def _day(w):  # type: ignore[no-untyped-def]
    from clinic import clock
    from clinic.storage.uow import UnitOfWork

    with UnitOfWork(w.cut.db, read_only=True) as uow:
        return clock.clinic_today(uow.session, w.now)
