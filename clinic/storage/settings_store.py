"""Reading the clinic's settings: the latest recorded value of each, or its declared default.

A unit of work reads them once, in one query, into a snapshot kept in its session's `info`; the
checks take their values from that snapshot. Writing a setting in the session drops the snapshot,
so the next read sees the new value; the next unit of work (a new session) reads afresh.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import event, func, select
from sqlalchemy.orm import Session

from clinic.config import CLINIC_SETTINGS
from clinic.storage.models import ClinicInfo, SettingChange

SNAPSHOT = "clinic_settings"


@dataclass(frozen=True)
class ClinicSettings:
    """Every clinic setting as one unit of work sees it."""

    values: Mapping[str, Any]

    def value(self, key: str) -> Any:
        return self.values[CLINIC_SETTINGS[key].key]

    def integer(self, key: str) -> int:
        return int(self.value(key))

    def decimal(self, key: str) -> Decimal:
        return Decimal(str(self.value(key)))

    def text(self, key: str) -> str:
        return str(self.value(key))


def demo_clinic(session: Session) -> bool:
    """True for a demo clinic of fictional patients: everything it prints says so."""
    return bool(session.scalar(select(ClinicInfo.demo).limit(1)))


def _read(session: Session) -> ClinicSettings:
    latest = select(func.max(SettingChange.id)).group_by(SettingChange.key)
    rows = session.execute(
        select(SettingChange.key, SettingChange.value_json).where(SettingChange.id.in_(latest))
    )
    recorded = {key: value for key, value in rows}
    return ClinicSettings(
        {
            key: json.loads(recorded[key]) if key in recorded else spec.default
            for key, spec in CLINIC_SETTINGS.items()
        }
    )


def clinic_settings(session: Session) -> ClinicSettings:
    """The settings snapshot of SESSION's unit of work (read on first use, one query)."""
    snapshot = session.info.get(SNAPSHOT)
    if snapshot is None:
        snapshot = session.info[SNAPSHOT] = _read(session)
    return snapshot


def forget_settings(session: Session) -> None:
    session.info.pop(SNAPSHOT, None)


@event.listens_for(Session, "transient_to_pending")
def _setting_written(session: Session, instance: object) -> None:
    if isinstance(instance, SettingChange):
        forget_settings(session)


@event.listens_for(Session, "after_soft_rollback")
def _rolled_back(session: Session, previous_transaction: object) -> None:
    forget_settings(session)
