"""The dashboard on the demo clinic: each role's charts plot its service's figures, the numbers
open in a table and export to an Excel file that reads back."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCharts import (
    QAbstractBarSeries,
    QBarCategoryAxis,
    QHorizontalBarSeries,
    QLineSeries,
)
from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtWidgets import QProgressDialog, QPushButton

from clinic.ui.dashboard_page import ChartCard, DashboardPage

from .conftest import sign_in

ROLE_CHARTS = {
    "physician": ["census", "retention", "dose_distribution", "screen_positivity", "dropouts"],
    "pharmacist": ["stock_days", "variance_history"],
    "clerk": ["claims", "claim_amounts"],
    "nurse": ["queue_today"],
}


def _plotted(card: ChartCard) -> list[list[float]]:
    """Every series' values as the chart holds them."""
    out = []
    for series in card.view.chart().series():
        if isinstance(series, QAbstractBarSeries):
            for bar_set in series.barSets():
                out.append([bar_set.at(i) for i in range(bar_set.count())])
        elif isinstance(series, QLineSeries):
            out.append([p.y() for p in series.points()])
    return out


def _open(qtbot, demo, username: str) -> DashboardPage:  # type: ignore[no-untyped-def]
    clinic, passwords = demo
    window = sign_in(qtbot, clinic, username, passwords[username])
    window.show_page("dashboard")
    page = window.page("dashboard")
    assert isinstance(page, DashboardPage)
    qtbot.waitUntil(lambda: bool(page.cards))
    return page


@pytest.mark.parametrize("username", list(ROLE_CHARTS))
def test_each_role_sees_its_charts_with_the_service_figures(qtbot, demo, username) -> None:  # type: ignore[no-untyped-def]
    page = _open(qtbot, demo, username)
    assert page.message.text() == ""
    assert list(page.cards) == ROLE_CHARTS[username]
    for key, card in page.cards.items():
        chart = card.chart
        plotted = _plotted(card)
        table = chart.table
        if chart.kind in ("bar", "hbar"):
            expected = [
                [float(v) if v is not None else 0.0 for v in table.values(s)] for s in chart.series
            ]
            if chart.kind == "hbar":  # drawn from the bottom up: the table's first row on top
                expected = [values[::-1] for values in expected]
            assert plotted == expected, key
        elif chart.kind == "line":
            assert plotted == [[float(v) for v in table.values(chart.series[0]) if v is not None]]
        elif chart.kind == "curve":
            assert len(plotted) == len(table.rows)
            for row, line in zip(table.rows, plotted, strict=True):
                marks = [row[table.column(s)] for s in chart.series]
                assert line == [100.0] + [float(v) for v in marks if v is not None]
        else:  # stacked: each status's bars add up to the table's figures
            total = sum(float(v) for v in table.values(chart.series[0]))  # type: ignore[arg-type]
            assert sum(sum(values) for values in plotted) == pytest.approx(total)
    if username == "physician":
        census = page.cards["census"]
        assert sum(_plotted(census)[0]) > 0  # the demo clinic has patients in treatment


