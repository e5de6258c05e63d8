"""The demo's calendar: a month of history before today, and the clinic's clock set within it.

Every service reads the time from the clinic's clock (`Database.clock`), so setting that clock to
a past moment writes a past day exactly as the services would have written it then.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import TypedDict
from zoneinfo import ZoneInfo

from clinic import clock
from clinic.service import AuthContext
from clinic.storage.db import Database
from clinic.storage.uow import UnitOfWork

HISTORY_DAYS = 30


class WitnessArgs(TypedDict):
    witness: str
    witness_password: str


@dataclass
class Staff:
    """The demo users who do the month's work, signed in, and their passwords (for witnesses)."""

    admin: AuthContext
    physician: AuthContext
    nurse: AuthContext
    pharmacist: AuthContext
    passwords: dict[str, str]

    def witness(self, username: str) -> WitnessArgs:
        """The keyword arguments that have USERNAME sign as the second person."""
        return WitnessArgs(witness=username, witness_password=self.passwords[username])

    def others(self) -> Iterator[AuthContext]:
        yield from (self.physician, self.nurse, self.pharmacist)


class DemoClock:
    """The clinic's clock of one database, set to moments of the demo's history."""

    def __init__(self, db: Database) -> None:
        self.db = db
        with UnitOfWork(db, read_only=True) as uow:
            self.zone: ZoneInfo = clock.clinic_zone(uow.session)

    def today(self) -> date:
        """Today at the clinic, by the computer's clock."""
        return datetime.now(self.zone).date()

    def moment(self, day: date, hour: int, minute: int = 0, second: int = 0) -> datetime:
        """HOUR:MINUTE on DAY at the clinic, in UTC."""
        return datetime.combine(day, time(hour, minute, second), tzinfo=self.zone).astimezone(UTC)

    @contextmanager
    def at(self, when: datetime | None) -> Iterator[None]:
        """The clinic's clock stopped at WHEN (None: the real clock) for the calls inside."""
        saved = self.db.clock
        if when is not None:
            self.db.clock = lambda: when
        try:
            yield
        finally:
            self.db.clock = saved

    @contextmanager
    def running_from(self, start: datetime) -> Iterator[None]:
        """The clinic's clock running from START at the real pace, for the calls inside."""
        saved = self.db.clock
        began = saved()
        self.db.clock = lambda: start + (saved() - began)
        try:
            yield
        finally:
            self.db.clock = saved
