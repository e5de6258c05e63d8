"""Four windows dosing the same 50 patients at once: one dose each, stock down by exactly that."""

from __future__ import annotations

import random
import threading
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from clinic.dosing.window import DoseRefused, record_dose
from clinic.errors import ClinicError
from clinic.privacy.permissions import Role
from clinic.storage.models import Dose
from clinic.storage.uow import UnitOfWork
from tests.conftest import ClinicUnderTest
from tests.integration.dosing_helpers import window
from tests.integration.stock_helpers import assert_books_agree, stored


@pytest.mark.long
def test_four_windows_fifty_patients(clinic: ClinicUnderTest) -> None:
    w = window(clinic)
    w.stock_window(quantity="5000")
    patients = [w.patient(dose="25") for _ in range(50)]
    nurses = [w.nurse] + [clinic.add_user(f"window{i}", Role.NURSE) for i in range(3)]
    start = sum((q for (_, _, loc), q in stored(clinic).items() if loc == w.ph.window), Decimal(0))
    barrier = threading.Barrier(4)
    done: list[int] = []
    refused: list[str] = []
    unexpected: list[BaseException] = []
    lock = threading.Lock()

    def work(auth, seed):  # type: ignore[no-untyped-def]
        order = patients[:]
        random.Random(seed).shuffle(order)
        barrier.wait()
        for pid in order:
            try:
                record_dose(auth, patient_id=pid, window_id=w.ph.window)
                with lock:
                    done.append(pid)
            except DoseRefused as exc:
                with lock:
                    refused.append(exc.message("en"))
            except ClinicError as exc:  # e.g. the database busy: must be reported, not hidden
                with lock:
                    unexpected.append(exc)

    threads = [threading.Thread(target=work, args=(n, i)) for i, n in enumerate(nurses)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert unexpected == []
    assert sorted(done) == sorted(patients)
    assert len(refused) == 150
    with UnitOfWork(clinic.db, read_only=True) as uow:
        per_patient = dict(
            uow.session.execute(
                select(Dose.patient_id, func.count()).group_by(Dose.patient_id)
            ).all()
        )
    assert per_patient == {pid: 1 for pid in patients}
    end = sum((q for (_, _, loc), q in stored(clinic).items() if loc == w.ph.window), Decimal(0))
    assert start - end == Decimal(25) * 50
    assert_books_agree(clinic)
