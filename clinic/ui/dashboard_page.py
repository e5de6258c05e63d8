"""The dashboard: a section per role the user holds, each chart with its numbers one click away."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QLineSeries,
    QStackedBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QEvent, QMargins, QRectF, Qt
from PySide6.QtGui import (
    QFont,
    QFontMetrics,
    QPainter,
    QShowEvent,
    QStandardItem,
    QStandardItemModel,
    QTextDocument,
    QTransform,
)
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from clinic.analytics import dashboard
from clinic.analytics.dashboard import Chart, Dashboard
from clinic.analytics.table import Cell, ReportTable, cell_text
from clinic.errors import Cancelled
from clinic.fileio import write_private
from clinic.privacy.permissions import Action, allowed
from clinic.reports.table_pdf import render_table_pdf
from clinic.reports.table_xlsx import render_table_xlsx
from clinic.service import AuthContext
from clinic.ui.common import error_text
from clinic.ui.i18n import languages
from clinic.ui.patient_common import clinic_today
from clinic.ui.worker import Progress, run_in_background

# Periods offered, in months back from today (0: since the clinic began, five years).
PERIOD_MONTHS = (3, 12, 24, 60)
# Category labels under a chart: level if they fit, else slanted, else upright.
LABEL_ANGLES = (0, -35, -90)
# QtCharts gives a category label the plot's width over (categories + 2), less this padding on
# each side, and cuts a label whose turned box is wider to "…" (HorizontalAxis::updateGeometry).
LABEL_PADDING = 4.0
# A chart's height, and the most it grows to: QtCharts gives the axes at most 40% of what the
# title, the legend and the margins leave (CartesianChartLayout's maxAxisPortion; the margins and
# the title take about 70 px), so upright labels need a taller chart.
CHART_HEIGHT = 260
CHART_HEIGHT_MAX = 480
AXIS_SHARE = 0.4
CHART_CHROME = 70.0


def _zh() -> bool:
    return languages.current == "zh_CN"


def _heading(table: ReportTable, key: str) -> str:
    column = table.columns[table.column(key)]
    return column.zh if _zh() else column.en


def _number(value: Cell) -> float | None:
    """A cell as a chart's value (charts plot floats; the exact figures are in the table)."""
    if isinstance(value, int | Decimal):
        return float(value)
    return None


