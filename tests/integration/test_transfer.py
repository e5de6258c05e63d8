"""Transfer summaries (issue 17, items 4 and 5): refused without a consent naming the recipient,
logged as a disclosure; the sealed, signed file round-trips every field into an enrolment at
the receiving clinic; damaged, cut-short, wrongly keyed or wrongly signed files are refused and
change nothing; the first dose there counts missed days from the last dose at the sender."""

from __future__ import annotations

import base64
import json
import subprocess
from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import select

from clinic.dosing import flags, screens
from clinic.dosing.orders import OrderRequest, order_needs, write_order
from clinic.dosing.window import DoseRefused, open_for_dosing, record_dose
from clinic.errors import InvalidInput, PermissionDenied
from clinic.patients import consent, transfer
from clinic.patients.consent import DisclosureRefused
from clinic.patients.enrolment import Eligibility, EnrolledPatient, Enrolment, Payer
from clinic.patients.records import open_patient
from clinic.privacy import keys
from clinic.storage.models import Patient, PatientDetail, TransferIn
from clinic.storage.uow import UnitOfWork
from tests import factories
from tests.conftest import ClinicUnderTest, _fresh_database, make_clinic
from tests.integration.dosing_helpers import DAY0, SHANGHAI, Window, days, window
from tests.integration.helpers import rows_state

RECIPIENT = "B市美沙酮门诊 City B MMT clinic"
PASSPHRASE = "transfer-pass-phrase-1"


@pytest.fixture
def sender(clinic: ClinicUnderTest) -> Window:
    return window(clinic)


@pytest.fixture
def receiver(
    backend: str, tmp_path: Path, keystore: keys.OsKeyringStore, request: pytest.FixtureRequest
) -> Iterator[Window]:
    """A second clinic, on the same backend, that the patient moves to."""
    database: Iterator[str] | None = None
    url = None
    if backend == "postgresql":
        database = _fresh_database(
            request.getfixturevalue("pg_server"), request.getfixturevalue("pg_template")
        )
        url = next(database)
    cut = make_clinic(tmp_path / "receiving", keystore, backend, url)
    try:
        yield window(cut)
    finally:
        cut.clinic.close()
        keystore.delete(cut.clinic.settings.clinic_id)
        if database is not None:
            next(database, None)


def _consent(w: Window, pid: int, recipient: str = RECIPIENT, **when: object) -> int:
    return consent.record_consent(
        w.doc,
        patient_id=pid,
        purpose="transfer",
        recipient=recipient,
        scope="transfer summary",
        signed_on=when.pop("signed_on", DAY0),  # type: ignore[arg-type]
        **when,  # type: ignore[arg-type]
    ).consent_id


def _dosed_patient(w: Window) -> int:
    """A patient dosed on DAY0..DAY0+2 and DAY0+5 (30 then 40 mg), screened, with a note."""
    w.stock_window()
    pid = w.patient(dose="30")
    for n in (0, 1, 2):
        w.at(DAY0 + days(n))
        record_dose(w.nurse, patient_id=pid, window_id=w.ph.window)
    w.at(DAY0 + days(3))
    write_order(
        w.doc,
        patient_id=pid,
        request=OrderRequest(
            product_id=w.ph.methadone, daily_dose_mg="40", start_on=DAY0 + days(5)
        ),  # type: ignore[arg-type]
    )
    w.at(DAY0 + days(5))
    record_dose(w.nurse, patient_id=pid, window_id=w.ph.window)
    screens.record_screen(
        w.doc,
        patient_id=pid,
        collected_on=DAY0 + days(5),
        results={"opiates": False, "methamphetamine": True},
    )
    flags.raise_flag(w.doc, patient_id=pid, level="warning", text="对青霉素过敏 allergic")
    return pid


def _send(w: Window, pid: int, **extra: object) -> transfer.TransferPackage:
    return transfer.send_transfer(
        w.doc, patient_id=pid, recipient=RECIPIENT, passphrase=PASSPHRASE, **extra
    )  # type: ignore[arg-type]


