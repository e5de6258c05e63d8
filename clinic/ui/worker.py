"""Long work (backup, export, verify, PDFs) off the UI thread, with a progress dialog and Cancel.

Cancel is cooperative: the work calls progress(done, total) as it goes; once the person has
pressed Cancel, that call raises Cancelled inside the work, so it stops where it stands and the
service frame rolls its transaction back. Work that never reports progress cannot be cancelled;
its dialog then offers no Cancel button only until its first report."""

from __future__ import annotations

import functools
import itertools
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, QThreadPool, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QPushButton, QWidget
from shiboken6 import isValid

from clinic.errors import Cancelled

Progress = Callable[[int, int], None]


@dataclass(eq=False)
class _Job:
    """One piece of long work and what waits for its result on the UI thread. Every Python
    object of a job (the work, the callbacks, the result) is held here, in `_jobs`, and let go
    on the UI thread only: the thread running the work holds nothing but the job's number once
    the work has returned. A callback is a bound method of a widget; the last reference to a
    widget dropped on another thread, or inside a Qt destructor (a dialog that exec() handed to
    Python, dropped while its child was being deleted), deletes it there and corrupts the heap."""

    number: int
    work: Callable[[Progress], Any]
    parent: QWidget | None
    dialog: QProgressDialog
    on_done: Callable[[Any], None]
    on_error: Callable[[Exception], None]
    on_cancelled: Callable[[], None] | None
    cancel_asked: threading.Event = field(default_factory=threading.Event)
    outcome: tuple[bool, Any] | None = None  # (succeeded, result or exception)


class _Relay(QObject):
    """The one object the work threads signal: it lives on the UI thread for the whole run and
    is never deleted, so a signal from a thread never reaches an object a window has deleted
    (a closed window, a sign-out); the job's number says whose result it is."""

    progress = Signal(int, int, int)
    returned = Signal(int)
    called = Signal(int)

    def __init__(self) -> None:
        super().__init__()
        self.progress.connect(self.show_progress, Qt.ConnectionType.QueuedConnection)
        self.returned.connect(self.settle, Qt.ConnectionType.QueuedConnection)
        self.called.connect(self.call_back, Qt.ConnectionType.QueuedConnection)

    @Slot(int, int, int)
    def show_progress(self, number: int, done: int, total: int) -> None:
        job = _jobs.get(number)
        if job is None or job.cancel_asked.is_set() or not isValid(job.dialog):
            return
        if total > 0:
            job.dialog.setMaximum(total)
            job.dialog.setValue(min(done, total))

    @Slot(int)
    def settle(self, number: int) -> None:
        """Close the job's dialog and tell its window, unless the window has gone (its result
        has nowhere to go). The job's objects are let go here, on the UI thread."""
        job = _jobs.pop(number)
        if isValid(job.dialog):
            job.dialog.close()
            job.dialog.deleteLater()
        assert job.outcome is not None
        succeeded, value = job.outcome
        if job.parent is not None and not isValid(job.parent):
            return
        if succeeded:
            job.on_done(value)
        elif isinstance(value, Cancelled) and job.on_cancelled is not None:
            job.on_cancelled()
        else:
            job.on_error(value if isinstance(value, Exception) else RuntimeError(str(value)))

    @Slot(int)
    def call_back(self, number: int) -> None:
        owner, callback, value = _calls.pop(number)
        if isValid(owner):
            callback(value)


# Every job started and not yet settled on the UI thread, by number.
_jobs: dict[int, _Job] = {}
# The callbacks of on_ui_thread, by number: (owner, callback, the value once it is given).
_calls: dict[int, tuple[QObject, Callable[[Any], None], Any]] = {}
_numbers = itertools.count(1)
_the_relay: list[_Relay] = []


def _relay() -> _Relay:
    if not _the_relay:
        _the_relay.append(_Relay())  # made by the first run_in_background, on the UI thread
    return _the_relay[0]


