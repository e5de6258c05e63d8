"""Payer schemes, their terms by effective date, and the fee schedule: the administrator's page.
Nothing here is edited in place: a change is a new version from a date, audited by the service."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QEvent
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
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from clinic.errors import ClinicError
from clinic.insurance import claims, schemes, views
from clinic.insurance.claims import CHARGE_CATEGORIES, FEE_KINDS, KIND_CATEGORY, FeeInfo, TermsInfo
from clinic.insurance.schemes import KINDS, PayerSchemeInfo
from clinic.inventory import catalogue
from clinic.inventory.catalogue import ProductInfo
from clinic.service import AuthContext
from clinic.ui.claim_dialogs import fee_kind_name, fill_table, percent, yuan
from clinic.ui.common import error_text, setting_label
from clinic.ui.patient_common import clinic_today, date_edit, from_qdate, message_label
from clinic.ui.stock_page import _table


def charge_category_name(code: str) -> str:
    """The platform's charge category, as "05 Treatment" / "05 治疗费"."""
    en, zh = CHARGE_CATEGORIES.get(code, (code, code))
    return f"{code} {setting_label(en, zh)}"


def scheme_kind_name(kind: str) -> str:
    return setting_label(*KINDS.get(kind, (kind, kind)))


class _Form(QDialog):
    """A form whose OK runs a service call; a refusal is shown in place and the form stays."""

    def __init__(self, title: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.form = QFormLayout()
        self.message = message_label("formMessage")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.outcome: object | None = None

    def attempt(self, call: Callable[[], object]) -> None:
        try:
            self.outcome = call()
        except ClinicError as exc:
            self.message.setText(error_text(exc))
            return
        self.accept()

    def save(self) -> None:
        raise NotImplementedError


def _line(name: str, text: str = "") -> QLineEdit:
    edit = QLineEdit(text)
    edit.setObjectName(name)
    return edit


class SchemeDialog(_Form):
    def __init__(self, auth: AuthContext, parent: QWidget | None = None) -> None:
        super().__init__("", parent)
        self.setWindowTitle(self.tr("Add a payer scheme"))
        self.auth = auth
        self.code = _line("schemeCode")
        self.name = _line("schemeName")
        self.kind = QComboBox()
        self.kind.setObjectName("schemeKind")
        for key in KINDS:
            self.kind.addItem(scheme_kind_name(key), key)
        self.region = _line("schemeRegion")
        self.region.setPlaceholderText(self.tr("e.g. 110100 北京市"))
        self.form.addRow(self.tr("Code"), self.code)
        self.form.addRow(self.tr("Name"), self.name)
        self.form.addRow(self.tr("Kind"), self.kind)
        self.form.addRow(self.tr("Region"), self.region)

    def save(self) -> None:
        self.attempt(
            lambda: schemes.add_payer_scheme(
                self.auth,
                code=self.code.text(),
                name=self.name.text(),
                kind=str(self.kind.currentData()),
                region=self.region.text() or None,
            )
        )


class TermsDialog(_Form):
    """A new version of a scheme's terms from a date on."""

    def __init__(
        self,
        auth: AuthContext,
        found: list[PayerSchemeInfo],
        current: TermsInfo | None,
        chosen: str | None,
        today: date,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("", parent)
        self.setWindowTitle(self.tr("New terms for a payer scheme"))
        self.auth = auth
        self.scheme = QComboBox()
        self.scheme.setObjectName("termsScheme")
        for s in found:
            self.scheme.addItem(f"{s.code} · {s.name}", s.code)
        if chosen is not None and self.scheme.findData(chosen) >= 0:
            self.scheme.setCurrentIndex(self.scheme.findData(chosen))
        self.effective = date_edit("termsFrom", today)
        self.ratio = _line("termsRatio", f"{current.ratio}" if current else "0.7")
        self.deductible = _line("termsDeductible", f"{current.deductible}" if current else "0")
        cap = current.annual_cap if current else None
        self.cap = _line("termsCap", "" if cap is None else f"{cap}")
        self.cap.setPlaceholderText(self.tr("empty: no cap"))
        self.subsidy = _line("termsSubsidy", f"{current.subsidy_share}" if current else "0")
        covered = current.covered if current else frozenset(FEE_KINDS)
        self.covered = {kind: QCheckBox(fee_kind_name(kind)) for kind in FEE_KINDS}
        boxes = QHBoxLayout()
        for kind, box in self.covered.items():
            box.setObjectName(f"covers_{kind}")
            box.setChecked(kind in covered)
            boxes.addWidget(box)
        self.insutype = _line("termsInsutype", current.insutype if current else "390")
        self.med_type = _line("termsMedType", current.med_type if current else "14")
        self.form.addRow(self.tr("Payer scheme"), self.scheme)
        self.form.addRow(self.tr("In force from"), self.effective)
        self.form.addRow(self.tr("Reimbursement ratio (0–1)"), self.ratio)
        self.form.addRow(self.tr("Deductible per year (yuan)"), self.deductible)
        self.form.addRow(self.tr("Annual cap (yuan)"), self.cap)
        self.form.addRow(self.tr("Subsidy share of the patient's part (0–1)"), self.subsidy)
        self.form.addRow(self.tr("Covered items"), boxes)
        self.form.addRow(self.tr("Insurance type code (insutype)"), self.insutype)
        self.form.addRow(self.tr("Medical type code (med_type)"), self.med_type)

    def save(self) -> None:
        self.attempt(
            lambda: claims.set_scheme_terms(
                self.auth,
                scheme_code=str(self.scheme.currentData() or ""),
                effective_from=from_qdate(self.effective.date()),
                ratio=self.ratio.text(),
                deductible=self.deductible.text(),
                annual_cap=self.cap.text().strip() or None,
                subsidy_share=self.subsidy.text(),
                covered=[k for k, box in self.covered.items() if box.isChecked()],
                insutype=self.insutype.text(),
                med_type=self.med_type.text(),
            )
        )


class FeeDialog(_Form):
    """A price from a date on: a new item, or a new price for an existing one."""

    def __init__(
        self,
        auth: AuthContext,
        products: list[ProductInfo],
        current: FeeInfo | None,
        today: date,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("", parent)
        self.setWindowTitle(self.tr("New price"))
        self.auth = auth
        self.code = _line("feeCode", current.code if current else "")
        self.kind = QComboBox()
        self.kind.setObjectName("feeKind")
        for key in FEE_KINDS:
            self.kind.addItem(fee_kind_name(key), key)
        self.product = QComboBox()
        self.product.setObjectName("feeProduct")
        for p in products:
            self.product.addItem(p.name, p.product_id)
        self.name = _line("feeName", current.name if current else "")
        self.unit = _line("feeUnit", current.unit if current else "")
        self.price = _line("feePrice", f"{current.unit_price}" if current else "")
        self.insurance_code = _line("feeInsuranceCode", current.insurance_code if current else "")
        self.category = QComboBox()
        self.category.setObjectName("feeCategory")
        for code in CHARGE_CATEGORIES:
            self.category.addItem(charge_category_name(code), code)
        self.effective = date_edit("feeFrom", today)
        if current is not None:
            self.kind.setCurrentIndex(self.kind.findData(current.kind))
            if current.product_id is not None:
                self.product.setCurrentIndex(self.product.findData(current.product_id))
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self._kind_changed()
        if current is not None and current.charge_category:
            self.category.setCurrentIndex(self.category.findData(current.charge_category))
        self.form.addRow(self.tr("Kind"), self.kind)
        self.form.addRow(self.tr("Product"), self.product)
        self.form.addRow(self.tr("Name"), self.name)
        self.form.addRow(self.tr("Unit"), self.unit)
        self.form.addRow(self.tr("Unit price (yuan)"), self.price)
        self.form.addRow(self.tr("Clinic's own item code"), self.code)
        self.form.addRow(self.tr("National catalogue code (med_list_codg)"), self.insurance_code)
        self.form.addRow(self.tr("Charge category (med_chrgitm_type)"), self.category)
        self.form.addRow(self.tr("In force from"), self.effective)

    def _kind_changed(self) -> None:
        kind = str(self.kind.currentData())
        self.product.setEnabled(kind == "drug")
        self.category.setCurrentIndex(self.category.findData(KIND_CATEGORY.get(kind, "14")))

    def save(self) -> None:
        drug = self.kind.currentData() == "drug"
        self.attempt(
            lambda: claims.set_fee(
                self.auth,
                code=self.code.text(),
                kind=str(self.kind.currentData()),
                name=self.name.text(),
                unit=self.unit.text(),
                unit_price=self.price.text(),
                insurance_code=self.insurance_code.text(),
                effective_from=from_qdate(self.effective.date()),
                product_id=self.product.currentData() if drug else None,
                charge_category=str(self.category.currentData()),
            )
        )


class PayersPage(QWidget):
    """Schemes, each scheme's terms by date, and the fee schedule, each with its 'new' form."""

    def __init__(self, auth: AuthContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.auth = auth
        self.schemes: list[PayerSchemeInfo] = []
        self.terms: list[TermsInfo] = []
        self.fees: list[FeeInfo] = []
        self.products: list[ProductInfo] = []
        self.heading = QLabel()
        self.heading.setObjectName("pageHeading")
        self.intro = QLabel()
        self.intro.setObjectName("muted")
        self.intro.setWordWrap(True)
        self.message = message_label("payersMessage")
        self.message.setVisible(False)
        self.scheme_table = _table("schemeTable")
        self.terms_table = _table("termsTable")
        self.fee_table = _table("feeTable")
        self.add_scheme_button = QPushButton()
        self.add_scheme_button.setObjectName("addScheme")
        self.add_scheme_button.clicked.connect(lambda: self.open_form(self.scheme_form()))
        self.terms_button = QPushButton()
        self.terms_button.setObjectName("newTerms")
        self.terms_button.clicked.connect(lambda: self.open_form(self.terms_form()))
        self.fee_button = QPushButton()
        self.fee_button.setObjectName("newFee")
        self.fee_button.clicked.connect(lambda: self.open_form(self.fee_form()))
        self.boxes: list[QGroupBox] = []
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.intro)
        layout.addWidget(self.message)
        for table, button, stretch in (
            (self.scheme_table, self.add_scheme_button, 1),
            (self.terms_table, self.terms_button, 1),
            (self.fee_table, self.fee_button, 2),
        ):
            box = QGroupBox()
            inner = QVBoxLayout(box)
            row = QHBoxLayout()
            row.addStretch(1)
            row.addWidget(button)
            inner.addLayout(row)
            inner.addWidget(table)
            self.boxes.append(box)
            layout.addWidget(box, stretch)
        self.retranslate()
        self.reload()

    def reload(self) -> None:
        try:
            self.schemes = schemes.list_payer_schemes(self.auth, active_only=False)
            self.terms = views.list_scheme_terms(self.auth)
            self.fees = claims.list_fees(self.auth)
            self.products = catalogue.list_products(self.auth)
        except ClinicError as exc:
            self.show_message(error_text(exc))
            return
        self.show_tables()

    def show_tables(self) -> None:
        fill_table(
            self.scheme_table,
            [[s.code, s.name, scheme_kind_name(s.kind), s.region or ""] for s in self.schemes],
        )
        fill_table(
            self.terms_table,
            [
                [
                    t.scheme_code,
                    t.effective_from.isoformat(),
                    percent(t.ratio),
                    yuan(t.deductible),
                    yuan(t.annual_cap) if t.annual_cap is not None else self.tr("no cap"),
                    percent(t.subsidy_share),
                    setting_label(", ", "、").join(
                        fee_kind_name(k) for k in FEE_KINDS if k in t.covered
                    ),
                    t.insutype,
                    t.med_type,
                ]
                for t in self.terms
            ],
            right={2, 3, 4, 5},
        )
        names = {p.product_id: p.name for p in self.products}
        fill_table(
            self.fee_table,
            [
                [
                    f.code,
                    fee_kind_name(f.kind),
                    f.name,
                    names.get(f.product_id, "") if f.product_id else "",
                    f"{f.unit_price.normalize():f} / {f.unit}",
                    f.insurance_code,
                    charge_category_name(f.charge_category),
                    f.effective_from.isoformat(),
                ]
                for f in self.fees
            ],
            right={4},
        )

    def scheme_form(self) -> SchemeDialog:
        return SchemeDialog(self.auth, self)

    def terms_form(self) -> TermsDialog:
        rows = self.terms_table.selectionModel().selectedRows()
        current = self.terms[rows[0].row()] if rows else (self.terms[-1] if self.terms else None)
        chosen = current.scheme_code if current else None
        rows = self.scheme_table.selectionModel().selectedRows()
        if rows:
            chosen = self.schemes[rows[0].row()].code
            mine = [t for t in self.terms if t.scheme_code == chosen]
            current = mine[-1] if mine else None
        return TermsDialog(self.auth, self.schemes, current, chosen, clinic_today(self.auth), self)

    def fee_form(self) -> FeeDialog:
        rows = self.fee_table.selectionModel().selectedRows()
        current = self.fees[rows[0].row()] if rows else None
        return FeeDialog(self.auth, self.products, current, clinic_today(self.auth), self)

    def open_form(self, dialog: _Form) -> bool:
        if dialog.exec():
            self.reload()
            self.show_message(self.tr("Saved. The change is in the audit trail."), error=False)
            return True
        return False

    def show_message(self, text: str, *, error: bool = True) -> None:
        self.message.setText(text)
        self.message.setProperty("error", "true" if error else "false")
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)
        self.message.setVisible(bool(text))

    def retranslate(self) -> None:
        self.heading.setText(self.tr("Payer schemes and fees"))
        self.intro.setText(
            self.tr(
                "Changes take effect from a date: claims already made keep the terms and prices "
                "they were made under. Ratios are shares between 0 and 1."
            )
        )
        for box, title in zip(
            self.boxes,
            (self.tr("Payer schemes"), self.tr("Terms by date"), self.tr("Fee schedule")),
            strict=True,
        ):
            box.setTitle(title)
        self.add_scheme_button.setText(self.tr("Add a scheme…"))
        self.terms_button.setText(self.tr("New terms…"))
        self.fee_button.setText(self.tr("New price…"))
        for table, labels in (
            (
                self.scheme_table,
                [self.tr("Code"), self.tr("Name"), self.tr("Kind"), self.tr("Region")],
            ),
            (
                self.terms_table,
                [
                    self.tr("Scheme"),
                    self.tr("From"),
                    self.tr("Ratio"),
                    self.tr("Deductible"),
                    self.tr("Annual cap"),
                    self.tr("Subsidy"),
                    self.tr("Covered"),
                    self.tr("insutype"),
                    self.tr("med_type"),
                ],
            ),
            (
                self.fee_table,
                [
                    self.tr("Code"),
                    self.tr("Kind"),
                    self.tr("Name"),
                    self.tr("Product"),
                    self.tr("Unit price"),
                    self.tr("National catalogue code"),
                    self.tr("Charge category"),
                    self.tr("From"),
                ],
            ),
        ):
            table.setColumnCount(len(labels))
            table.setHorizontalHeaderLabels(labels)
        if self.schemes or self.fees:
            self.show_tables()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange and hasattr(self, "boxes"):
            self.retranslate()
        super().changeEvent(event)
