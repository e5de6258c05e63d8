"""Every service that takes a quantity or an amount of money refuses what is not one, in both
languages, and writes nothing but the audit event of the refusal."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from clinic import administration
from clinic.dosing.orders import OrderRequest, write_order
from clinic.errors import InvalidInput
from clinic.insurance import claims, patient_fees, schemes
from clinic.inventory import catalogue, reconcile, stock
from clinic.patients import enrolment
from tests import factories
from tests.conftest import ClinicUnderTest
from tests.integration.dosing_helpers import DAY0, window
from tests.integration.helpers import rows_state
from tests.integration.stock_helpers import stored

NOT_NUMBERS = ["1O", "NaN", "Infinity", "-1", "－１", "1e3", "1,5", 1.5]
TOO_FINE_QUANTITY = "1.00001"
TOO_FINE_MONEY = "10.005"
AUDIT = {"audit_events", "audit_head"}
ABOUT_THE_NUMBER = ("number", "amount", "zero", "decimal", "negative", "between", "typo")


def test_bad_quantities_and_money_change_nothing(clinic: ClinicUnderTest) -> None:
    w = window(clinic)
    ph, admin = w.ph, clinic.admin()
    lot = ph.receive(ph.methadone, "BAD-1", "500").lot.lot_id
    stock.issue_to_window(
        ph.pharm,
        product_id=ph.methadone,
        safe_id=ph.safe,
        window_id=ph.window,
        quantity="100",
        **ph.witness(),
    )
    sent = stock.send_transfer(
        ph.pharm,
        lot_id=lot,
        from_safe_id=ph.safe,
        to_safe_id=ph.satellite_safe,
        quantity="50",
        **ph.witness(),
    )
    schemes.add_payer_scheme(admin, code="RESIDENT", name="城乡居民医保", kind="resident")
    pid = w.patient(dose="30")
    site = administration.list_sites(admin)[0].site_id
    patient_fees.set_site_fee(admin, site_id=site, daily_fee="10", effective_from=DAY0)
    fresh = enrolment.enrol_patient(w.doc, enrolment=factories.enrolment(DAY0)).patient_id

    def terms(**numbers: object) -> None:
        values: dict[str, object] = {
            "ratio": "0.7",
            "deductible": "0",
            "annual_cap": None,
            "subsidy_share": "0",
        }
        values.update(numbers)
        claims.set_scheme_terms(
            admin,
            scheme_code="RESIDENT",
            effective_from=date(2026, 1, 1),
            covered=["service"],
            insutype="390",
            **values,  # type: ignore[arg-type]
        )

    def receive(**numbers: object) -> None:
        values: dict[str, object] = {
            "expected": "10",
            "received": "10",
            "damaged": "0",
            "quality_condition": "完好",
            "acceptance": "accepted",
        }
        values.update(numbers)
        stock.receive(
            ph.pharm,
            product_id=ph.methadone,
            lot_number="BAD-2",
            expiry_date=ph.today.replace(year=ph.today.year + 2),
            manufacturer="某制药厂",
            supplier="某医药公司",
            safe_id=ph.safe,
            **values,  # type: ignore[arg-type]
            **ph.witness(),
        )

    quantities: dict[str, Callable[[object], object]] = {
        "receipt expected": lambda raw: receive(expected=raw),
        "receipt received": lambda raw: receive(received=raw),
        "receipt damaged": lambda raw: receive(damaged=raw),
        "issue": lambda raw: stock.issue_to_window(
            ph.pharm,
            product_id=ph.methadone,
            safe_id=ph.safe,
            window_id=ph.window,
            quantity=raw,
            **ph.witness(),
        ),
        "return": lambda raw: stock.return_to_safe(
            ph.pharm,
            lot_id=lot,
            window_id=ph.window,
            safe_id=ph.safe,
            quantity=raw,
            reason="end of week",
            **ph.witness(),
        ),
        "transfer": lambda raw: stock.send_transfer(
            ph.pharm,
            lot_id=lot,
            from_safe_id=ph.safe,
            to_safe_id=ph.satellite_safe,
            quantity=raw,
            **ph.witness(),
        ),
        "transfer count": lambda raw: stock.receive_transfer(
            ph.pharm, transfer_id=sent.transfer_id, counted=raw, note="n", **ph.witness()
        ),
        "waste": lambda raw: stock.record_waste(
            ph.pharm,
            window_id=ph.window,
            lot_id=lot,
            quantity=raw,
            reason="spill",
            **ph.witness(),
        ),
        "set aside": lambda raw: stock.set_aside_for_destruction(
            ph.pharm, lot_id=lot, location_id=ph.safe, quantity=raw, reason="damaged"
        ),
        "loss": lambda raw: stock.record_loss(
            ph.pharm,
            kind="loss",
            location_id=ph.safe,
            lot_id=lot,
            quantity=raw,
            circumstances="missing",
            **ph.witness(),
        ),
        "count": lambda raw: reconcile.record_count(
            ph.pharm, window_id=ph.window, product_id=ph.methadone, counted=raw
        ),
        "strength": lambda raw: catalogue.add_product(
            admin,
            code="NEW-1",
            name="new",
            drug="methadone",
            form="oral_solution",
            mg_per_unit=raw,
            controlled_class="narcotic",
        ),
        "daily dose": lambda raw: write_order(
            w.doc,
            patient_id=fresh,
            request=OrderRequest(product_id=ph.methadone, daily_dose_mg=raw, start_on=DAY0),
        ),
        "slot dose": lambda raw: write_order(
            w.doc,
            patient_id=fresh,
            request=OrderRequest(
                product_id=ph.methadone,
                daily_dose_mg="30",
                slots_mg=(raw, "10"),
                start_on=DAY0,
            ),
        ),
        "ratio": lambda raw: terms(ratio=raw),
        "subsidy share": lambda raw: terms(subsidy_share=raw),
        "count tolerance": lambda raw: administration.update_setting(
            admin, key="count_tolerance_ml", value=raw
        ),
    }
    money: dict[str, Callable[[object], object]] = {
        "deductible": lambda raw: terms(deductible=raw),
        "annual cap": lambda raw: terms(annual_cap=raw),
        "unit price": lambda raw: claims.set_fee(
            admin,
            code="SVC-X",
            kind="service",
            name="服务费",
            unit="日",
            unit_price=raw,
            insurance_code="SVC001",
            effective_from=date(2026, 1, 1),
        ),
        "site fee": lambda raw: patient_fees.set_site_fee(
            admin, site_id=site, daily_fee=raw, effective_from=DAY0
        ),
        "payment": lambda raw: patient_fees.record_payment(w.nurse, patient_id=pid, amount=raw),
        "waiver": lambda raw: patient_fees.waive_fee(
            admin, patient_id=pid, amount=raw, reason="hardship"
        ),
    }
    before, balances = rows_state(clinic.db.engine), stored(clinic)
    for name, call in quantities.items():
        for raw in [*NOT_NUMBERS, TOO_FINE_QUANTITY]:
            with pytest.raises(InvalidInput) as refused:
                call(raw)
            assert refused.value.en != refused.value.zh, (name, raw)
            assert any(word in refused.value.en for word in ABOUT_THE_NUMBER), refused.value.en
    for name, call in money.items():
        # a unit price may have 4 decimals (a price per mL); every other amount is to the fen
        for raw in [*NOT_NUMBERS, TOO_FINE_QUANTITY if name == "unit price" else TOO_FINE_MONEY]:
            with pytest.raises(InvalidInput) as refused:
                call(raw)
            assert refused.value.en != refused.value.zh, (name, raw)
            assert any(word in refused.value.en for word in ABOUT_THE_NUMBER), refused.value.en
    after = rows_state(clinic.db.engine)
    assert {k for k in before if before[k] != after[k]} <= AUDIT
    assert stored(clinic) == balances
