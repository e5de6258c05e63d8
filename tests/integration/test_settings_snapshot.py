"""Settings are read once per unit of work, and a change is seen by the next unit of work."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import event

from clinic import administration
from clinic.dosing.window import identify
from clinic.storage.models import SettingChange
from clinic.storage.settings_store import clinic_settings
from clinic.storage.uow import UnitOfWork
from tests.conftest import ClinicUnderTest
from tests.integration.dosing_helpers import DAY0, days, window


@contextmanager
def settings_queries(cut: ClinicUnderTest) -> Iterator[list[str]]:
    """The statements sent to the database that read the settings table, while inside."""
    seen: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany) -> None:  # type: ignore[no-untyped-def]
        if "setting_changes" in statement and statement.lstrip().upper().startswith("SELECT"):
            seen.append(statement)

    event.listen(cut.db.engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(cut.db.engine, "before_cursor_execute", record)


def test_a_change_is_seen_by_the_next_unit_of_work(clinic: ClinicUnderTest) -> None:
    admin = clinic.admin()
    assert administration.get_settings(admin)["missed_days_hold"] == 3
    administration.update_setting(admin, key="missed_days_hold", value="4", reason="policy")
    assert administration.get_settings(admin)["missed_days_hold"] == 4
    with UnitOfWork(clinic.db, read_only=True) as uow:
        assert clinic_settings(uow.session).integer("missed_days_hold") == 4
    administration.update_setting(admin, key="missed_days_hold", value="2", reason="again")
    with UnitOfWork(clinic.db, read_only=True) as uow:
        assert clinic_settings(uow.session).integer("missed_days_hold") == 2


def test_a_unit_of_work_keeps_its_snapshot(clinic: ClinicUnderTest) -> None:
    with UnitOfWork(clinic.db, read_only=True) as uow:
        before = clinic_settings(uow.session)
        assert before.integer("dropout_days") == 14
        # another workstation changes the setting meanwhile: this unit of work reads on as it began
        administration.update_setting(clinic.admin(), key="dropout_days", value=30, reason="t")
        assert clinic_settings(uow.session) is before
    with UnitOfWork(clinic.db, read_only=True) as uow:
        assert clinic_settings(uow.session).integer("dropout_days") == 30


def test_a_setting_written_in_a_unit_of_work_is_read_back_and_goes_with_a_rollback(
    clinic: ClinicUnderTest,
) -> None:
    with UnitOfWork(clinic.db) as uow:
        assert clinic_settings(uow.session).integer("dropout_days") == 14
        uow.session.add(SettingChange(key="dropout_days", value_json="21", changed_by=None))
        assert clinic_settings(uow.session).integer("dropout_days") == 21
        uow.session.rollback()
        assert clinic_settings(uow.session).integer("dropout_days") == 14
    with UnitOfWork(clinic.db, read_only=True) as uow:
        assert clinic_settings(uow.session).integer("dropout_days") == 14


def test_update_setting_sees_the_value_it_wrote(clinic: ClinicUnderTest) -> None:
    admin = clinic.admin()
    administration.update_setting(admin, key="screen_interval_days", value=20, reason="t")
    # the same value again is no change: the service compared against what it had just written
    assert administration.update_setting(admin, key="screen_interval_days", value="20") == 20
    with UnitOfWork(clinic.db, read_only=True) as uow:
        rows = uow.session.query(SettingChange).filter_by(key="screen_interval_days").count()
    assert rows == 1


def test_a_dose_panel_reads_the_settings_once_and_follows_their_changes(
    clinic: ClinicUnderTest,
) -> None:
    w = window(clinic)
    w.stock_window()
    pid = w.patient(dose="30")
    from clinic.dosing.window import record_dose

    record_dose(w.nurse, patient_id=pid, window_id=w.ph.window)
    w.at(DAY0 + days(4))  # three days missed: held by the default
    with settings_queries(clinic) as seen:
        panel = identify(w.nurse, identifier="P000001", window_id=w.ph.window)
    assert panel.missed_days == 3 and not panel.can_dose
    assert len(seen) == 1, seen
    administration.update_setting(clinic.admin(), key="missed_days_hold", value=4, reason="t")
    panel = identify(w.nurse, identifier="P000001", window_id=w.ph.window)
    assert panel.can_dose, panel.refusal


def test_a_snapshot_is_reused_only_while_the_history_is_unchanged(clinic: ClinicUnderTest) -> None:
    """The process keeps the last snapshot by the history's (last id, length): a second unit of
    work reads no setting's row; a write that rolled back is never kept, even when the next
    committed change takes its id."""
    with UnitOfWork(clinic.db, read_only=True) as uow:
        assert clinic_settings(uow.session).integer("dropout_days") == 14
    with settings_queries(clinic) as seen, UnitOfWork(clinic.db, read_only=True) as uow:
        assert clinic_settings(uow.session).integer("dropout_days") == 14
    assert len(seen) == 1 and "value_json" not in seen[0], seen  # the version, not the rows
    with UnitOfWork(clinic.db) as uow:
        uow.session.add(SettingChange(key="dropout_days", value_json="21", changed_by=None))
        assert clinic_settings(uow.session).integer("dropout_days") == 21
        # rolled back on leaving
    with UnitOfWork(clinic.db) as uow:  # another workstation's change, of the same length
        uow.session.add(SettingChange(key="dropout_days", value_json="30", changed_by=None))
        uow.commit()
    with UnitOfWork(clinic.db, read_only=True) as uow:
        assert clinic_settings(uow.session).integer("dropout_days") == 30
