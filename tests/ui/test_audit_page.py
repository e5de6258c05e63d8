"""The auditor's page: a paged model over the service layer, filters, verify, CSV export."""

from __future__ import annotations

import csv

from PySide6.QtCore import Qt

from clinic.privacy.users import check_session
from clinic.ui.audit_page import PAGE_SIZE

from .conftest import sign_in

CLICK = Qt.MouseButton.LeftButton


def test_audit_table_pages_filters_verifies_and_exports(qtbot, demo, tmp_path) -> None:
    clinic, passwords = demo
    nurse = clinic.login("nurse", passwords["nurse"])
    for _ in range(PAGE_SIZE + 30):
        check_session(nurse)
    window = sign_in(qtbot, clinic, "auditor", passwords["auditor"])
    page = window.page("audit")
    model = page.model

    assert model.total > PAGE_SIZE + 30, page.current_filter()
    assert model.rowCount() == PAGE_SIZE  # only the first page is loaded
    assert model.canFetchMore()
    # newest first: the audit page is built when first shown, after the page shown at sign-in
    # (Reports, on the register) was read; before that, the auditor's own login
    newest = [(model.data(model.index(r, 2)), model.data(model.index(r, 4))) for r in range(4)]
    assert newest[0] == ("auditor", "stock.register") and ("auditor", "login") in newest, newest
    page.table.scrollToBottom()
    qtbot.waitUntil(lambda: model.rowCount() > PAGE_SIZE)
    assert f"{model.rowCount()} of {model.total}" in page.count.text()

    qtbot.keyClicks(page.user, "nurse")
    page.action.setCurrentText("session.check")
    qtbot.mouseClick(page.apply_button, CLICK)
    assert model.total == PAGE_SIZE + 30
    assert {model.data(model.index(r, 2)) for r in range(model.rowCount())} == {"nurse"}

    page.clear_filter()
    qtbot.keyClicks(page.user, "nobody")
    qtbot.keyClick(page.user, Qt.Key.Key_Return)
    assert model.total == 0 and model.rowCount() == 0

    page.use_since.setChecked(True)  # today (in the site's time zone) is inside the range
    page.since.setDate(page.until.date())
    page.user.clear()
    qtbot.mouseClick(page.apply_button, CLICK)
    assert model.total > PAGE_SIZE

    qtbot.mouseClick(page.verify_button, CLICK)
    qtbot.waitUntil(lambda: "intact" in page.verify_result.text(), timeout=10_000)
    assert page.verify_result.text().startswith("The audit trail is intact")

    target = tmp_path / "audit.csv"
    page.export_to(target)
    qtbot.waitUntil(lambda: hasattr(page, "last_export"), timeout=10_000)
    with target.open(encoding="utf-8-sig") as f:
        rows = list(csv.reader(f))
    assert rows[0][0] == "seq" and len(rows) - 1 == page.last_export[1]
    assert "events written to" in page.verify_result.text()


def test_an_acknowledged_break_is_named_in_every_report_in_both_languages() -> None:
    """The report of a trail whole since an acknowledged break still names the break, who
    acknowledged it and why; a later break is reported with it."""
    from datetime import UTC, datetime

    from clinic.privacy.audit import AcknowledgedBreak, VerifyResult
    from clinic.ui.audit_page import describe_verify
    from clinic.ui.i18n import languages

    ack = AcknowledgedBreak(
        seq=40,
        occurred_at=datetime(2026, 11, 29, 2, 0, tzinfo=UTC),
        first_bad_seq=12,
        problem_en="event 12 was altered (its seal does not match)",
        problem_zh="第 12 条事件已被篡改（校验码不符）",
        auditor="auditor1",
        administrator="admin",
        reason="checked against the backup",
    )
    whole = VerifyResult(ok=True, checked=30, acknowledged=(ack,))
    broken = VerifyResult(
        ok=False,
        checked=35,
        first_bad_seq=45,
        problem_en="event 45 was altered",
        problem_zh="第 45 条事件已被篡改",
        acknowledged=(ack,),
    )
    text = describe_verify(whole)
    assert "Acknowledged break at event 12: event 12 was altered" in text
    assert "auditor auditor1 and administrator admin: checked against the backup" in text
    assert "intact since event 40" in text
    assert "event 12" in describe_verify(broken) and "NOT intact: event 45" in describe_verify(
        broken
    )
    languages.apply("zh_CN")
    try:
        text = describe_verify(whole)
        assert "已确认的损坏位于第 12 条：第 12 条事件已被篡改" in text
        assert "审计员 auditor1 和管理员 admin" in text and "自第 40 条事件起完整" in text
    finally:
        languages.apply("en")


