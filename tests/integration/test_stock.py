"""The controlled-substance ledger on SQLCipher and PostgreSQL."""

from __future__ import annotations

import threading
from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from clinic import clock
from clinic.errors import ClinicError, Conflict, InvalidInput, PermissionDenied, WitnessRejected
from clinic.inventory import ledger, reconcile, register, stock
from clinic.privacy.permissions import Role
from clinic.storage.models import Lot, Receipt, StockCount, StockMovement
from clinic.storage.uow import UnitOfWork
from tests.conftest import ClinicUnderTest
from tests.integration.stock_helpers import (
    Pharmacy,
    assert_books_agree,
    movement_count,
    pharmacy,
    stored,
)


@pytest.fixture
def ph(clinic: ClinicUnderTest) -> Pharmacy:
    return pharmacy(clinic)


def test_receipt_needs_a_second_person(ph: Pharmacy) -> None:
    base = dict(
        product_id=ph.methadone,
        lot_number="L1",
        expiry_date=ph.today + timedelta(days=300),
        manufacturer="厂",
        supplier="公司",
        safe_id=ph.safe,
        expected="1000",
        received="1000",
        quality_condition="包装完好",
        acceptance="accepted",
    )
    with pytest.raises(InvalidInput):
        stock.receive(ph.pharm, **base)
    with pytest.raises(WitnessRejected):
        stock.receive(ph.pharm, **base, witness="pharm", witness_password="pharm-pass-1")
    with pytest.raises(WitnessRejected):
        stock.receive(ph.pharm, **base, witness="nurse", witness_password="wrong-pass")
    assert movement_count(ph.cut) == 0
    got = stock.receive(ph.pharm, **base, **ph.witness())
    assert got.received == Decimal(1000) and got.shortage == 0
    assert_books_agree(ph.cut)


def test_shortage_and_damage_are_recorded(ph: Pharmacy) -> None:
    got = stock.receive(
        ph.pharm,
        product_id=ph.tablets,
        lot_number="B1",
        expiry_date=ph.today + timedelta(days=300),
        manufacturer="厂",
        supplier="公司",
        safe_id=ph.safe,
        expected="100",
        received="90",
        damaged="4",
        quality_condition="四片破损",
        acceptance="accepted_with_exceptions",
        **ph.witness(),
    )
    assert (got.received, got.damaged, got.shortage) == (90, 4, 6)
    lines = {(b.location_kind, b.quantity) for b in stock.balances(ph.pharm)}
    assert lines == {("safe", Decimal(90)), ("quarantine", Decimal(4))}
    with UnitOfWork(ph.cut.db, read_only=True) as uow:
        receipt = uow.session.scalars(select(Receipt)).one()
        assert receipt.checked_by != receipt.received_by
    with pytest.raises(InvalidInput):  # half a tablet
        stock.receive(
            ph.pharm,
            product_id=ph.tablets,
            lot_number="B2",
            expiry_date=ph.today + timedelta(days=300),
            manufacturer="厂",
            supplier="公司",
            safe_id=ph.safe,
            expected="10.5",
            received="10.5",
            quality_condition="完好",
            acceptance="accepted",
            **ph.witness(),
        )
    with pytest.raises(InvalidInput):  # expired on arrival
        ph.receive(ph.methadone, "OLD", "100", expiry_days=0)
    assert_books_agree(ph.cut)