def test_numbers_dialog_and_excel_export(qtbot, demo, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page = _open(qtbot, demo, "physician")
    card = page.cards["census"]
    qtbot.mouseClick(card.numbers_button, Qt.MouseButton.LeftButton)
    dialog = card.dialog
    assert dialog is not None and dialog.isVisible()
    table = card.chart.table
    model = dialog.model
    assert model.rowCount() == len(table.rows)
    shown = [model.item(r, table.column("patients")).text() for r in range(model.rowCount())]
    assert shown == [str(v) for v in table.values("patients")]
    saved = dialog.export("xlsx", str(tmp_path / "census"))
    assert saved == tmp_path / "census.xlsx"
    book = load_workbook(saved)
    sheet = book.worksheets[0]
    values = [c for row in sheet.iter_rows(values_only=True) for c in row]
    for figure in table.values("patients"):
        assert figure in values or Decimal(str(figure)) in values
    pdf = dialog.export("pdf", str(tmp_path / "census.pdf"))
    assert pdf is not None and pdf.read_bytes().startswith(b"%PDF")


def test_the_figures_are_read_off_the_window_with_progress(qtbot, demo) -> None:  # type: ignore[no-untyped-def]
    page = _open(qtbot, demo, "admin")
    drawn = dict(page.cards)
    assert drawn
    # The first reading's dialog, closed, waits for the event loop to delete it: gone first.
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert not page.findChildren(QProgressDialog, "workProgress")
    page.refresh()  # returns at once: the services run in a worker
    assert page.loading and not page.refresh_button.isEnabled()
    dialog = page.findChild(QProgressDialog, "workProgress")
    assert dialog is not None and dialog.findChild(QPushButton, "cancelWork") is not None
    page.refresh()  # a second Refresh while reading starts nothing more
    assert len(page.findChildren(QProgressDialog, "workProgress")) == 1
    qtbot.waitUntil(lambda: not page.loading, timeout=30_000)
    assert page.refresh_button.isEnabled()
    assert set(page.cards) == set(drawn)
    assert all(page.cards[key] is not drawn[key] for key in drawn)  # drawn again


def _shown_labels(card: ChartCard) -> list[str]:
    """The texts QtCharts drew in CARD (axis labels, titles), as drawn: a cut one ends in "..."."""
    import shiboken6
    from PySide6.QtWidgets import QGraphicsTextItem

    texts = []
    for item in card.view.scene().items():
        if item.type() == 8 and item.isVisible():  # QGraphicsTextItem::Type
            holder = item.toGraphicsObject()
            text_item = shiboken6.wrapInstance(
                shiboken6.getCppPointer(holder)[0], QGraphicsTextItem
            )
            texts.append(text_item.toPlainText())
    return texts


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_the_physicians_chart_labels_are_whole_at_1366_by_768(qtbot, demo, language) -> None:  # type: ignore[no-untyped-def]
    """At 1366×768 every category label of the clinical charts is drawn whole, the top dose band
    ("100–119") too: the labels turn as far as they must and the chart grows to hold them."""
    from clinic.ui.i18n import languages

    languages.apply(language)
    page = _open(qtbot, demo, "physician")
    page.window().resize(1366, 768)
    qtbot.waitUntil(lambda: page.cards["dose_distribution"].view.width() < 700)
    qtbot.wait(50)
    for key, card in page.cards.items():
        assert card.cut_labels() == [], key
        shown = _shown_labels(card)
        assert not [text for text in shown if text.endswith(("...", "…"))], (key, shown)
    dose = page.cards["dose_distribution"]
    assert "100–119" in _shown_labels(dose)
    assert dose.view.chart().axes(Qt.Orientation.Horizontal)[0].labelsAngle() == -90


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_the_pharmacists_days_of_stock_read_across_with_whole_labels(qtbot, demo, language) -> None:  # type: ignore[no-untyped-def]
    """Days of stock remaining: bars across, each place and product (about 40 characters) whole
    on the left at 1366×768, in the table's order from the top; upright under the bars they
    were cut."""
    from clinic.ui.i18n import languages

    languages.apply(language)
    page = _open(qtbot, demo, "pharmacist")
    languages.apply(language)  # (signing in applies the clinic's; the page redraws)
    qtbot.wait(200)  # the language change is delivered, the charts drawn again
    title = "库存可用天数" if language == "zh_CN" else "Days of stock remaining"
    qtbot.waitUntil(lambda: page.cards["stock_days"].view.chart().title() == title)
    page.window().resize(1366, 768)
    card = page.cards["stock_days"]
    qtbot.waitUntil(lambda: card.view.width() > 900)  # a row of its own, both columns
    qtbot.wait(50)
    chart = card.view.chart()
    (series,) = chart.series()
    assert isinstance(series, QHorizontalBarSeries)
    (axis,) = chart.axes(Qt.Orientation.Vertical)
    assert isinstance(axis, QBarCategoryAxis)
    labels = [str(v) for v in card.chart.table.values("place_product")]
    assert axis.categories() == labels[::-1]  # drawn from the bottom up: the first on top
    assert len(labels) >= 8 and max(len(text) for text in labels) >= 35
    shown = _shown_labels(card)
    assert set(labels) <= set(shown)  # every one drawn, none cut
    assert not [text for text in shown if text.endswith(("...", "…"))], shown
