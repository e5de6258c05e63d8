"""The clinic's calendar: dosing days follow the clinic's time zone, times are stored in UTC."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from clinic.storage.settings_store import clinic_settings


def clinic_zone(session: Session) -> ZoneInfo:
    return ZoneInfo(clinic_settings(session).text("clinic_timezone"))


def now(session: Session) -> datetime:
    """The current UTC time as the session's database sees it (tests may set the clock)."""
    tick = session.info.get("clock")
    return tick() if tick else datetime.now(ZoneInfo("UTC"))


def clinic_today(session: Session, moment: datetime | None = None) -> date:
    return (moment or now(session)).astimezone(clinic_zone(session)).date()


def add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)
