"""Long work (backup, export, verify, PDFs) off the UI thread, with a progress dialog and Cancel.

Cancel is cooperative: the work calls progress(done, total) as it goes; once the person has
pressed Cancel, that call raises Cancelled inside the work, so it stops where it stands and the
service frame rolls its transaction back. Work that never reports progress cannot be cancelled;
its dialog then offers no Cancel button only until its first report."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QProgressDialog, QPushButton, QWidget

from clinic.errors import Cancelled

Progress = Callable[[int, int], None]


class _Signals(QObject):
    progress = Signal(int, int)
    finished = Signal(object)
    failed = Signal(object)


class _Job(QRunnable):
    def __init__(self, work: Callable[[Progress], Any]) -> None:
        super().__init__()
        self.work = work
        self.signals = _Signals()
        self.returned = False
        self.cancel_asked = threading.Event()
        self.setAutoDelete(False)

    def report(self, done: int, total: int) -> None:
        """The progress callback handed to the work: it is where a Cancel takes effect."""
        if self.cancel_asked.is_set():
            raise Cancelled(en="Stopped: nothing was written.", zh="已停止：未写入任何内容。")
        self.signals.progress.emit(done, total)

    def run(self) -> None:
        try:
            result = self.work(self.report)
        except Exception as exc:  # handed to the UI thread, shown there
            self.signals.failed.emit(exc)
        else:
            self.signals.finished.emit(result)
        finally:
            self.returned = True


# Relays waiting on the UI thread for their job's result; each leaves when it is told, or when
# its window is destroyed first (a closed window, a sign-out) and the result has nowhere to go.
_running: set[_Relay] = set()
# Every job started, kept alive here (never by its relay alone) until it has returned.
_jobs: set[_Job] = set()


class _Relay(QObject):
    """Lives on the UI thread, so the job's signals reach the dialog and callbacks there."""

    def __init__(
        self,
        parent: QWidget | None,
        dialog: QProgressDialog,
        job: _Job,
        on_done: Callable[[Any], None],
        on_error: Callable[[Exception], None],
        on_cancelled: Callable[[], None] | None,
    ) -> None:
        super().__init__(parent)
        self.dialog = dialog
        self.job = job
        self.on_done = on_done
        self.on_error = on_error
        self.on_cancelled = on_cancelled

    def progress(self, done: int, total: int) -> None:
        if self.job.cancel_asked.is_set():
            return
        if total > 0:
            self.dialog.setMaximum(total)
            self.dialog.setValue(min(done, total))

    def cancel(self) -> None:
        """Cancel pressed: the work stops at its next progress report; the dialog says so."""
        self.job.cancel_asked.set()
        self.dialog.setLabelText(QCoreApplication.translate("Worker", "Stopping…"))
        button = self.dialog.findChild(QPushButton, "cancelWork")
        if button is not None:
            button.setEnabled(False)
        self.dialog.show()  # stays until the work has really stopped

    def _finish(self) -> None:
        _running.discard(self)
        self.dialog.close()
        self.dialog.deleteLater()
        self.deleteLater()

    def succeeded(self, result: object) -> None:
        self._finish()
        self.on_done(result)

    def failed(self, exc: object) -> None:
        self._finish()
        if isinstance(exc, Cancelled) and self.on_cancelled is not None:
            self.on_cancelled()
            return
        self.on_error(exc if isinstance(exc, Exception) else RuntimeError(str(exc)))


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
    """Run WORK(progress) on the thread pool; a progress dialog shows how far it got, and its
    Cancel button (unless CANCELLABLE is False) stops the work at its next progress report;
    then ON_CANCELLED is called, or else ON_ERROR with the Cancelled error (which says that
    nothing was written), so a caller's clean-up in ON_ERROR runs either way."""
    dialog = QProgressDialog(title, "", 0, 0, parent)
    dialog.setObjectName("workProgress")
    dialog.setWindowTitle(title)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(200)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    job = _Job(work)
    relay = _Relay(parent, dialog, job, on_done, on_error, on_cancelled)
    if cancellable:
        button = QPushButton(QCoreApplication.translate("Worker", "Cancel"))
        button.setObjectName("cancelWork")
        dialog.setCancelButton(button)
        # QProgressDialog's own cancel would reset and hide it at once; ours waits for the work.
        dialog.canceled.disconnect(dialog.cancel)
        dialog.canceled.connect(relay.cancel)
    else:
        dialog.setCancelButton(None)
    relay.destroyed.connect(lambda *_: _running.discard(relay))
    _jobs.difference_update([j for j in _jobs if j.returned])
    _jobs.add(job)
    _running.add(relay)
    job.signals.progress.connect(relay.progress, Qt.ConnectionType.QueuedConnection)
    job.signals.finished.connect(relay.succeeded, Qt.ConnectionType.QueuedConnection)
    job.signals.failed.connect(relay.failed, Qt.ConnectionType.QueuedConnection)
    QThreadPool.globalInstance().start(job)
    return dialog


def busy() -> bool:
    """True while any background job is still running, or its result is still on its way."""
    return bool(_running) or any(not job.returned for job in _jobs)