def _sent_on_day_6(w: Window) -> transfer.TransferPackage:
    pid = _dosed_patient(w)
    _consent(w, pid)
    w.at(DAY0 + days(6))
    return _send(w, pid)


def _receiving_enrolment(r: Window, summary: transfer.TransferSummary) -> Enrolment:
    """What the receiving physician completes in the wizard after the file pre-filled it."""
    today = r.now.astimezone(SHANGHAI).date()
    draft = Enrolment(today=today)
    transfer.enrolment_from(summary, draft)
    draft.set_eligibility(
        Eligibility(diagnosed_on=summary.diagnosed_on or today, voluntary=True, full_capacity=True)
    )
    draft.set_agreement(factories.agreement(today, summary.method or "methadone"))
    draft.set_payer(Payer(scheme_code=None))
    return draft


def _enrol(
    r: Window, package: transfer.TransferPackage, draft: Enrolment | None = None
) -> EnrolledPatient:
    """The receiving physician enrols from the file, every field confirmed."""
    return transfer.enrol_transferred(
        r.doc,
        data=package.file,
        passphrase=PASSPHRASE,
        enrolment=draft or _receiving_enrolment(r, package.summary),
        confirmed=frozenset(transfer.CONFIRMED_FIELDS),
    )


def _pdf_text(data: bytes, folder: Path) -> str:
    path = folder / "summary.pdf"
    path.write_bytes(data)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


def test_a_transfer_is_refused_without_a_valid_consent_naming_the_recipient(
    sender: Window,
) -> None:
    w = sender
    pid = _dosed_patient(w)
    with pytest.raises(DisclosureRefused, match="No valid consent"):
        _send(w, pid)
    _consent(w, pid, recipient="C市另一门诊 another clinic")
    with pytest.raises(DisclosureRefused):
        _send(w, pid)
    _consent(w, pid, signed_on=DAY0, expires_on=DAY0 + days(2))  # expired three days ago
    with pytest.raises(DisclosureRefused):
        _send(w, pid)
    revoked = _consent(w, pid)
    consent.revoke_consent(w.doc, consent_id=revoked, reason="changed my mind")
    with pytest.raises(DisclosureRefused):
        _send(w, pid)
    assert consent.disclosure_history(w.doc, patient_id=pid) == []
    _consent(w, pid)
    with pytest.raises(PermissionDenied):
        transfer.send_transfer(w.nurse, patient_id=pid, recipient=RECIPIENT, passphrase=PASSPHRASE)
    with pytest.raises(InvalidInput, match="at least 12"):
        transfer.send_transfer(w.doc, patient_id=pid, recipient=RECIPIENT, passphrase="short")
    assert consent.disclosure_history(w.doc, patient_id=pid) == []