def test_fefo_and_expired_lots(ph: Pharmacy) -> None:
    ph.receive(ph.methadone, "LATE", "500", expiry_days=600)
    ph.receive(ph.methadone, "EARLY", "500", expiry_days=200)
    moved = stock.issue_to_window(
        ph.pharm,
        product_id=ph.methadone,
        safe_id=ph.safe,
        window_id=ph.window,
        quantity="300",
        **ph.witness(),
    )
    with UnitOfWork(ph.cut.db) as uow:
        assert uow.session.get(Lot, moved.lot_id).lot_number == "EARLY"  # type: ignore[union-attr]
        # a lot past its expiry is never chosen, and never issued
        early = uow.session.scalars(select(Lot).where(Lot.lot_number == "EARLY")).one()
        day_after = early.expiry_date + timedelta(days=1)
        chosen = ledger.pick_fefo(uow.session, ph.methadone, ph.safe, day_after, Decimal(10))
        assert chosen.lot_number == "LATE"
        early.expiry_date = ph.today - timedelta(days=1)  # simulate the lot having expired
        uow.commit()
    with pytest.raises(Conflict) as expired:
        stock.issue_to_window(
            ph.pharm,
            product_id=ph.methadone,
            safe_id=ph.safe,
            window_id=ph.window,
            quantity="10",
            lot_id=moved.lot_id,
            **ph.witness(),
        )
    assert "expired" in expired.value.message("en")
    auto = stock.issue_to_window(
        ph.pharm,
        product_id=ph.methadone,
        safe_id=ph.safe,
        window_id=ph.window,
        quantity="10",
        **ph.witness(),
    )
    assert auto.lot_id != moved.lot_id
    assert_books_agree(ph.cut)


def test_the_lot_shown_for_an_issue_is_the_lot_taken(ph: Pharmacy) -> None:
    ph.receive(ph.methadone, "LATE", "500", expiry_days=600)
    ph.receive(ph.methadone, "EARLY", "100", expiry_days=200)
    ph.receive(ph.methadone, "MID", "300", expiry_days=400)

    def shown(quantity: str) -> stock.LotInfo:
        return stock.lot_to_issue(
            ph.pharm, product_id=ph.methadone, safe_id=ph.safe, quantity=quantity
        )

    def issue(quantity: str) -> ledger.MovementInfo:
        return stock.issue_to_window(
            ph.pharm,
            product_id=ph.methadone,
            safe_id=ph.safe,
            window_id=ph.window,
            quantity=quantity,
            **ph.witness(),
        )

    taken = []
    for quantity in ("50", "150", "400", "60"):
        lot = shown(quantity)
        assert issue(quantity).lot_id == lot.lot_id
        taken.append(lot.lot_number)
    assert taken == ["EARLY", "MID", "LATE", "MID"]
    assert shown("1").lot_number == "EARLY"
    before_moves = movement_count(ph.cut)
    for quantity, error in (("200", Conflict), ("1O", InvalidInput), ("-5", InvalidInput)):
        with pytest.raises(error) as preview:
            shown(quantity)
        with pytest.raises(error) as refused:
            issue(quantity)
        assert preview.value.en == refused.value.en and preview.value.zh == refused.value.zh
    assert movement_count(ph.cut) == before_moves
    assert_books_agree(ph.cut)


def test_negative_balance_refused_and_nothing_written(ph: Pharmacy) -> None:
    ph.receive(ph.methadone, "L1", "100")
    before_moves, before = movement_count(ph.cut), stored(ph.cut)
    with pytest.raises(Conflict) as short:
        stock.issue_to_window(
            ph.pharm,
            product_id=ph.methadone,
            safe_id=ph.safe,
            window_id=ph.window,
            quantity="100.5",
            **ph.witness(),
        )
    assert "100" in short.value.message("en")
    for bad in ("-5", "0", "abc", "1e400"):
        with pytest.raises(InvalidInput):
            stock.issue_to_window(
                ph.pharm,
                product_id=ph.methadone,
                safe_id=ph.safe,
                window_id=ph.window,
                quantity=bad,
                **ph.witness(),
            )
    assert movement_count(ph.cut) == before_moves and stored(ph.cut) == before


