"""Long work runs off the UI thread: the window keeps handling events while a backup is written."""

from __future__ import annotations

import threading

from PySide6.QtWidgets import QMessageBox, QWidget

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


def test_a_dialog_that_ran_its_own_job_is_let_go_once(qtbot) -> None:
    """A dialog runs its work in the background and accepts itself when the work returns, as
    the audit break's acknowledgement does. Once exec() returns, PySide hands the dialog to
    Python: it is deleted when its last reference goes. That last reference was once the job's
    callback, let go while the job's relay, a child of the dialog, was itself being deleted; the
    dialog then deleted that child a second time and the heap was corrupt (a suite's worker
    crashed, about one run in two of the acknowledgement's test). Now the job's references are
    let go on the UI thread, after its result is delivered, and each dialog is deleted once."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QDialog

    parent = QWidget()
    qtbot.addWidget(parent)

    class Form(QDialog):
        value: object = None

        def start(self) -> None:
            worker.run_in_background(
                self, "work", lambda _progress: 42, on_done=self.finish, on_error=self.finish
            )

        def finish(self, value: object) -> None:
            self.value = value
            self.accept()

    for _ in range(10):
        form = Form(parent)
        QTimer.singleShot(0, form.start)
        assert form.exec() == QDialog.DialogCode.Accepted and form.value == 42
        del form
        qtbot.waitUntil(lambda: not worker.busy(), timeout=5_000)
        qtbot.wait(10)  # the deferred deletions
    assert parent.findChildren(Form) == []  # each one deleted, and only once


def test_a_failed_job_is_let_go_at_once_not_at_a_garbage_collection(qtbot) -> None:
    """A work that fails leaves its error with the window, and the error's traceback holds the
    work's frames. Nothing in them may lead back to the job (which held the error): such a
    cycle waits for a garbage collection, run on whichever thread is allocating then, and keeps
    the window's objects alive until it comes."""
    import gc
    import weakref

    parent = QWidget()
    qtbot.addWidget(parent)
    told: list[object] = []

    def work(progress: worker.Progress) -> None:
        progress(1, 2)
        raise ValueError("refused")

    gc.disable()
    try:
        worker.run_in_background(parent, "work", work, on_done=told.append, on_error=told.append)
        job = weakref.ref(next(iter(worker._jobs.values())))
        qtbot.waitUntil(lambda: not worker.busy(), timeout=5_000)
        assert len(told) == 1 and isinstance(told[0], ValueError)
        assert told[0].__traceback__ is not None  # the error keeps its frames...
        assert job() is None  # ...and the job is gone all the same
    finally:
        gc.enable()


def test_a_thread_of_its_own_answers_on_the_ui_thread_or_not_at_all(qtbot) -> None:
    """A satellite's probe of the server runs on a thread of its own and answers through
    on_ui_thread: a window still there hears the answer, on the UI thread; a window deleted
    while the thread ran hears nothing (the thread signals no object of the window's)."""
    heard: list[tuple[str, bool]] = []
    kept, closed = QWidget(), QWidget()
    qtbot.addWidget(kept)
    release = threading.Event()

    def hear(value: str) -> None:
        heard.append((value, threading.current_thread() is threading.main_thread()))

    threads = []
    for owner, value in ((kept, "kept"), (closed, "closed")):
        give = worker.on_ui_thread(owner, hear)
        threads.append(threading.Thread(target=lambda g=give, v=value: release.wait(10) and g(v)))
        threads[-1].start()
    closed.deleteLater()
    qtbot.waitUntil(lambda: not _alive(closed), timeout=5_000)
    release.set()
    for thread in threads:
        thread.join(10)
    qtbot.waitUntil(lambda: not worker._calls, timeout=5_000)
    assert heard == [("kept", True)]
