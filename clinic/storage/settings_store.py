"""Reading the clinic's settings: the latest recorded value of each, or its declared default."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from clinic.config import Setting
from clinic.storage.models import SettingChange


def current_setting(session: Session, setting: Setting) -> Any:
    row = session.scalars(
        select(SettingChange.value_json)
        .where(SettingChange.key == setting.key)
        .order_by(SettingChange.id.desc())
        .limit(1)
    ).first()
    return setting.default if row is None else json.loads(row)
