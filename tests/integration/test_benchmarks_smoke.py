"""benchmarks/run.py runs and prints one JSON object per line with the agreed fields."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_benchmark_prints_json_lines() -> None:
    done = subprocess.run(
        [
            sys.executable,
            str(ROOT / "benchmarks" / "run.py"),
            "--quick",
            "--no-server",
            "--only",
            "audited_noop_call,bare_insert_commit",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    assert [r["name"] for r in lines] == ["audited_noop_call", "bare_insert_commit"]
    for result in lines:
        assert result["n"] == 200
        assert 0 < result["min_ms"] <= result["p50_ms"] <= result["p95_ms"] <= result["max_ms"]
