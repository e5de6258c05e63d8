"""Audited calls from several threads at once keep one unbroken chain."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import func, select

from clinic.privacy import audit_service, users
from clinic.privacy.permissions import Role
from clinic.storage.models import AuditEvent
from clinic.storage.uow import UnitOfWork
from tests.conftest import ClinicUnderTest


@pytest.mark.long
def test_parallel_audited_calls_keep_the_chain(clinic: ClinicUnderTest) -> None:
    sessions = [clinic.add_user(f"nurse{i}", Role.NURSE) for i in range(4)]
    with UnitOfWork(clinic.db, read_only=True) as uow:
        before = uow.session.scalar(select(func.count()).select_from(AuditEvent))

    def work(auth):  # type: ignore[no-untyped-def]
        for _ in range(15):
            users.check_session(auth)

    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(work, sessions))

    with UnitOfWork(clinic.db, read_only=True) as uow:
        seqs = uow.session.scalars(select(AuditEvent.seq).order_by(AuditEvent.seq)).all()
    assert len(seqs) == before + 60
    assert seqs == list(range(1, len(seqs) + 1))
    auditor = clinic.add_user("auditor1", Role.AUDITOR)
    assert audit_service.verify_audit_trail(auditor).ok