def test_every_kind_of_movement_keeps_the_books(ph: Pharmacy) -> None:
    lot = ph.receive(ph.methadone, "L1", "1000").lot.lot_id
    stock.issue_to_window(
        ph.pharm,
        product_id=ph.methadone,
        safe_id=ph.safe,
        window_id=ph.window,
        quantity="200",
        **ph.witness(),
    )
    assert_books_agree(ph.cut)
    stock.record_waste(
        ph.nurse,
        window_id=ph.window,
        lot_id=lot,
        quantity="2.5",
        reason="spilled",
        witness="pharm",
        witness_password="pharm-pass-1",
    )
    with pytest.raises(InvalidInput):
        stock.record_waste(
            ph.nurse, window_id=ph.window, lot_id=lot, quantity="1", reason="spilled"
        )
    stock.return_to_safe(
        ph.pharm,
        lot_id=lot,
        window_id=ph.window,
        safe_id=ph.safe,
        quantity="50",
        reason="too much at the window",
        **ph.witness(),
    )
    sent = stock.send_transfer(
        ph.pharm,
        lot_id=lot,
        from_safe_id=ph.safe,
        to_safe_id=ph.satellite_safe,
        quantity="100",
        **ph.witness(),
    )
    assert_books_agree(ph.cut)
    with pytest.raises(InvalidInput):  # less arrived, no note
        stock.receive_transfer(ph.pharm, transfer_id=sent.transfer_id, counted="98", **ph.witness())
    got = stock.receive_transfer(
        ph.pharm, transfer_id=sent.transfer_id, counted="98", note="bottle leaked", **ph.witness()
    )
    assert got.difference == 2
    with pytest.raises(Conflict):
        stock.receive_transfer(
            ph.pharm, transfer_id=sent.transfer_id, counted="98", note="x", **ph.witness()
        )
    applied = stock.set_aside_for_destruction(
        ph.pharm, lot_id=lot, location_id=ph.safe, quantity="20", reason="damaged bottle"
    )
    with pytest.raises(InvalidInput):
        stock.destroy(
            ph.pharm,
            application_id=applied.application_id,
            authority_reference="",
            supervisor="药监局 王某",
            **ph.witness(),
        )
    for witness, password in (
        ("pharm", "pharm-pass-1"),  # the person destroying cannot witness themselves
        (ph.witness()["witness"], "wrong-password"),
        ("nobody", "whatever"),
    ):
        before = stored(ph.cut)
        with pytest.raises(WitnessRejected):
            stock.destroy(
                ph.pharm,
                application_id=applied.application_id,
                authority_reference="京药监销〔2026〕12号",
                supervisor="药监局 王某",
                witness=witness,
                witness_password=password,
            )
        assert stored(ph.cut) == before  # nothing destroyed, the stock still set aside
    done = stock.destroy(
        ph.pharm,
        application_id=applied.application_id,
        authority_reference="京药监销〔2026〕12号",
        supervisor="药监局 王某",
        **ph.witness(),
    )
    assert done.status == "destroyed"
    incident = stock.record_loss(
        ph.pharm,
        kind="theft",
        location_id=ph.safe,
        lot_id=lot,
        quantity="5",
        circumstances="Safe found open on arrival",
        police_reference="110-123",
        **ph.witness(),
    )
    assert incident.voucher.startswith("DS")
    reversed_ = stock.reverse_movement(
        ph.pharm, movement_id=incident_movement(ph), reason="miscount", **ph.witness()
    )
    with pytest.raises(Conflict):
        stock.reverse_movement(
            ph.pharm, movement_id=reversed_.movement_id, reason="again", **ph.witness()
        )
    assert_books_agree(ph.cut)
    nurse_cannot = [
        lambda: stock.issue_to_window(
            ph.nurse,
            product_id=ph.methadone,
            safe_id=ph.safe,
            window_id=ph.window,
            quantity="1",
            **ph.witness(),
        ),
        lambda: stock.destroy(ph.nurse, application_id=1, authority_reference="x", supervisor="y"),
    ]
    for attempt in nurse_cannot:
        with pytest.raises(PermissionDenied):
            attempt()


def incident_movement(ph: Pharmacy) -> int:
    from clinic.storage.models import Incident

    with UnitOfWork(ph.cut.db, read_only=True) as uow:
        return uow.session.scalars(select(Incident.movement_id)).one()