def build_chart(chart: Chart) -> QChart:
    """A QChart of CHART's table: bars, stacked bars, a line over months, or survival curves."""
    table = chart.table
    qchart = QChart()
    qchart.setTitle(table.title_zh if _zh() else table.title_en)
    qchart.setMargins(QMargins(4, 4, 4, 4))
    qchart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    category = chart.category_en if chart.category_en and not _zh() else chart.category
    y_title = chart.y_zh if _zh() else chart.y_en
    axis_y = QValueAxis()
    axis_y.setTitleText(y_title)
    axis_y.setLabelFormat("%.0f")
    top = 0.0
    if chart.kind in ("bar", "hbar", "stacked"):
        if chart.kind in ("bar", "hbar"):
            # bars across are drawn from the bottom up: the table's first row goes last, on top
            ordered = (lambda values: values[::-1]) if chart.kind == "hbar" else list
            labels = ordered([cell_text(v) for v in table.values(category)])
            series: QBarSeries | QHorizontalBarSeries | QStackedBarSeries = (
                QBarSeries() if chart.kind == "bar" else QHorizontalBarSeries()
            )
            for key in chart.series:
                bar_set = QBarSet(_heading(table, key))
                for value in ordered(list(table.values(key))):
                    number = _number(value) or 0.0
                    bar_set.append(number)
                    top = max(top, number)
                series.append(bar_set)
        else:
            stack = chart.stack_en if chart.stack_en and not _zh() else chart.stack
            labels = list(dict.fromkeys(cell_text(v) for v in table.values(category)))
            stacks = list(dict.fromkeys(cell_text(v) for v in table.values(stack)))
            sums = {(c, s): 0.0 for c in labels for s in stacks}
            for row in table.rows:
                where = (
                    cell_text(row[table.column(category)]),
                    cell_text(row[table.column(stack)]),
                )
                sums[where] += _number(row[table.column(chart.series[0])]) or 0.0
            series = QStackedBarSeries()
            for name in stacks:
                bar_set = QBarSet(name)
                for label in labels:
                    bar_set.append(sums[(label, name)])
                series.append(bar_set)
            for label in labels:
                top = max(top, sum(sums[(label, s)] for s in stacks))
        qchart.addSeries(series)
        axis_x = QBarCategoryAxis()
        axis_x.append(labels)
        if chart.kind == "hbar":  # the categories down the left
            qchart.addAxis(axis_x, Qt.AlignmentFlag.AlignLeft)
            qchart.addAxis(axis_y, Qt.AlignmentFlag.AlignBottom)
        else:
            qchart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
            qchart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(axis_x)
        series.attachAxis(axis_y)
        if len(chart.series) == 1 and chart.kind in ("bar", "hbar"):
            qchart.legend().hide()
    elif chart.kind == "line":
        labels = [cell_text(v) for v in table.values(category)]
        line = QLineSeries()
        line.setName(_heading(table, chart.series[0]))
        line.setPointsVisible(True)
        for index, value in enumerate(table.values(chart.series[0])):
            point = _number(value)
            if point is not None:
                line.append(index, point)
                top = max(top, point)
        qchart.addSeries(line)
        axis_x = QBarCategoryAxis()
        axis_x.append(labels)
        qchart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
        qchart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
        line.attachAxis(axis_x)
        line.attachAxis(axis_y)
        qchart.legend().hide()
    else:  # curve: one line per row (cohort), in treatment % at 0, 3, 6, 12 months
        months = (3, 6, 12)
        axis_months = QValueAxis()
        axis_months.setRange(0, 12)
        axis_months.setTickCount(5)
        axis_months.setLabelFormat("%d")
        axis_months.setTitleText("月" if _zh() else "Months")
        qchart.addAxis(axis_months, Qt.AlignmentFlag.AlignBottom)
        qchart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
        for row in table.rows:
            line = QLineSeries()
            line.setName(cell_text(row[table.column(category)]))
            line.setPointsVisible(True)
            line.append(0, 100.0)
            for month, key in zip(months, chart.series, strict=True):
                point = _number(row[table.column(key)])
                if point is not None:
                    line.append(month, point)
            qchart.addSeries(line)
            line.attachAxis(axis_months)
            line.attachAxis(axis_y)
        top = 100.0
    axis_y.setRange(0, max(top * 1.1, 4.0))
    axis_y.applyNiceNumbers()  # whole steps: 0, 1, 2 … not 0, 0, 1, 1
    return qchart


def label_box(font: QFont, text: str, angle: float) -> QRectF:
    """The box QtCharts gives a label: its text as a document, turned by ANGLE degrees."""
    document = QTextDocument()
    document.setDefaultFont(font)
    document.setHtml(text)
    size = document.size()
    return QTransform().rotate(angle).mapRect(QRectF(0, 0, size.width(), size.height()))


def fitting_angle(font: QFont, labels: list[str], slot: float) -> int:
    """The first of LABEL_ANGLES at which every label's turned box is at most SLOT wide."""
    for angle in LABEL_ANGLES:
        if all(label_box(font, text, angle).width() <= slot for text in labels):
            return angle
    return LABEL_ANGLES[-1]


def label_slot(chart: QChart, axis: QBarCategoryAxis, plot_width: float) -> float:
    """The width QtCharts lets each of AXIS's labels have on a plot PLOT_WIDTH wide: the plot
    over the axis's range in whole steps plus two (bars span -0.5..n-0.5, a line's points 0..n-1)."""
    bars = any(
        isinstance(series, QBarSeries | QStackedBarSeries) and axis in series.attachedAxes()
        for series in chart.series()
    )
    steps = axis.count() if bars else axis.count() - 1
    return plot_width / (max(steps, 1) + 2) - 2 * LABEL_PADDING


