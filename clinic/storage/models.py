"""The database's tables, as SQLAlchemy 2.0 typed models. Changed only together with a migration."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    true,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from clinic.storage.fieldcrypt import EncryptedBytes, EncryptedDate, EncryptedText
from clinic.storage.types import ExactDecimal, UTCDateTime, utcnow

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

intpk = Annotated[int, mapped_column(Integer, primary_key=True)]
utc = Annotated[datetime, mapped_column(UTCDateTime())]
# When a row was made: the clinic's clock of the unit of work that adds it (storage/uow.py stamps
# it before the flush), the computer's clock for rows added outside one.
CLINIC_CLOCK = "clinic_clock"
created = Annotated[
    datetime, mapped_column(UTCDateTime(), default=utcnow, info={CLINIC_CLOCK: True})
]


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class ClinicInfo(Base):
    """One row: which clinic this database belongs to."""

    __tablename__ = "clinic_info"
    id: Mapped[intpk]
    clinic_id: Mapped[str] = mapped_column(String(36), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    demo: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[created]


class User(Base):
    __tablename__ = "users"
    id: Mapped[intpk]
    username: Mapped[str] = mapped_column(String(64), unique=True)
    full_name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False)
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    created_at: Mapped[created]
    password_changed_at: Mapped[utc]
    disabled_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class UserRole(Base):
    __tablename__ = "user_roles"
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    role: Mapped[str] = mapped_column(String(32), primary_key=True)


class UserSession(Base):
    """A login on one workstation, from sign-in until logout, takeover or lock-out."""

    __tablename__ = "user_sessions"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    workstation: Mapped[str] = mapped_column(String(128))
    started_at: Mapped[created]
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    end_reason: Mapped[str | None] = mapped_column(String(32), nullable=True)
    locked_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    last_seen_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    witness_failures: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class LoginThrottle(Base):
    """Wrong sign-ins under user names that do not exist, counted per workstation."""

    __tablename__ = "login_throttle"
    __table_args__ = ({"sqlite_with_rowid": False},)
    workstation: Mapped[str] = mapped_column(String(128), primary_key=True)
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class AuditEvent(Base):
    """One link of the keyed hash chain. Never updated or deleted."""

    __tablename__ = "audit_events"
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    occurred_at: Mapped[utc] = mapped_column(index=True)
    user_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    username: Mapped[str] = mapped_column(String(64))
    workstation: Mapped[str] = mapped_column(String(128))
    session_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    action: Mapped[str] = mapped_column(String(64), index=True)
    entity: Mapped[str] = mapped_column(String(32))
    entity_id: Mapped[str | None] = mapped_column(String(64), nullable=True, index=True)
    outcome: Mapped[str] = mapped_column(String(8))
    details: Mapped[str] = mapped_column(Text)
    prev_mac: Mapped[str] = mapped_column(String(64))
    mac: Mapped[str] = mapped_column(String(64))


class AuditHead(Base):
    """The chain's last link, sealed with the audit key, so a cut-off tail is detected."""

    __tablename__ = "audit_head"
    id: Mapped[intpk]
    seq: Mapped[int] = mapped_column(Integer)
    mac: Mapped[str] = mapped_column(String(64))
    head_mac: Mapped[str] = mapped_column(String(64))


class SettingChange(Base):
    """Append-only history of clinic-wide settings; the latest row per key is in force."""

    __tablename__ = "setting_changes"
    id: Mapped[intpk]
    key: Mapped[str] = mapped_column(String(64), index=True)
    value_json: Mapped[str] = mapped_column(Text)
    changed_at: Mapped[created]
    changed_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    reason: Mapped[str | None] = mapped_column(
        EncryptedText("setting_changes.reason"), nullable=True
    )


class Patient(Base):
    """A patient's identity. Direct identifiers are sealed with the field key."""

    __tablename__ = "patients"
    __table_args__ = (UniqueConstraint("national_id_index"),)
    id: Mapped[intpk]
    patient_number: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(EncryptedText("patients.name"))
    national_id: Mapped[str] = mapped_column(EncryptedText("patients.national_id"))
    national_id_index: Mapped[str] = mapped_column(String(64))
    sex: Mapped[str] = mapped_column(EncryptedText("patients.sex"))
    birth_date: Mapped[date] = mapped_column(EncryptedDate("patients.birth_date"))
    phone: Mapped[str | None] = mapped_column(EncryptedText("patients.phone"), nullable=True)
    address: Mapped[str | None] = mapped_column(EncryptedText("patients.address"), nullable=True)
    insurance_number: Mapped[str | None] = mapped_column(
        EncryptedText("patients.insurance_number"), nullable=True
    )
    status: Mapped[str] = mapped_column(String(16), default="applicant")
    created_at: Mapped[created]
    created_by: Mapped[int] = mapped_column(ForeignKey("users.id"))