def _reporter(number: int, cancel_asked: threading.Event) -> Progress:
    """The progress callback handed to the work: it is where a Cancel takes effect. It refers
    to the job's number, not to the job: a failed work's traceback holds it, the job holds the
    failure, and a cycle between them would keep the job's window until a garbage collection,
    run on whichever thread is allocating then."""

    def report(done: int, total: int) -> None:
        if cancel_asked.is_set():
            raise Cancelled(en="Stopped: nothing was written.", zh="已停止：未写入任何内容。")
        _relay().progress.emit(number, done, total)

    return report


def _run(number: int) -> None:
    """The work thread: run the job's work and leave its outcome in the job. Everything it
    refers to stays referred to by the job too, so the last reference is let go on the UI
    thread, never here."""
    job = _jobs[number]
    work, report = job.work, _reporter(number, job.cancel_asked)
    try:
        job.outcome = (True, work(report))
    except Exception as exc:  # handed to the UI thread, shown there
        job.outcome = (False, exc)
    del job, work, report
    _relay().returned.emit(number)


def _cancel(number: int) -> None:
    """Cancel pressed: the work stops at its next progress report; the dialog says so."""
    job = _jobs.get(number)
    if job is None or not isValid(job.dialog):
        return
    job.cancel_asked.set()
    job.dialog.setLabelText(QCoreApplication.translate("Worker", "Stopping…"))
    button = job.dialog.findChild(QPushButton, "cancelWork")
    if button is not None:
        button.setEnabled(False)
    job.dialog.show()  # stays until the work has really stopped


class _Canceller(QObject):
    """The dialog's Cancel, as a slot of a child of the dialog: it holds the job's number only."""

    def __init__(self, number: int, dialog: QProgressDialog) -> None:
        super().__init__(dialog)
        self.number = number

    @Slot()
    def cancel(self) -> None:
        _cancel(self.number)


def run_in_background(
    parent: QWidget | None,
    title: str,
    work: Callable[[Progress], Any],
    *,
    on_done: Callable[[Any], None],
    on_error: Callable[[Exception], None],
    on_cancelled: Callable[[], None] | None = None,
    cancellable: bool = True,
) -> QProgressDialog:
    """Run WORK(progress) on the thread pool; a progress dialog shows how far it got, and
    its Cancel button (unless CANCELLABLE is False) stops the work at its next progress report;
    then ON_CANCELLED is called, or else ON_ERROR with the Cancelled error (which says that
    nothing was written), so a caller's clean-up in ON_ERROR runs either way. If PARENT has been
    deleted by the time the work returns, nobody is told."""
    dialog = QProgressDialog(title, "", 0, 0, parent)
    dialog.setObjectName("workProgress")
    dialog.setWindowTitle(title)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(200)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    number = next(_numbers)
    if cancellable:
        button = QPushButton(QCoreApplication.translate("Worker", "Cancel"))
        button.setObjectName("cancelWork")
        dialog.setCancelButton(button)
        # QProgressDialog's own cancel would reset and hide it at once; ours waits for the work.
        dialog.canceled.disconnect(dialog.cancel)
        dialog.canceled.connect(_Canceller(number, dialog).cancel)
    else:
        dialog.setCancelButton(None)
    _relay()
    _jobs[number] = _Job(number, work, parent, dialog, on_done, on_error, on_cancelled)
    # The pool's runnable is made from a callable holding the job's number only.
    QThreadPool.globalInstance().start(functools.partial(_run, number))
    return dialog


def on_ui_thread(owner: QObject, callback: Callable[[Any], None]) -> Callable[[Any], None]:
    """A function that another thread calls once, with one value, for CALLBACK to get that value
    on the UI thread, unless OWNER (a window) has been deleted by then. For a thread of one's
    own with no progress to show (a probe of the server); the thread holds only a number, so
    it never lets go of the callback or the owner, and never signals an object a window has
    deleted."""
    number = next(_numbers)
    _calls[number] = (owner, callback, None)
    relay = _relay()

    def give(value: Any) -> None:
        owner_now, callback_now, _ = _calls[number]
        _calls[number] = (owner_now, callback_now, value)
        del owner_now, callback_now
        relay.called.emit(number)

    return give


def busy() -> bool:
    """True while any background job is still running, or its result is still on its way."""
    return bool(_jobs)