def test_a_transfer_is_logged_and_enrols_the_patient_with_every_field(
    sender: Window, receiver: Window, tmp_path: Path
) -> None:
    w, r = sender, receiver
    pid = _dosed_patient(w)
    _consent(w, pid)
    w.at(DAY0 + days(6))
    note_id = transfer.transfer_notes(w.doc, patient_id=pid)[0].flag_id
    package = _send(w, pid, flag_ids=(note_id,), note="请继续每日随访 follow up daily")
    summary = package.summary

    history = consent.disclosure_history(w.doc, patient_id=pid)
    assert [(d.purpose, d.recipient, d.reference) for d in history] == [
        ("transfer", RECIPIENT, summary.summary_id)
    ]
    assert history[0].basis.startswith("consent #")

    assert summary.last_dose_on == DAY0 + days(5) and summary.last_dose_mg == Decimal(40)
    assert [(d.day, d.dose_mg) for d in summary.doses] == [
        (DAY0, Decimal(30)),
        (DAY0 + days(1), Decimal(30)),
        (DAY0 + days(2), Decimal(30)),
        (DAY0 + days(5), Decimal(40)),
    ]
    assert [o.daily_dose_mg for o in summary.titration] == [Decimal(30), Decimal(40)]
    assert summary.order is not None and summary.order.daily_dose_mg == Decimal(40)
    assert [(m.first, m.days) for m in summary.missed] == [(DAY0 + days(3), 2)]
    assert summary.screens[0].positives == ("methamphetamine",)
    assert summary.notes == ("对青霉素过敏 allergic", "请继续每日随访 follow up daily")
    assert keys.fingerprint(keys.public_key_bytes(keys.signing_key(w.cut.db.keys))) == (
        package.fingerprint
    )
    text = _pdf_text(package.pdf, tmp_path)
    assert package.fingerprint in text and "转诊摘要" in text and "王小明" in text
    assert b"\xe7\x8e\x8b" not in package.file  # the name is not in the file in the clear

    r.at(DAY0 + days(7))
    received = transfer.read_transfer(r.doc, data=package.file, passphrase=PASSPHRASE)
    assert received.summary == summary  # every field, exactly
    assert received.verified and received.fingerprint == package.fingerprint
    assert received.registered_as is None
    assert not received.addressed_here  # made for City B, read at the test clinic
    draft = _receiving_enrolment(r, received.summary)
    with pytest.raises(InvalidInput, match="confirm every field"):
        transfer.enrol_transferred(
            r.doc,
            data=package.file,
            passphrase=PASSPHRASE,
            enrolment=draft,
            confirmed=frozenset({"identity"}),
        )
    enrolled = _enrol(r, package, draft)
    assert open_patient(r.doc, patient_id=enrolled.patient_id).status == "active"
    with UnitOfWork(r.cut.db, read_only=True) as uow:
        patient = uow.session.get(Patient, enrolled.patient_id)
        detail = uow.session.get(PatientDetail, enrolled.patient_id)
        assert patient is not None and detail is not None
        assert (
            patient.name,
            patient.sex,
            patient.birth_date,
            patient.national_id,
            patient.phone,
            patient.address,
            detail.emergency_contact,
        ) == (
            summary.name,
            summary.sex,
            summary.birth_date,
            summary.national_id,
            summary.phone,
            summary.address,
            summary.emergency_contact,
        )
        kept = uow.session.scalars(select(TransferIn)).one()
        assert (kept.last_dose_on, kept.last_dose_mg, kept.summary_id) == (
            summary.last_dose_on,
            summary.last_dose_mg,
            summary.summary_id,
        )
        assert kept.sender_fingerprint == package.fingerprint
        assert transfer.from_json(transfer.TransferSummary, json.loads(kept.document)) == summary
    again = transfer.read_transfer(r.doc, data=package.file, passphrase=PASSPHRASE)
    assert again.registered_as == enrolled.patient_number


def _opened(package: transfer.TransferPackage) -> dict[str, object]:
    _, plain = keys.open_sealed(
        package.file,
        PASSPHRASE,
        file_format=transfer.FILE_FORMAT,
        version=transfer.VERSION,
        bad_file=InvalidInput(en="x", zh="x"),
        wrong_passphrase=InvalidInput(en="x", zh="x"),
    )
    return dict(json.loads(plain))


def _resealed(signed: dict[str, object]) -> bytes:
    header = {"format": transfer.FILE_FORMAT, "version": transfer.VERSION}
    return keys.seal_with_passphrase(header, json.dumps(signed).encode(), PASSPHRASE)


