"""Patients' names, opened once per login session, for searching by name or pinyin initials.

Names are sealed, so a search cannot ask the database for a fragment: it used to open every
name on every search. This keeps each name (case-folded) and its pinyin initials in memory,
opened once per login session, never written anywhere, and dropped when the session locks or
ends. Each search first brings it up to date with one cheap query: names of patients enrolled
since (on any workstation), and a full rebuild if the count of patients disagrees (a sequence
committed out of order, a restored database). Names are never edited in place — no service
changes one — so new rows are the only change to follow.

Chosen over keyed blind indexes of every fragment and initials: substring search over a keyed
index needs one index row per fragment (n-grams), each a guessable short token, and pinyin
initials would be a second set; an index in memory holds nothing new on disk.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from pypinyin import Style, lazy_pinyin
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from clinic.service import on_session_closed
from clinic.storage.models import Patient


def initials(name: str) -> str:
    """Pinyin initials of a Chinese name (王小明 -> wxm); Latin names give their own initials."""
    return "".join(part[0] for part in lazy_pinyin(name, style=Style.FIRST_LETTER) if part).lower()


@dataclass
class NameIndex:
    """Every patient's (id, case-folded name, initials), in id order."""

    entries: list[tuple[int, str, str]] = field(default_factory=list)
    top_id: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def refresh(self, session: Session) -> None:
        """Add the patients enrolled since the last refresh; rebuild if the count disagrees."""
        self._add(session, self.top_id)
        count = session.scalar(select(func.count(Patient.id))) or 0
        if count != len(self.entries):
            self.entries, self.top_id = [], 0
            self._add(session, 0)

    def _add(self, session: Session, after: int) -> None:
        rows = session.execute(
            select(Patient.id, Patient.name).where(Patient.id > after).order_by(Patient.id)
        )
        for patient_id, name in rows:
            self.entries.append((patient_id, name.casefold(), initials(name)))
            self.top_id = max(self.top_id, patient_id)
        self.entries.sort()

    def matching(self, match: Callable[[str, str], bool], limit: int) -> list[int]:
        """The ids of the first LIMIT patients (by id) whose folded name and initials MATCH."""
        hits: list[int] = []
        for patient_id, folded, letters in self.entries:
            if match(folded, letters):
                hits.append(patient_id)
                if len(hits) >= limit:
                    break
        return hits


_BY_SESSION: dict[str, NameIndex] = {}
_GUARD = threading.Lock()


def _index(session_id: str) -> NameIndex:
    with _GUARD:
        return _BY_SESSION.setdefault(session_id, NameIndex())


def search_names(
    session: Session, session_id: str, match: Callable[[str, str], bool], limit: int
) -> list[int]:
    """Ids of the first LIMIT patients whose names MATCH, from the login session's index."""
    index = _index(session_id)
    with index.lock:
        index.refresh(session)
        return index.matching(match, limit)


def drop(session_id: str) -> None:
    """Forget the login session's names (it locked or ended)."""
    with _GUARD:
        _BY_SESSION.pop(session_id, None)


def held_sessions() -> Iterator[str]:
    """The login sessions holding names now (for the tests that they are dropped)."""
    with _GUARD:
        return iter(list(_BY_SESSION))


on_session_closed(drop)
