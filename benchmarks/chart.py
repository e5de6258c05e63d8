"""A chart of latency against database size from one run of benchmarks/run.py, for
docs/performance.md: the dose's p50 and p95, its CPU per call and the floor (bare insert and
commit) at each dosing clinic's size, on a logarithmic axis of doses.

    .venv/bin/python benchmarks/run.py > run.jsonl
    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/chart.py run.jsonl docs/performance-dose.png
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any


def figures(lines: list[str]) -> list[dict[str, Any]]:
    out = []
    for line in lines:
        line = line.strip()
        if line.startswith("{"):
            out.append(json.loads(line))
    return out


def series_of(rows: list[dict[str, Any]]) -> dict[str, list[tuple[float, float]]]:
    """(doses, milliseconds) points of each line drawn."""
    dose = [r for r in rows if r["name"] == "dose_record" and r.get("n_doses")]
    floors = [r for r in rows if r["name"] == "bare_insert_commit"]
    floor = floors[0] if floors else None
    on_engine = {r["n_doses"]: r for r in floors if r.get("n_doses")}  # the floor at that size
    lines: dict[str, list[tuple[float, float]]] = {
        "dose p95": [(r["n_doses"], r["p95_ms"]) for r in dose],
        "dose p50": [(r["n_doses"], r["p50_ms"]) for r in dose],
        "dose CPU per call": [(r["n_doses"], r["cpu_mean_ms"]) for r in dose],
    }
    if floor is not None and dose:
        lines["floor p95 (bare insert)"] = [
            (r["n_doses"], on_engine.get(r["n_doses"], floor)["p95_ms"]) for r in dose
        ]
    server = [r for r in rows if r["name"] == "dose_record.server" and r.get("n_doses")]
    if server:
        lines["dose p95, PostgreSQL"] = [(r["n_doses"], r["p95_ms"]) for r in server]
    return {name: sorted(points) for name, points in lines.items() if points}


def draw(rows: list[dict[str, Any]], target: Path, title: str) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCharts import QChart, QChartView, QLineSeries, QLogValueAxis, QValueAxis
    from PySide6.QtCore import QPointF, Qt
    from PySide6.QtGui import QPainter
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    chart = QChart()
    chart.setTitle(title)
    x_axis = QLogValueAxis()
    x_axis.setBase(10)
    x_axis.setLabelFormat("%.0f")
    x_axis.setMinorTickCount(8)
    x_axis.setTitleText("doses in the database")
    y_axis = QValueAxis()
    y_axis.setTitleText("milliseconds")
    chart.addAxis(x_axis, Qt.AlignmentFlag.AlignBottom)
    chart.addAxis(y_axis, Qt.AlignmentFlag.AlignLeft)
    top = 0.0
    for name, points in series_of(rows).items():
        line = QLineSeries()
        line.setName(name)
        line.setPointsVisible(True)
        for doses, ms in points:
            line.append(QPointF(doses, ms))
            top = max(top, ms)
        chart.addSeries(line)
        line.attachAxis(x_axis)
        line.attachAxis(y_axis)
    y_axis.setRange(0, top * 1.15 or 1)
    y_axis.setLabelFormat("%.0f")
    sizes = [doses for points in series_of(rows).values() for doses, _ in points]
    if sizes:
        x_axis.setRange(min(sizes) / 2, max(sizes) * 2)
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    view = QChartView(chart)
    view.setRenderHint(QPainter.RenderHint.Antialiasing)
    view.resize(1000, 560)
    view.grab().save(str(target))
    del app


def main(argv: list[str]) -> int:
    source, target = Path(argv[0]), Path(argv[1])
    title = argv[2] if len(argv) > 2 else "record_dose against the size of the dosing history"
    draw(figures(source.read_text().splitlines()), target, title)
    print(target)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
