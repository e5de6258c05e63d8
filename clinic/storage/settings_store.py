"""Reading the clinic's settings: the latest recorded value of each, or its declared default."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from clinic.config import Setting
from clinic.storage.models import ClinicInfo, SettingChange


def demo_clinic(session: Session) -> bool:
    """True for a demo clinic of fictional patients: everything it prints says so."""
    return bool(session.scalar(select(ClinicInfo.demo).limit(1)))


def current_setting(session: Session, setting: Setting) -> Any:
    row = session.scalars(
        select(SettingChange.value_json)
        .where(SettingChange.key == setting.key)
        .order_by(SettingChange.id.desc())
        .limit(1)
    ).first()
    return setting.default if row is None else json.loads(row)