def _bad_files(package: transfer.TransferPackage) -> dict[str, tuple[bytes, str, str]]:
    document = json.loads(package.file)
    sealed = bytearray(base64.b64decode(document["ciphertext"]))
    sealed[len(sealed) // 2] ^= 0x01
    flipped = json.dumps(dict(document, ciphertext=base64.b64encode(sealed).decode())).encode()
    changed = _opened(package)
    summary = dict(changed["summary"])  # type: ignore[call-overload]
    summary["last_dose_on"] = (DAY0 + days(6)).isoformat()
    changed["summary"] = summary
    forged = _opened(package)
    public = forged["signer"]["public_key"]  # type: ignore[index]
    other = Ed25519PrivateKey.generate()
    forged["signature"] = base64.b64encode(
        other.sign(transfer._signed_part(forged["summary"], public))  # type: ignore[arg-type]
    ).decode()
    return {
        "one byte flipped": (flipped, "altered after it was sealed", "加密后被改动"),
        "a field changed, old signature": (_resealed(changed), "signature", "签名"),
        "signed by another key": (_resealed(forged), "signature", "签名"),
        "truncated": (package.file[: len(package.file) // 2], "cut short", "不完整"),
        "binary": (b"\x00\x01" + package.file, "control characters", "控制字符"),
    }


def test_damaged_wrongly_keyed_or_wrongly_signed_files_are_refused_and_change_nothing(
    sender: Window, receiver: Window
) -> None:
    w, r = sender, receiver
    package = _sent_on_day_6(w)
    r.at(DAY0 + days(7))
    draft = _receiving_enrolment(r, package.summary)
    everything = frozenset(transfer.CONFIRMED_FIELDS)

    def state() -> dict[str, object]:
        found = rows_state(r.cut.db.engine)
        return {k: v for k, v in found.items() if k not in ("audit_events", "audit_head")}

    before = state()
    cases = _bad_files(package)
    cases["wrong passphrase"] = (package.file, "passphrase is wrong", "口令错误")
    for name, (data, en, zh) in cases.items():
        passphrase = "not-the-passphrase" if name == "wrong passphrase" else PASSPHRASE
        with pytest.raises(InvalidInput) as refused:
            transfer.read_transfer(r.doc, data=data, passphrase=passphrase)
        assert en in refused.value.en, name
        assert zh in refused.value.zh and "未作任何更改" in refused.value.zh, name
        assert "Nothing was changed" in refused.value.en, name
        with pytest.raises(InvalidInput):
            transfer.enrol_transferred(
                r.doc, data=data, passphrase=passphrase, enrolment=draft, confirmed=everything
            )
        assert state() == before, name


def test_the_first_dose_after_a_transfer_counts_missed_days_from_the_last_dose_there(
    sender: Window, receiver: Window
) -> None:
    w, r = sender, receiver
    package = _sent_on_day_6(w)  # last dose at the sender: DAY0 + 5

    r.stock_window()

    def arrive(day: date) -> int:
        r.at(day)
        enrolled = _enrol(r, package)
        write_order(
            r.doc,
            patient_id=enrolled.patient_id,
            request=OrderRequest(product_id=r.ph.methadone, daily_dose_mg="40", start_on=day),  # type: ignore[arg-type]
        )
        return enrolled.patient_id

    # Six days after the last dose there (5 missed): only a re-induction order clears a dose.
    moved = arrive(DAY0 + days(11))
    panel = open_for_dosing(r.nurse, patient_id=moved, window_id=r.ph.window)
    assert panel.last_dose_on == DAY0 + days(5) and panel.missed_days == 5
    assert panel.refusal is not None and "re-induction" in panel.refusal[0]
    with pytest.raises(DoseRefused, match="re-induction"):
        record_dose(r.nurse, patient_id=moved, window_id=r.ph.window)
    write_order(
        r.doc,
        patient_id=moved,
        request=OrderRequest(
            product_id=r.ph.methadone,
            daily_dose_mg="20",
            start_on=DAY0 + days(11),
            reinduction=True,
        ),  # type: ignore[arg-type]
    )
    record_dose(r.nurse, patient_id=moved, window_id=r.ph.window)


def test_a_patient_arriving_the_next_day_is_dosed(sender: Window, receiver: Window) -> None:
    w, r = sender, receiver
    pid = _dosed_patient(w)
    _consent(w, pid)
    package = _send(w, pid)  # sent on DAY0 + 5, the day of the last dose there
    r.stock_window()
    r.at(DAY0 + days(6))
    enrolled = _enrol(r, package)
    panel = open_for_dosing(r.nurse, patient_id=enrolled.patient_id, window_id=r.ph.window)
    assert panel.refusal is not None  # no order here yet
    write_order(
        r.doc,
        patient_id=enrolled.patient_id,
        request=OrderRequest(
            product_id=r.ph.methadone, daily_dose_mg="40", start_on=DAY0 + days(6)
        ),  # type: ignore[arg-type]
    )
    panel = open_for_dosing(r.nurse, patient_id=enrolled.patient_id, window_id=r.ph.window)
    assert panel.last_dose_on == DAY0 + days(5) and panel.missed_days == 0
    assert panel.refusal is None
    record_dose(r.nurse, patient_id=enrolled.patient_id, window_id=r.ph.window)


def test_the_signing_key_comes_from_the_field_key_so_the_key_backup_holds_it(
    sender: Window,
) -> None:
    w = sender
    mine = keys.signing_key(w.cut.db.keys)
    _, restored = keys.unwrap_keys(w.cut.key_backup.read_bytes(), "correct horse battery staple")
    assert keys.public_key_bytes(keys.signing_key(restored)) == keys.public_key_bytes(mine)
    other = keys.ClinicKeys.generate(embedded=True)
    assert keys.public_key_bytes(keys.signing_key(other)) != keys.public_key_bytes(mine)


def test_missed_runs() -> None:
    d = date(2026, 1, 1)
    runs = transfer.missed_runs([d, d + timedelta(1), d + timedelta(4)], d, d + timedelta(6))
    assert [(r.first, r.days) for r in runs] == [(d + timedelta(2), 2), (d + timedelta(5), 2)]
    assert [(r.first, r.days) for r in transfer.missed_runs([], d, d + timedelta(2))] == [(d, 3)]


def test_an_order_after_a_transfer_is_measured_from_the_dose_there(
    sender: Window, receiver: Window
) -> None:
    """Three days missed since the last dose elsewhere (40 mg): the reassessment proposes 20 mg
    and the same 40 mg needs a stated reason; no induction limits for a continuing patient."""
    w, r = sender, receiver
    package = _sent_on_day_6(w)
    r.at(DAY0 + days(9))  # days 6, 7 and 8 missed
    pid = _enrol(r, package).patient_id
    needs = order_needs(
        r.doc,
        patient_id=pid,
        request=OrderRequest(
            product_id=r.ph.methadone, daily_dose_mg="40", start_on=DAY0 + days(9)
        ),
    )
    assert needs.proposed_mg == Decimal(20) and not needs.induction
    assert any("Missed 3 days" in en for en, _ in needs.reasons)
    with pytest.raises(InvalidInput):
        write_order(
            r.doc,
            patient_id=pid,
            request=OrderRequest(
                product_id=r.ph.methadone, daily_dose_mg="40", start_on=DAY0 + days(9)
            ),
        )
    write_order(
        r.doc,
        patient_id=pid,
        request=OrderRequest(
            product_id=r.ph.methadone, daily_dose_mg="20", start_on=DAY0 + days(9)
        ),
    )


def test_a_summary_is_addressed_here_when_the_names_agree_as_typed() -> None:
    ours = "Ｂ市美沙酮门诊　City B MMT Clinic"  # full-width letters and an ideographic space
    assert transfer.same_clinic("B市美沙酮门诊 City B MMT clinic", ours)
    assert transfer.same_clinic("b市美沙酮门诊", ours)  # one name inside the other
    assert not transfer.same_clinic("C市美沙酮门诊", ours)
    assert not transfer.same_clinic("", ours)
    assert not transfer.same_clinic("  ", "")
