"""The PostgreSQL link cut in the middle of an action (server mode): a dose, a stock movement, a
claim build. The clinic talks to the server through a TCP proxy the test cuts at a chosen
statement of the action (or at its COMMIT): the action is refused with a readable "server cannot
be reached" and nothing of it is in the database; once the link is back, the same action works
in the same running app (no dead connection handed out), and then it is there exactly once."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, event, func, select, text
from sqlalchemy.engine import Engine, make_url

from clinic.dosing.window import record_dose
from clinic.errors import ServerUnreachable
from clinic.insurance import claims
from clinic.inventory import stock
from clinic.privacy.audit_service import verify_audit_trail
from clinic.privacy.keys import OsKeyringStore
from clinic.storage.models import Base, Claim, ClaimBatch, ClaimLine, Dose, DoseItem, StockMovement
from tests.conftest import ClinicUnderTest, make_clinic
from tests.integration.stock_helpers import assert_books_agree
from tests.integration.tcp_proxy import TcpProxy
from tests.integration.test_claims import Billing

pytestmark = pytest.mark.postgres

CUTS = 5  # cut points per action, spread over its statements, plus its COMMIT


class Probed(Exception):
    def __init__(self, statements: int) -> None:
        super().__init__(statements)
        self.statements = statements


class Cutter:
    """Counts the statements the app sends and cuts the link at the chosen one."""

    def __init__(self, engine: Engine, proxy: TcpProxy) -> None:
        self.proxy = proxy
        self.seen = 0
        self.at: int | None = None  # the statement to cut at; 0 = at COMMIT
        event.listen(engine, "before_cursor_execute", self._statement)
        event.listen(engine, "commit", self._commit)

    def _statement(self, _conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        self.seen += 1
        if self.at == self.seen:
            self.proxy.cut()

    def _commit(self, _conn: Any) -> None:
        if self.at == 0:
            self.proxy.cut()
        if self.at == -1:
            raise Probed(self.seen)

    def count(self, action: Callable[[], object]) -> int:
        """How many statements ACTION sends before its COMMIT (it is rolled back at the COMMIT,
        its failure audited as any failure is). Probed twice: the first may read and audit what
        the session has not been shown yet, which the second (and each cut try) no longer does."""
        self._probe(action)
        return self._probe(action)

    def _probe(self, action: Callable[[], object]) -> int:
        self.seen, self.at = 0, -1
        try:
            with pytest.raises(Probed) as probed:
                action()
        finally:
            self.at = None
        return probed.value.statements

    def cut_during(self, action: Callable[[], object], at: int) -> ServerUnreachable | None:
        """Run ACTION, cutting the link at its statement AT (0: at its COMMIT). The refusal; or
        None when ACTION finished before reaching AT (it then committed, link whole)."""
        self.seen, self.at = 0, at
        try:
            action()
        except ServerUnreachable as refused:
            assert self.proxy.is_cut, f"refused, but the link was whole (at {at} of {self.seen})"
            return refused
        finally:
            self.at = None
            self.proxy.restore()
        assert at > self.seen, f"the link was cut at {at} of {self.seen} and the action went on"
        return None


@pytest.fixture
def proxied(
    tmp_path: Path, keystore: OsKeyringStore, pg_migrated_database: str
) -> Iterator[tuple[ClinicUnderTest, TcpProxy, Engine]]:
    """A server-mode clinic whose database URL is the proxy's port; and a direct engine to look."""
    url = make_url(pg_migrated_database)
    proxy = TcpProxy(url.host or "127.0.0.1", url.port or 5432).start()
    through = url.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False)
    cut = make_clinic(tmp_path / "clinic", keystore, "postgresql", through)
    direct = create_engine(url)
    try:
        yield cut, proxy, direct
    finally:
        cut.clinic.close()
        keystore.delete(cut.clinic.settings.clinic_id)
        direct.dispose()
        proxy.stop()


def rows_state(direct: Engine) -> dict[str, object]:
    """Every table's row count and the audit chain's last link, in one query (helpers.rows_state
    reflects the schema each time, too slow to run after every cut)."""
    counts = " UNION ALL ".join(
        f"SELECT '{t.name}', count(*) FROM {t.name}" for t in Base.metadata.sorted_tables
    )
    with direct.connect() as conn:
        state: dict[str, object] = {str(n): c for n, c in conn.execute(text(counts))}
        state["audit_head"] = conn.execute(text("SELECT seq, mac FROM audit_head")).all()
    return state


