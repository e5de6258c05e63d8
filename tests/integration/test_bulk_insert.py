"""insert_many stores what SQLAlchemy's own insert stores, value for value, on both backends."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from sqlalchemy import Column, Date, Integer, MetaData, String, Table, insert, select, text

from clinic.storage.bulk import insert_many
from clinic.storage.fieldcrypt import EncryptedText
from clinic.storage.types import ExactDecimal, UTCDateTime, utcnow
from clinic.storage.uow import UnitOfWork
from tests.conftest import ClinicUnderTest

metadata = MetaData()
sample = Table(
    "bulk_insert_sample",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("way", String(8)),
    Column("n", Integer),
    Column("day", Date),
    Column("amount", ExactDecimal()),
    Column("at", UTCDateTime()),
    Column("sealed", EncryptedText("bulk_insert_sample.sealed"), nullable=True),
)
stamped = Table(
    "bulk_insert_stamped",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("at", UTCDateTime(), default=utcnow),
)

ROWS = [
    {
        "n": n,
        "day": day,
        "amount": amount,
        "at": datetime(2026, 3, n, 1, 2, 3, 456789, tzinfo=UTC),
        "sealed": sealed,
    }
    for n, day, amount, sealed in [
        (1, date(2026, 3, 1), Decimal("0.05"), "王小明"),
        (2, date(2026, 3, 2), Decimal("-0.00"), None),
        (3, date(2026, 3, 3), Decimal("1234.5000"), ""),
        (4, date(2026, 3, 1), Decimal("0.05"), "again"),  # equal values, other objects
        (5, None, Decimal("7"), None),
    ]
]


def test_the_same_rows_as_sqlalchemys_insert(clinic: ClinicUnderTest) -> None:
    with UnitOfWork(clinic.db) as uow:
        session = uow.session
        metadata.create_all(session.connection(), tables=[sample])
        session.execute(insert(sample), [{**r, "way": "orm"} for r in ROWS])
        insert_many(session, sample, [{**r, "way": "bulk"} for r in ROWS])
        raw = {
            way: [tuple(row) for row in session.execute(text(query), {"way": way})]
            for way in ("orm", "bulk")
            for query in ["SELECT n, day, amount, at FROM bulk_insert_sample WHERE way = :way"]
        }
        assert raw["bulk"] == raw["orm"] and len(raw["bulk"]) == 5
        opened = {
            way: list(
                session.execute(
                    select(sample.c.n, sample.c.amount, sample.c.at, sample.c.sealed)
                    .where(sample.c.way == way)
                    .order_by(sample.c.n)
                )
            )
            for way in ("orm", "bulk")
        }
        assert opened["bulk"] == opened["orm"]
        assert [r.sealed for r in opened["bulk"]] == ["王小明", None, "", "again", None]
        if clinic.backend == "sqlcipher":  # stored as text; PostgreSQL's NUMERIC has no -0
            assert opened["bulk"][1].amount.is_signed()


def test_a_column_whose_default_would_be_skipped_is_refused(clinic: ClinicUnderTest) -> None:
    with UnitOfWork(clinic.db) as uow:
        with pytest.raises(ValueError, match="give at"):
            insert_many(uow.session, stamped, [{"id": 1}])
        insert_many(uow.session, stamped, [])  # nothing to write: nothing asked