def test_day_close_within_and_beyond_tolerance(ph: Pharmacy) -> None:
    lot = ph.receive(ph.methadone, "L1", "1000").lot.lot_id
    stock.issue_to_window(
        ph.pharm,
        product_id=ph.methadone,
        safe_id=ph.safe,
        window_id=ph.window,
        quantity="300",
        **ph.witness(),
    )
    stock.record_waste(
        ph.nurse,
        window_id=ph.window,
        lot_id=lot,
        quantity="5",
        reason="spill",
        witness="pharm",
        witness_password="pharm-pass-1",
    )
    sheet = reconcile.count_sheet(ph.pharm, window_id=ph.window, product_id=ph.methadone)
    assert (sheet.opening, sheet.received, sheet.wasted, sheet.expected) == (0, 300, 5, 295)
    assert sheet.tolerance == Decimal("0.5")
    handover = reconcile.record_count(
        ph.nurse, window_id=ph.window, product_id=ph.methadone, counted="294.7", kind="handover"
    )
    assert handover.variance == Decimal("-0.3") and handover.signed_off_by is None
    assert_books_agree(ph.cut)
    with pytest.raises(InvalidInput):  # an explanation without the second signature
        reconcile.record_count(
            ph.pharm,
            window_id=ph.window,
            product_id=ph.methadone,
            counted="290",
            explanation="bottle cracked",
        )
    found = reconcile.record_count(
        ph.pharm, window_id=ph.window, product_id=ph.methadone, counted="290"
    )
    assert found.pending and not found.day_closed and found.adjustment_vouchers == ()
    waiting = reconcile.waiting_variances(ph.pharm)
    assert [w.count_id for w in waiting] == [found.count_id] and waiting[0].variance == Decimal(
        "-4.7"
    )
    with pytest.raises(Conflict) as must_settle:  # the day cannot close over a waiting variance
        reconcile.record_count(
            ph.pharm, window_id=ph.window, product_id=ph.methadone, counted="294.7"
        )
    assert "waiting" in must_settle.value.message("en")
    with pytest.raises(WitnessRejected):
        reconcile.sign_off_variance(
            ph.pharm,
            count_id=found.count_id,
            explanation="bottle cracked",
            witness="pharm",
            witness_password="pharm-pass-1",
        )
    closed = reconcile.sign_off_variance(
        ph.pharm, count_id=found.count_id, explanation="bottle cracked", **ph.witness()
    )
    assert closed.day_closed and reconcile.waiting_variances(ph.pharm) == []
    assert closed.variance == Decimal("-4.7") and closed.signed_off_by == ph.nurse.actor.user_id
    assert closed.adjustment_vouchers
    assert sum(q for (p, _, loc), q in stored(ph.cut).items() if loc == ph.window) == Decimal(290)
    with pytest.raises(Conflict):
        reconcile.record_count(
            ph.pharm, window_id=ph.window, product_id=ph.methadone, counted="290"
        )
    with pytest.raises(Conflict) as closed_day:
        stock.issue_to_window(
            ph.pharm,
            product_id=ph.methadone,
            safe_id=ph.safe,
            window_id=ph.window,
            quantity="10",
            **ph.witness(),
        )
    assert "closed" in closed_day.value.message("en")
    assert_books_agree(ph.cut)


def test_tablets_allow_no_variance(ph: Pharmacy) -> None:
    ph.receive(ph.tablets, "B1", "100")
    stock.issue_to_window(
        ph.pharm,
        product_id=ph.tablets,
        safe_id=ph.safe,
        window_id=ph.window,
        quantity="20",
        **ph.witness(),
    )
    with pytest.raises(InvalidInput):
        reconcile.record_count(ph.pharm, window_id=ph.window, product_id=ph.tablets, counted="19.5")
    one_short = reconcile.record_count(
        ph.nurse, window_id=ph.window, product_id=ph.tablets, counted="19", kind="handover"
    )
    assert one_short.pending and one_short.sheet.tolerance == 0
    settled = reconcile.sign_off_variance(
        ph.pharm,
        count_id=one_short.count_id,
        explanation="tablet dropped down the drain",
        **ph.witness(),
    )
    assert settled.adjustment_vouchers and not settled.day_closed
    ok = reconcile.record_count(ph.pharm, window_id=ph.window, product_id=ph.tablets, counted="19")
    assert ok.variance == 0 and ok.adjustment_vouchers == () and ok.day_closed
    assert_books_agree(ph.cut)


