"""The unit of work: one transaction per user action; it rolls back unless committed."""

from __future__ import annotations

from types import TracebackType

from sqlalchemy.orm import Session

from clinic.storage.db import READ_ONLY, Database


class UnitOfWork:
    """`with UnitOfWork(db) as uow:` … `uow.commit()`; leaving without commit rolls back."""

    def __init__(self, db: Database, *, read_only: bool = False) -> None:
        self.db = db
        self.read_only = read_only
        self._session: Session | None = None

    @property
    def session(self) -> Session:
        if self._session is None:
            raise RuntimeError("unit of work used outside its with-block")
        return self._session

    def __enter__(self) -> UnitOfWork:
        self._session = Session(self.db.engine, expire_on_commit=False, autoflush=True)
        self._session.info["clock"] = self.db.clock
        if self.read_only:
            self._session.connection(execution_options={READ_ONLY: True})
        return self

    def commit(self) -> None:
        if self.read_only:
            raise RuntimeError("a read-only unit of work cannot commit")
        self.session.commit()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        session = self.session
        try:
            session.rollback()
        finally:
            session.close()
            self._session = None