def test_a_break_found_is_acknowledged_by_two_people_in_the_dialog(
    qtbot, bare_demo, tmp_path
) -> None:
    """A real trail broken (an event edited, as the audit tamper tests do); verify finds it and
    offers the acknowledgement. In the dialog a wrong password of either person is refused in
    place, the passwords cleared and nothing written; with both right the break is acknowledged
    and the page, verifying again, says the trail is whole since, the acknowledgement listed."""
    from sqlalchemy import text

    from clinic.ui.audit_page import AcknowledgeBreakDialog

    from .conftest import when_shown

    clinic, passwords = bare_demo
    nurse = clinic.login("nurse", passwords["nurse"])
    for _ in range(3):
        check_session(nurse)
    engine = clinic.db.engine
    with engine.begin() as conn:
        bad = int(conn.execute(text("SELECT max(seq) FROM audit_events")).scalar_one()) - 1
        conn.execute(
            text("UPDATE audit_events SET username = 'someone_else' WHERE seq = :n"), {"n": bad}
        )

    def acknowledgements() -> int:
        with engine.connect() as conn:
            found = conn.execute(
                text(
                    "SELECT count(*) FROM audit_events"
                    " WHERE action = 'audit.acknowledge' AND outcome = 'done'"
                )
            )
            return int(found.scalar_one())

    window = sign_in(qtbot, clinic, "auditor", passwords["auditor"])
    window.resize(1366, 768)
    window.show_page("audit")
    page = window.page("audit")
    assert not page.acknowledge_button.isVisible()  # until a verification finds a break
    qtbot.mouseClick(page.verify_button, CLICK)
    qtbot.waitUntil(lambda: "NOT intact" in page.verify_result.text(), timeout=20_000)
    assert f"event {bad}" in page.verify_result.text()
    button = page.acknowledge_button
    assert button.isVisible() and button.text() == "Acknowledge break…"
    seen: dict[str, object] = {}

    def attempt(dialog: AcknowledgeBreakDialog, own: str, admin: str) -> str:
        dialog.own_password.clear()
        dialog.second_password.clear()
        qtbot.keyClicks(dialog.own_password, own)
        qtbot.keyClicks(dialog.second_password, admin)
        before = dialog.message.text()
        qtbot.mouseClick(dialog.ok_button, CLICK)
        qtbot.waitUntil(
            lambda: (
                not dialog.isVisible()
                or (dialog.message.text() != before and dialog.ok_button.isEnabled())
            ),
            timeout=20_000,
        )
        return dialog.message.text()

    def acknowledge(dialog: AcknowledgeBreakDialog) -> None:
        seen["event"] = dialog.event_number.text()
        seen["problem"] = dialog.problem.text()
        dialog.reason.setPlainText("已与最近备份核对 checked against last night's backup")
        qtbot.keyClicks(dialog.second_user, "admin")
        seen["own wrong"] = attempt(dialog, "not-my-password", passwords["admin"])
        seen["cleared"] = (dialog.own_password.text(), dialog.second_password.text())
        seen["acks after own"] = acknowledgements()
        seen["admin wrong"] = attempt(dialog, passwords["auditor"], "not-the-admins")
        seen["acks after admin"] = acknowledgements()
        dialog.grab().save(str(tmp_path / "acknowledge_break_dialog.png"))
        attempt(dialog, passwords["auditor"], passwords["admin"])

    when_shown(AcknowledgeBreakDialog, acknowledge)
    qtbot.mouseClick(button, CLICK)
    assert seen["event"] == str(bad) and "altered" in str(seen["problem"])
    assert "Your own password is wrong. Nothing was written." in str(seen["own wrong"])
    assert seen["cleared"] == ("", "")
    assert "second person's user name or password is wrong" in str(seen["admin wrong"])
    assert seen["acks after own"] == 0 and seen["acks after admin"] == 0
    qtbot.waitUntil(lambda: "intact since event" in page.verify_result.text(), timeout=20_000)
    shown = page.verify_result.text()
    assert f"Acknowledged break at event {bad}" in shown
    assert "by auditor auditor and administrator admin" in shown and "last night's backup" in shown
    assert acknowledgements() == 1 and not page.acknowledge_button.isVisible()
    model = page.model
    qtbot.waitUntil(lambda: model.data(model.index(0, 4)) == "audit.acknowledge")  # listed too
    assert str(model.data(model.index(0, 1)))[:16] in shown  # in the clinic's time, as listed
    window.grab().save(str(tmp_path / "audit_page_acknowledged_1366x768.png"))


def test_the_acknowledgement_dialog_speaks_chinese(qtbot, bare_demo, tmp_path) -> None:
    from clinic.privacy.audit import VerifyResult
    from clinic.ui.audit_page import AcknowledgeBreakDialog
    from clinic.ui.i18n import languages

    clinic, passwords = bare_demo
    auditor = clinic.login("auditor", passwords["auditor"])
    found = VerifyResult(
        ok=False,
        checked=16,
        first_bad_seq=17,
        problem_en="event 17 was altered (its seal does not match)",
        problem_zh="第 17 条记录被篡改（校验码不符）",
    )
    languages.apply("zh_CN")
    dialog = AcknowledgeBreakDialog(auditor, found)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.windowTitle() == "确认审计记录中的断点"
    assert dialog.ok_button.text() == "确认断点" and dialog.problem.text().startswith("第 17 条")
    dialog.grab().save(str(tmp_path / "acknowledge_break_dialog_zh.png"))
    dialog.reject()
