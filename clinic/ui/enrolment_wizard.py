"""The enrolment wizard: a page per step of the core Enrolment workflow. Each page hands what was
typed to the workflow when Next is pressed; an error stays on that page, in the user's language."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from clinic import administration
from clinic.errors import ClinicError, InvalidInput
from clinic.insurance.schemes import list_payer_schemes
from clinic.patients.enrolment import (
    DIAGNOSIS_NAME,
    ICD10_OPIOID_DEPENDENCE,
    ICD11_OPIOID_DEPENDENCE,
    Eligibility,
    EnrolledPatient,
    Enrolment,
    Identity,
    Payer,
    check_duplicate,
    enrol_patient,
    image_kind,
)
from clinic.patients.identity import mask_national_id
from clinic.patients.transfer import TransferSummary, enrol_transferred
from clinic.service import AuthContext
from clinic.ui.common import error_text
from clinic.ui.i18n import languages
from clinic.ui.patient_common import (
    AgreementForm,
    clinic_today,
    date_edit,
    from_qdate,
    message_label,
    method_name,
    photo_bytes,
    photo_pixmap,
    sex_name,
    to_qdate,
)

SCAN_FILTER = "*.pdf *.png *.jpg *.jpeg"


@dataclass(frozen=True)
class PendingTransfer:
    """A transfer file opened and its fields confirmed: what pre-fills the wizard, and what its
    last page hands to the core again (which opens and verifies the file once more)."""

    data: bytes
    passphrase: str
    summary: TransferSummary
    confirmed: frozenset[str]


def camera_available() -> bool:
    """True only where Qt Multimedia is installed and finds a camera."""
    try:
        from PySide6.QtMultimedia import QMediaDevices  # type: ignore[import-not-found, unused-ignore]
    except ImportError:
        return False
    return bool(QMediaDevices.videoInputs())


class _StepPage(QWizardPage):
    """A page whose validatePage hands its values to the workflow and shows any error."""

    def __init__(self, wizard: EnrolmentWizard) -> None:
        super().__init__()
        self.owner = wizard
        self.message = message_label()
        self.message.setVisible(False)

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def validatePage(self) -> bool:
        try:
            self.apply()
        except ClinicError as exc:
            self.show_message(error_text(exc))
            return False
        self.show_message("")
        return True

    def apply(self) -> None:
        raise NotImplementedError


class IdentityPage(_StepPage):
    def __init__(self, wizard: EnrolmentWizard) -> None:
        super().__init__(wizard)
        self.setTitle(self.tr("Identity"))
        self.setSubTitle(
            self.tr(
                "As on the resident identity card. The ID number is checked, and searched for "
                "an earlier record, before you go on."
            )
        )
        self.name = QLineEdit()
        self.name.setObjectName("name")
        self.sex = QComboBox()
        self.sex.setObjectName("sex")
        self.sex.addItem(sex_name("M"), "M")
        self.sex.addItem(sex_name("F"), "F")
        self.national_id = QLineEdit()
        self.national_id.setObjectName("nationalId")
        self.national_id.setMaxLength(40)  # 18 characters, and the spaces people paste
        self.birth = date_edit("birthDate", date(1980, 1, 1), latest=wizard.today)
        self.phone = QLineEdit()
        self.phone.setObjectName("phone")
        self.address = QLineEdit()
        self.address.setObjectName("address")
        self.emergency = QLineEdit()
        self.emergency.setObjectName("emergencyContact")
        form = QFormLayout()
        form.addRow(self.tr("Name"), self.name)
        form.addRow(self.tr("Sex"), self.sex)
        form.addRow(self.tr("ID number"), self.national_id)
        form.addRow(self.tr("Date of birth"), self.birth)
        form.addRow(self.tr("Phone"), self.phone)
        form.addRow(self.tr("Address"), self.address)
        form.addRow(self.tr("Emergency contact"), self.emergency)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)

    def apply(self) -> None:
        identity = self.owner.enrolment.set_identity(
            Identity(
                name=self.name.text(),
                sex=str(self.sex.currentData()),
                birth_date=from_qdate(self.birth.date()),
                national_id=self.national_id.text(),
                phone=self.phone.text(),
                address=self.address.text(),
                emergency_contact=self.emergency.text(),
            )
        )
        found = check_duplicate(self.owner.auth, national_id=identity.national_id)
        if found:
            self.owner.enrolment.done.discard("identity")
            raise InvalidInput(
                en=f"A patient with this ID number is already registered ({found}). Open that "
                "record from the patient list instead of making a second one.",
                zh=f"已有使用该身份证号码的患者（{found}）。请从患者列表打开该记录，不要重复建档。",
            )


class PhotoPage(_StepPage):
    def __init__(self, wizard: EnrolmentWizard) -> None:
        super().__init__(wizard)
        self.setTitle(self.tr("Photo"))
        self.setSubTitle(
            self.tr("The nurse at the dosing window checks the patient against this photo.")
        )
        self.photo: bytes | None = None
        self.preview = QLabel()
        self.preview.setObjectName("photoPreview")
        self.preview.setFixedSize(180, 230)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setFrameShape(QLabel.Shape.Box)
        self.choose = QPushButton(self.tr("From a file…"))
        self.choose.setObjectName("photoFromFile")
        self.choose.clicked.connect(self.choose_file)
        self.camera = QPushButton(self.tr("Take with the camera"))
        self.camera.setObjectName("photoFromCamera")
        self.camera.clicked.connect(self.take_photo)
        self.has_camera = camera_available()
        self.camera.setVisible(self.has_camera)
        self.remove = QPushButton(self.tr("No photo now"))
        self.remove.setObjectName("photoRemove")
        self.remove.clicked.connect(lambda: self.set_photo(None))
        self.camera_note = QLabel(
            "" if self.has_camera else self.tr("No camera found: choose a photo file.")
        )
        self.camera_note.setObjectName("muted")
        buttons = QVBoxLayout()
        for widget in (self.choose, self.camera, self.remove, self.camera_note):
            buttons.addWidget(widget)
        buttons.addStretch(1)
        row = QHBoxLayout()
        row.addWidget(self.preview)
        row.addLayout(buttons, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.message)
        self.set_photo(None)

    def set_photo(self, data: bytes | None) -> None:
        self.photo = data
        pixmap = photo_pixmap(data, 180, 230)
        if pixmap is None:
            self.preview.clear()
            self.preview.setText(self.tr("No photo"))
        else:
            self.preview.setPixmap(pixmap)

    def load_file(self, path: Path) -> bool:
        image = QImage(str(path))
        if image.isNull():
            self.show_message(self.tr("This file is not an image the program can read."))
            return False
        self.show_message("")
        self.set_photo(photo_bytes(image))
        return True

    def choose_file(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(
            self, self.tr("Choose a photo"), "", self.tr("Images (*.png *.jpg *.jpeg *.bmp)")
        )
        if chosen:
            self.load_file(Path(chosen))

    def take_photo(self) -> None:
        """One still from the default camera (only offered where Qt Multimedia finds one)."""
        try:
            from PySide6.QtMultimedia import (  # type: ignore[import-not-found, unused-ignore]
                QCamera,
                QImageCapture,
                QMediaCaptureSession,
            )
        except ImportError:
            return
        self.session = QMediaCaptureSession()
        self.cam = QCamera()
        self.capture = QImageCapture()
        self.session.setCamera(self.cam)
        self.session.setImageCapture(self.capture)

        def captured(_id: int, image: QImage) -> None:
            self.cam.stop()
            self.set_photo(photo_bytes(image))

        self.capture.imageCaptured.connect(captured)
        self.capture.readyForCaptureChanged.connect(
            lambda ready: self.capture.capture() if ready else None
        )
        self.cam.start()

    def apply(self) -> None:
        self.owner.enrolment.set_photo(self.photo)


class EligibilityPage(_StepPage):
    def __init__(self, wizard: EnrolmentWizard) -> None:
        super().__init__(wizard)
        self.setTitle(self.tr("Eligibility"))
        self.setSubTitle(
            self.tr("Opioid dependence diagnosed by a physician; voluntary; full capacity.")
        )
        today = wizard.today
        self.diagnosis = QLabel(
            f"{DIAGNOSIS_NAME} — ICD-11 {ICD11_OPIOID_DEPENDENCE} / ICD-10 "
            f"{ICD10_OPIOID_DEPENDENCE}"
        )
        self.diagnosis.setWordWrap(True)
        self.diagnosed_on = date_edit("diagnosedOn", today, latest=today)
        self.voluntary = QCheckBox(self.tr("The patient applies of their own will"))
        self.voluntary.setObjectName("voluntary")
        self.capacity = QCheckBox(self.tr("The patient has full capacity for civil conduct"))
        self.capacity.setObjectName("fullCapacity")
        self.guardian_note = QLabel()
        self.guardian_note.setObjectName("guardianNote")
        self.guardian_note.setWordWrap(True)
        self.guardian = QLineEdit()
        self.guardian.setObjectName("guardian")
        self.guardian_on = date_edit("guardianConsentOn", today, latest=today)
        self.guardian_label = QLabel(self.tr("Guardian (name, relation)"))
        self.guardian_on_label = QLabel(self.tr("Guardian's written consent on"))
        form = QFormLayout()
        form.addRow(self.tr("Diagnosis"), self.diagnosis)
        form.addRow(self.tr("Diagnosed on"), self.diagnosed_on)
        form.addRow("", self.voluntary)
        form.addRow("", self.capacity)
        form.addRow(self.guardian_note)
        form.addRow(self.guardian_label, self.guardian)
        form.addRow(self.guardian_on_label, self.guardian_on)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)

    def initializePage(self) -> None:
        needed = self.owner.enrolment.needs_guardian()
        for widget in (
            self.guardian_note,
            self.guardian,
            self.guardian_on,
            self.guardian_label,
            self.guardian_on_label,
        ):
            widget.setVisible(needed)
        self.guardian_note.setText(
            self.tr(
                "The patient is under %1: treatment needs a guardian's written consent."
            ).replace("%1", str(self.owner.enrolment.minimum_age))
        )

    def apply(self) -> None:
        needed = self.owner.enrolment.needs_guardian()
        self.owner.enrolment.set_eligibility(
            Eligibility(
                diagnosed_on=from_qdate(self.diagnosed_on.date()),
                voluntary=self.voluntary.isChecked(),
                full_capacity=self.capacity.isChecked(),
                guardian=self.guardian.text() if needed else None,
                guardian_consent_on=from_qdate(self.guardian_on.date()) if needed else None,
            )
        )


class AgreementPage(_StepPage):
    def __init__(self, wizard: EnrolmentWizard) -> None:
        super().__init__(wizard)
        self.setTitle(self.tr("Voluntary-treatment agreement"))
        self.setSubTitle(self.tr("Tick each term the signed agreement states."))
        self.form = AgreementForm(wizard.today)
        self.scan: bytes | None = None
        self.scan_label = QLabel(self.tr("No scanned copy"))
        self.scan_label.setObjectName("scanName")
        self.scan_button = QPushButton(self.tr("Attach the scanned copy…"))
        self.scan_button.setObjectName("attachScan")
        self.scan_button.clicked.connect(self.choose_scan)
        row = QHBoxLayout()
        row.addWidget(self.scan_button)
        row.addWidget(self.scan_label, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addLayout(row)
        layout.addWidget(self.message)

    def choose_scan(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("The scanned agreement"),
            "",
            self.tr("PDF or image (%1)").replace("%1", SCAN_FILTER),
        )
        if chosen:
            self.load_scan(Path(chosen))

    def load_scan(self, path: Path) -> None:
        try:
            data = path.read_bytes()
        except OSError as exc:
            self.show_message(str(exc))
            return
        if image_kind(data) is None:
            self.show_message(self.tr("The scanned copy must be a PDF, PNG or JPEG file."))
            return
        self.scan = data
        self.scan_label.setText(
            self.tr("%1 (%2 KB), stored encrypted")
            .replace("%1", path.name)
            .replace("%2", str(max(1, len(data) // 1024)))
        )
        self.show_message("")

    def apply(self) -> None:
        self.owner.enrolment.set_agreement(self.form.value(self.scan))


class PayerPage(_StepPage):
    def __init__(self, wizard: EnrolmentWizard) -> None:
        super().__init__(wizard)
        self.setTitle(self.tr("Payer"))
        self.setSubTitle(
            self.tr(
                "Who pays, and whether the patient consents to insurance claims. Without "
                "consent the patient is never in a claim file."
            )
        )
        self.scheme = QComboBox()
        self.scheme.setObjectName("scheme")
        self.scheme.addItem(self.tr("Self-pay"), None)
        for scheme in wizard.schemes:
            self.scheme.addItem(scheme.name, scheme.code)
        self.insured = QLineEdit()
        self.insured.setObjectName("insuredNumber")
        self.consent = QCheckBox(self.tr("The patient consents to insurance claims"))
        self.consent.setObjectName("claimsConsent")
        self.consent_on = date_edit("claimsConsentOn", wizard.today, latest=wizard.today)
        self.consent_on.setEnabled(False)
        self.consent.toggled.connect(self.consent_on.setEnabled)
        self.scheme.currentIndexChanged.connect(self._scheme_changed)
        form = QFormLayout()
        form.addRow(self.tr("Payer scheme"), self.scheme)
        form.addRow(self.tr("Insured-person number"), self.insured)
        form.addRow("", self.consent)
        form.addRow(self.tr("Consent signed on"), self.consent_on)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        self._scheme_changed()

    def _scheme_changed(self) -> None:
        insured = self.scheme.currentData() is not None
        self.insured.setEnabled(insured)
        self.consent.setEnabled(insured)
        if not insured:
            self.consent.setChecked(False)

    def apply(self) -> None:
        self.owner.enrolment.set_payer(
            Payer(
                scheme_code=self.scheme.currentData(),
                insured_number=self.insured.text() if self.insured.isEnabled() else None,
                claims_consent=self.consent.isChecked(),
                consent_signed_on=from_qdate(self.consent_on.date())
                if self.consent.isChecked()
                else None,
            )
        )


class ReviewPage(_StepPage):
    def __init__(self, wizard: EnrolmentWizard) -> None:
        super().__init__(wizard)
        self.setTitle(self.tr("Review"))
        self.setSubTitle(
            self.tr(
                "Check everything with the patient. Finish registers them and starts "
                "treatment (episode 1)."
            )
        )
        self.summary = QLabel()
        self.summary.setObjectName("reviewSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addStretch(1)
        layout.addWidget(self.message)

    def initializePage(self) -> None:
        e = self.owner.enrolment
        rows: list[tuple[str, str]] = []
        if e.identity:
            rows += [
                (self.tr("Name"), e.identity.name),
                (self.tr("Sex"), sex_name(e.identity.sex)),
                (self.tr("ID number"), mask_national_id(e.identity.national_id)),
                (self.tr("Date of birth"), e.identity.birth_date.isoformat()),
                (self.tr("Phone"), e.identity.phone or "—"),
            ]
        rows.append((self.tr("Photo"), self.tr("yes") if e.photo else self.tr("none")))
        if e.eligibility:
            diagnosis = (
                f"ICD-11 {e.eligibility.icd11} / ICD-10 {e.eligibility.icd10}, "
                f"{e.eligibility.diagnosed_on.isoformat()}"
            )
            rows.append((self.tr("Diagnosis"), diagnosis))
            if e.eligibility.guardian:
                rows.append((self.tr("Guardian"), e.eligibility.guardian))
        if e.agreement:
            agreement = ", ".join(
                (
                    method_name(e.agreement.method),
                    e.agreement.duration,
                    e.agreement.signed_on.isoformat(),
                )
            )
            if e.agreement.scan:
                agreement += " (" + self.tr("scanned copy attached") + ")"
            rows.append((self.tr("Agreement"), agreement))
        if e.payer:
            scheme = next(
                (s.name for s in self.owner.schemes if s.code == e.payer.scheme_code),
                self.tr("Self-pay"),
            )
            rows.append((self.tr("Payer"), scheme))
            if e.payer.insured_number:
                rows.append((self.tr("Insured-person number"), e.payer.insured_number))
            consent = (
                self.tr("yes, signed %1").replace("%1", e.payer.consent_signed_on.isoformat())
                if e.payer.claims_consent and e.payer.consent_signed_on
                else self.tr("no")
            )
            rows.append((self.tr("Consent to claims"), consent))
        separator = "：" if languages.current == "zh_CN" else ": "
        self.summary.setText("\n".join(label + separator + value for label, value in rows))

    def apply(self) -> None:
        pending = self.owner.transfer
        if pending is None:
            self.owner.enrolled = enrol_patient(
                self.owner.auth, enrolment=self.owner.enrolment, site_code=self.owner.site_code
            )
            return
        self.owner.enrolled = enrol_transferred(
            self.owner.auth,
            data=pending.data,
            passphrase=pending.passphrase,
            enrolment=self.owner.enrolment,
            confirmed=pending.confirmed,
            site_code=self.owner.site_code,
        )


class EnrolmentWizard(QWizard):
    """Enrol one patient; .enrolled holds the new patient once the wizard is accepted."""

    def __init__(
        self,
        auth: AuthContext,
        *,
        site_code: str | None = None,
        transfer: PendingTransfer | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.auth = auth
        self.site_code = site_code
        self.transfer = transfer
        self.setObjectName("enrolmentWizard")
        self.setWindowTitle(
            self.tr("Enrol a transferred patient") if transfer else self.tr("Enrol a patient")
        )
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.today = clinic_today(auth)
        settings = administration.get_settings(auth)
        self.enrolment = Enrolment(
            today=self.today, minimum_age=int(settings.get("minimum_age", 18))
        )
        self.schemes = list_payer_schemes(auth)
        self.enrolled: EnrolledPatient | None = None
        self.identity_page = IdentityPage(self)
        self.photo_page = PhotoPage(self)
        self.eligibility_page = EligibilityPage(self)
        self.agreement_page = AgreementPage(self)
        self.payer_page = PayerPage(self)
        self.review_page = ReviewPage(self)
        for page in (
            self.identity_page,
            self.photo_page,
            self.eligibility_page,
            self.agreement_page,
            self.payer_page,
            self.review_page,
        ):
            self.addPage(page)
        self.setButtonText(QWizard.WizardButton.FinishButton, self.tr("Enrol"))
        self.resize(680, 560)
        if transfer is not None:
            self.prefill(transfer.summary)

    def prefill(self, summary: TransferSummary) -> None:
        """The fields a transfer summary gives, typed in for the physician to check."""
        identity = self.identity_page
        identity.name.setText(summary.name)
        identity.sex.setCurrentIndex(max(0, identity.sex.findData(summary.sex)))
        identity.national_id.setText(summary.national_id)
        identity.birth.setDate(to_qdate(summary.birth_date))
        identity.phone.setText(summary.phone or "")
        identity.address.setText(summary.address or "")
        identity.emergency.setText(summary.emergency_contact or "")
        if summary.diagnosed_on is not None:
            self.eligibility_page.diagnosed_on.setDate(to_qdate(summary.diagnosed_on))
        method = self.agreement_page.form.method
        method.setCurrentIndex(max(0, method.findData(summary.method)))
