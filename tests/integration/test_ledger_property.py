"""Property: after any sequence of movements the stored balances equal a recomputation from the
movements alone, none is negative, and a refused movement writes nothing (SQLCipher)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clinic.errors import ClinicError
from clinic.inventory import ledger
from clinic.storage.models import Location, Lot, StockMovement
from clinic.storage.uow import UnitOfWork
from tests.conftest import ClinicUnderTest, make_clinic
from tests.integration.stock_helpers import Pharmacy, movement_count, pharmacy, recomputed, stored

# (kind, from, to): places are keys of World.places
ROUTES = {
    "receipt": ("supplier", "safe"),
    "receipt_sat": ("supplier", "satellite_safe"),
    "issue": ("safe", "window"),
    "return": ("window", "safe"),
    "dispense": ("window", "dispensed"),
    "waste": ("window", "waste"),
    "transfer_out": ("safe", "transit"),
    "transfer_in": ("transit", "satellite_safe"),
    "loss": ("satellite_safe", "lost"),
    "loss_window": ("window", "lost"),
}
OUTCOMES: Counter[str] = Counter()
KIND_OF = {"receipt_sat": "receipt", "loss_window": "loss"}


@dataclass
class World:
    ph: Pharmacy
    places: dict[str, int]
    lots: list[tuple[int, bool]]  # lot id, counted in whole tablets


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory, keystore: object) -> Iterator[World]:
    home: Path = tmp_path_factory.mktemp("ledger-property") / "clinic"
    cut: ClinicUnderTest = make_clinic(home, keystore, "sqlcipher", None)  # type: ignore[arg-type]
    try:
        ph = pharmacy(cut)
        lots = []
        with UnitOfWork(cut.db) as uow:
            session = uow.session
            places = {
                "safe": ph.safe,
                "window": ph.window,
                "satellite_safe": ph.satellite_safe,
            }
            for kind in ("supplier", "dispensed", "waste", "lost", "transit"):
                places[kind] = ledger.outside(session, kind).id
            for product, number, days in (
                (ph.methadone, "P-L1", 300),
                (ph.methadone, "P-L2", 30),
                (ph.tablets, "P-T1", 200),
            ):
                lot = Lot(
                    product_id=product,
                    lot_number=number,
                    expiry_date=ph.today + timedelta(days=days),
                    manufacturer="厂",
                    supplier="公司",
                )
                session.add(lot)
                session.flush()
                lots.append((lot.id, product == ph.tablets))
            uow.commit()
        yield World(ph, places, lots)
    finally:
        cut.clinic.close()
        keystore.delete(cut.clinic.settings.clinic_id)  # type: ignore[attr-defined]


millilitres = st.decimals(
    min_value=Decimal("0.1"), max_value=Decimal(2000), places=1, allow_nan=False
)
steps = st.lists(
    st.tuples(
        st.sampled_from([*ROUTES, "reversal", "zero"]),
        st.integers(min_value=0, max_value=2),  # which lot
        millilitres,
        st.integers(min_value=1, max_value=400),  # tablets
        st.integers(min_value=0, max_value=50),  # which earlier movement to reverse
    ),
    min_size=1,
    max_size=25,
)


def apply(world: World, step: tuple[str, int, Decimal, int, int], done: list[int]) -> None:
    op, lot_index, ml, tablets, pick = step
    lot_id, whole = world.lots[lot_index]
    with UnitOfWork(world.ph.cut.db) as uow:
        session = uow.session

        def place(key: str) -> Location:
            found = session.get(Location, world.places[key])
            assert found is not None
            return found

        user = world.ph.pharm.actor.user_id
        if op == "reversal":
            if not done:
                return
            original = session.get(StockMovement, done[pick % len(done)])
            assert original is not None
            lot = session.get(Lot, original.lot_id)
            source = session.get(Location, original.to_location_id)
            target = session.get(Location, original.from_location_id)
            assert lot is not None and source is not None and target is not None
            movement = ledger.post(
                session,
                kind="reversal",
                lot=lot,
                source=source,
                target=target,
                quantity=original.quantity,
                done_by=user,
                reason="property test",
                reverses_id=original.id,
            )
        else:
            lot = session.get(Lot, lot_id)
            assert lot is not None
            source_key, target_key = ROUTES.get(op, ("safe", "window"))
            quantity = Decimal(0) if op == "zero" else Decimal(tablets) if whole else ml
            movement = ledger.post(
                session,
                kind=KIND_OF.get(op, op if op != "zero" else "issue"),
                lot=lot,
                source=place(source_key),
                target=place(target_key),
                quantity=quantity,
                done_by=user,
            )
        uow.commit()
        done.append(movement.id)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=steps)
def test_balances_always_equal_the_movements(world: World, steps: list) -> None:  # type: ignore[type-arg]
    cut = world.ph.cut
    done: list[int] = []
    for step in steps:
        before, count = stored(cut), movement_count(cut)
        try:
            apply(world, step, done)
        except ClinicError:
            assert stored(cut) == before and movement_count(cut) == count  # nothing written
            OUTCOMES["refused"] += 1
            continue
        OUTCOMES["written"] += 1
        balances = stored(cut)
        assert balances == recomputed(cut)
        assert all(q > 0 for q in balances.values())


def test_the_sequences_both_wrote_and_refused() -> None:
    """The property above was not vacuous: movements were written and others refused. The
    examples are drawn afresh each run: eight runs wrote 19 to 67 movements and refused 50 to
    142 (a bound of 20 written failed one run in eight), so the bounds are loose."""
    if not OUTCOMES:
        pytest.skip("runs after the property test")
    assert OUTCOMES["written"] >= 5 and OUTCOMES["refused"] >= 5, OUTCOMES
