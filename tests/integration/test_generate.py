"""`clinic-admin generate`: a generated clinic is reproducible from its seed, opens like any
clinic, and keeps the app's own rules (one dose a patient a day, doses only under an order in
force, books equal to movements, claims equal to their lines, an intact audit trail)."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date
from decimal import Decimal
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from clinic import app, cli
from clinic.dosing.orders import order_in_force
from clinic.dosing.window import record_dose
from clinic.generate import generate_clinic
from clinic.generate.digest import content_digest
from clinic.generate.history import MAX_DOSE_MG
from clinic.privacy.audit_service import verify_audit_trail
from clinic.storage.models import (
    Claim,
    ClaimLine,
    DayClose,
    Dose,
    DoseOrder,
    Episode,
    FeeCharge,
    Location,
    StockBalance,
    StockCount,
    StockMovement,
    UrineScreen,
)
from clinic.storage.uow import UnitOfWork

SMALL: dict[str, Any] = {"years": 0.2, "patients": 30}


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str], str]:
    """A small generated clinic (seed 7): its folder, its passwords, its content digest."""
    home = tmp_path_factory.mktemp("generated") / "clinic"
    clinic, passwords, made = generate_clinic(home, seed=7, **SMALL)
    try:
        assert made.doses > 300 and made.screens > 0 and made.claims > 0
        assert made.counts == made.days
        digest = content_digest(clinic.db)
    finally:
        clinic.close()
    return home, passwords, digest


def test_same_seed_same_content_other_seed_differs(
    generated: tuple[Path, dict[str, str], str],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _, _, digest = generated
    again = tmp_path / "again"
    argv = ["generate", "--years", "0.2", "--patients", "30", "--seed", "7", "--path", str(again)]
    assert cli.main(argv) == 0
    out, err = capsys.readouterr()
    assert f"content digest {digest}" in out  # same seed: same content, other keys
    assert "[1/" in err and "done" in err  # progress on stderr
    other, _, _ = generate_clinic(tmp_path / "other", seed=8, **SMALL)
    try:
        assert content_digest(other.db) != digest
    finally:
        other.close()


def test_refuses_a_folder_in_use_and_bad_sizes(
    generated: tuple[Path, dict[str, str], str],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    home, _, _ = generated
    before = sorted(p.name for p in home.iterdir())
    full = ["--years", "0.2", "--patients", "30", "--path", str(home)]
    assert cli.main(["generate", *full]) == 2
    assert "is not an empty folder" in capsys.readouterr().err
    assert sorted(p.name for p in home.iterdir()) == before
    fresh = tmp_path / "fresh"
    for bad, message in (
        (["--years", "0", "--patients", "30"], "--years must be more than 0"),
        (["--years", "1", "--patients", "-1"], "--patients must be from 1"),
        (["--years", "nan", "--patients", "3"], "--years must be more than 0"),
    ):
        assert cli.main(["generate", *bad, "--path", str(fresh)]) == 2
        assert message in capsys.readouterr().err
        assert not fresh.exists()


def test_the_apps_rules_hold_on_it(generated: tuple[Path, dict[str, str], str]) -> None:
    home, passwords, _ = generated
    clinic = app.open_clinic(home)
    try:
        with UnitOfWork(clinic.db, read_only=True) as uow:
            s = uow.session
            doses = list(s.scalars(select(Dose)))
            per_day = Counter((d.patient_id, d.dosing_date, d.slot) for d in doses)
            assert max(per_day.values()) == 1  # never dosed twice a day
            orders: dict[int, list[DoseOrder]] = defaultdict(list)
            for order in s.scalars(select(DoseOrder).order_by(DoseOrder.id)):
                orders[order.episode_id].append(order)
            for dose in doses:  # every dose under the order in force that day, at its dose
                in_force = order_in_force(orders[dose.episode_id], dose.dosing_date)
                assert in_force is not None and in_force.id == dose.order_id
                assert in_force.daily_dose_mg == dose.dose_mg
            opened = {eid: day for eid, day in s.execute(select(Episode.id, Episode.opened_on))}
            dates: dict[int, list[date]] = defaultdict(list)
            for dose in doses:
                assert dose.dosing_date >= opened[dose.episode_id]  # enrolled first
                dates[dose.patient_id].append(dose.dosing_date)
            gaps = [(b - a).days for days in dates.values() for a, b in pairwise(sorted(days))]
            assert max(gaps) <= 3 and 2 in gaps  # missed days, never three in a row
            for episode in orders.values():  # titrated within the limits
                doses_mg = [o.daily_dose_mg or Decimal(0) for o in episode if o.kind == "order"]
                assert all(0 < d <= MAX_DOSE_MG for d in doses_mg)
                steps = [b - a for a, b in pairwise(doses_mg)]
                assert all(Decimal(0) < step <= 10 for step in steps)
            assert s.scalar(select(func.count(FeeCharge.id))) == len(doses)
            sums: dict[tuple[int, int], Decimal] = defaultdict(Decimal)
            for move in s.scalars(select(StockMovement)):
                sums[(move.lot_id, move.from_location_id)] -= move.quantity
                sums[(move.lot_id, move.to_location_id)] += move.quantity
            balances = list(s.scalars(select(StockBalance)))
            assert balances
            for balance in balances:  # books = movements, never negative
                assert balance.quantity == sums[(balance.lot_id, balance.location_id)]
                assert balance.quantity >= 0
            window_id = s.scalars(select(Location.id).where(Location.kind == "window")).one()
            last = s.scalars(select(StockCount).order_by(StockCount.business_date.desc())).first()
            assert last is not None
            at_window = sum(b.quantity for b in balances if b.location_id == window_id)
            assert last.counted == last.expected == at_window
            assert s.scalar(select(func.count(DayClose.id))) == s.scalar(
                select(func.count(func.distinct(Dose.dosing_date)))
            )
            assert s.scalar(select(func.count(UrineScreen.id)))
            claims = list(s.scalars(select(Claim)))
            assert claims
            for claim in claims:  # lines add up to the claim, and the claim's split to its total
                lines = s.scalars(select(ClaimLine.amount).where(ClaimLine.claim_id == claim.id))
                assert sum(lines, Decimal(0)) == claim.total
                parts = claim.payer_amount + claim.subsidy_amount + claim.patient_amount
                assert parts == claim.total
            candidate = max(d.patient_id for d in doses if d.dosing_date == last.business_date)
        auditor = clinic.login("auditor", passwords["auditor"])
        assert verify_audit_trail(auditor, checkpoint_files=[]).ok
        nurse = clinic.login("nurse", passwords["nurse"])
        dose = record_dose(nurse, patient_id=candidate, window_id=window_id)  # today, as usual
        assert dose.dose_mg > 0
    finally:
        clinic.close()