class NumbersDialog(QDialog):
    """The table behind a chart, to read, and to export to Excel or PDF."""

    def __init__(self, table: ReportTable, demo: bool = False, parent: QWidget | None = None):
        super().__init__(parent)
        self.table = table
        self.demo = demo
        self.setObjectName("dashboardNumbers")
        self.setWindowTitle(table.title_zh if _zh() else table.title_en)
        self.resize(720, 420)
        self.model = QStandardItemModel(len(table.rows), len(table.columns), self)
        self.model.setHorizontalHeaderLabels([c.zh if _zh() else c.en for c in table.columns])
        for r, row in enumerate(table.rows):
            for c, value in enumerate(row):
                item = QStandardItem(cell_text(value))
                item.setEditable(False)
                if table.columns[c].numeric:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.model.setItem(r, c, item)
        self.view = QTableView()
        self.view.setObjectName("numbersTable")
        self.view.setModel(self.model)
        self.view.verticalHeader().hide()
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        notes = QLabel("\n".join(table.notes))
        notes.setWordWrap(True)
        notes.setObjectName("muted")
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.xlsx_button = QPushButton(self.tr("Export to Excel…"))
        self.xlsx_button.setObjectName("exportXlsx")
        self.xlsx_button.clicked.connect(lambda: self.export("xlsx"))
        self.pdf_button = QPushButton(self.tr("Export to PDF…"))
        self.pdf_button.setObjectName("exportPdf")
        self.pdf_button.clicked.connect(lambda: self.export("pdf"))
        close = QPushButton(self.tr("Close"))
        close.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addWidget(self.xlsx_button)
        buttons.addWidget(self.pdf_button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addWidget(notes)
        layout.addWidget(self.message)
        layout.addLayout(buttons)

    def export(self, kind: str, target: str | None = None) -> Path | None:
        """Ask where (unless TARGET), then write the table as an Excel workbook or a PDF."""
        if target is None:
            target, _ = QFileDialog.getSaveFileName(
                self,
                self.tr("Save the figures"),
                f"{self.table.file_stem()}.{kind}",
                "Excel (*.xlsx)" if kind == "xlsx" else "PDF (*.pdf)",
            )
        if not target:
            return None
        path = Path(target)
        if path.suffix.lower() != f".{kind}":
            path = path.with_name(f"{path.name}.{kind}")
        try:
            data = (
                render_table_xlsx(self.table)
                if kind == "xlsx"
                else render_table_pdf(self.table, demo=self.demo)
            )
            write_private(path, data)
        except (OSError, ValueError) as exc:
            self.message.setText(error_text(exc))
            return None
        self.message.setText(self.tr("Saved to %1.").replace("%1", str(path)))
        return path


class ChartCard(QFrame):
    """One chart with its title and its Numbers button."""

    def __init__(self, chart: Chart, demo: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.chart = chart
        self.demo = demo
        self.setObjectName(f"chart_{chart.table.key}")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.view = QChartView(build_chart(chart))
        self.view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.least_height = CHART_HEIGHT
        if chart.kind == "hbar":  # a row for each category, its label's height and some more:
            # QtCharts cuts a label taller than its row to "..." and hides every other one
            rows = len(chart.table.rows)
            label = QFontMetrics(self.view.chart().axes(Qt.Orientation.Vertical)[0].labelsFont())
            self.least_height = max(CHART_HEIGHT, round(CHART_CHROME + rows * 2 * label.height()))
        self.view.setMinimumHeight(self.least_height)
        self.fitted_width = -1.0
        self.view.chart().plotAreaChanged.connect(self.fit_labels)
        self.numbers_button = QPushButton(self.tr("Numbers"))
        self.numbers_button.setObjectName("numbersButton")
        self.numbers_button.setToolTip(self.tr("The figures behind this chart, to read and export"))
        self.numbers_button.clicked.connect(self.show_numbers)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.numbers_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.view, 1)
        layout.addLayout(row)
        self.dialog: NumbersDialog | None = None

    def fit_labels(self, plot: QRectF) -> None:
        """Turn the category labels as far as they need to fit the plot's width whole, and make
        the chart tall enough for the axis to hold them (up to CHART_HEIGHT_MAX)."""
        if abs(plot.width() - self.fitted_width) < 0.5:
            return  # the labels' height changed the plot's, not its width
        self.fitted_width = plot.width()
        chart = self.view.chart()
        tallest = 0.0
        for axis in chart.axes(Qt.Orientation.Horizontal):
            if not isinstance(axis, QBarCategoryAxis) or not axis.count():
                continue
            font, labels = axis.labelsFont(), axis.categories()
            angle = fitting_angle(font, labels, label_slot(chart, axis, plot.width()))
            if axis.labelsAngle() != angle:
                axis.setLabelsAngle(angle)
            tallest = max(tallest, *(label_box(font, text, angle).height() for text in labels))
        legend = chart.legend()
        chrome = CHART_CHROME + (legend.geometry().height() if legend.isVisible() else 0.0)
        needed = (tallest + 3 * LABEL_PADDING) / AXIS_SHARE + chrome
        fitted = round(min(max(CHART_HEIGHT, needed), CHART_HEIGHT_MAX))
        self.view.setMinimumHeight(max(fitted, self.least_height))

    def cut_labels(self) -> list[str]:
        """The category labels QtCharts could not show whole (none, once they fit)."""
        plot = self.view.chart().plotArea()
        return [
            text
            for axis in self.view.chart().axes(Qt.Orientation.Horizontal)
            if isinstance(axis, QBarCategoryAxis)
            for text in axis.categories()
            if label_box(axis.labelsFont(), text, axis.labelsAngle()).width()
            > label_slot(self.view.chart(), axis, plot.width())
        ]

    def show_numbers(self) -> NumbersDialog:
        self.dialog = NumbersDialog(self.chart.table, self.demo, self)
        self.dialog.show()
        return self.dialog


def _load(auth: AuthContext, key: str, start: date, end: date) -> Dashboard:
    if key == "clinical":
        return dashboard.clinical_dashboard(auth, start=start, end=end)
    if key == "pharmacy":
        return dashboard.pharmacy_dashboard(auth, start=start, end=end)
    if key == "claims":
        return dashboard.claims_dashboard(auth, start=start, end=end)
    return dashboard.dosing_dashboard(auth)


SECTIONS: tuple[tuple[str, Action], ...] = (
    ("dosing", Action.DASHBOARD_DOSING),
    ("clinical", Action.DASHBOARD_CLINICAL),
    ("pharmacy", Action.DASHBOARD_PHARMACY),
    ("claims", Action.DASHBOARD_CLAIMS),
)


class DashboardPage(QWidget):
    """A section for each of the user's dashboards; a period chooser and Refresh above them."""

    def __init__(self, auth: AuthContext, *, demo: bool = False) -> None:
        super().__init__()
        self.auth = auth
        self.demo = demo
        roles = auth.actor.roles
        self.sections = [key for key, action in SECTIONS if allowed(action, roles)]
        self.boards: dict[str, Dashboard] = {}
        self.cards: dict[str, ChartCard] = {}
        self.loading = False
        self.heading = QLabel()
        self.heading.setObjectName("pageHeading")
        self.period_label = QLabel()
        self.period = QComboBox()
        self.period.setObjectName("dashboardPeriod")
        for months in PERIOD_MONTHS:
            self.period.addItem("", months)
        self.period.setCurrentIndex(1)
        self.period.currentIndexChanged.connect(lambda _: self.refresh())
        self.refresh_button = QPushButton()
        self.refresh_button.setObjectName("dashboardRefresh")
        self.refresh_button.clicked.connect(self.refresh)
        self.message = QLabel()
        self.message.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(self.heading)
        top.addStretch(1)
        top.addWidget(self.period_label)
        top.addWidget(self.period)
        top.addWidget(self.refresh_button)
        self.body = QWidget()
        self.body_layout = QVBoxLayout(self.body)
        self.body_layout.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.body)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.message)
        layout.addWidget(scroll, 1)
        self.retranslate()

    def showEvent(self, event: QShowEvent) -> None:
        """Figures are asked for when the page is first shown, not at sign-in."""
        if not self.boards:
            self.refresh()
        super().showEvent(event)

    def period_range(self) -> tuple[date, date]:
        today = clinic_today(self.auth)
        months = int(self.period.currentData())
        return today - timedelta(days=round(months * 30.44)) + timedelta(days=1), today

    def refresh(self) -> None:
        """Ask each dashboard's service again, off the UI thread (a 5-year clinic's clinical
        figures take about half a second), one step of the progress per section; then redraw.
        A Cancel keeps the charts already drawn."""
        if self.loading:
            return
        self.message.setText("")
        try:
            start, end = self.period_range()
        except Exception as exc:  # a session ended or locked: said on the page, nothing drawn
            self.message.setText(error_text(exc))
            return
        auth, sections = self.auth, list(self.sections)

        def work(progress: Progress) -> tuple[dict[str, Dashboard], str]:
            boards: dict[str, Dashboard] = {}
            problem = ""
            progress(0, len(sections))
            for done, key in enumerate(sections, start=1):
                try:
                    boards[key] = _load(auth, key, start, end)
                except Cancelled:
                    raise
                except Exception as exc:  # shown on the page; the other sections still load
                    problem = error_text(exc)
                progress(done, len(sections))
            return boards, problem

        def done(result: tuple[dict[str, Dashboard], str]) -> None:
            self.loading = False
            self.refresh_button.setEnabled(True)
            self.boards, problem = result
            self.message.setText(problem)
            self._draw()

        def failed(exc: Exception) -> None:
            self.loading = False
            self.refresh_button.setEnabled(True)
            self.message.setText(error_text(exc))

        def cancelled() -> None:
            self.loading = False
            self.refresh_button.setEnabled(True)

        self.loading = True
        self.refresh_button.setEnabled(False)
        run_in_background(
            self,
            self.tr("Reading the figures…"),
            work,
            on_done=done,
            on_error=failed,
            on_cancelled=cancelled,
        )

    def _draw(self) -> None:
        while self.body_layout.count():
            item = self.body_layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.cards = {}
        for key in self.sections:
            board = self.boards.get(key)
            if board is None:
                continue
            title = QLabel(board.title_zh if _zh() else board.title_en)
            title.setObjectName("sectionHeading")
            self.body_layout.addWidget(title)
            grid_holder = QWidget()
            grid = QGridLayout(grid_holder)
            grid.setContentsMargins(0, 0, 0, 0)
            place = 0  # cells taken, two to a row; bars across take a row of their own
            for chart in board.charts:
                card = ChartCard(chart, self.demo)
                self.cards[chart.table.key] = card
                if chart.kind == "hbar":
                    place += place % 2
                    grid.addWidget(card, place // 2, 0, 1, 2)
                    place += 2
                else:
                    grid.addWidget(card, place // 2, place % 2)
                    place += 1
            self.body_layout.addWidget(grid_holder)
        self.body_layout.addStretch(1)

    def retranslate(self) -> None:
        self.heading.setText(self.tr("Dashboard"))
        self.period_label.setText(self.tr("Period"))
        self.refresh_button.setText(self.tr("Refresh"))
        names: dict[int, Callable[[], str]] = {
            3: lambda: self.tr("Last 3 months"),
            12: lambda: self.tr("Last 12 months"),
            24: lambda: self.tr("Last 2 years"),
            60: lambda: self.tr("Last 5 years"),
        }
        for index in range(self.period.count()):
            self.period.setItemText(index, names[int(self.period.itemData(index))]())

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
            if self.boards:
                self._draw()
        super().changeEvent(event)
