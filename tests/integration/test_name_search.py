"""Searching by name and pinyin initials from the login session's index of opened names
(issue 19, item 2), on both backends: it sees patients enrolled on another workstation, holds
nothing after a lock or logout, and still reads full-width and pasted input as before."""

from __future__ import annotations

import json

from sqlalchemy import select

from clinic import app
from clinic.patients import enrolment, name_index, records
from clinic.privacy import users
from clinic.privacy.permissions import Role
from clinic.service import AuthContext
from clinic.storage.models import AuditEvent
from clinic.storage.uow import UnitOfWork
from tests import factories
from tests.conftest import ClinicUnderTest
from tests.integration.test_patients import today_of


def enrol(doc: AuthContext, clinic: ClinicUnderTest, name: str) -> str:
    draft = factories.enrolment(today_of(clinic), name=name)
    return enrolment.enrol_patient(doc, enrolment=draft).patient_number


def numbers(auth: AuthContext, query: str) -> list[str]:
    return [p.patient_number for p in records.search_patients(auth, query=query)]


def test_a_patient_enrolled_on_another_workstation_is_found_by_name_and_initials(
    clinic: ClinicUnderTest,
) -> None:
    doc = clinic.add_user("doc", Role.PHYSICIAN)
    nurse = clinic.add_user("nurse", Role.NURSE)
    first = enrol(doc, clinic, "王小明")
    assert numbers(nurse, "小明") == [first]  # the nurse's index is built now

    other = app.open_clinic(clinic.home, keystore=clinic.keystore)  # a second workstation
    try:
        doc_there = other.login("doc", "doc-pass-1")
        second = enrol(doc_there, clinic, "司马测试")
    finally:
        other.close()

    assert numbers(nurse, "司马") == [second]
    assert numbers(nurse, "smcs") == [second]
    assert numbers(nurse, "ｓｍｃｓ") == [second]  # full-width, as an input method types it
    assert numbers(nurse, " 司马\u3000") == [second]  # pasted with spaces around it
    assert numbers(nurse, "wxm") == [first]
    assert numbers(nurse, "Wx") == [first]
    assert numbers(nurse, "张") == []

    with UnitOfWork(clinic.db, read_only=True) as uow:
        searches = [
            json.loads(e.details)
            for e in uow.session.scalars(
                select(AuditEvent).where(AuditEvent.action == "patient.search")
            )
        ]
    # every search audited, its kind and count, never its text
    assert [s["kind"] for s in searches[-7:]] == [
        "name",
        "initials",
        "initials",
        "name",
        "initials",
        "initials",
        "name",
    ]
    assert all("司马" not in json.dumps(s, ensure_ascii=False) for s in searches)


def test_the_names_are_dropped_when_the_session_locks_or_ends(clinic: ClinicUnderTest) -> None:
    doc = clinic.add_user("doc", Role.PHYSICIAN)
    nurse = clinic.add_user("nurse", Role.NURSE)
    number = enrol(doc, clinic, "王小明")
    assert numbers(nurse, "wxm") == [number]
    assert nurse.actor.session_id in set(name_index.held_sessions())

    users.lock(nurse)
    assert nurse.actor.session_id not in set(name_index.held_sessions())
    users.unlock(nurse, password="nurse-pass-1")
    assert numbers(nurse, "王") == [number]  # built afresh
    assert nurse.actor.session_id in set(name_index.held_sessions())

    users.logout(nurse)
    assert nurse.actor.session_id not in set(name_index.held_sessions())

    assert numbers(doc, "小明") == [number]
    assert doc.actor.session_id in set(name_index.held_sessions())
    assert nurse.actor.session_id not in set(name_index.held_sessions())


def test_the_index_is_rebuilt_when_the_count_of_patients_disagrees(
    clinic: ClinicUnderTest,
) -> None:
    """A patient whose id is below the highest one seen (a server sequence committed out of
    order) is not missed: the count differs, so the index is built again."""
    doc = clinic.add_user("doc", Role.PHYSICIAN)
    nurse = clinic.add_user("nurse", Role.NURSE)
    enrol(doc, clinic, "王小明")
    late = enrol(doc, clinic, "司马测试")
    assert numbers(nurse, "王") != []
    held = name_index._BY_SESSION[nurse.actor.session_id]
    held.entries = [e for e in held.entries if "司马" not in e[1]]  # as if never seen
    assert numbers(nurse, "smcs") == [late]
