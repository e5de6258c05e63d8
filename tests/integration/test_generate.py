"""`clinic-admin generate`: a DEMO clinic of generated history, the same for the same seed, on
which the clinic's own rules hold (the benchmarks' clinics are made by the same generator)."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from collections import defaultdict
from datetime import date
from decimal import Decimal
from itertools import pairwise
from pathlib import Path

import pytest
from sqlalchemy import select

from clinic import app
from clinic.dosing.orders import order_in_force
from clinic.generate import generate_clinic
from clinic.privacy.audit_service import verify_audit_trail
from clinic.storage.models import (
    DayClose,
    Dose,
    DoseOrder,
    Episode,
    FeeCharge,
    FeePayment,
    Location,
    Patient,
    StatusChange,
    StockBalance,
    StockCount,
    StockMovement,
    UrineScreen,
)
from clinic.storage.uow import UnitOfWork

ADMIN = [str(Path(sys.executable).with_name("clinic-admin"))]


def _digest(home: Path) -> str:
    """What the generated clinic holds, decrypted (the keys differ from clinic to clinic)."""
    clinic = app.open_clinic(home)
    digest = hashlib.sha256()
    try:
        with UnitOfWork(clinic.db, read_only=True) as uow:
            s = uow.session
            queries = [
                select(Patient.patient_number, Patient.name, Patient.national_id, Patient.status),
                select(
                    DoseOrder.patient_id,
                    DoseOrder.kind,
                    DoseOrder.daily_dose_mg,
                    DoseOrder.start_on,
                    DoseOrder.induction,
                ),
                select(Dose.patient_id, Dose.dosing_date, Dose.dose_mg, Dose.order_id),
                select(StockMovement.kind, StockMovement.quantity, StockMovement.occurred_at),
                select(UrineScreen.patient_id, UrineScreen.collected_on, UrineScreen.any_positive),
                select(StockCount.business_date, StockCount.expected, StockCount.counted),
                select(FeeCharge.patient_id, FeeCharge.service_date, FeeCharge.amount),
                select(FeePayment.patient_id, FeePayment.amount),
            ]
            for query in queries:
                for row in s.execute(query.order_by(*query.selected_columns)):
                    digest.update(repr(tuple(row)).encode())
    finally:
        clinic.close()
    return digest.hexdigest()


def test_the_same_seed_makes_the_same_clinic_and_its_rules_hold(tmp_path: Path) -> None:
    heard: list[str] = []
    made = generate_clinic(tmp_path / "a", years=0.25, patients=40, seed=7, log=heard.append)
    assert heard[0].startswith("a DEMO clinic") and heard[-1].startswith("done:")
    assert any(line.startswith("doses to") for line in heard)
    again = generate_clinic(tmp_path / "b", years=0.25, patients=40, seed=7)
    other = generate_clinic(tmp_path / "c", years=0.25, patients=40, seed=8)
    assert _digest(made.home) == _digest(again.home) != _digest(other.home)
    assert made.meta.n_patients == 40 and made.meta.n_doses > 500

    clinic = app.open_clinic(made.home)
    try:
        admin = clinic.login("admin", made.passwords["admin"])
        assert verify_audit_trail(admin).ok
        with UnitOfWork(clinic.db, read_only=True) as uow:
            s = uow.session
            doses = s.scalars(select(Dose)).all()
            orders = s.scalars(select(DoseOrder)).all()
            by_episode: dict[int, list[DoseOrder]] = defaultdict(list)
            for order in sorted(orders, key=lambda o: o.id):
                by_episode[order.episode_id].append(order)
            # once a day each, and each dose is what the order in force that day says
            assert len({(d.patient_id, d.dosing_date, d.slot) for d in doses}) == len(doses)
            for dose in doses:
                in_force = order_in_force(by_episode[dose.episode_id], dose.dosing_date)
                assert in_force is not None and in_force.id == dose.order_id
                assert in_force.daily_dose_mg == dose.dose_mg
            # titrated: every patient who stayed long enough stepped up from 20 mg by 10 mg
            for chain in by_episode.values():
                doses_mg = [o.daily_dose_mg for o in chain if o.kind == "order"]
                assert doses_mg[0] == 20 and chain[0].induction
                assert all(0 < b - a <= 10 for a, b in pairwise(doses_mg))
            # those who left were stopped and discharged
            stopped = {o.patient_id for o in orders if o.kind == "stop"}
            discharged = set(
                s.scalars(
                    select(StatusChange.patient_id).where(StatusChange.to_status == "discharged")
                )
            )
            assert stopped and stopped == discharged
            assert all(
                p.status == "discharged"
                for p in s.scalars(select(Patient).where(Patient.id.in_(stopped)))
            )
            # the books: every balance is the sum of its movements, and never negative
            holders = set(s.scalars(select(Location.id).where(Location.holds_stock.is_(True))))
            sums: dict[tuple[int, int, int], Decimal] = defaultdict(Decimal)
            for m in s.scalars(select(StockMovement)):
                if m.to_location_id in holders:
                    sums[(m.product_id, m.lot_id, m.to_location_id)] += m.quantity
                if m.from_location_id in holders:
                    sums[(m.product_id, m.lot_id, m.from_location_id)] -= m.quantity
            balances = {
                (b.product_id, b.lot_id, b.location_id): b.quantity
                for b in s.scalars(select(StockBalance))
            }
            assert {k: v for k, v in sums.items() if v} == {k: v for k, v in balances.items() if v}
            assert all(v >= 0 for v in balances.values())
            # each day's count found what the book held; every closed day has its count
            counts = s.scalars(select(StockCount).order_by(StockCount.business_date)).all()
            assert counts and all(c.counted == c.expected and c.variance == 0 for c in counts)
            window = counts[0].location_id
            dispensed: dict[date, Decimal] = defaultdict(Decimal)
            for m in s.scalars(select(StockMovement).where(StockMovement.kind == "dispense")):
                dispensed[m.occurred_at.date()] += m.quantity
            assert sum(c.dispensed for c in counts) <= sum(dispensed.values())
            closes = s.scalars(select(DayClose)).all()
            assert {c.count_id for c in closes} == {c.id for c in counts}
            assert all(c.location_id == window for c in closes)
            # a screen every 30 days in treatment; fees charged once a dosing day and paid
            assert s.scalars(select(UrineScreen)).first() is not None
            charges = s.scalars(select(FeeCharge)).all()
            assert len({(c.patient_id, c.service_date) for c in charges}) == len(charges)
            assert len(charges) == len({(d.patient_id, d.dosing_date) for d in doses})
            assert s.scalars(select(FeePayment)).first() is not None
            assert s.scalars(select(Episode)).first() is not None
    finally:
        clinic.close()


def test_the_command_shows_progress_and_refuses_what_it_cannot_do(tmp_path: Path) -> None:
    env = dict(os.environ, LANG="en_US.UTF-8")
    home = tmp_path / "gen"
    done = subprocess.run(
        [
            *ADMIN,
            "generate",
            "--years",
            "0.1",
            "--patients",
            "20",
            "--seed",
            "3",
            "--path",
            str(home),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
    )
    assert done.returncode == 0, done.stderr
    assert "doses to" in done.stdout and "done:" in done.stdout
    assert (home / "DEMO-PASSWORDS.txt").exists()
    before = sorted(p.name for p in home.iterdir())
    for args, said in (
        (["--years", "0.1", "--patients", "20"], "is not empty"),  # the same folder again
        (["--years", "0", "--patients", "20"], "Years must be"),
        (["--years", "1", "--patients", "-1"], "Patients must be"),
    ):
        refused = subprocess.run(
            [
                *ADMIN,
                "generate",
                *args,
                "--path",
                str(home if said == "is not empty" else tmp_path / said[:5]),
            ],
            capture_output=True,
            text=True,
            timeout=120,
            env=env,
        )
        assert refused.returncode != 0
        assert said in refused.stdout + refused.stderr
        assert "Traceback" not in refused.stderr
    assert sorted(p.name for p in home.iterdir()) == before
    assert not (tmp_path / "Years").exists() and not (tmp_path / "Patie").exists()


@pytest.mark.parametrize("years, patients", [(0, 20), (-1, 20), (21, 20), (1, 5), (1, 10**6)])
def test_sizes_out_of_range_are_refused_before_anything_is_written(
    tmp_path: Path, years: float, patients: int
) -> None:
    from clinic.errors import InvalidInput

    with pytest.raises(InvalidInput):
        generate_clinic(tmp_path / "x", years=years, patients=patients)
    assert not (tmp_path / "x").exists()
