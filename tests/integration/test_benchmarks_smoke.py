"""benchmarks/run.py runs and prints one JSON object per line with the agreed fields."""

from __future__ import annotations

import json
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from clinic.dosing.window import record_dose

ROOT = Path(__file__).resolve().parents[2]


def test_benchmark_prints_json_lines() -> None:
    done = subprocess.run(
        [
            sys.executable,
            str(ROOT / "benchmarks" / "run.py"),
            "--quick",
            "--no-server",
            "--only",
            "audited_noop_call,bare_insert_commit,audited_noop_interleaved",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    names = [
        "audited_noop_call",
        "audited_noop_sql_replay",
        "bare_insert_commit",
        "audited_noop_interleaved",
    ]
    assert [r["name"] for r in lines] == names
    for result in lines:
        assert result["n"] == 200
        assert 0 < result["min_ms"] <= result["p50_ms"] <= result["p95_ms"] <= result["max_ms"]
    # the replay sent the call's statements: the write lock, the session, the audit head, the
    # event and the head moved
    assert lines[1]["statements"] == 5
    # the no-op timed in turn with the floor: both figures, and the ratios are theirs
    both = lines[3]
    assert 0 < both["floor_p50_ms"] <= both["floor_p95_ms"]
    for q in ("50", "95"):
        ratio = both[f"p{q}_ms"] / both[f"floor_p{q}_ms"]
        assert abs(both[f"ratio_p{q}"] - ratio) <= 0.01 * ratio + 0.01
    assert both["ratio_p50"] > 1  # an audited call does more than one insert


@pytest.mark.usefixtures("pg_server")
def test_the_server_clinic_is_cached_as_a_template_and_copied(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import dosegen
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    from clinic import app
    from tests.conftest import PG_ADMIN_URL

    monkeypatch.setattr(dosegen, "OUT", tmp_path)
    monkeypatch.setattr(dosegen, "N_PATIENTS", 12)
    monkeypatch.setattr(dosegen, "schema_hash", lambda: uuid.uuid4().hex[:12])
    home, meta, built = dosegen.cached_server(20, PG_ADMIN_URL)
    template = dosegen.template_of(home)
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")

    def databases() -> set[str]:
        with admin.connect() as conn:
            return set(conn.execute(text("SELECT datname FROM pg_database")).scalars())

    try:
        assert built and meta.n_doses > 0 and template in databases()
        with monkeypatch.context() as patch:  # the same hash again: the cached one
            patch.setattr(dosegen, "schema_hash", lambda: template.rsplit("_", 1)[1])
            assert dosegen.cached_server(20, PG_ADMIN_URL)[2] is False
        with dosegen.server_copy(home, PG_ADMIN_URL) as copy:
            copied = dosegen.template_of(copy)  # the database the copy's settings name
            assert copied != template and copied in databases()
            clinic = app.open_clinic(copy)
            try:
                clinic.db.clock = lambda: dosegen.local(meta.day, 9)
                nurse = clinic.login("nurse", dosegen.PASSWORDS["nurse"])
                record_dose(nurse, patient_id=meta.candidates[0], window_id=meta.window_id)
            finally:
                clinic.close()
        assert copied not in databases() and template in databases()
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{template}"')
        admin.dispose()
