"""The physician's dose-order form: a new order supersedes the current one (orders are never
edited). Shows what the dose is in mL or tablets as it is typed."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from clinic.dosing.orders import (
    METHOD_DRUGS,
    Needs,
    OrderInfo,
    OrderRequest,
    order_needs,
    order_rules,
    write_order,
)
from clinic.dosing.units import compose_tablets, millilitres
from clinic.errors import ClinicError, InvalidInput
from clinic.inventory.catalogue import DRUGS, ProductInfo, list_products
from clinic.numbers import parse_quantity, parse_whole
from clinic.patients.records import PatientRecord
from clinic.service import AuthContext
from clinic.ui.common import error_text, setting_label
from clinic.ui.password import password_field
from clinic.ui.patient_common import (
    clinic_today,
    date_edit,
    from_qdate,
    message_label,
    order_dose_text,
)
from clinic.wording import plural

REVIEW_AFTER_DAYS = 28


class OrderDialog(QDialog):
    """Write one dose order for RECORD's patient; the service applies the titration rules."""

    def __init__(self, auth: AuthContext, record: PatientRecord, parent: QWidget | None = None):
        super().__init__(parent)
        self.auth, self.record = auth, record
        self.order: OrderInfo | None = None
        self.setObjectName("orderDialog")
        self.setWindowTitle(
            self.tr("Dose order for %1 (%2)")
            .replace("%1", record.name)
            .replace("%2", record.patient_number)
        )
        self.setMinimumWidth(560)
        today = clinic_today(auth)
        self.rules = order_rules(auth)  # the core's limits; the form never keeps its own
        self.take_home_max = self.rules.take_home_max_days
        drugs = METHOD_DRUGS.get(record.method or "", set())
        self.all_products = list_products(self.auth)
        self.products = [p for p in self.all_products if not drugs or p.drug in drugs]

        current = record.current_order
        self.current = QLabel(
            self.tr("Current order: %1 of %2")
            .replace("%1", order_dose_text(current))
            .replace("%2", current.product_name or "")
            if current is not None
            else self.tr("No order in force: this is the first order of the episode.")
        )
        self.current.setObjectName("muted")
        self.current.setWordWrap(True)
        self.product = QComboBox()
        self.product.setObjectName("product")
        for product in self.products:
            self.product.addItem(product.name, product.product_id)
        if current is not None and current.product_id is not None:
            self.product.setCurrentIndex(max(self.product.findData(current.product_id), 0))
        self.dose = QLineEdit()
        self.dose.setObjectName("dailyDose")
        self.dose.setPlaceholderText(self.tr("mg a day, e.g. 60"))
        self.equivalent = QLabel()
        self.equivalent.setObjectName("equivalent")
        self.equivalent.setWordWrap(True)
        self.slots = QLineEdit()
        self.slots.setObjectName("slots")
        self.slots.setPlaceholderText(self.tr("optional: mg per slot, e.g. 40 + 20"))
        self.start = date_edit("startOn", today)
        self.start.setMinimumDate(self.start.date())
        self.review_box = QCheckBox(self.tr("Review on"))
        self.review_box.setObjectName("hasReview")
        self.review_box.setChecked(True)
        self.review = date_edit("reviewOn", today + timedelta(days=REVIEW_AFTER_DAYS))
        self.end_box = QCheckBox(self.tr("Ends on"))
        self.end_box.setObjectName("hasEnd")
        self.end = date_edit("endOn", today + timedelta(days=REVIEW_AFTER_DAYS))
        self.end.setEnabled(False)
        self.review_box.toggled.connect(self.review.setEnabled)
        self.end_box.toggled.connect(self.end.setEnabled)
        self.take_home = QSpinBox()
        self.take_home.setObjectName("takeHomeDays")
        self.take_home.setRange(0, self.take_home_max)
        self.take_home.setEnabled(self.take_home_max > 0)
        self.take_home_note = QLabel(
            self.tr("The clinic's policy allows no take-home doses.")
            if self.take_home_max == 0
            else self.tr("At most %1 days.").replace("%1", str(self.take_home_max))
        )
        self.take_home_note.setObjectName("muted")
        self.reason = QLineEdit()
        self.reason.setObjectName("orderReason")
        self.reason.setPlaceholderText(self.tr("needed for a change of more than the usual step"))
        self.needs = QLabel()  # the limits this dose goes beyond, as the core counts them
        self.needs.setObjectName("orderNeeds")
        self.needs.setProperty("state", "warning")
        self.needs.setWordWrap(True)
        self.needs.setVisible(False)

        self.high = QGroupBox(
            self.tr("Above %1 mg a day: an ECG with its QTc, or a second physician").replace(
                "%1", str(self.rules.high_dose_threshold_mg)
            )
        )
        self.high.setObjectName("highDose")
        self.qtc = QLineEdit()
        self.qtc.setObjectName("qtc")
        self.qtc.setPlaceholderText(self.tr("ms"))
        self.ecg_on = date_edit("ecgOn", today, latest=today)
        self.second_user = QLineEdit()
        self.second_user.setObjectName("secondPhysician")
        self.second_password = password_field("secondPassword")
        high_form = QFormLayout(self.high)
        ecg_row = QHBoxLayout()
        ecg_row.addWidget(self.qtc)
        ecg_row.addWidget(QLabel(self.tr("recorded on")))
        ecg_row.addWidget(self.ecg_on)
        high_form.addRow(self.tr("ECG QTc"), ecg_row)
        high_form.addRow(self.tr("or second physician"), self.second_user)
        high_form.addRow(self.tr("their password"), self.second_password)

        form = QFormLayout()
        form.addRow(self.tr("Product"), self.product)
        form.addRow(self.tr("Daily dose (mg)"), self.dose)
        form.addRow("", self.equivalent)
        form.addRow(self.tr("Split into slots"), self.slots)
        form.addRow(self.tr("Starts on"), self.start)
        form.addRow(self.review_box, self.review)
        form.addRow(self.end_box, self.end)
        form.addRow(self.tr("Take-home days"), self.take_home)
        form.addRow("", self.take_home_note)
        form.addRow(self.tr("Reason"), self.reason)
        form.addRow("", self.needs)
        self.message = message_label()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Write the order"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.current)
        layout.addLayout(form)
        layout.addWidget(self.high)
        layout.addWidget(self.message)
        layout.addWidget(buttons)

        self.dose.textChanged.connect(self.update_equivalent)
        self.slots.textChanged.connect(self.update_equivalent)
        self.product.currentIndexChanged.connect(self.update_equivalent)
        self.start.dateChanged.connect(self.update_equivalent)
        self.propose_reassessed_dose()
        if not self.products:
            self.message.setText(
                self.tr("No product in the catalogue fits this patient's treatment method.")
            )
            self.ok_button.setEnabled(False)
        self.update_equivalent()
        self.dose.setFocus()

    def chosen_product(self) -> ProductInfo | None:
        wanted = self.product.currentData()
        return next((p for p in self.products if p.product_id == wanted), None)

    def slot_texts(self) -> tuple[str, ...]:
        raw = self.slots.text().replace("＋", "+").replace(",", "+").replace("，", "+")
        return tuple(part.strip() for part in raw.split("+") if part.strip())

    def _amount(self, product: ProductInfo, dose: Decimal) -> str:
        if product.unit == "mL":
            volume = millilitres(dose, product.mg_per_unit)
            return self.tr("%1 mL").replace("%1", f"{volume:f}")
        strengths = [
            p.mg_per_unit
            for p in self.all_products
            if p.drug == product.drug and p.form == product.form
        ]
        tablets = compose_tablets(dose, strengths)
        return " + ".join(
            plural(count, self.tr("%n × %2 mg tablet"), self.tr("%n × %2 mg tablets")).replace(
                "%2", f"{strength.normalize():f}"
            )
            for strength, count in tablets.items()
        )

    def update_equivalent(self) -> None:
        """What the typed dose is in mL or tablets, or what is wrong with it."""
        product = self.chosen_product()
        text = self.dose.text().strip()
        self.high.setVisible(False)
        self.needs.setVisible(False)
        if product is None or not text:
            self.equivalent.setText("")
            return
        try:
            dose = parse_quantity(text, "Daily dose (mg)", "每日剂量（mg）")
            parts = [self._amount(product, dose)]
            slots = self.slot_texts()
            if slots:
                parts = [
                    self._amount(product, parse_quantity(s, "Slot dose (mg)", "分次剂量（mg）"))
                    for s in slots
                ]
        except InvalidInput as exc:
            self.equivalent.setProperty("error", "true")
            self.equivalent.setText(error_text(exc))
        else:
            self.equivalent.setProperty("error", "false")
            drug_en, drug_zh = DRUGS.get(product.drug, (product.drug, product.drug))
            self.equivalent.setText(
                self.tr("= %1 a day (%2)")
                .replace("%1", " / ".join(parts))
                .replace("%2", setting_label(drug_en, drug_zh))
            )
            self.high.setVisible(self.rules.high_dose_check_needed(product.drug, dose))
            self.show_needs()
        self.equivalent.style().unpolish(self.equivalent)
        self.equivalent.style().polish(self.equivalent)

    def ask_needs(self, dose: str) -> Needs | None:
        product = self.chosen_product()
        if product is None:
            return None
        request = OrderRequest(
            product_id=product.product_id,
            daily_dose_mg=dose,
            slots_mg=self.slot_texts(),
            start_on=from_qdate(self.start.date()),
        )
        try:
            return order_needs(self.auth, patient_id=self.record.patient_id, request=request)
        except ClinicError:
            return None

    def show_needs(self) -> None:
        """Each limit the typed dose goes beyond, so the reason is asked before Write."""
        needs = self.ask_needs(self.dose.text())
        reasons = needs.reasons if needs is not None else ()
        self.needs.setText(
            "\n".join(setting_label(en, zh) for en, zh in reasons)
            + ("\n" + self.tr("State the reason above.") if reasons else "")
        )
        self.needs.setVisible(bool(reasons))

    def propose_reassessed_dose(self) -> None:
        """A patient held after missed days: the form starts at the reduced dose proposed."""
        current = self.record.current_order
        if current is None or current.daily_dose_mg is None:
            return
        needs = self.ask_needs(format(current.daily_dose_mg, "f"))
        if needs is not None and needs.proposed_mg is not None:
            self.dose.setText(format(needs.proposed_mg.normalize(), "f"))
            self.current.setText(
                self.current.text()
                + "\n"
                + self.tr("Held after missed days: the reassessment proposes %1 mg.").replace(
                    "%1", format(needs.proposed_mg.normalize(), "f")
                )
            )

    def request(self) -> OrderRequest:
        product = self.chosen_product()
        qtc_text = self.qtc.text().strip()
        qtc = parse_whole(qtc_text, "ECG QTc (ms)", "心电图 QTc（毫秒）") if qtc_text else None
        return OrderRequest(
            product_id=product.product_id if product else 0,
            daily_dose_mg=self.dose.text(),
            slots_mg=self.slot_texts(),
            start_on=from_qdate(self.start.date()),
            review_on=from_qdate(self.review.date()) if self.review_box.isChecked() else None,
            end_on=from_qdate(self.end.date()) if self.end_box.isChecked() else None,
            take_home_days=self.take_home.value(),
            reason=self.reason.text() or None,
            ecg_qtc_ms=qtc,
            ecg_on=from_qdate(self.ecg_on.date()) if qtc is not None else None,
            second_physician=self.second_user.text().strip() or None,
            second_physician_password=self.second_password.text() or None,
        )

    def save(self) -> None:
        if not self.dose.text().strip():
            self.message.setText(self.tr("Enter the daily dose in mg."))
            return
        try:
            self.order = write_order(
                self.auth, patient_id=self.record.patient_id, request=self.request()
            )
        except ClinicError as exc:
            self.message.setText(error_text(exc))
            self.second_password.clear()
            return
        self.accept()