class Site(Base):
    """A clinic site (main clinic or satellite dosing point) and its time zone."""

    __tablename__ = "sites"
    id: Mapped[intpk]
    code: Mapped[str] = mapped_column(String(16), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    timezone: Mapped[str] = mapped_column(String(64), default="Asia/Shanghai")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[created]
    # The window's dosing hours, HH:MM in the site's time zone: a day closed inside them asks first.
    dosing_opens: Mapped[str] = mapped_column(String(5), default="07:00", server_default="07:00")
    dosing_closes: Mapped[str] = mapped_column(String(5), default="12:00", server_default="12:00")


# --- patients: enrolment, episodes, consents, cards, orders (issue 5) -----------------------


class PayerScheme(Base):
    """Who pays: an insurance scheme, a subsidy programme, or the patient (self-pay)."""

    __tablename__ = "payer_schemes"
    id: Mapped[intpk]
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(16))
    region: Mapped[str | None] = mapped_column(String(64), nullable=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[created]


class PatientDetail(Base):
    """Enrolment facts beside the identity: contact, payer, guardian, home site."""

    __tablename__ = "patient_details"
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"), primary_key=True)
    emergency_contact: Mapped[str | None] = mapped_column(
        EncryptedText("patient_details.emergency_contact"), nullable=True
    )
    payer_scheme_id: Mapped[int | None] = mapped_column(
        ForeignKey("payer_schemes.id"), nullable=True
    )
    guardian: Mapped[str | None] = mapped_column(
        EncryptedText("patient_details.guardian"), nullable=True
    )
    guardian_consent_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    site_id: Mapped[int | None] = mapped_column(ForeignKey("sites.id"), nullable=True)


class Episode(Base):
    """One admission to treatment; re-admission opens a new episode on the same record."""

    __tablename__ = "episodes"
    __table_args__ = (UniqueConstraint("patient_id", "number"),)
    id: Mapped[intpk]
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    opened_on: Mapped[date] = mapped_column(Date)
    created_at: Mapped[created]


class StatusChange(Base):
    """Append-only: every change of a patient's treatment status, with its date and reason."""

    __tablename__ = "status_changes"
    id: Mapped[intpk]
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"), index=True)
    episode_id: Mapped[int] = mapped_column(ForeignKey("episodes.id"))
    from_status: Mapped[str | None] = mapped_column(String(16), nullable=True)
    to_status: Mapped[str] = mapped_column(String(16))
    effective_on: Mapped[date] = mapped_column(Date)
    reason: Mapped[str | None] = mapped_column(
        EncryptedText("status_changes.reason"), nullable=True
    )
    recorded_at: Mapped[created]
    recorded_by: Mapped[int] = mapped_column(ForeignKey("users.id"))


class Diagnosis(Base):
    __tablename__ = "diagnoses"
    id: Mapped[intpk]
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"), index=True)
    icd11: Mapped[str] = mapped_column(EncryptedText("diagnoses.icd11"))
    icd10: Mapped[str] = mapped_column(EncryptedText("diagnoses.icd10"))
    name: Mapped[str] = mapped_column(EncryptedText("diagnoses.name"))
    diagnosed_on: Mapped[date] = mapped_column(Date)
    physician_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[created]


class TreatmentAgreement(Base):
    """The signed voluntary-treatment agreement and what it covered."""

    __tablename__ = "treatment_agreements"
    id: Mapped[intpk]
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"), index=True)
    episode_id: Mapped[int] = mapped_column(ForeignKey("episodes.id"))
    method: Mapped[str] = mapped_column(String(32))
    duration: Mapped[str] = mapped_column(String(100))
    covers_confidentiality: Mapped[bool] = mapped_column(Boolean)
    covers_clinic_rules: Mapped[bool] = mapped_column(Boolean)
    covers_termination: Mapped[bool] = mapped_column(Boolean)
    covers_effects_and_risks: Mapped[bool] = mapped_column(Boolean)
    signed_on: Mapped[date] = mapped_column(Date)
    scan: Mapped[bytes | None] = mapped_column(
        EncryptedBytes("treatment_agreements.scan"), nullable=True
    )
    recorded_at: Mapped[created]
    recorded_by: Mapped[int] = mapped_column(ForeignKey("users.id"))


class PatientPhoto(Base):
    """Append-only photos; the latest is the one shown at the window."""

    __tablename__ = "patient_photos"
    id: Mapped[intpk]
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"), index=True)
    image: Mapped[bytes] = mapped_column(EncryptedBytes("patient_photos.image"))
    recorded_at: Mapped[created]
    recorded_by: Mapped[int] = mapped_column(ForeignKey("users.id"))


class PatientCard(Base):
    """A printed card; issuing a new one voids every earlier card of the patient."""

    __tablename__ = "patient_cards"
    __table_args__ = (
        UniqueConstraint("patient_id", "issue_number"),
        Index("ix_patient_cards_code_index", "code_index", unique=True),
    )
    id: Mapped[intpk]
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"), index=True)
    issue_number: Mapped[int] = mapped_column(Integer)
    code: Mapped[str] = mapped_column(EncryptedText("patient_cards.code"))
    # The keyed hash a scanned card is found by (clinic.storage.sealing.card_index). Nullable only
    # because revision 0014 adds it before its data step fills it; every card is written with it.
    code_index: Mapped[str] = mapped_column(String(64), nullable=True)
    issued_at: Mapped[created]
    issued_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    reason: Mapped[str | None] = mapped_column(EncryptedText("patient_cards.reason"), nullable=True)


class Consent(Base):
    """A patient's consent to share named information with a named recipient for a purpose."""

    __tablename__ = "consents"
    id: Mapped[intpk]
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"), index=True)
    purpose: Mapped[str] = mapped_column(String(32))
    recipient: Mapped[str] = mapped_column(EncryptedText("consents.recipient"))
    scope: Mapped[str] = mapped_column(EncryptedText("consents.scope"))
    signed_on: Mapped[date] = mapped_column(Date)
    expires_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    # The signed form, scanned (PDF, PNG or JPEG); None if kept on paper only.
    scan: Mapped[bytes | None] = mapped_column(EncryptedBytes("consents.scan"), nullable=True)
    # A renewal names the consent it renews (same purpose, recipient and scope).
    renews_id: Mapped[int | None] = mapped_column(ForeignKey("consents.id"), nullable=True)
    recorded_at: Mapped[created]
    recorded_by: Mapped[int] = mapped_column(ForeignKey("users.id"))


class ConsentRevocation(Base):
    __tablename__ = "consent_revocations"
    id: Mapped[intpk]
    consent_id: Mapped[int] = mapped_column(ForeignKey("consents.id"), unique=True)
    revoked_on: Mapped[date] = mapped_column(Date)
    reason: Mapped[str | None] = mapped_column(
        EncryptedText("consent_revocations.reason"), nullable=True
    )
    recorded_at: Mapped[created]
    recorded_by: Mapped[int] = mapped_column(ForeignKey("users.id"))


class Disclosure(Base):
    """Identified data that left the clinic: to whom, why, on what basis, by whom."""

    __tablename__ = "disclosures"
    id: Mapped[intpk]
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"), index=True)
    purpose: Mapped[str] = mapped_column(String(32))
    recipient: Mapped[str] = mapped_column(EncryptedText("disclosures.recipient"))
    scope: Mapped[str] = mapped_column(EncryptedText("disclosures.scope"))
    consent_id: Mapped[int | None] = mapped_column(ForeignKey("consents.id"), nullable=True)
    legal_basis: Mapped[str | None] = mapped_column(
        EncryptedText("disclosures.legal_basis"), nullable=True
    )
    reference: Mapped[str | None] = mapped_column(String(100), nullable=True)
    disclosed_at: Mapped[created]
    disclosed_by: Mapped[int] = mapped_column(ForeignKey("users.id"))


class AggregateDisclosure(Base):
    """Statistics released outside the clinic: aggregate counts with small cells withheld, so no
    patient is named, yet to whom, why, for which month and by whom is kept as for any
    disclosure. CHECKSUM is the released table's (its figures and marks), to match a copy."""

    __tablename__ = "aggregate_disclosures"
    id: Mapped[intpk]
    report: Mapped[str] = mapped_column(String(64))
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    site_code: Mapped[str | None] = mapped_column(String(16), nullable=True)
    threshold: Mapped[int] = mapped_column(Integer)
    cells_withheld: Mapped[int] = mapped_column(Integer)
    recipient: Mapped[str] = mapped_column(EncryptedText("aggregate_disclosures.recipient"))
    purpose: Mapped[str] = mapped_column(EncryptedText("aggregate_disclosures.purpose"))
    reference: Mapped[str] = mapped_column(String(100), unique=True)
    checksum: Mapped[str] = mapped_column(String(64))
    disclosed_at: Mapped[created]
    disclosed_by: Mapped[int] = mapped_column(ForeignKey("users.id"))


class TransferIn(Base):
    """A patient who came with another clinic's transfer summary: who sent it (and its signing
    key's fingerprint), the summary as received, and the last dose there, which the dose gate
    counts missed days from (clinic/dosing/orders.py `last_dose_facts`)."""

    __tablename__ = "transfers_in"
    id: Mapped[intpk]
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"), index=True)
    episode_id: Mapped[int] = mapped_column(ForeignKey("episodes.id"), index=True)
    summary_id: Mapped[str] = mapped_column(String(64))
    sender: Mapped[str] = mapped_column(EncryptedText("transfers_in.sender"))
    sender_fingerprint: Mapped[str] = mapped_column(String(64))
    last_dose_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    last_dose_mg: Mapped[Decimal | None] = mapped_column(ExactDecimal(), nullable=True)
    document: Mapped[bytes] = mapped_column(EncryptedBytes("transfers_in.document"))
    imported_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    imported_at: Mapped[created]


class Product(Base):
    """A drug product as dispensed: mg per unit comes from here, never from a constant."""

    __tablename__ = "products"
    id: Mapped[intpk]
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    drug: Mapped[str] = mapped_column(String(32))
    form: Mapped[str] = mapped_column(String(32))
    unit: Mapped[str] = mapped_column(String(16))
    mg_per_unit: Mapped[Decimal] = mapped_column(ExactDecimal())
    controlled_class: Mapped[str] = mapped_column(String(16))
    insurance_item_code: Mapped[str | None] = mapped_column(String(64), nullable=True)
    unit_price: Mapped[Decimal | None] = mapped_column(ExactDecimal(), nullable=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[created]


class DoseOrder(Base):
    """A physician's order. Never edited: a new order (or a stop) supersedes it."""

    __tablename__ = "dose_orders"
    id: Mapped[intpk]
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"), index=True)
    episode_id: Mapped[int] = mapped_column(ForeignKey("episodes.id"), index=True)
    kind: Mapped[str] = mapped_column(String(8))
    product_id: Mapped[int | None] = mapped_column(ForeignKey("products.id"), nullable=True)
    daily_dose_mg: Mapped[Decimal | None] = mapped_column(ExactDecimal(), nullable=True)
    slots_json: Mapped[str | None] = mapped_column(Text, nullable=True)
    start_on: Mapped[date] = mapped_column(Date)
    review_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    end_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    take_home_days: Mapped[int] = mapped_column(Integer, default=0)
    induction: Mapped[bool] = mapped_column(Boolean, default=False)
    reason: Mapped[str | None] = mapped_column(EncryptedText("dose_orders.reason"), nullable=True)
    ecg_qtc_ms: Mapped[int | None] = mapped_column(Integer, nullable=True)
    ecg_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    second_physician_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    supersedes_id: Mapped[int | None] = mapped_column(
        ForeignKey("dose_orders.id"), nullable=True, unique=True
    )
    ordered_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[created]


# --- controlled-substance stock (issue 6) ------------------------------------------------------


class Lot(Base):
    """A batch of one product, as delivered: number, expiry, manufacturer, supplier."""

    __tablename__ = "lots"
    __table_args__ = (UniqueConstraint("product_id", "lot_number"),)
    id: Mapped[intpk]
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"), index=True)
    lot_number: Mapped[str] = mapped_column(String(64))
    expiry_date: Mapped[date] = mapped_column(Date)
    manufacturer: Mapped[str] = mapped_column(String(200))
    supplier: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[created]


class Location(Base):
    """A place stock can be: a site's safe, a dosing window, quarantine, in transit — or one of
    the ledger's outside accounts (supplier, patients, waste, destroyed, lost, variance)."""

    __tablename__ = "locations"
    __table_args__ = (UniqueConstraint("code"),)
    id: Mapped[intpk]
    code: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(16))
    site_id: Mapped[int | None] = mapped_column(ForeignKey("sites.id"), nullable=True)
    holds_stock: Mapped[bool] = mapped_column(Boolean)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[created]


class StockMovement(Base):
    """One line of the ledger. Never edited or deleted: a mistake is reversed by a new line."""

    __tablename__ = "stock_movements"
    __table_args__ = (
        # A window's movements of a product from a moment on (today's count sheet).
        Index(
            "ix_stock_movements_from_product_time", "from_location_id", "product_id", "occurred_at"
        ),
        Index("ix_stock_movements_to_product_time", "to_location_id", "product_id", "occurred_at"),
    )
    id: Mapped[intpk]
    kind: Mapped[str] = mapped_column(String(16), index=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"), index=True)
    lot_id: Mapped[int] = mapped_column(ForeignKey("lots.id"), index=True)
    from_location_id: Mapped[int] = mapped_column(ForeignKey("locations.id"), index=True)
    to_location_id: Mapped[int] = mapped_column(ForeignKey("locations.id"), index=True)
    quantity: Mapped[Decimal] = mapped_column(ExactDecimal())
    occurred_at: Mapped[utc] = mapped_column(index=True)
    voucher: Mapped[str] = mapped_column(String(40), unique=True)
    done_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    checked_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    reason: Mapped[str | None] = mapped_column(
        EncryptedText("stock_movements.reason"), nullable=True
    )
    reference: Mapped[str | None] = mapped_column(String(64), nullable=True, index=True)
    reverses_id: Mapped[int | None] = mapped_column(
        ForeignKey("stock_movements.id"), nullable=True, unique=True
    )


class StockBalance(Base):
    """Derived from the movements, kept in the same transaction; never below zero."""

    __tablename__ = "stock_balances"
    __table_args__ = (CheckConstraint("quantity >= 0", name="not_negative"),)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"), primary_key=True)
    lot_id: Mapped[int] = mapped_column(ForeignKey("lots.id"), primary_key=True)
    location_id: Mapped[int] = mapped_column(ForeignKey("locations.id"), primary_key=True)
    quantity: Mapped[Decimal] = mapped_column(ExactDecimal())


class Receipt(Base):
    """A delivery checked by two people: what was expected, received, short and damaged."""

    __tablename__ = "receipts"
    id: Mapped[intpk]
    lot_id: Mapped[int] = mapped_column(ForeignKey("lots.id"))
    location_id: Mapped[int] = mapped_column(ForeignKey("locations.id"))
    expected: Mapped[Decimal] = mapped_column(ExactDecimal())
    received: Mapped[Decimal] = mapped_column(ExactDecimal())
    damaged: Mapped[Decimal] = mapped_column(ExactDecimal())
    shortage: Mapped[Decimal] = mapped_column(ExactDecimal())
    delivery_note: Mapped[str | None] = mapped_column(String(64), nullable=True)
    note: Mapped[str | None] = mapped_column(EncryptedText("receipts.note"), nullable=True)
    received_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    checked_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[created]
    # From revision 0015 (the register's receipt columns); empty on receipts recorded before it.
    quality_condition: Mapped[str | None] = mapped_column(
        EncryptedText("receipts.quality_condition"), nullable=True
    )
    acceptance: Mapped[str | None] = mapped_column(String(24), nullable=True)
    movement_id: Mapped[int | None] = mapped_column(
        ForeignKey("stock_movements.id"), nullable=True, unique=True
    )
    damaged_movement_id: Mapped[int | None] = mapped_column(
        ForeignKey("stock_movements.id"), nullable=True, unique=True
    )


class Transfer(Base):
    """Stock sent to another site: sent, in transit, received (with the receiving count)."""

    __tablename__ = "transfers"
    id: Mapped[intpk]
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"))
    lot_id: Mapped[int] = mapped_column(ForeignKey("lots.id"))
    from_location_id: Mapped[int] = mapped_column(ForeignKey("locations.id"))
    to_location_id: Mapped[int] = mapped_column(ForeignKey("locations.id"))
    quantity_sent: Mapped[Decimal] = mapped_column(ExactDecimal())
    sent_movement_id: Mapped[int] = mapped_column(ForeignKey("stock_movements.id"))
    sent_at: Mapped[created]


class TransferReceipt(Base):
    __tablename__ = "transfer_receipts"
    id: Mapped[intpk]
    transfer_id: Mapped[int] = mapped_column(ForeignKey("transfers.id"), unique=True)
    quantity_received: Mapped[Decimal] = mapped_column(ExactDecimal())
    difference: Mapped[Decimal] = mapped_column(ExactDecimal())
    note: Mapped[str | None] = mapped_column(EncryptedText("transfer_receipts.note"), nullable=True)
    received_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    checked_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[created]


class DestructionApplication(Base):
    """Expired or damaged stock set aside, and the application to destroy it."""

    __tablename__ = "destruction_applications"
    id: Mapped[intpk]
    lot_id: Mapped[int] = mapped_column(ForeignKey("lots.id"))
    location_id: Mapped[int] = mapped_column(ForeignKey("locations.id"))
    quantity: Mapped[Decimal] = mapped_column(ExactDecimal())
    reason: Mapped[str] = mapped_column(EncryptedText("destruction_applications.reason"))
    applied_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    applied_at: Mapped[created]


class Destruction(Base):
    __tablename__ = "destructions"
    id: Mapped[intpk]
    application_id: Mapped[int] = mapped_column(
        ForeignKey("destruction_applications.id"), unique=True
    )
    movement_id: Mapped[int] = mapped_column(ForeignKey("stock_movements.id"))
    authority_reference: Mapped[str] = mapped_column(String(100))
    supervisor: Mapped[str] = mapped_column(EncryptedText("destructions.supervisor"))
    destroyed_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    witness_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[created]


class Incident(Base):
    """Loss or theft: recorded at once, reported to police, regulator and health authority."""

    __tablename__ = "incidents"
    id: Mapped[intpk]
    kind: Mapped[str] = mapped_column(String(8))
    movement_id: Mapped[int] = mapped_column(ForeignKey("stock_movements.id"))
    discovered_at: Mapped[utc]
    circumstances: Mapped[str] = mapped_column(EncryptedText("incidents.circumstances"))
    police_reference: Mapped[str | None] = mapped_column(String(100), nullable=True)
    recorded_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    witness_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[created]


class StockCount(Base):
    """A count at a window (day close or shift handover): what was expected and what was found."""

    __tablename__ = "stock_counts"
    id: Mapped[intpk]
    location_id: Mapped[int] = mapped_column(ForeignKey("locations.id"))
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"))
    business_date: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(12))
    opening: Mapped[Decimal] = mapped_column(ExactDecimal())
    received: Mapped[Decimal] = mapped_column(ExactDecimal())
    dispensed: Mapped[Decimal] = mapped_column(ExactDecimal())
    wasted: Mapped[Decimal] = mapped_column(ExactDecimal())
    returned: Mapped[Decimal] = mapped_column(ExactDecimal())
    other: Mapped[Decimal] = mapped_column(ExactDecimal())
    expected: Mapped[Decimal] = mapped_column(ExactDecimal())
    counted: Mapped[Decimal] = mapped_column(ExactDecimal())
    variance: Mapped[Decimal] = mapped_column(ExactDecimal())
    tolerance: Mapped[Decimal] = mapped_column(ExactDecimal())
    counted_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[created]


class VarianceSignoff(Base):
    """The explanation of a count's variance and the second person's signature; books the adjustment."""

    __tablename__ = "variance_signoffs"
    id: Mapped[intpk]
    count_id: Mapped[int] = mapped_column(ForeignKey("stock_counts.id"), unique=True)
    explanation: Mapped[str | None] = mapped_column(
        EncryptedText("variance_signoffs.explanation"), nullable=True
    )
    signed_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    witness_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    adjustment_vouchers: Mapped[str | None] = mapped_column(Text, nullable=True)
    recorded_at: Mapped[created]


class DayClose(Base):
    """A window's day closed for one product: once, and never reopened."""

    __tablename__ = "day_closes"
    __table_args__ = (UniqueConstraint("location_id", "product_id", "business_date"),)
    id: Mapped[intpk]
    location_id: Mapped[int] = mapped_column(ForeignKey("locations.id"))
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"))
    business_date: Mapped[date] = mapped_column(Date)
    count_id: Mapped[int] = mapped_column(ForeignKey("stock_counts.id"), unique=True)
    closed_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[created]


# --- the dosing window (issue 7) ---------------------------------------------------------------


class Dose(Base):
    """A witnessed (or take-home) dose. At most one live dose per patient, day and slot: the
    database refuses a second with the same attempt number, and a new attempt is only made
    after the earlier one was voided."""

    __tablename__ = "doses"
    __table_args__ = (
        UniqueConstraint("patient_id", "dosing_date", "slot", "attempt"),
        # A patient's take-home doses without reading years of observed ones.
        Index("ix_doses_patient_kind_date", "patient_id", "kind", "dosing_date"),
    )
    id: Mapped[intpk]
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"), index=True)
    episode_id: Mapped[int] = mapped_column(ForeignKey("episodes.id"))
    order_id: Mapped[int] = mapped_column(ForeignKey("dose_orders.id"))
    window_id: Mapped[int] = mapped_column(ForeignKey("locations.id"), index=True)
    dosing_date: Mapped[date] = mapped_column(Date, index=True)
    slot: Mapped[int] = mapped_column(Integer)
    attempt: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(12))
    dose_mg: Mapped[Decimal] = mapped_column(ExactDecimal())
    given_at: Mapped[utc] = mapped_column(index=True)
    nurse_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    note: Mapped[str | None] = mapped_column(EncryptedText("doses.note"), nullable=True)
    # The nurse checked the patient was not intoxicated (a failed check withholds the dose).
    intoxication_checked: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())


