"""Every role's main window fits a 1366×768 screen, in both languages: its minimum size, once
every page has been built and every report and every tab chosen (a stacked widget is as wide as
its widest page, shown or not), is at most a maximised window's client area there."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QTabWidget

from clinic.ui.i18n import languages
from clinic.ui.reports_page import ReportsPage

from .conftest import sign_in

SCREEN = (1366, 705)  # a maximised window's client area on a 1366×768 screen
ROLES = ("admin", "auditor", "clerk", "inspector", "nurse", "pharmacist", "physician")


def _visit_everything(qtbot, main) -> list[str]:  # type: ignore[no-untyped-def]
    """Show each page, each report of a reports page and each tab; where each was shown."""
    seen = []
    for key in main.page_keys():
        main.show_page(key)
        qtbot.wait(10)
        page = main.page(key)
        seen.append(key)
        for reports in [page, *page.findChildren(ReportsPage)]:
            if isinstance(reports, ReportsPage):
                for spec in reports.specs:
                    reports.choose(spec.key)
                    seen.append(f"{key}/{spec.key}")
        for tabs in page.findChildren(QTabWidget):
            for index in range(tabs.count()):
                tabs.setCurrentIndex(index)
                seen.append(f"{key}/{tabs.objectName()}/{index}")
    qtbot.wait(10)
    return seen


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_every_roles_main_window_fits_1366_by_768(qtbot, demo, language) -> None:  # type: ignore[no-untyped-def]
    clinic, passwords = demo
    too_big = {}
    for username in ROLES:
        languages.apply(language)
        main = sign_in(qtbot, clinic, username, passwords[username])
        languages.apply(language)
        main.resize(*SCREEN)
        seen = _visit_everything(qtbot, main)
        assert len(seen) > 1, username
        hint = main.minimumSizeHint()
        # the window never had to grow past the screen either, not even for a moment
        sizes = ((hint.width(), hint.height()), (main.width(), main.height()))
        if any(w > SCREEN[0] or h > SCREEN[1] for w, h in sizes):
            too_big[username] = sizes
        main.close()
    assert too_big == {}
