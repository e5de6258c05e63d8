"""Long work runs off the UI thread: the window keeps handling events while a backup is written."""

from __future__ import annotations

import threading

from PySide6.QtWidgets import QMessageBox

from clinic import backups
from clinic.restore import verify_backup
from clinic.ui import worker

from .conftest import sign_in


def test_backup_runs_in_a_worker_with_progress(qtbot, demo, tmp_path, monkeypatch) -> None:
    clinic, passwords = demo
    window = sign_in(qtbot, clinic, "admin", passwords["admin"])
    threads: list[threading.Thread] = []
    real_backup = backups.create_backup

    def recording_backup(*args, **kwargs):  # type: ignore[no-untyped-def]
        threads.append(threading.current_thread())
        return real_backup(*args, **kwargs)

    told: list[str] = []
    monkeypatch.setattr(backups, "create_backup", recording_backup)
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text: told.append(text))
    target = tmp_path / "backup.clinicbak"
    window.backup_to(target)
    assert worker.busy()
    assert not window.backup_action.isEnabled()
    qtbot.waitUntil(lambda: bool(told), timeout=20_000)
    assert threads and threads[0] is not threading.main_thread()
    assert target.exists() and target.stat().st_size > 0
    assert str(target) in told[0]
    assert window.backup_action.isEnabled() and not worker.busy()
    assert verify_backup(clinic, target).clinic_id == clinic.settings.clinic_id


def test_backup_is_only_offered_to_administrators(qtbot, demo) -> None:
    clinic, passwords = demo
    window = sign_in(qtbot, clinic, "nurse", passwords["nurse"])
    assert not window.backup_action.isVisible()
    # the nurse's Tools menu holds only the entry of doses given by hand (no audit, no backup)
    shown = [a for a in window.tools_menu.actions() if a.isVisible()]
    assert shown == [window.late_dose_action]


def test_a_job_whose_window_closed_first_does_not_stay_busy(qtbot) -> None:
    """A window closed (a test ended, a user signed out) while its job ran: the job's result has
    nowhere to go, and once the job has returned nothing is left running."""
    from PySide6.QtWidgets import QWidget

    release = threading.Event()
    parent = QWidget()
    results: list[object] = []
    worker.run_in_background(
        parent,
        "work",
        lambda _progress: release.wait(10) and "done",
        on_done=results.append,
        on_error=results.append,
    )
    assert worker.busy()
    parent.deleteLater()
    qtbot.waitUntil(lambda: not _alive(parent), timeout=5_000)
    assert worker.busy()  # the job itself still runs
    release.set()
    qtbot.waitUntil(lambda: not worker.busy(), timeout=5_000)
    assert results == []  # its window is gone: nobody is told


def _alive(widget: object) -> bool:
    from shiboken6 import isValid

    return bool(isValid(widget))
