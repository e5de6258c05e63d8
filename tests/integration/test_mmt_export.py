"""The report to the national MMT data system (issue 17, item 6): a real workbook, in an AES zip,
whose cells read back; each patient in it logged once as a disclosure on a legal basis."""

from __future__ import annotations

import io
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import pytest
import pyzipper
from openpyxl import load_workbook

from clinic import administration
from clinic.dosing.infections import record_infection_test
from clinic.dosing.screens import record_screen
from clinic.dosing.window import give_take_home, record_dose
from clinic.errors import InvalidInput, PermissionDenied
from clinic.patients.consent import disclosure_history
from clinic.patients.mmt_export import export_mmt
from clinic.patients.records import open_patient
from clinic.storage.models import Patient
from clinic.storage.uow import UnitOfWork
from tests.conftest import ClinicUnderTest
from tests.integration.dosing_helpers import DAY0, days, window

PASS = "a long passphrase for the CDC"
BASIS = "《戒毒药物维持治疗工作管理办法》 reporting duty"


def _read(path: Path) -> dict[str, list[list[object]]]:
    with pyzipper.AESZipFile(path) as archive:
        archive.setpassword(PASS.encode())
        (name,) = [n for n in archive.namelist() if n.endswith(".xlsx")]
        book = load_workbook(io.BytesIO(archive.read(name)))
    return {
        sheet.title: [list(row) for row in sheet.iter_rows(min_row=3, values_only=True)]
        for sheet in book.worksheets
    }


def test_the_period_is_exported_and_each_patient_is_a_disclosure(
    clinic: ClinicUnderTest, tmp_path: Path
) -> None:
    w = window(clinic, DAY0 - days(5))
    administration.update_setting(w.cut.admin(), key="take_home_max_days", value=1, reason="t")
    w.stock_window()
    earlier = w.patient()  # dosed before the period only: not in the file
    record_dose(w.nurse, patient_id=earlier, window_id=w.ph.window)
    w.at(DAY0)
    dosed = w.patient(dose="25", take_home_days=1)
    record_dose(w.nurse, patient_id=dosed, window_id=w.ph.window)
    give_take_home(w.nurse, patient_id=dosed, window_id=w.ph.window, days=1)  # DAY0 + 1
    record_infection_test(
        w.doc, patient_id=dosed, test="hiv", result="negative", tested_on=DAY0, stage="enrolment"
    )
    record_screen(
        w.nurse,
        patient_id=dosed,
        collected_on=DAY0,
        results={"opiates": True, "methamphetamine": True, "ketamine": False},
    )
    enrolled = w.patient()  # enrolled in the period, never dosed
    w.at(DAY0 + days(2))
    done = export_mmt(
        w.doc,
        since=DAY0,
        until=DAY0 + days(1),
        target=tmp_path / "mmt",
        passphrase=PASS,
        legal_basis=BASIS,
        clinic_code="110105001",
    )
    assert done.path == tmp_path / "mmt.zip" and (done.patients, done.doses, done.urines) == (
        2,
        2,
        1,
    )
    sheets = _read(done.path)
    patients = sheets["基本信息 Patients"]
    record = open_patient(w.doc, patient_id=dosed)
    first = patients[0]
    assert first[:3] == [record.patient_number, record.name, "男" if record.sex == "M" else "女"]
    assert first[3].date() == record.birth_date  # type: ignore[union-attr]
    with UnitOfWork(w.cut.db, read_only=True) as uow:
        kept = uow.session.get(Patient, dosed)
        assert kept is not None
        assert first[4:7] == [kept.national_id, kept.phone, kept.address]
    assert first[7:15] == [None] * 8  # not recorded here: blank
    assert first[15] == "F11.2" and first[16].date() == DAY0  # type: ignore[union-attr]
    assert first[17:19] == ["美沙酮", "在治"]
    assert first[20] == "阴性" and first[21].date() == DAY0  # type: ignore[union-attr]
    assert first[22:26] == [None, None, None, None]
    assert first[26:] == [2, 25]
    second = patients[1]
    assert second[0] == open_patient(w.doc, patient_id=enrolled).patient_number
    assert second[26:] == [0, None]
    assert [row[:5] for row in sheets["尿检 Urine tests"]] == [
        [record.patient_number, datetime(2026, 3, 2), "是", "阳性", "甲基苯丙胺"]  # noqa: DTZ001
    ]
    doses = sheets["服药 Daily doses"]
    assert [(r[0], r[1].date(), Decimal(str(r[2])), r[3], r[4]) for r in doses] == [  # type: ignore[union-attr]
        (record.patient_number, DAY0, Decimal(25), "美沙酮", "现场服药"),
        (record.patient_number, DAY0 + days(1), Decimal(25), "美沙酮", "带药"),
    ]
    for pid in (dosed, enrolled):
        (logged,) = disclosure_history(w.doc, patient_id=pid)
        assert logged.purpose == "authority_report" and logged.legal_basis == BASIS
        assert logged.reference == done.reference and logged.consent_id is None
    assert disclosure_history(w.doc, patient_id=earlier) == []


def test_no_legal_basis_no_file_and_no_disclosure(clinic: ClinicUnderTest, tmp_path: Path) -> None:
    w = window(clinic)
    w.stock_window()
    pid = w.patient()
    record_dose(w.nurse, patient_id=pid, window_id=w.ph.window)
    asked = {"since": DAY0, "until": DAY0, "target": tmp_path / "mmt", "passphrase": PASS}
    for who, change, refusal in (
        (w.doc, {"legal_basis": ""}, InvalidInput),
        (w.doc, {"legal_basis": "   "}, InvalidInput),
        (w.doc, {"legal_basis": BASIS, "until": DAY0 + days(1)}, InvalidInput),  # the future
        (w.doc, {"legal_basis": BASIS, "passphrase": "short"}, InvalidInput),
        (w.nurse, {"legal_basis": BASIS}, PermissionDenied),
    ):
        with pytest.raises(refusal):
            export_mmt(who, **{**asked, **change})  # type: ignore[arg-type]
    assert not list(tmp_path.glob("mmt*"))
    assert disclosure_history(w.doc, patient_id=pid) == []
