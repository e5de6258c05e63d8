"""Long work can be cancelled from its progress dialog: the job stops at its next progress
report, its transaction rolls back, and the window is usable again at once."""

from __future__ import annotations

import time

import pytest
from PySide6.QtWidgets import QPushButton, QWidget
from shiboken6 import isValid

from clinic.errors import Cancelled
from clinic.ui import worker


def test_cancel_stops_a_job_at_its_next_progress_report(qtbot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()
    reached: list[int] = []
    outcome: list[object] = []

    def work(progress: worker.Progress) -> str:
        for step in range(400):
            progress(step, 400)
            reached.append(step)
            time.sleep(0.01)
        return "finished"

    dialog = worker.run_in_background(
        parent,
        "long work",
        work,
        on_done=outcome.append,
        on_error=outcome.append,
        on_cancelled=lambda: outcome.append("cancelled"),
    )
    qtbot.waitUntil(lambda: dialog.value() >= 5, timeout=5_000)
    button = dialog.findChild(QPushButton, "cancelWork")
    assert button is not None and button.isEnabled()
    button.click()
    qtbot.waitUntil(lambda: not worker.busy(), timeout=5_000)
    assert outcome == ["cancelled"]
    assert 5 <= len(reached) < 400
    assert not isValid(dialog) or not dialog.isVisible()


def test_cancelled_is_a_readable_clinic_error() -> None:
    error = Cancelled(en="Stopped: nothing was written.", zh="已停止：未写入任何内容。")
    assert error.code == "cancelled" and "nothing" in error.message("en")


def test_a_backup_cancelled_from_its_dialog_writes_nothing(qtbot, demo, tmp_path) -> None:
    """A real job: the backup stops at its next report, leaves no file (not even a temporary
    one) and the window takes the next backup at once."""
    from .conftest import sign_in

    clinic, passwords = demo
    window = sign_in(qtbot, clinic, "admin", passwords["admin"])
    folder = tmp_path / "backups"
    folder.mkdir()
    target = folder / "cancelled.clinicbak"
    window.backup_to(target)
    dialog = window.findChild(QWidget, "workProgress")
    assert dialog is not None
    button = dialog.findChild(QPushButton, "cancelWork")
    button.click()  # before the first report: the job stops at that report
    qtbot.waitUntil(lambda: not worker.busy(), timeout=30_000)
    assert list(folder.iterdir()) == []
    assert window.backup_action.isEnabled()
    told: list[str] = []
    window._backed_up = lambda where, rows: told.append(where)  # type: ignore[method-assign]
    window.backup_to(folder / "next.clinicbak")
    qtbot.waitUntil(lambda: not worker.busy(), timeout=30_000)
    assert told and (folder / "next.clinicbak").stat().st_size > 0


@pytest.mark.parametrize("backend", ["sqlcipher"], indirect=True)
def test_a_claims_export_cancelled_rolls_back_its_disclosures(qtbot, clinic, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A job that writes: the export logs a disclosure per claim and marks the claims exported
    in its transaction; cancelled at its first progress report, all of that rolls back and no
    file is written. The page takes the next export at once."""
    import threading

    from sqlalchemy import func, select

    from clinic.insurance import exports, views
    from clinic.storage.models import ClaimExport, Disclosure
    from clinic.storage.uow import UnitOfWork
    from tests.integration.test_claims import PASSPHRASE, Billing

    from .test_claims import built_page

    b = Billing(clinic)
    page = built_page(qtbot, b, tmp_path)
    assert page.view is not None
    number = page.view.info.batch_number

    def disclosures() -> int:
        with UnitOfWork(clinic.db, read_only=True) as uow:
            return int(uow.session.scalar(select(func.count(Disclosure.id))) or 0) + int(
                uow.session.scalar(select(func.count(ClaimExport.id))) or 0
            )

    def statuses() -> list[str]:
        return [c.status for c in views.batch_view(b.clerk, batch_number=number).claims]

    before, drafts = disclosures(), statuses()
    assert "exported" not in drafts
    reached, release = threading.Event(), threading.Event()
    outcome: list[object] = []
    target = tmp_path / "cancelled"

    def work(progress: worker.Progress) -> object:
        def gated(done: int, total: int) -> None:
            reached.set()  # the formats are rendered, the disclosures written, not committed
            release.wait(10)
            progress(done, total)

        return exports.export_batch(
            b.clerk,
            batch_number=number,
            target=target,
            passphrase=PASSPHRASE,
            clinic_name="测试诊所",
            formats=("csv", "pdf"),
            progress=gated,
        )

    dialog = worker.run_in_background(
        page,
        "export",
        work,
        on_done=outcome.append,
        on_error=outcome.append,
        on_cancelled=lambda: outcome.append("cancelled"),
    )
    qtbot.waitUntil(reached.is_set, timeout=20_000)
    dialog.findChild(QPushButton, "cancelWork").click()
    release.set()
    qtbot.waitUntil(lambda: not worker.busy(), timeout=20_000)
    assert outcome == ["cancelled"]
    assert list(tmp_path.glob("cancelled*")) == []
    assert disclosures() == before  # no disclosure logged, no export recorded
    assert statuses() == drafts  # no claim marked exported
    # the UI is usable: the same export, not cancelled, goes through
    done = exports.export_batch(
        b.clerk, batch_number=number, target=target, passphrase=PASSPHRASE, clinic_name="测试诊所"
    )
    assert done.path.exists() and disclosures() > before
