"""GUI timings, offscreen: process start to login window shown, and login accepted to main
window ready. benchmarks/run.py calls gui_cold_start(n) and gui_login_to_ready(n)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOGIN_SHOWN = "clinic-ui: login shown"


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="clinic-bench-ui-")  # own QSettings
    return env


def _demo(folder: Path) -> dict[str, str]:
    from clinic.demo import create_demo

    clinic, passwords = create_demo(folder / "clinic")
    clinic.close()
    return passwords


def gui_cold_start(n: int) -> list[float]:
    """Milliseconds from spawning `python -m clinic.ui.main` to its login dialog being shown."""
    times = []
    with tempfile.TemporaryDirectory(prefix="clinic-bench-") as tmp:
        _demo(Path(tmp))
        command = [
            sys.executable,
            "-m",
            "clinic.ui.main",
            "--path",
            str(Path(tmp) / "clinic"),
            "--exit-when-login-shown",
        ]
        env = _env()
        for _ in range(n):
            start = time.perf_counter()
            with subprocess.Popen(
                command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env
            ) as proc:
                assert proc.stdout is not None
                for line in proc.stdout:
                    if line.strip() == LOGIN_SHOWN:
                        times.append((time.perf_counter() - start) * 1000)
                        break
                proc.wait(timeout=60)
    return times


def gui_login_to_ready(n: int) -> list[float]:
    """Milliseconds from the login being accepted to the main window shown with its pages."""
    with tempfile.TemporaryDirectory(prefix="clinic-bench-") as tmp:
        _demo(Path(tmp))
        done = subprocess.run(
            [sys.executable, __file__, "--login-to-ready", str(Path(tmp) / "clinic"), str(n)],
            capture_output=True,
            text=True,
            env=_env(),
            check=True,
            timeout=600,
        )
    return [float(x) for x in json.loads(done.stdout.strip().splitlines()[-1])]


def _measure_login_to_ready(home: Path, n: int) -> list[float]:
    from PySide6.QtWidgets import QApplication

    from clinic.app import open_clinic
    from clinic.ui.main import make_application
    from clinic.ui.main_window import MainWindow, prepare_pages

    application = make_application()
    prepare_pages()  # as main() does while the login dialog waits for the password
    passwords = dict(
        line.split()
        for line in (home / "DEMO-PASSWORDS.txt").read_text().splitlines()[1:]
        if line.strip()
    )
    clinic = open_clinic(home)
    times = []
    try:
        for i in range(n):
            username = ("nurse", "admin", "auditor", "pharmacist")[i % 4]
            auth = clinic.login(username, passwords[username])
            start = time.perf_counter()
            window = MainWindow(clinic)
            window.start_session(auth)
            window.show()
            QApplication.processEvents()
            times.append((time.perf_counter() - start) * 1000)
            window.close()
            window.deleteLater()
            application.processEvents()
    finally:
        clinic.close()
    return times


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--login-to-ready":
        print(json.dumps(_measure_login_to_ready(Path(sys.argv[2]), int(sys.argv[3]))))
    else:
        print(
            json.dumps(
                {"gui_cold_start": gui_cold_start(3), "gui_login_to_ready": gui_login_to_ready(3)}
            )
        )