def test_register_last_balance_equals_the_ledger(ph: Pharmacy) -> None:
    lot = ph.receive(ph.methadone, "L1", "1000").lot.lot_id
    ph.receive(ph.methadone, "L2", "500", expiry_days=800)
    stock.issue_to_window(
        ph.pharm,
        product_id=ph.methadone,
        safe_id=ph.safe,
        window_id=ph.window,
        quantity="300",
        **ph.witness(),
    )
    stock.record_loss(
        ph.pharm,
        kind="loss",
        location_id=ph.safe,
        lot_id=lot,
        quantity="1",
        circumstances="miscounted bottle",
        **ph.witness(),
    )
    reg = register.register_month(
        ph.pharm,
        location_id=ph.safe,
        product_id=ph.methadone,
        year=ph.today.year,
        month=ph.today.month,
        clinic_name="测试",
    )
    assert [line.kind for line in reg.lines] == ["receipt", "receipt", "issue", "loss"]
    assert reg.lines[-1].balance == reg.closing == Decimal(1199)
    with UnitOfWork(ph.cut.db, read_only=True) as uow:
        assert register.ledger_balance(uow.session, ph.safe, ph.methadone) == reg.closing
    assert reg.lines[0].checked_by and reg.lines[0].done_by != reg.lines[0].checked_by
    assert reg.total_receipts - reg.total_issues + reg.opening == reg.closing
    nurse = ph.nurse
    with pytest.raises(PermissionDenied):
        register.register_month(
            nurse,
            location_id=ph.safe,
            product_id=ph.methadone,
            year=ph.today.year,
            month=ph.today.month,
            clinic_name="x",
        )


def test_purge_refused_with_the_date(ph: Pharmacy) -> None:
    lot = ph.receive(ph.methadone, "L1", "10", expiry_days=100).lot
    admin = ph.cut.admin()
    with pytest.raises(Conflict) as refused:
        register.purge_expired_records(admin, lot_id=lot.lot_id)
    expected = lot.expiry_date.replace(year=lot.expiry_date.year + 5)
    assert refused.value.details["allowed_from"] == expected.isoformat()
    assert expected.isoformat() in refused.value.message("zh_CN")


