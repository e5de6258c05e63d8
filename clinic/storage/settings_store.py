"""Reading the clinic's settings: the latest recorded value of each, or its declared default.

A unit of work reads them once into a snapshot kept in its session's `info` (from this process's
last snapshot while the settings history has not changed); the checks take their values from
that snapshot. Writing a setting in the session drops the snapshot,
so the next read sees the new value; the next unit of work (a new session) reads afresh.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from weakref import WeakKeyDictionary

from sqlalchemy import event, func, select
from sqlalchemy.orm import Session

from clinic.config import CLINIC_SETTINGS
from clinic.storage import direct
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


# Snapshots already read, by database and by the settings history's (last id, length): the
# history only grows, so an unchanged pair is an unchanged snapshot, and a unit of work asks
# for the pair (one aggregate on the key) instead of every setting's rows and their JSON.
_KNOWN: WeakKeyDictionary[object, tuple[tuple[Any, ...], ClinicSettings]] = WeakKeyDictionary()
_VERSION = select(func.max(SettingChange.id), func.count(SettingChange.id))
WRITTEN = "clinic_settings_written"  # session.info: this unit of work wrote a setting


# The history's (last id, length) as two scalar subqueries, for a statement that reads them
# along with its own columns (the session rules' one read at the start of every service call).
VERSION_COLUMNS = (
    select(func.max(SettingChange.id)).scalar_subquery().label("settings_last"),
    select(func.count(SettingChange.id)).scalar_subquery().label("settings_count"),
)


def clinic_settings(session: Session, version: tuple[Any, ...] | None = None) -> ClinicSettings:
    """The settings snapshot of SESSION's unit of work (read on first use). VERSION: the
    history's (last id, length) read just now in this transaction by VERSION_COLUMNS."""
    snapshot = session.info.get(SNAPSHOT)
    if snapshot is None:
        if version is None:
            session.flush()  # a setting written in this unit of work counts
            version = tuple(direct.connection(session).execute(_VERSION).one())
        bind = session.get_bind()
        known = _KNOWN.get(bind)
        if known is not None and known[0] == version:
            snapshot = known[1]
        else:
            snapshot = _read(session)
            if not session.info.get(WRITTEN):  # a write not yet committed is not kept
                _KNOWN[bind] = (version, snapshot)
        session.info[SNAPSHOT] = snapshot
    return snapshot


def forget_settings(session: Session) -> None:
    session.info.pop(SNAPSHOT, None)


@event.listens_for(Session, "transient_to_pending")
def _setting_written(session: Session, instance: object) -> None:
    if isinstance(instance, SettingChange):
        session.info[WRITTEN] = True
        forget_settings(session)


@event.listens_for(Session, "after_soft_rollback")
def _rolled_back(session: Session, previous_transaction: object) -> None:
    forget_settings(session)
