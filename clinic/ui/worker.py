"""Long work (backup, export, verify) off the UI thread, with a progress dialog."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

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
        self.setAutoDelete(False)

    def run(self) -> None:
        try:
            result = self.work(self.signals.progress.emit)
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
        parent: QWidget,
        dialog: QProgressDialog,
        on_done: Callable[[Any], None],
        on_error: Callable[[Exception], None],
    ) -> None:
        super().__init__(parent)
        self.dialog = dialog
        self.on_done = on_done
        self.on_error = on_error

    def progress(self, done: int, total: int) -> None:
        if total > 0:
            self.dialog.setMaximum(total)
            self.dialog.setValue(min(done, total))

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
        self.on_error(exc if isinstance(exc, Exception) else RuntimeError(str(exc)))


def run_in_background(
    parent: QWidget,
    title: str,
    work: Callable[[Progress], Any],
    *,
    on_done: Callable[[Any], None],
    on_error: Callable[[Exception], None],
) -> QProgressDialog:
    """Run WORK(progress) on the thread pool; a progress dialog shows how far it got."""
    dialog = QProgressDialog(title, "", 0, 0, parent)
    dialog.setWindowTitle(title)
    dialog.setCancelButton(None)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(200)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    relay = _Relay(parent, dialog, on_done, on_error)
    relay.destroyed.connect(lambda *_: _running.discard(relay))
    job = _Job(work)
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