def test_two_sessions_take_the_last_stock_at_once(ph: Pharmacy) -> None:
    ph.receive(ph.methadone, "L1", "100")
    pharm2 = ph.cut.add_user("pharm2", Role.PHARMACIST)
    barrier = threading.Barrier(2)
    outcomes: list[object] = []

    def take(auth):  # type: ignore[no-untyped-def]
        barrier.wait()
        try:
            outcomes.append(
                stock.issue_to_window(
                    auth,
                    product_id=ph.methadone,
                    safe_id=ph.safe,
                    window_id=ph.window,
                    quantity="100",
                    **ph.witness(),
                )
            )
        except ClinicError as exc:
            outcomes.append(exc)

    threads = [threading.Thread(target=take, args=(a,)) for a in (ph.pharm, pharm2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    failures = [o for o in outcomes if isinstance(o, ClinicError)]
    assert len(outcomes) == 2 and len(failures) == 1
    assert isinstance(failures[0], Conflict) and failures[0].message("en")
    assert_books_agree(ph.cut)
    assert stored(ph.cut) == {(ph.methadone, outcomes_lot(outcomes), ph.window): Decimal(100)}


def outcomes_lot(outcomes: list[object]) -> int:
    return next(o.lot_id for o in outcomes if isinstance(o, ledger.MovementInfo))


def test_every_stock_record_takes_the_clinic_clock(ph: Pharmacy) -> None:
    """Rows made, an incident found and a count sheet taken all read the clinic's clock (as the
    demo's history does), never the computer's."""
    from datetime import UTC, datetime, time

    from clinic.storage.models import Incident, StockCount, Transfer

    db = ph.cut.db
    past_day = ph.today - timedelta(days=20)
    morning = datetime.combine(past_day, time(1, 30), tzinfo=UTC)  # 09:30 in Shanghai
    real = db.clock
    db.clock = lambda: morning
    try:
        receipt = ph.receive(ph.methadone, "CLOCK-1", "1000")
        lot = receipt.lot.lot_id
        sent = stock.send_transfer(
            ph.pharm,
            lot_id=lot,
            from_safe_id=ph.safe,
            to_safe_id=ph.satellite_safe,
            quantity="100",
            **ph.witness(),
        )
        stock.issue_to_window(
            ph.pharm,
            product_id=ph.methadone,
            safe_id=ph.safe,
            window_id=ph.window,
            quantity="200",
            **ph.witness(),
        )
        incident = stock.record_loss(
            ph.pharm,
            kind="loss",
            location_id=ph.safe,
            lot_id=lot,
            quantity="10",
            circumstances="bottle missing",
            **ph.witness(),
        )
        sheet = reconcile.count_sheet(ph.nurse, window_id=ph.window, product_id=ph.methadone)
        count = reconcile.record_count(
            ph.nurse, window_id=ph.window, product_id=ph.methadone, counted="200"
        )
    finally:
        db.clock = real
    assert sheet.business_date == past_day and sheet.received == 200
    with UnitOfWork(db, read_only=True) as uow:
        s = uow.session
        assert s.get(Lot, lot).created_at == morning  # type: ignore[union-attr]
        assert s.get(Receipt, receipt.receipt_id).recorded_at == morning  # type: ignore[union-attr]
        assert s.get(Transfer, sent.transfer_id).sent_at == morning  # type: ignore[union-attr]
        found = s.get(Incident, incident.incident_id)
        assert found is not None and found.discovered_at == found.recorded_at == morning
        counted = s.get(StockCount, count.count_id)
        assert counted is not None
        assert counted.recorded_at == morning and counted.business_date == past_day
    # Today's sheet sees the same movements as history: received before today, so opening.
    today_sheet = reconcile.count_sheet(ph.nurse, window_id=ph.window, product_id=ph.methadone)
    assert today_sheet.business_date == ph.today and today_sheet.opening == 200


def test_a_day_close_over_a_waiting_variance_is_refused_naming_it(ph: Pharmacy) -> None:
    ph.receive(ph.methadone, "W1", "500")
    stock.issue_to_window(
        ph.pharm,
        product_id=ph.methadone,
        safe_id=ph.safe,
        window_id=ph.window,
        quantity="200",
        **ph.witness(),
    )
    earlier = reconcile.record_count(
        ph.pharm, window_id=ph.window, product_id=ph.methadone, counted="190"
    )
    assert earlier.pending
    handover = reconcile.record_count(  # a handover is recorded while the variance waits
        ph.nurse, window_id=ph.window, product_id=ph.methadone, counted="200", kind="handover"
    )
    before = movement_count(ph.cut)
    for counted, extra in (("200", {}), ("190", {"explanation": "same", **ph.witness()})):
        with pytest.raises(Conflict) as refused:
            reconcile.record_count(
                ph.pharm, window_id=ph.window, product_id=ph.methadone, counted=counted, **extra
            )
        assert refused.value.details["waiting_count_id"] == earlier.count_id
        assert refused.value.en.startswith("Your count was not recorded: the count of ")
        assert "(variance -10 mL) is still waiting" in refused.value.en
        assert "（差异 -10 mL）尚待说明和第二人签字" in refused.value.zh
    assert movement_count(ph.cut) == before
    day = reconcile.day_counts(ph.pharm, window_id=ph.window, product_id=ph.methadone)
    assert [(c.count_id, c.kind, c.state) for c in day.counts] == [
        (earlier.count_id, "day_close", "waiting"),
        (handover.count_id, "handover", "settled"),
    ]
    assert not day.closed and day.unit == "mL"
    signed = reconcile.sign_off_variance(
        ph.pharm,
        count_id=earlier.count_id,
        explanation="poured and not recorded",
        close_day=False,
        **ph.witness(),
    )
    assert not signed.day_closed and signed.sheet.expected == 190
    closed = reconcile.record_count(
        ph.pharm, window_id=ph.window, product_id=ph.methadone, counted="190"
    )
    assert closed.day_closed
    day = reconcile.day_counts(ph.pharm, window_id=ph.window, product_id=ph.methadone)
    assert day.closed
    assert [(c.state, c.closed_the_day) for c in day.counts] == [
        ("signed_off", False),
        ("settled", False),
        ("settled", True),
    ]
    assert day.counts[0].witness and day.counts[0].counted_by
    assert_books_agree(ph.cut)


def test_receipt_refusals_name_their_field_and_write_nothing(ph: Pharmacy) -> None:
    base: dict[str, object] = dict(
        product_id=ph.methadone,
        lot_number="F1",
        expiry_date=f"{ph.today.year + 1}-12-31",
        manufacturer="厂",
        supplier="公司",
        safe_id=ph.safe,
        expected="100",
        received="100",
        quality_condition="完好",
        acceptance="accepted",
        **ph.witness(),
    )
    cases = {
        "expiry_date": {"expiry_date": "2027-13-01"},
        "lot_number": {"lot_number": " "},
        "manufacturer": {"manufacturer": ""},
        "supplier": {"supplier": ""},
        "expected": {"expected": "0"},
        "received": {"received": "abc"},
        "damaged": {"damaged": "-1"},
        "quality_condition": {"quality_condition": ""},
        "acceptance": {"acceptance": ""},
        "witness_user": {"witness": "pharm", "witness_password": "pharm-pass-1"},
        "witness_password": {"witness_password": "wrong"},
    }
    for field, change in cases.items():
        with pytest.raises(ClinicError) as caught:
            stock.receive(ph.pharm, **{**base, **change})  # type: ignore[arg-type]
        assert caught.value.details.get("field") == field, (field, caught.value.en)
    with pytest.raises(InvalidInput) as short:
        stock.receive(ph.pharm, **{**base, "received": "90"})  # type: ignore[arg-type]
    assert short.value.details["field"] == "acceptance"
    assert movement_count(ph.cut) == 0
    typed = stock.receive(ph.pharm, **{**base, "expiry_date": f"{ph.today.year + 1}年12月31日"})  # type: ignore[arg-type]
    assert typed.lot.expiry_date.isoformat() == f"{ph.today.year + 1}-12-31"


def _issue(ph: Pharmacy, product: int, quantity: str, window: int | None = None) -> None:
    stock.issue_to_window(
        ph.pharm,
        product_id=product,
        safe_id=ph.safe,
        window_id=window or ph.window,
        quantity=quantity,
        **ph.witness(),
    )


def _at(ph: Pharmacy, place: int) -> dict[int, Decimal]:
    return {lot: q for (_, lot, loc), q in stored(ph.cut).items() if loc == place}


def _adjustments(ph: Pharmacy) -> list[tuple[str | None, int, Decimal, str | None, bool]]:
    with UnitOfWork(ph.cut.db, read_only=True) as uow:
        return [
            (m.reason, m.lot_id, m.quantity, m.reference, m.checked_by is not None)
            for m in uow.session.scalars(
                select(StockMovement)
                .where(StockMovement.kind == "adjust")
                .order_by(StockMovement.id)
            )
        ]


def test_a_count_variance_is_booked_by_expiry_at_this_window_for_this_product(
    ph: Pharmacy,
) -> None:
    """A shortfall is taken from the earliest-expiring lots at the window first, a surplus goes
    into the earliest lot the window has held; never a lot of the safe or of another product,
    whatever order the lots were received in; each adjustment names its count."""
    late = ph.receive(ph.methadone, "LATE", "500", expiry_days=600).lot.lot_id  # received first
    early = ph.receive(ph.methadone, "EARLY", "100", expiry_days=200).lot.lot_id
    _issue(ph, ph.methadone, "100")  # first expiry first: all of EARLY ...
    _issue(ph, ph.methadone, "200")  # ... then LATE
    tabs = ph.receive(ph.tablets, "TABS", "50", expiry_days=30).lot.lot_id
    _issue(ph, ph.tablets, "20")  # another product at the window, expiring sooner
    oldest = ph.receive(ph.methadone, "OLDEST", "40", expiry_days=60).lot.lot_id  # safe only
    assert _at(ph, ph.window) == {early: 100, late: 200, tabs: 20}

    short = reconcile.record_count(
        ph.pharm,
        window_id=ph.window,
        product_id=ph.methadone,
        counted="150",
        kind="handover",
        explanation="spilled tray",
        **ph.witness(),
    )
    assert short.variance == -150 and len(short.adjustment_vouchers) == 2
    assert _at(ph, ph.window) == {late: 150, tabs: 20}  # EARLY's 100 first, then 50 of LATE
    over = reconcile.record_count(  # within tolerance: booked without a second signature
        ph.pharm, window_id=ph.window, product_id=ph.methadone, counted="150.3", kind="handover"
    )
    assert over.variance == Decimal("0.3") and len(over.adjustment_vouchers) == 1
    assert _at(ph, ph.window) == {early: Decimal("0.3"), late: 150, tabs: 20}
    assert _at(ph, ph.safe)[oldest] == 40  # the safe's lots are never touched by a count
    found = reconcile.record_count(  # beyond tolerance: with the explanation and the signature
        ph.pharm,
        window_id=ph.window,
        product_id=ph.methadone,
        counted="160.3",
        kind="handover",
        explanation="a bottle found behind the fridge",
        **ph.witness(),
    )
    assert found.variance == 10 and _at(ph, ph.window)[early] == Decimal("10.3")
    with UnitOfWork(ph.cut.db, read_only=True) as uow:
        counts = {
            c.id: f"count {c.id} {c.business_date} {c.kind}"
            for c in uow.session.scalars(select(StockCount).order_by(StockCount.id))
        }
    assert _adjustments(ph) == [
        ("count shortfall", early, 100, counts[short.count_id], True),
        ("count shortfall", late, 50, counts[short.count_id], True),
        ("count surplus", early, Decimal("0.3"), counts[over.count_id], False),
        ("count surplus", early, 10, counts[found.count_id], True),
    ]
    assert_books_agree(ph.cut)


def test_a_surplus_of_a_product_never_at_the_window_is_refused(ph: Pharmacy) -> None:
    ph.receive(ph.methadone, "L1", "100")
    before = stored(ph.cut)
    with pytest.raises(Conflict) as never:
        reconcile.record_count(
            ph.pharm,
            window_id=ph.window,
            product_id=ph.methadone,
            counted="5",
            kind="handover",
            explanation="found a bottle",
            **ph.witness(),
        )
    assert (never.value.message("en"), never.value.message("zh_CN")) == (
        "No lot of this product was ever at this window: check the count.",
        "该窗口从未有此产品的批号：请核对盘点。",
    )
    assert stored(ph.cut) == before and _adjustments(ph) == []


def test_only_this_windows_waiting_count_of_this_product_stops_its_day_close(
    ph: Pharmacy,
) -> None:
    ph.receive(ph.methadone, "L1", "1000")
    ph.receive(ph.tablets, "T1", "100")
    second = stock.add_place(
        ph.pharm, site_code="MAIN", kind="window", name="窗口2 Window 2"
    ).location_id
    _issue(ph, ph.methadone, "300")
    _issue(ph, ph.methadone, "100", window=second)
    _issue(ph, ph.tablets, "10")
    waiting = reconcile.record_count(
        ph.pharm, window_id=ph.window, product_id=ph.methadone, counted="290"
    )
    assert waiting.pending
    # another window's day and another product's day close as usual
    assert reconcile.record_count(
        ph.pharm, window_id=second, product_id=ph.methadone, counted="100"
    ).day_closed
    assert reconcile.record_count(
        ph.pharm, window_id=ph.window, product_id=ph.tablets, counted="10"
    ).day_closed
    with pytest.raises(Conflict) as refused:
        reconcile.record_count(
            ph.pharm, window_id=ph.window, product_id=ph.methadone, counted="300"
        )
    with UnitOfWork(ph.cut.db, read_only=True) as uow:
        recorded = uow.session.get(StockCount, waiting.count_id)
        assert recorded is not None
        at = recorded.recorded_at.astimezone(clock.clinic_zone(uow.session)).strftime("%H:%M")
    assert (refused.value.message("en"), refused.value.message("zh_CN")) == (
        f"Your count was not recorded: the count of {at} (variance -10 mL) is still waiting for "
        "an explanation and a second signature. Sign that variance off first, then record your "
        "count again to close the day.",
        f"本次盘点未记录：{at} 的盘点（差异 -10 mL）尚待说明和第二人签字。请先处理该差异，再重新记录"
        "本次盘点以完成日结。",
    )
    assert refused.value.details["field"] == "counted"
    assert refused.value.details["waiting_count_id"] == waiting.count_id
