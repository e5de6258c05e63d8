"""A transfer summary for a former patient of this clinic (the same ID number): the import knows
them, asks, then re-admits them on their own record (a new episode holding the summary and its
last dose, which the missed-day rule counts from), never a second record. A patient still in
treatment here is refused; a refusal or a question changes nothing."""

from __future__ import annotations

import dataclasses
import json

import pytest
from sqlalchemy import func, select

from clinic.dosing.orders import OrderRequest, write_order
from clinic.dosing.window import open_for_dosing
from clinic.errors import Conflict, InvalidInput, NeedsConfirmation, PermissionDenied
from clinic.patients import enrolment, records, transfer
from clinic.patients.enrolment import EnrolledPatient
from clinic.storage.models import (
    Episode,
    Patient,
    StatusChange,
    TransferIn,
    TreatmentAgreement,
)
from clinic.storage.uow import UnitOfWork
from tests import factories
from tests.integration import test_transfer
from tests.integration.dosing_helpers import DAY0, SHANGHAI, Window, days
from tests.integration.test_patients import events
from tests.integration.test_transfer import (
    PASSPHRASE,
    _enrol,
    _receiving_enrolment,
    _sent_on_day_6,
)

sender = test_transfer.sender  # the two clinics, each on the backend under test
receiver = test_transfer.receiver

KEPT = (Patient, Episode, StatusChange, TreatmentAgreement, TransferIn)


def _counts(w: Window) -> dict[str, int]:
    with UnitOfWork(w.cut.db, read_only=True) as uow:
        return {
            m.__tablename__: uow.session.scalar(select(func.count()).select_from(m)) or 0
            for m in KEPT
        }


def _known_here(r: Window, package: transfer.TransferPackage) -> int:
    """The summary's patient (the same ID number) enrolled here on DAY0, in treatment."""
    r.stock_window()
    draft = _receiving_enrolment(r, package.summary)
    return int(enrolment.enrol_patient(r.doc, enrolment=draft).patient_id)


def _former_patient(r: Window, package: transfer.TransferPackage) -> int:
    """The summary's patient treated here before, discharged on DAY0."""
    pid = _known_here(r, package)
    records.change_status(
        r.doc, patient_id=pid, to_status="discharged", effective_on=DAY0, reason="moved away"
    )
    return pid


def _readmit(r: Window, package: transfer.TransferPackage, **extra: object) -> EnrolledPatient:
    extra.setdefault("agreement", factories.agreement(r.now.astimezone(SHANGHAI).date()))
    return transfer.readmit_transferred(
        r.doc,
        data=package.file,
        passphrase=PASSPHRASE,
        confirmed=frozenset(transfer.CONFIRMED_FIELDS),
        **extra,  # type: ignore[arg-type]
    )


