"""Screenshots of each role's dashboard, in Chinese and English, at 1366x768 and taller (every
chart of the section in view), and the Numbers dialog of a chart. Runnable alone."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from shots import OUT, save, settle, signed_in  # beside this script

from clinic.demo import create_demo
from clinic.insurance import claims, schemes

SIZE = (1366, 768)
TALL = (1366, 1500)
ROLES = ("physician", "pharmacist", "clerk", "nurse")


def bill_last_month(clinic: object, password: str) -> None:
    """Last month's claims for every payer, so the clerk's charts have figures."""
    from clinic.ui.claims_page import previous_month
    from clinic.ui.patient_common import clinic_today

    clerk = clinic.login("clerk", password)  # type: ignore[attr-defined]
    month = previous_month(clinic_today(clerk))
    for scheme in schemes.list_payer_schemes(clerk):
        claims.build_batch(clerk, scheme_code=scheme.code, year=month.year, month=month.month)


def wait_for_charts(application: object, page: object) -> None:
    """The figures are read in a worker: wait until the page has drawn its charts."""
    import time

    deadline = time.monotonic() + 120
    while not page.cards and time.monotonic() < deadline:  # type: ignore[attr-defined]
        application.processEvents()  # type: ignore[attr-defined]
        time.sleep(0.05)
    if not page.cards:  # type: ignore[attr-defined]
        sys.exit("the dashboard drew no chart in two minutes")


def main() -> int:
    from clinic.ui.common import ui_settings
    from clinic.ui.dashboard_page import DashboardPage
    from clinic.ui.i18n import languages
    from clinic.ui.main import make_application

    os.environ.setdefault("XDG_CONFIG_HOME", tempfile.mkdtemp(prefix="clinic-shots-ui-"))
    OUT.mkdir(parents=True, exist_ok=True)
    application = make_application()
    with tempfile.TemporaryDirectory(prefix="clinic-shots-") as tmp:
        built = os.environ.get("SHOTS_DEMO")  # a demo the tests built, as in the other scripts
        if built:
            import json

            from tests.demo_cache import PASSWORDS, copy_of

            clinic = copy_of(Path(built), Path(tmp) / "clinic")
            passwords = json.loads((Path(built).parent / PASSWORDS).read_text())
        else:
            clinic, passwords = create_demo(Path(tmp) / "clinic")
        try:
            bill_last_month(clinic, passwords["clerk"])
            for language in ("zh_CN", "en"):
                ui_settings().setValue("language", language)
                languages.apply(language)
                for username in ROLES:
                    main = signed_in(application, clinic, username, passwords[username])
                    main.resize(*SIZE)
                    main.show_page("dashboard")  # type: ignore[attr-defined]
                    wait_for_charts(application, main.page("dashboard"))  # type: ignore[attr-defined]
                    settle(application)
                    save(main, f"{language}-dashboard-{username}")
                    main.resize(*TALL)
                    settle(application)
                    save(main, f"{language}-dashboard-{username}-all")
                    if username == "physician":
                        page = main.page("dashboard")  # type: ignore[attr-defined]
                        assert isinstance(page, DashboardPage)
                        dialog = page.cards["retention"].show_numbers()
                        settle(application)
                        save(dialog, f"{language}-dashboard-numbers")
                        dialog.close()
                    main.close()
                    settle(application)
        finally:
            clinic.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
