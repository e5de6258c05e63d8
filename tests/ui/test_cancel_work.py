"""Long work can be cancelled from its progress dialog: the job stops at its next progress
report, its transaction rolls back, and the window is usable again at once."""

from __future__ import annotations

import time

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