class DoseException(Base):
    """A dose outside the order's slots: a re-dose after vomiting (a physician's order) or a
    replacement for a lost take-home dose (a witness), with the reason and whether it is charged."""

    __tablename__ = "dose_exceptions"
    id: Mapped[intpk]
    dose_id: Mapped[int] = mapped_column(ForeignKey("doses.id"), unique=True)
    kind: Mapped[str] = mapped_column(String(12))
    reason: Mapped[str] = mapped_column(EncryptedText("dose_exceptions.reason"))
    authorised_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    charged: Mapped[bool] = mapped_column(Boolean)
    recorded_at: Mapped[created]


class PatientFlag(Base):
    """Something the window must know: a note, a warning, or a stop until a physician clears it."""

    __tablename__ = "patient_flags"
    id: Mapped[intpk]
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"), index=True)
    level: Mapped[str] = mapped_column(String(12))
    text: Mapped[str] = mapped_column(EncryptedText("patient_flags.text"))
    starts_on: Mapped[date] = mapped_column(Date)
    expires_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    raised_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[created]


class FlagClearance(Base):
    """A flag cleared, by whom and why (the flag itself stays)."""

    __tablename__ = "flag_clearances"
    id: Mapped[intpk]
    flag_id: Mapped[int] = mapped_column(ForeignKey("patient_flags.id"), unique=True)
    reason: Mapped[str] = mapped_column(EncryptedText("flag_clearances.reason"))
    cleared_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[created]