def cut_until_done(
    cutter: Cutter, direct: Engine, action: Callable[[], object], statements: int
) -> None:
    """Cut ACTION at its COMMIT, then at its 1st statement, and on every STATEMENTS/CUTS-th
    until it finishes before the cut point: each cut refused, readable in both languages,
    nothing changed; the last try done."""
    before = rows_state(direct)
    stride = max(1, statements // CUTS)
    at = 0
    while (refused := cutter.cut_during(action, at)) is not None:
        assert "server cannot be reached" in refused.message("en")
        assert "无法连接诊所服务器" in refused.message("zh_CN")
        assert rows_state(direct) == before, f"cut at statement {at} left something behind"
        at = 1 if at == 0 else at + stride
    assert at > statements // 2  # it was cut all along the way, not just at its start


def count(direct: Engine, *stmt: Any) -> int:
    with direct.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(*stmt)).scalar_one())


@pytest.mark.long
def test_link_cut_during_a_dose_a_movement_and_a_claim_build(
    proxied: tuple[ClinicUnderTest, TcpProxy, Engine],
) -> None:
    cut, proxy, direct = proxied
    started = time.perf_counter()
    b = Billing(cut)  # three patients dosed five days in March; the clock on 2 April
    w = b.w
    cutter = Cutter(cut.db.engine, proxy)

    # A dose: every cut point refused, then the same dose given once the link is back.
    w.at(date(2026, 4, 2))
    patient = w.patient()

    def dose() -> object:
        return record_dose(w.nurse, patient_id=patient, window_id=w.ph.window)

    statements = cutter.count(dose)
    doses = count(direct, Dose)
    cut_until_done(cutter, direct, dose, statements)
    assert count(direct, Dose) == doses + 1
    with direct.connect() as conn:
        given = conn.execute(select(Dose.id).where(Dose.patient_id == patient)).scalar_one()
        items = conn.execute(select(DoseItem).where(DoseItem.dose_id == given)).all()
        assert len(items) == 1
        move = conn.execute(
            select(StockMovement).where(StockMovement.id == items[0].movement_id)
        ).one()
        assert move.reference == f"dose {given}"

    # A stock movement (safe to window, witnessed).
    def issue() -> object:
        return stock.issue_to_window(
            w.ph.pharm,
            product_id=w.ph.methadone,
            safe_id=w.ph.safe,
            window_id=w.ph.window,
            quantity="10",
            **w.ph.witness(),
        )

    w.ph.receive(w.ph.methadone, "L2", "100")
    statements = cutter.count(issue)
    moves = count(direct, StockMovement)
    cut_until_done(cutter, direct, issue, statements)
    assert count(direct, StockMovement) == moves + 1
    assert_books_agree(cut)

    # A claim build: no batch, no claim without its lines, until one whole build.
    def build() -> object:
        return claims.build_batch(b.clerk, scheme_code="RESIDENT", year=2026, month=3)

    statements = cutter.count(build)
    batches = count(direct, ClaimBatch)
    cut_until_done(cutter, direct, build, statements)
    assert count(direct, ClaimBatch) == batches + 1
    with direct.connect() as conn:
        claim_ids = conn.execute(select(Claim.id)).scalars().all()
        lined = conn.execute(select(ClaimLine.claim_id).distinct()).scalars().all()
        assert sorted(claim_ids) == sorted(lined) and len(claim_ids) == 1

    # The trail holds every committed action, each once, and verifies.
    assert verify_audit_trail(cut.admin()).ok
    print(f"link cuts: refused and redone in {time.perf_counter() - started:.1f} s")


def test_only_a_link_that_is_down_is_called_unreachable(pg_server: str) -> None:
    """A refused connection is ServerUnreachable; a server that answers with a refusal of its own
    (no such user) is not: its own message says what is wrong."""
    from sqlalchemy import text
    from sqlalchemy.exc import OperationalError

    from clinic.storage.db import postgres_engine

    url = make_url(pg_server)
    with TcpProxy(url.host or "127.0.0.1", url.port or 5432) as proxy:
        proxy.cut()
        down = postgres_engine(url.set(port=proxy.port).render_as_string(hide_password=False))
        wrong_user = postgres_engine(url.set(username="no_such_user_here").render_as_string())
        try:
            with pytest.raises(ServerUnreachable), down.connect() as conn:
                conn.execute(text("SELECT 1"))
            with pytest.raises(OperationalError, match="no_such_user_here"), wrong_user.connect():
                pass
        finally:
            down.dispose()
            wrong_user.dispose()