def test_a_former_patient_is_asked_about_then_readmitted_on_the_same_record(
    sender: Window, receiver: Window
) -> None:
    r = receiver
    package = _sent_on_day_6(sender)  # last dose there on DAY0+5, 40 mg
    pid = _former_patient(r, package)
    r.at(DAY0 + days(7))
    number = open_for_dosing(r.nurse, patient_id=pid, window_id=r.ph.window).patient_number
    received = transfer.read_transfer(r.doc, data=package.file, passphrase=PASSPHRASE)
    assert (received.registered_as, received.readmits) == (number, True)
    before = _counts(r)
    with pytest.raises(Conflict, match="already registered"):
        _enrol(r, package)  # never a second record
    unsigned = dataclasses.replace(factories.agreement(DAY0 + days(7)), covers_termination=False)
    with pytest.raises(InvalidInput):  # a bad form is refused before the question
        _readmit(r, package, agreement=unsigned)
    with pytest.raises(NeedsConfirmation) as asked:
        _readmit(r, package)
    assert asked.value.details["patient_number"] == number
    assert number in asked.value.message("en") and "重新入组" in asked.value.message("zh_CN")
    with pytest.raises(NeedsConfirmation):
        _readmit(r, package, confirm_patient="P999999")  # another number is no confirmation
    with pytest.raises(PermissionDenied):
        transfer.readmit_transferred(
            r.nurse,
            data=package.file,
            passphrase=PASSPHRASE,
            agreement=factories.agreement(DAY0 + days(7), "methadone"),
            confirmed=frozenset(transfer.CONFIRMED_FIELDS),
            confirm_patient=number,
        )
    assert _counts(r) == before
    back = _readmit(r, package, confirm_patient=number)
    assert (back.patient_id, back.patient_number, back.status, back.episode_number) == (
        pid,
        number,
        "active",
        2,
    )
    after = _counts(r)
    assert after["patients"] == before["patients"]
    assert after["episodes"] == before["episodes"] + 1
    assert after["transfers_in"] == before["transfers_in"] + 1
    with UnitOfWork(r.cut.db, read_only=True) as uow:
        moved = uow.session.scalars(select(TransferIn)).one()
        episode = uow.session.get(Episode, moved.episode_id)
        assert episode is not None and (episode.patient_id, episode.number) == (pid, 2)
        assert moved.patient_id == pid and moved.last_dose_on == DAY0 + days(5)
    trail = events(r.cut, "patient.register")
    done = [e for e in trail if e.outcome == "done" and e.entity_id == str(pid)]
    noted = json.loads(done[-1].details)
    assert (noted["transferred_in"], noted["episode"], noted["before"]) == (True, 2, "discharged")
    # Once back, it is no longer a former patient: a second import of the file is refused.
    with pytest.raises(Conflict, match="only a discharged or transferred-out"):
        _readmit(r, package, confirm_patient=number)


def test_the_sending_clinics_last_dose_counts_in_the_new_episode(
    sender: Window, receiver: Window
) -> None:
    r = receiver
    package = _sent_on_day_6(sender)
    pid = _former_patient(r, package)
    r.at(DAY0 + days(7))
    number = transfer.read_transfer(r.doc, data=package.file, passphrase=PASSPHRASE).registered_as
    _readmit(r, package, confirm_patient=number)
    write_order(
        r.doc,
        patient_id=pid,
        request=OrderRequest(
            product_id=r.ph.methadone, daily_dose_mg="40", start_on=DAY0 + days(7)
        ),  # type: ignore[arg-type]
    )
    panel = open_for_dosing(r.nurse, patient_id=pid, window_id=r.ph.window)
    assert panel.can_dose and panel.missed_days == 1  # DAY0+6, counted from the sender's dose
    r.at(DAY0 + days(10))  # four days missed since the last dose there: held
    panel = open_for_dosing(r.nurse, patient_id=pid, window_id=r.ph.window)
    assert panel.missed_days == 4 and panel.refusal is not None
    assert "last dose 2026-03-07" in panel.refusal[0] and "held" in panel.refusal[0]


def test_a_patient_in_treatment_here_is_refused_and_nothing_changes(
    sender: Window, receiver: Window
) -> None:
    r = receiver
    package = _sent_on_day_6(sender)
    pid = _known_here(r, package)  # the same person, still in treatment here
    r.at(DAY0 + days(7))
    received = transfer.read_transfer(r.doc, data=package.file, passphrase=PASSPHRASE)
    assert received.registered_as is not None and received.readmits is False
    before = _counts(r)
    with pytest.raises(Conflict) as refused:
        _readmit(r, package, confirm_patient=received.registered_as)
    assert "In treatment" in refused.value.message("en")
    assert "在治" in refused.value.message("zh_CN")
    with pytest.raises(Conflict, match="already registered"):
        _enrol(r, package)
    assert _counts(r) == before
    with UnitOfWork(r.cut.db, read_only=True) as uow:
        patient = uow.session.get(Patient, pid)
        assert patient is not None and patient.status == "active"
