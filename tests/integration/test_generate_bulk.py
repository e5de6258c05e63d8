"""On PostgreSQL the generator writes its big tables with COPY (clinic/generate/bulk.py): the
same content as the INSERTs it made before, and a clinic the app goes on working in."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from clinic.dosing.window import record_dose
from clinic.generate import bulk, history
from clinic.generate.digest import content_digest
from clinic.privacy.audit_service import verify_audit_trail
from clinic.privacy.keys import OsKeyringStore
from clinic.storage.models import FeePayment, ScreenResult, ScreenReview
from clinic.storage.uow import UnitOfWork
from tests.conftest import ADMIN_PASSWORD, ClinicUnderTest, make_clinic

PASSWORDS = {
    "admin": ADMIN_PASSWORD,
    "nurse": "nurse-pass-1",
    "physician": "physician-pass-1",
    "pharmacist": "pharmacist-pass-1",
}
SHAPE = history.Shape(n_patients=24, active_per_day=16, realistic=True)


def _generated(cut: ClinicUnderTest) -> tuple[history.History, str]:
    history.setup_staff(cut.clinic, PASSWORDS)
    made = history.generate(cut.clinic, span_days=40, shape=SHAPE, seed=5)
    return made, content_digest(cut.db)


def _inserted(session: Session, model: Any, rows: Sequence[dict[str, Any]]) -> None:
    session.execute(insert(model), list(rows))


@pytest.mark.usefixtures("pg_server")
def test_copy_writes_what_the_inserts_wrote(
    pg_migrated_database: str,
    pg_module_database: str,
    tmp_path: Path,
    keystore: OsKeyringStore,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    copied = make_clinic(tmp_path / "copied", keystore, "postgresql", pg_migrated_database)
    inserted = make_clinic(tmp_path / "inserted", keystore, "postgresql", pg_module_database)
    try:
        made, digest = _generated(copied)
        with monkeypatch.context() as patch:
            patch.setattr(bulk, "insert_rows", _inserted)
            made_again, digest_again = _generated(inserted)
        assert made.n_doses == made_again.n_doses > 400
        assert digest == digest_again
        db = copied.db
        with UnitOfWork(db, read_only=True) as uow:  # sealed, UTC and Decimal values read back
            s = uow.session
            notes = set(s.scalars(select(ScreenReview.note)))
            assert notes == {"已与患者谈话 Discussed with the patient (generated)"}
            payment = s.scalars(select(FeePayment).order_by(FeePayment.id)).first()
            assert payment is not None and payment.amount == history.DAILY_FEE
            assert payment.recorded_at.utcoffset() is not None
        # The app carries on: ids past the generated ones, the audit chain intact.
        db.clock = lambda: history.local(made.bench_day, 9)
        nurse = copied.clinic.login("nurse", PASSWORDS["nurse"])
        record_dose(nurse, patient_id=made.candidates[0], window_id=made.window_id)
        assert verify_audit_trail(copied.admin()).ok
        # A row referring to nothing is refused: at once, or by the check before the commit.
        with UnitOfWork(db) as uow:
            s = uow.session
            orphan = [{"screen_id": 10**6, "substance": "opiates", "positive": False}]
            if bulk.unchecked_references(s, [ScreenResult]):
                bulk.insert_rows(s, ScreenResult, orphan)
                with pytest.raises(ValueError, match="screen_results"):
                    bulk.check_references(s, [ScreenResult])
            else:
                with pytest.raises(IntegrityError):
                    bulk.insert_rows(s, ScreenResult, orphan)
    finally:
        for cut in (copied, inserted):
            cut.clinic.close()
            keystore.delete(cut.clinic.settings.clinic_id)
