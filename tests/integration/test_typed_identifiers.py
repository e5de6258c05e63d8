"""Identifiers as people type them, on both backends (issue 13, findings 7 and 10): one person is
one patient however the ID number was typed; a patient number is completed from what was typed;
records kept the old way are normalised once, on upgrade or restore, and duplicates are listed."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import func, select

from clinic import app
from clinic.config import BACKUP_DIR
from clinic.dosing import flags
from clinic.dosing.window import identify
from clinic.errors import ClinicError, Conflict, InvalidInput, NotFound
from clinic.patients import enrolment, records, registry
from clinic.patients.duplicates import normalise_kept_identifiers, patients_sharing_an_id_number
from clinic.privacy.audit_service import verify_audit_trail
from clinic.privacy.permissions import Role
from clinic.restore import restore_backup
from clinic.storage import migrate
from clinic.storage.models import Patient, PatientCard
from clinic.storage.uow import UnitOfWork
from tests import factories
from tests.conftest import ADMIN_PASSWORD, ClinicUnderTest
from tests.integration.dosing_helpers import window
from tests.integration.test_patients import events, today_of

FULL_WIDTH = str.maketrans("0123456789X-P", "０１２３４５６７８９Ｘ－Ｐ")
ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def full_width(text: str, spaces: bool = False) -> str:
    """TEXT as a Chinese input method types it; an ID number grouped with ideographic spaces."""
    if spaces:
        text = "\u3000".join((text[:6], text[6:14], text[14:]))
    return text.translate(FULL_WIDTH)


def patient_count(cut: ClinicUnderTest) -> int:
    with UnitOfWork(cut.db, read_only=True) as uow:
        return int(uow.session.scalar(select(func.count()).select_from(Patient)) or 0)


def refused(error: type[ClinicError], call, *args: object, **kwargs: object) -> ClinicError:  # type: ignore[no-untyped-def]
    with pytest.raises(error) as caught:
        call(*args, **kwargs)
    assert caught.value.en and caught.value.zh
    return caught.value


# --- finding 7: one person, one patient ----------------------------------------------------------


def test_the_same_person_typed_in_full_width_digits_is_refused_as_a_duplicate(
    clinic: ClinicUnderTest,
) -> None:
    doc = clinic.add_user("doc", Role.PHYSICIAN)
    today = today_of(clinic)
    first = factories.enrolment(today)
    enrolled = enrolment.enrol_patient(doc, enrolment=first)
    assert first.identity is not None
    nid = first.identity.national_id
    typed = full_width(nid, spaces=True)

    # the wizard's path: the identity step, its duplicate check, then the enrolment itself
    assert enrolment.check_duplicate(doc, national_id=typed) == enrolled.patient_number
    second = factories.enrolment(today)
    second.set_identity(
        replace(first.identity, national_id=typed, phone="１３８ ００１３ ８０００")
    )
    assert second.identity is not None and second.identity.national_id == nid
    conflict = refused(Conflict, enrolment.enrol_patient, doc, enrolment=second)
    assert enrolled.patient_number in conflict.en and enrolled.patient_number in conflict.zh

    # a caller that skips the workflow's step is normalised by the service all the same
    second.identity = replace(first.identity, national_id=typed)
    refused(Conflict, enrolment.enrol_patient, doc, enrolment=second)
    refused(Conflict, registry.register_patient, doc, name="王小明", national_id=typed, sex="M")
    refused(
        Conflict,
        registry.register_patient,
        doc,
        name="王小明",
        national_id=f" {nid[:6]} {nid[6:14]} {nid[14:].lower()} ",  # pasted, lower-case x
        sex="M",
    )
    # digits of another script are refused with the reason, and nothing is written
    other = refused(
        InvalidInput,
        registry.register_patient,
        doc,
        name="王小明",
        national_id=nid.translate(ARABIC_INDIC),
        sex="M",
    )
    assert "0-9" in other.en
    assert patient_count(clinic) == 1


def test_a_full_width_registration_is_kept_plain_and_found_by_the_plain_form(
    clinic: ClinicUnderTest,
) -> None:
    doc = clinic.add_user("doc", Role.PHYSICIAN)
    nid = factories.national_id()
    registered = registry.register_patient(
        doc,
        name="李四",
        national_id=full_width(nid, spaces=True),
        sex="M",
        phone="１３９ ００１３ ９０００",
        insurance_number="ＹＢ ２０２６ ０００１",
    )
    with UnitOfWork(clinic.db, read_only=True) as uow:
        kept = uow.session.get(Patient, registered.patient_id)
        assert kept is not None
        assert (kept.national_id, kept.phone, kept.insurance_number) == (
            nid,
            "13900139000",
            "YB20260001",
        )
    draft = factories.enrolment(today_of(clinic))
    assert draft.identity is not None
    draft.set_identity(replace(draft.identity, national_id=nid, birth_date=registered.birth_date))
    refused(Conflict, enrolment.enrol_patient, doc, enrolment=draft)
    assert patient_count(clinic) == 1


# --- finding 10: a patient number completed from what was typed ----------------------------------


def test_a_patient_is_found_however_the_number_or_card_is_typed(clinic: ClinicUnderTest) -> None:
    w = window(clinic)
    w.patient()
    pid = w.patient()
    number = records.open_patient(w.doc, patient_id=pid).patient_number
    serial = int(number[1:])
    typed = [
        str(serial),
        f"{serial:06d}",
        f"p{serial}",
        f"P{serial}",
        full_width(f"P{serial}"),
        full_width(str(serial)),
        f" P {serial:06d} ",
        number,
    ]
    for text in typed:
        panel = identify(w.nurse, identifier=text, window_id=w.ph.window)
        assert panel.patient_number == number, text
        assert records.search_patients(w.nurse, query=text)[0].patient_number == number, text

    code = records.issue_card(w.nurse, patient_id=pid).code
    for text in (code, code.lower(), full_width(code), f" {code} "):
        assert identify(w.nurse, identifier=text, window_id=w.ph.window).patient_number == number
        assert records.open_by_card(w.nurse, code=text).record.patient_number == number
        assert [p.patient_number for p in records.search_patients(w.nurse, query=text)] == [number]

    with UnitOfWork(clinic.db, read_only=True) as uow:
        nid = uow.session.get(Patient, pid).national_id  # type: ignore[union-attr]
    tail = records.search_patients(w.nurse, query=full_width(nid[-6:]))
    assert number in [p.patient_number for p in tail]
    initials = records.search_patients(w.nurse, query="ｗｘｍ")  # 王小明, typed full-width
    assert number in [p.patient_number for p in initials]


def test_no_such_patient_says_what_a_patient_number_looks_like(clinic: ClinicUnderTest) -> None:
    w = window(clinic)
    w.patient()
    at_window = {"window_id": w.ph.window}
    for text in ("99", "P99", "ｐ９９", "000099"):
        error = refused(NotFound, identify, w.nurse, identifier=text, **at_window)
        assert "P000099" in error.en and "P000123" in error.en and "P000123" in error.zh
    error = refused(InvalidInput, identify, w.nurse, identifier="P1X", **at_window)
    assert "not a patient number" in error.en and "P000123" in error.zh
    assert "0-9" in refused(InvalidInput, identify, w.nurse, identifier="٢", **at_window).en

    error = refused(InvalidInput, records.search_patients, w.nurse, query="99")
    assert "P000123" in error.en and "last 4" in error.en
    error = refused(NotFound, records.search_patients, w.nurse, query="P99")
    assert "P000099" in error.en and "P000123" in error.zh
    error = refused(NotFound, records.search_patients, w.nurse, query="987654")
    assert "987654" in error.en and "P000123" in error.en


# --- records kept the old way: normalised once, duplicates listed --------------------------------


def _keep_the_old_way(cut: ClinicUnderTest, patient_id: int, national_id: str, **more: str) -> None:
    """What the old checks kept: the ID number as typed, and its keyed index of that text."""
    with UnitOfWork(cut.db) as uow:
        patient = uow.session.get(Patient, patient_id)
        assert patient is not None
        patient.national_id = national_id
        patient.national_id_index = cut.db.cipher.blind_index(national_id, "national_id")
        for column, value in more.items():
            setattr(patient, column, value)
        uow.commit()


def _before_the_step() -> str:
    """The revision before the one that owes the normalisation (whatever it is numbered)."""
    script = ScriptDirectory.from_config(migrate.alembic_config())
    (owner,) = [
        rev
        for rev in script.walk_revisions()
        if "normalise_kept_identifiers" in getattr(rev.module, "DATA_STEPS", ())
    ]
    assert isinstance(owner.down_revision, str)
    return owner.down_revision


def _back_to_the_old_schema(cut: ClinicUnderTest) -> str:
    """The schema as the release before identifiers were normalised left it."""
    old = _before_the_step()
    config = migrate.alembic_config()
    with cut.db.engine.begin() as conn:
        config.attributes["connection"] = conn
        config.attributes["cipher"] = cut.db.cipher  # later revisions' sealed values opened
        command.downgrade(config, old)
    assert migrate.current_revision(cut.db.engine) == old
    cut.clinic.close()
    return old


def _kept(cut: ClinicUnderTest) -> dict[str, tuple[str, str, str | None, str | None]]:
    with UnitOfWork(cut.db, read_only=True) as uow:
        return {
            p.patient_number: (p.national_id, p.national_id_index, p.phone, p.insurance_number)
            for p in uow.session.scalars(select(Patient))
        }


def test_an_old_database_is_normalised_once_and_its_duplicates_listed(
    clinic: ClinicUnderTest,
) -> None:
    doc = clinic.add_user("doc", Role.PHYSICIAN)
    nids = [factories.national_id() for _ in range(4)]
    numbers = [
        registry.register_patient(doc, name=name, national_id=nid, sex="M").patient_number
        for name, nid in zip(("甲", "乙", "丙", "丁"), nids, strict=True)
    ]
    a, b, c, d = numbers
    ids = {n: int(n[1:]) for n in numbers}
    _keep_the_old_way(
        clinic,
        ids[b],
        full_width(nids[1]),
        phone="１３８００１３８０００",
        insurance_number="ＹＢ２０２６０００１",
    )
    _keep_the_old_way(clinic, ids[c], full_width(nids[0]))  # A registered a second time
    _keep_the_old_way(clinic, ids[d], nids[3].translate(ARABIC_INDIC))
    card = records.issue_card(clinic.add_user("nurse", Role.NURSE), patient_id=ids[b])
    with UnitOfWork(clinic.db) as uow:
        kept_card = uow.session.scalars(select(PatientCard)).one()
        kept_card.code = full_width(card.code)
        uow.commit()
    old = _back_to_the_old_schema(clinic)

    clinic.clinic = app.open_clinic(clinic.home, keystore=clinic.keystore)
    assert migrate.current_revision(clinic.db.engine) == migrate.head_revision()
    assert list((clinic.home / BACKUP_DIR).glob(f"pre-upgrade-{old}-*.clinicbak"))
    _assert_normalised(clinic, nids, numbers, card.code)

    upgrade = json.loads(events(clinic, "schema.upgrade")[-1].details)
    assert upgrade["before"] == old and upgrade["data_steps"] == [
        "seal_kept_columns",  # first: the other steps read through the models
        "normalise_kept_identifiers",
    ]
    (event,) = events(clinic, "identifiers.normalise")
    details = json.loads(event.details)
    assert event.username == "system"
    assert details["rewritten"] == {
        str(ids[b]): ["national_id", "phone", "insurance_number"],
        str(ids[d]): ["national_id"],
    }
    assert details["cards"] == [ids[b]] and details["duplicates"] == [[ids[a], ids[c]]]
    assert not any(nid[-8:] in event.details for nid in nids)  # record ids, never ID numbers
    assert not any(number in event.details for number in numbers)  # nor patient numbers

    # the second record of A is a stop at the window until a physician sorts the records out
    stops = [f for f in flags.patient_flags(doc, patient_id=ids[c]) if f.level == "stop_dose"]
    assert len(stops) == 1 and f"Dose on {a}" in stops[0].text
    assert not flags.patient_flags(doc, patient_id=ids[a])

    # idempotent: a second run finds nothing to rewrite, and the pair still to decide
    with UnitOfWork(clinic.db) as uow:
        again = normalise_kept_identifiers(uow.session, clinic.db.cipher)
        uow.commit()
    assert again.rewritten == {} and again.cards == [] and again.duplicates == [[ids[a], ids[c]]]
    assert len(flags.patient_flags(doc, patient_id=ids[c])) == 1  # not raised twice

    # the same person is refused however typed: the first record of A keeps A's ID number
    for nid, number in ((nids[0], a), (full_width(nids[1]), b), (nids[3], d)):
        draft = {"name": "重复", "national_id": nid, "sex": "M"}
        conflict = refused(Conflict, registry.register_patient, doc, **draft)
        assert number in conflict.en
    admin = clinic.admin()
    assert verify_audit_trail(admin).ok

    # the pre-upgrade backup, restored, is normalised on its way in (a step of the restore)
    saved = next((clinic.home / BACKUP_DIR).glob(f"pre-upgrade-{old}-*.clinicbak"))
    clinic.clinic.close()
    restore_backup(
        clinic.home, saved, username="admin", password=ADMIN_PASSWORD, keystore=clinic.keystore
    )
    clinic.clinic = app.open_clinic(clinic.home, keystore=clinic.keystore)
    _assert_normalised(clinic, nids, numbers, card.code)
    assert len(events(clinic, "identifiers.normalise")) == 1  # the restore's (the backup had none)
    assert verify_audit_trail(clinic.admin()).ok


def _assert_normalised(
    cut: ClinicUnderTest, nids: list[str], numbers: list[str], card_code: str
) -> None:
    a, b, c, d = numbers
    index = {nid: cut.db.cipher.blind_index(nid, "national_id") for nid in nids}
    kept = _kept(cut)
    assert kept[a][:2] == (nids[0], index[nids[0]])
    assert kept[b] == (nids[1], index[nids[1]], "13800138000", "YB20260001")
    assert kept[c][0] == full_width(nids[0])  # the duplicate is left as it was, for a person
    assert kept[d][:2] == (nids[3], index[nids[3]])
    with UnitOfWork(cut.db, read_only=True) as uow:
        assert uow.session.scalars(select(PatientCard.code)).one() == card_code
    shared = patients_sharing_an_id_number(cut.admin())
    assert [[r.patient_number for r in group] for group in shared] == [[a, c]]
    assert {r.status for r in shared[0]} == {"applicant"}
    listed = events(cut, "patient.duplicates")[-1]
    assert json.loads(listed.details)["groups"] == [[int(a[1:]), int(c[1:])]]  # record ids


def test_a_clinic_without_duplicates_lists_none(clinic: ClinicUnderTest) -> None:
    doc = clinic.add_user("doc", Role.PHYSICIAN)
    for _ in range(2):
        enrolment.enrol_patient(doc, enrolment=factories.enrolment(today_of(clinic)))
    assert patients_sharing_an_id_number(clinic.admin()) == []