class PanelPresence(Base):
    """Which window has a patient's panel open now (server mode: the other windows show it).
    Not a record: a row is replaced as panels open and removed when they close."""

    __tablename__ = "panel_presence"
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"), primary_key=True)
    window_id: Mapped[int] = mapped_column(ForeignKey("locations.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    workstation: Mapped[str] = mapped_column(String(128))
    opened_at: Mapped[utc]


class DoseItem(Base):
    """What a dose was made of: product, lot, quantity, and its stock movement."""

    __tablename__ = "dose_items"
    id: Mapped[intpk]
    dose_id: Mapped[int] = mapped_column(ForeignKey("doses.id"), index=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"))
    lot_id: Mapped[int] = mapped_column(ForeignKey("lots.id"))
    quantity: Mapped[Decimal] = mapped_column(ExactDecimal())
    movement_id: Mapped[int] = mapped_column(ForeignKey("stock_movements.id"), unique=True)


class DoseVoid(Base):
    """A wrong entry voided with a reason and a witness; its stock is reversed, the dose stays."""

    __tablename__ = "dose_voids"
    id: Mapped[intpk]
    dose_id: Mapped[int] = mapped_column(ForeignKey("doses.id"), unique=True)
    reason: Mapped[str] = mapped_column(EncryptedText("dose_voids.reason"))
    voided_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    witness_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[created]


class DoseWithheld(Base):
    """A dose not given after a failed check (intoxication): recorded, with the reason."""

    __tablename__ = "doses_withheld"
    id: Mapped[intpk]
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"), index=True)
    dosing_date: Mapped[date] = mapped_column(Date)
    slot: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(String(32))
    note: Mapped[str | None] = mapped_column(EncryptedText("doses_withheld.note"), nullable=True)
    recorded_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[created]


class BottleReturn(Base):
    """An empty take-home bottle brought back."""

    __tablename__ = "bottle_returns"
    id: Mapped[intpk]
    dose_id: Mapped[int] = mapped_column(ForeignKey("doses.id"), unique=True)
    returned_on: Mapped[date] = mapped_column(Date)
    recorded_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[created]


class UrineScreen(Base):
    __tablename__ = "urine_screens"
    id: Mapped[intpk]
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"), index=True)
    collected_on: Mapped[date] = mapped_column(Date)
    random: Mapped[bool] = mapped_column(Boolean)
    any_positive: Mapped[bool] = mapped_column(Boolean)
    recorded_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[created]


class ScreenResult(Base):
    __tablename__ = "screen_results"
    __table_args__ = (UniqueConstraint("screen_id", "substance"),)
    id: Mapped[intpk]
    screen_id: Mapped[int] = mapped_column(ForeignKey("urine_screens.id"), index=True)
    substance: Mapped[str] = mapped_column(String(32))
    positive: Mapped[bool] = mapped_column(Boolean)


class ScreenReview(Base):
    """A physician's review of a positive screen; until then it shows as a warning."""

    __tablename__ = "screen_reviews"
    id: Mapped[intpk]
    screen_id: Mapped[int] = mapped_column(ForeignKey("urine_screens.id"), unique=True)
    note: Mapped[str | None] = mapped_column(EncryptedText("screen_reviews.note"), nullable=True)
    reviewed_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[created]


class InfectionTest(Base):
    """An HIV, HCV or syphilis test result, at enrolment or follow-up. Sealed: the test, its
    result and its date say more about a person than anything else on the record."""

    __tablename__ = "infection_tests"
    id: Mapped[intpk]
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"), index=True)
    test: Mapped[str] = mapped_column(EncryptedText("infection_tests.test"))
    result: Mapped[str] = mapped_column(EncryptedText("infection_tests.result"))
    tested_on: Mapped[date] = mapped_column(EncryptedDate("infection_tests.tested_on"))
    stage: Mapped[str] = mapped_column(EncryptedText("infection_tests.stage"))
    note: Mapped[str | None] = mapped_column(EncryptedText("infection_tests.note"), nullable=True)
    recorded_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[created]


# --- guest dosing (issue 17) --------------------------------------------------------------------


class GuestPeriod(Base):
    """A guest order: from STARTS_ON to ENDS_ON the patient doses at another site of this clinic
    (site_id) or at another clinic (other_clinic), and nowhere else. Never edited: ended early by
    a GuestPeriodEnd."""

    __tablename__ = "guest_periods"
    id: Mapped[intpk]
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"), index=True)
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    site_id: Mapped[int | None] = mapped_column(ForeignKey("sites.id"), nullable=True)
    other_clinic: Mapped[str | None] = mapped_column(
        EncryptedText("guest_periods.other_clinic"), nullable=True
    )
    note: Mapped[str | None] = mapped_column(EncryptedText("guest_periods.note"), nullable=True)
    ordered_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[created]


class GuestPeriodEnd(Base):
    """A guest period ended early: the patient doses at home again from HOME_FROM."""

    __tablename__ = "guest_period_ends"
    id: Mapped[intpk]
    guest_period_id: Mapped[int] = mapped_column(ForeignKey("guest_periods.id"), unique=True)
    home_from: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(EncryptedText("guest_period_ends.reason"))
    recorded_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[created]


class GuestReturn(Base):
    """Back from guest dosing at another clinic: the last day that clinic confirms it dosed the
    patient, which the missed-day rule counts from (clinic/dosing/orders.py `last_dose_facts`).
    Never edited; a wrong one is voided (`GuestReturnVoid`) and the right one recorded as the
    next ATTEMPT, so a period has at most one live return. EPISODE_ID is the episode it was
    recorded in."""

    __tablename__ = "guest_returns"
    __table_args__ = (UniqueConstraint("guest_period_id", "attempt"),)
    id: Mapped[intpk]
    guest_period_id: Mapped[int] = mapped_column(ForeignKey("guest_periods.id"))
    attempt: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    episode_id: Mapped[int] = mapped_column(ForeignKey("episodes.id"), index=True)
    last_dose_on: Mapped[date] = mapped_column(Date)
    reference: Mapped[str] = mapped_column(EncryptedText("guest_returns.reference"))
    note: Mapped[str | None] = mapped_column(EncryptedText("guest_returns.note"), nullable=True)
    recorded_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[created]


class GuestReturnVoid(Base):
    """A guest return recorded wrong, voided with a reason: the row stays, the missed-day rule
    no longer counts from it."""

    __tablename__ = "guest_return_voids"
    id: Mapped[intpk]
    guest_return_id: Mapped[int] = mapped_column(ForeignKey("guest_returns.id"), unique=True)
    reason: Mapped[str] = mapped_column(EncryptedText("guest_return_voids.reason"))
    voided_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[created]


# --- insurance claims (issue 8) ----------------------------------------------------------------


class SchemeTerms(Base):
    """A payer scheme's rules from a date on: past claims keep the version they were made under."""

    __tablename__ = "scheme_terms"
    __table_args__ = (UniqueConstraint("scheme_id", "effective_from"),)
    id: Mapped[intpk]
    scheme_id: Mapped[int] = mapped_column(ForeignKey("payer_schemes.id"), index=True)
    effective_from: Mapped[date] = mapped_column(Date)
    ratio: Mapped[Decimal] = mapped_column(ExactDecimal())
    deductible: Mapped[Decimal] = mapped_column(ExactDecimal())
    annual_cap: Mapped[Decimal | None] = mapped_column(ExactDecimal(), nullable=True)
    subsidy_share: Mapped[Decimal] = mapped_column(ExactDecimal())
    covered: Mapped[str] = mapped_column(String(100))
    insutype: Mapped[str] = mapped_column(String(8))
    med_type: Mapped[str] = mapped_column(String(8))
    recorded_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[created]


class FeeItem(Base):
    """A priced item from a date on: the daily dosing service, a drug by product, a screen."""

    __tablename__ = "fee_items"
    __table_args__ = (UniqueConstraint("code", "effective_from"),)
    id: Mapped[intpk]
    code: Mapped[str] = mapped_column(String(32), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(200))
    product_id: Mapped[int | None] = mapped_column(ForeignKey("products.id"), nullable=True)
    unit: Mapped[str] = mapped_column(String(16))
    unit_price: Mapped[Decimal] = mapped_column(ExactDecimal())
    insurance_code: Mapped[str] = mapped_column(String(64))
    charge_category: Mapped[str] = mapped_column(String(8))
    effective_from: Mapped[date] = mapped_column(Date)
    recorded_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[created]


class SiteFee(Base):
    """A site's flat daily patient fee from a date on. A new row supersedes; none is edited."""

    __tablename__ = "site_fees"
    id: Mapped[intpk]
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"), index=True)
    effective_from: Mapped[date] = mapped_column(Date)
    daily_fee: Mapped[Decimal] = mapped_column(ExactDecimal())
    reason: Mapped[str | None] = mapped_column(EncryptedText("site_fees.reason"), nullable=True)
    recorded_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[created]


class FeeCharge(Base):
    """A dosing day's fee on a patient's account, written with the day's first dose. The database
    refuses a second charge for the same day and generation; a reversed day gets the next one."""

    __tablename__ = "fee_charges"
    __table_args__ = (
        UniqueConstraint("patient_id", "service_date", "generation"),
        # A patient's balance summed from the index alone, however many years of days.
        Index("ix_fee_charges_patient_amount", "patient_id", "amount"),
    )
    id: Mapped[intpk]
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"))
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"))
    service_date: Mapped[date] = mapped_column(Date)
    generation: Mapped[int] = mapped_column(Integer)
    dose_id: Mapped[int] = mapped_column(ForeignKey("doses.id"), unique=True)
    amount: Mapped[Decimal] = mapped_column(ExactDecimal())
    recorded_at: Mapped[created]


class FeeChargeReversal(Base):
    """A day's fee taken back because no live dose is left that day (its doses were voided)."""

    __tablename__ = "fee_charge_reversals"
    id: Mapped[intpk]
    charge_id: Mapped[int] = mapped_column(ForeignKey("fee_charges.id"), unique=True)
    reason: Mapped[str] = mapped_column(EncryptedText("fee_charge_reversals.reason"))
    recorded_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[created]


class FeePayment(Base):
    """Money received from a patient, or a fee waived with a reason. Corrected only by a void."""

    __tablename__ = "fee_payments"
    __table_args__ = (Index("ix_fee_payments_patient_amount", "patient_id", "amount"),)
    id: Mapped[intpk]
    receipt_number: Mapped[str] = mapped_column(String(32), unique=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"))
    kind: Mapped[str] = mapped_column(String(8))
    method: Mapped[str] = mapped_column(String(16))
    amount: Mapped[Decimal] = mapped_column(ExactDecimal())
    note: Mapped[str | None] = mapped_column(EncryptedText("fee_payments.note"), nullable=True)
    recorded_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[created]


class FeePaymentVoid(Base):
    """A payment or waiver entered in error, voided with a reason; the original stays visible."""

    __tablename__ = "fee_payment_voids"
    id: Mapped[intpk]
    payment_id: Mapped[int] = mapped_column(ForeignKey("fee_payments.id"), unique=True)
    reason: Mapped[str] = mapped_column(EncryptedText("fee_payment_voids.reason"))
    voided_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[created]


class ClaimBatch(Base):
    __tablename__ = "claim_batches"
    id: Mapped[intpk]
    number: Mapped[str] = mapped_column(String(40), unique=True)
    scheme_id: Mapped[int] = mapped_column(ForeignKey("payer_schemes.id"))
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    created_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[created]


class Claim(Base):
    """One patient, one payer, one period. Never edited: a correction is a new version."""

    __tablename__ = "claims"
    id: Mapped[intpk]
    batch_id: Mapped[int] = mapped_column(ForeignKey("claim_batches.id"), index=True)
    number: Mapped[str] = mapped_column(String(48), unique=True)
    version: Mapped[int] = mapped_column(Integer)
    supersedes_id: Mapped[int | None] = mapped_column(
        ForeignKey("claims.id"), nullable=True, unique=True
    )
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"), index=True)
    terms_id: Mapped[int] = mapped_column(ForeignKey("scheme_terms.id"))
    insured_number: Mapped[str] = mapped_column(EncryptedText("claims.insured_number"))
    diagnosis_code: Mapped[str] = mapped_column(EncryptedText("claims.diagnosis_code"))
    diagnosis_name: Mapped[str] = mapped_column(EncryptedText("claims.diagnosis_name"))
    total: Mapped[Decimal] = mapped_column(ExactDecimal())
    deductible: Mapped[Decimal] = mapped_column(ExactDecimal())
    payer_amount: Mapped[Decimal] = mapped_column(ExactDecimal())
    subsidy_amount: Mapped[Decimal] = mapped_column(ExactDecimal())
    patient_amount: Mapped[Decimal] = mapped_column(ExactDecimal())
    created_at: Mapped[created]


class ClaimLine(Base):
    __tablename__ = "claim_lines"
    __table_args__ = (UniqueConstraint("claim_id", "line_no"),)
    id: Mapped[intpk]
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id"), index=True)
    line_no: Mapped[int] = mapped_column(Integer)
    fee_item_id: Mapped[int] = mapped_column(ForeignKey("fee_items.id"))
    service_date: Mapped[date] = mapped_column(Date)
    count: Mapped[Decimal] = mapped_column(ExactDecimal())
    unit_price: Mapped[Decimal] = mapped_column(ExactDecimal())
    amount: Mapped[Decimal] = mapped_column(ExactDecimal())
    payer_amount: Mapped[Decimal] = mapped_column(ExactDecimal())
    subsidy_amount: Mapped[Decimal] = mapped_column(ExactDecimal())
    patient_amount: Mapped[Decimal] = mapped_column(ExactDecimal())


class ClaimedDay(Base):
    """A patient's treatment day in a claim. The database refuses the same day twice while the
    claim holding it is alive; a voided or discarded claim's days get the next generation."""

    __tablename__ = "claimed_days"
    __table_args__ = (UniqueConstraint("patient_id", "service_date", "generation"),)
    id: Mapped[intpk]
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"))
    service_date: Mapped[date] = mapped_column(Date)
    generation: Mapped[int] = mapped_column(Integer)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id"), index=True)


class ClaimEvent(Base):
    """Append-only status history: draft, exported, accepted, paid, rejected, voided, discarded."""

    __tablename__ = "claim_events"
    id: Mapped[intpk]
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id"), index=True)
    status: Mapped[str] = mapped_column(String(12))
    amount: Mapped[Decimal | None] = mapped_column(ExactDecimal(), nullable=True)
    on_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    reason: Mapped[str | None] = mapped_column(EncryptedText("claim_events.reason"), nullable=True)
    reference: Mapped[str | None] = mapped_column(String(100), nullable=True)
    recorded_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[created]


class ChronicRegistration(Base):
    """A patient's registration with a scheme for an outpatient chronic/special disease: the
    disease catalogue code (opsp_dise_code), its dates, the number the region gave, where the
    person is insured and the credential the visits use. Never edited: a newer row supersedes."""

    __tablename__ = "chronic_registrations"
    id: Mapped[intpk]
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"), index=True)
    scheme_id: Mapped[int] = mapped_column(ForeignKey("payer_schemes.id"))
    disease_code: Mapped[str] = mapped_column(EncryptedText("chronic_registrations.disease_code"))
    disease_name: Mapped[str] = mapped_column(EncryptedText("chronic_registrations.disease_name"))
    begins_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    registration_number: Mapped[str] = mapped_column(
        EncryptedText("chronic_registrations.registration_number")
    )
    insuplc_admdvs: Mapped[str] = mapped_column(String(6))
    cert_type: Mapped[str] = mapped_column(String(3))
    cert_no: Mapped[str | None] = mapped_column(
        EncryptedText("chronic_registrations.cert_no"), nullable=True
    )
    reason: Mapped[str | None] = mapped_column(
        EncryptedText("chronic_registrations.reason"), nullable=True
    )
    recorded_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[created]


class PlatformVisit(Base):
    """A claim's dosing day as the platform's outpatient visit (2201): its credential and the
    registration it is claimed under. Its fee details are the claim's lines of that day."""

    __tablename__ = "platform_visits"
    __table_args__ = (UniqueConstraint("claim_id", "service_date"),)
    id: Mapped[intpk]
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id"), index=True)
    registration_id: Mapped[int | None] = mapped_column(
        ForeignKey("chronic_registrations.id"), nullable=True
    )
    service_date: Mapped[date] = mapped_column(Date)
    cert_type: Mapped[str | None] = mapped_column(String(3), nullable=True)
    cert_no: Mapped[str | None] = mapped_column(
        EncryptedText("platform_visits.cert_no"), nullable=True
    )
    physician_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)


class PlatformReply(Base):
    """What the platform answered for a visit (imported from its response file): the visit id
    it issued (2201), the settlement id (2207) or a rejection. Append-only; the newest counts."""

    __tablename__ = "platform_replies"
    id: Mapped[intpk]
    visit_id: Mapped[int] = mapped_column(ForeignKey("platform_visits.id"), index=True)
    infno: Mapped[str] = mapped_column(String(8))
    mdtrt_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    setl_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    rejection: Mapped[str | None] = mapped_column(
        EncryptedText("platform_replies.rejection"), nullable=True
    )
    reference: Mapped[str | None] = mapped_column(String(100), nullable=True)
    recorded_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[created]


class ClaimExport(Base):
    __tablename__ = "claim_exports"
    id: Mapped[intpk]
    batch_id: Mapped[int] = mapped_column(ForeignKey("claim_batches.id"), index=True)
    formats: Mapped[str] = mapped_column(String(40))
    checksum: Mapped[str] = mapped_column(String(64))
    claims: Mapped[int] = mapped_column(Integer)
    exported_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    exported_at: Mapped[created]


# --- an authority's inspection (issue 18) -------------------------------------------------------


class Inspection(Base):
    """The administrator's grant to one inspector: who sent them and why (sealed), the days of
    records they may read, and until when. Ended once, never reopened; a new grant is a new row."""

    __tablename__ = "inspections"
    id: Mapped[intpk]
    inspector_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    authority: Mapped[str] = mapped_column(EncryptedText("inspections.authority"))
    purpose: Mapped[str] = mapped_column(EncryptedText("inspections.purpose"))
    period_from: Mapped[date] = mapped_column(Date)
    period_to: Mapped[date] = mapped_column(Date)
    expires_on: Mapped[date] = mapped_column(Date)
    granted_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    granted_at: Mapped[created]
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    ended_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    end_reason: Mapped[str | None] = mapped_column(
        EncryptedText("inspections.end_reason"), nullable=True
    )


class InspectionNote(Base):
    """An inspector's finding. Append-only: a correction is a new note naming the one it
    supersedes, and both are kept and shown."""

    __tablename__ = "inspection_notes"
    id: Mapped[intpk]
    inspection_id: Mapped[int] = mapped_column(ForeignKey("inspections.id"), index=True)
    text: Mapped[str] = mapped_column(EncryptedText("inspection_notes.text"))
    supersedes_id: Mapped[int | None] = mapped_column(
        ForeignKey("inspection_notes.id"), nullable=True, unique=True
    )
    written_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    written_at: Mapped[created]


class OutreachAttempt(Base):
    """One try to reach a patient who missed days: by phone, a visit or a message, and what came
    of it. Append-only: a wrong entry is followed by a right one, never edited."""

    __tablename__ = "outreach_attempts"
    id: Mapped[intpk]
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"), index=True)
    attempted_at: Mapped[utc]
    method: Mapped[str] = mapped_column(String(12))
    outcome: Mapped[str] = mapped_column(String(16))
    note: Mapped[str | None] = mapped_column(EncryptedText("outreach_attempts.note"), nullable=True)
    recorded_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[created]


# --- satellites that keep dosing offline (issue 20) -------------------------------------------


class ReplicaState(Base):
    """In a satellite workstation's replica only, one row: the site whose working set it holds,
    the workstation, when it was last brought up to date from the server, and how far its own
    audit trail has been taken into the server's. Empty on the server."""

    __tablename__ = "replica_state"
    id: Mapped[intpk]
    site_id: Mapped[int] = mapped_column(Integer)
    workstation: Mapped[str] = mapped_column(String(128))
    synced_at: Mapped[utc]
    events_sent: Mapped[int] = mapped_column(Integer, default=0)  # local audit seq taken in


class OutboxEntry(Base):
    """In a satellite's replica: one action recorded offline, written in the same transaction as
    the action, replayed on the server in order through the same service; KEY makes the replay
    idempotent (the server keeps an OfflineReceipt of it)."""

    __tablename__ = "outbox"
    id: Mapped[intpk]
    key: Mapped[str] = mapped_column(String(36), unique=True)
    action: Mapped[str] = mapped_column(String(64))
    arguments: Mapped[str] = mapped_column(EncryptedText("outbox.arguments"))  # JSON
    user_id: Mapped[int] = mapped_column(Integer)
    workstation: Mapped[str] = mapped_column(String(128))
    recorded_at: Mapped[utc]
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    outcome: Mapped[str | None] = mapped_column(String(16), nullable=True)
    server_ref: Mapped[int | None] = mapped_column(Integer, nullable=True)


class SyncReview(Base):
    """On the server: a dose recorded offline or by hand that the server's gate refused when it
    arrived. What the satellite recorded and what the server holds are both kept, for a
    physician or pharmacist to review; never dropped, never merged."""

    __tablename__ = "sync_reviews"
    id: Mapped[intpk]
    key: Mapped[str] = mapped_column(String(36), unique=True)
    source: Mapped[str] = mapped_column(String(12))  # offline | manual
    workstation: Mapped[str] = mapped_column(String(128))
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"), index=True)
    window_id: Mapped[int] = mapped_column(ForeignKey("locations.id"))
    given_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    given_at: Mapped[utc]
    slot: Mapped[int | None] = mapped_column(Integer, nullable=True)
    refusal_en: Mapped[str] = mapped_column(EncryptedText("sync_reviews.refusal_en"))
    refusal_zh: Mapped[str] = mapped_column(EncryptedText("sync_reviews.refusal_zh"))
    recorded: Mapped[str] = mapped_column(EncryptedText("sync_reviews.recorded"))  # JSON
    server_state: Mapped[str] = mapped_column(EncryptedText("sync_reviews.server_state"))  # JSON
    created_at: Mapped[created]


class SyncReviewResolution(Base):
    """A review settled, with what was decided and why. Never edited."""

    __tablename__ = "sync_review_resolutions"
    id: Mapped[intpk]
    review_id: Mapped[int] = mapped_column(ForeignKey("sync_reviews.id"), unique=True)
    note: Mapped[str] = mapped_column(EncryptedText("sync_review_resolutions.note"))
    resolved_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    resolved_at: Mapped[created]


class OfflineReceipt(Base):
    """On the server: one outbox entry, hand-entered dose or satellite audit event already taken
    in, written in the same transaction as what it brought, so a replay cut off and started
    again adds nothing twice."""

    __tablename__ = "offline_receipts"
    # A rowid of its own, the key unique beside it: a table whose only key is text is never read
    # by a backup while empty (SQLite walks the key's index), so damage to it would go unseen.
    id: Mapped[intpk]
    key: Mapped[str] = mapped_column(String(200), unique=True)
    source: Mapped[str] = mapped_column(String(12))  # offline | manual | event
    workstation: Mapped[str] = mapped_column(String(128))
    dose_id: Mapped[int | None] = mapped_column(ForeignKey("doses.id"), nullable=True, unique=True)
    review_id: Mapped[int | None] = mapped_column(ForeignKey("sync_reviews.id"), nullable=True)
    received_at: Mapped[created]
