"""A nurse's window of our own on the demo clinic's users and products, for the GUI tests."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from clinic import administration
from clinic.app import Clinic
from clinic.dosing import daylog, window
from clinic.dosing.orders import OrderRequest, write_order
from clinic.inventory import catalogue, stock
from clinic.patients import enrolment
from clinic.service import AuthContext
from clinic.ui.dosing_page import DosingPage, WindowTab
from clinic.ui.patient_common import clinic_today
from tests import factories
from tests.demo_cache import copy_of

from .conftest import sign_in


@dataclass
class Counter:
    clinic: Clinic
    passwords: dict[str, str]
    doc: AuthContext
    nurse: AuthContext
    window_id: int
    methadone: int

    def patient(
        self, *, dose: str | None = "30", days_ago: int = 0, name: str = "测试病人", **order: object
    ) -> int:
        """A new patient in treatment (enrolled DAYS_AGO), with an order unless DOSE is None."""
        today = self.today() - timedelta(days=days_ago)
        pid = enrolment.enrol_patient(
            self.doc, enrolment=factories.enrolment(today, name=name)
        ).patient_id
        if dose is not None:
            write_order(
                self.doc,
                patient_id=pid,
                request=OrderRequest(
                    product_id=int(order.pop("product_id", self.methadone)),  # type: ignore[call-overload]
                    daily_dose_mg=dose,
                    start_on=today,
                    **order,  # type: ignore[arg-type]
                ),
            )
        return int(pid)

    def today(self) -> date:
        """Today in Shanghai by the database's clock (which a test may move)."""
        return self.clinic.db.clock().astimezone(ZoneInfo("Asia/Shanghai")).date()

    def number(self, patient_id: int) -> str:
        panel = window.open_for_dosing(self.nurse, patient_id=patient_id, window_id=self.window_id)
        return panel.patient_number

    def doses(self) -> int:
        return daylog.daily_log(self.nurse, window_id=self.window_id).doses_given


@pytest.fixture
def bare_demo(
    tmp_path: Path, bare_demo_source: tuple[Path, dict[str, str]]
) -> Iterator[tuple[Clinic, dict[str, str]]]:
    """The demo clinic's users and products without its patients and history: much faster."""
    source, passwords = bare_demo_source
    clinic = copy_of(source, tmp_path / "clinic")
    try:
        yield clinic, dict(passwords)
    finally:
        clinic.close()


@pytest.fixture
def counter(bare_demo: tuple[Clinic, dict[str, str]]) -> Counter:
    """A window of our own at the first site, stocked with methadone 1 mg/mL."""
    clinic, passwords = bare_demo
    pharm = clinic.login("pharmacist", passwords["pharmacist"])
    site = administration.list_sites(pharm)[0].code
    safe = stock.add_place(pharm, site_code=site, kind="safe", name="测试药库 Test safe")
    place = stock.add_place(pharm, site_code=site, kind="window", name="测试窗口 Test window")
    liquid = next(
        p for p in catalogue.list_products(pharm) if p.unit == "mL" and p.mg_per_unit == 1
    )
    witness = {"witness": "nurse", "witness_password": passwords["nurse"]}
    stock.receive(
        pharm,
        product_id=liquid.product_id,
        lot_number="T-UI-1",
        expiry_date=clinic_today(pharm) + timedelta(days=400),
        manufacturer="示范制药",
        supplier="示范医药",
        safe_id=safe.location_id,
        expected="2000",
        received="2000",
        quality_condition="包装完好 intact",
        acceptance="accepted",
        delivery_note="UI-1",
        **witness,
    )
    stock.issue_to_window(
        pharm,
        product_id=liquid.product_id,
        safe_id=safe.location_id,
        window_id=place.location_id,
        quantity="1000",
        **witness,
    )
    # Enter is taken at once here; the dwell guard has tests of its own (test_window_panel.py).
    administration.update_setting(
        clinic.login("admin", passwords["admin"]), key="dose_dwell_ms", value=0, reason="tests"
    )
    return Counter(
        clinic,
        passwords,
        clinic.login("physician", passwords["physician"]),
        clinic.login("nurse", passwords["nurse"]),
        place.location_id,
        liquid.product_id,
    )


def open_window(qtbot, c: Counter) -> WindowTab:  # type: ignore[no-untyped-def]
    main = sign_in(qtbot, c.clinic, "nurse", c.passwords["nurse"])
    assert main.page_keys()[0] == "dosing"
    page = main.page("dosing")
    assert isinstance(page, DosingPage) and page.window_tab is not None
    tab = page.window_tab
    tab.window_choice.setCurrentIndex(tab.window_choice.findData(c.window_id))
    assert tab.window_id() == c.window_id
    tab.scan.setFocus()
    return tab
