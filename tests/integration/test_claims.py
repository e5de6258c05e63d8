"""Monthly claims on SQLCipher and PostgreSQL: who is in, the money, never twice, export, status."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import threading
from datetime import date
from decimal import Decimal

import pytest
import pyzipper
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from sqlalchemy import select

from clinic.dosing import screens
from clinic.dosing.orders import OrderRequest, write_order
from clinic.dosing.window import record_dose
from clinic.errors import ClinicError, Conflict, InvalidInput, PermissionDenied
from clinic.insurance import claims, exports, schemes
from clinic.patients import enrolment
from clinic.privacy.permissions import Role
from clinic.storage.models import ClaimedDay, Disclosure
from clinic.storage.uow import UnitOfWork
from tests import factories
from tests.conftest import ClinicUnderTest
from tests.integration.dosing_helpers import Window, window
from tests.integration.helpers import rows_state

MARCH = date(2026, 3, 2)
PASSPHRASE = "claims export passphrase"


class Billing:
    def __init__(self, cut: ClinicUnderTest, drug_priced_from: date = date(2026, 1, 1)) -> None:
        self.w: Window = window(cut, MARCH)
        self.cut = cut
        admin = cut.admin()
        self.clerk = cut.add_user("clerk", Role.BILLING_CLERK)
        schemes.add_payer_scheme(admin, code="RESIDENT", name="城乡居民医保", kind="resident")
        claims.set_scheme_terms(
            admin,
            scheme_code="RESIDENT",
            effective_from=date(2026, 1, 1),
            ratio="0.7",
            deductible="0",
            annual_cap=None,
            subsidy_share="0",
            covered=["service", "drug", "screen"],
            insutype="390",
        )
        claims.set_fee(
            admin,
            code=claims.SERVICE_FEE_CODE,
            kind="service",
            name="美沙酮服药服务费",
            unit="日",
            unit_price="10",
            insurance_code="SVC001",
            effective_from=date(2026, 1, 1),
        )
        claims.set_fee(
            admin,
            code="DRUG-MET-1",
            kind="drug",
            name="盐酸美沙酮口服溶液",
            unit="mL",
            unit_price="0.05",
            insurance_code="XN02AC",
            product_id=self.w.ph.methadone,
            effective_from=drug_priced_from,
        )
        self.w.stock_window(quantity="3000")
        self.insured = self.enrol("王小明", scheme="RESIDENT", insured="R1001", consent=True)
        self.no_consent = self.enrol("张伟", scheme="RESIDENT", insured="R1002", consent=False)
        self.self_pay = self.enrol("李娜", scheme=None, insured=None, consent=False)
        for day in range(2, 7):
            self.w.at(date(2026, 3, day))
            for pid in (self.insured, self.no_consent, self.self_pay):
                record_dose(self.w.nurse, patient_id=pid, window_id=self.w.ph.window)
        self.w.at(date(2026, 4, 2))

    def enrol(self, name: str, *, scheme: str | None, insured: str | None, consent: bool) -> int:
        pid = enrolment.enrol_patient(
            self.w.doc,
            enrolment=factories.enrolment(
                MARCH, name=name, scheme=scheme, insured=insured, claims_consent=consent
            ),
        ).patient_id
        write_order(
            self.w.doc,
            patient_id=pid,
            request=OrderRequest(
                product_id=self.w.ph.methadone, daily_dose_mg="30", start_on=MARCH
            ),
        )
        return pid


@pytest.fixture
def b(clinic: ClinicUnderTest) -> Billing:
    return Billing(clinic)


def test_batch_money_and_who_is_in(b: Billing) -> None:
    result = claims.build_batch(b.clerk, scheme_code="RESIDENT", year=2026, month=3)
    assert [c.patient_number for c in result.claims] == ["P000001"]
    claim = result.claims[0]
    # 5 days x (service 10.00 + 30 mL x 0.05 = 1.50) = 57.50; payer 70%: 7.00 + 1.05 a day
    assert (claim.days, claim.total, claim.payer_amount, claim.patient_amount) == (
        5,
        Decimal("57.50"),
        Decimal("40.25"),
        Decimal("17.25"),
    )
    assert claim.payer_amount + claim.subsidy_amount + claim.patient_amount == claim.total
    reasons = {e.patient_number: e.reason_en for e in result.excluded}
    assert reasons == {
        "P000002": "no valid consent to insurance claims in this month",
        "P000003": "pays themselves (self-pay)",
    }
    again = claims.build_batch(b.clerk, scheme_code="RESIDENT", year=2026, month=3)
    assert again.claims == () and len(again.problems) == 5
    assert all("already claimed" in p.reason_en for p in again.problems)
    with pytest.raises(PermissionDenied):
        claims.build_batch(b.w.nurse, scheme_code="RESIDENT", year=2026, month=3)


def test_a_day_whose_drug_has_no_price_waits_whole_and_is_billed_once_priced(
    clinic: ClinicUnderTest,
) -> None:
    b = Billing(clinic, drug_priced_from=date(2026, 3, 4))
    first = claims.build_batch(b.clerk, scheme_code="RESIDENT", year=2026, month=3)
    # 2 and 3 March have no drug price: neither their service fee nor their drug is billed
    assert [p.reason_en for p in first.problems] == [
        "no price for 盐酸美沙酮口服溶液 1 mg/mL on 2026-03-02",
        "no price for 盐酸美沙酮口服溶液 1 mg/mL on 2026-03-03",
    ]
    assert [(c.days, c.total) for c in first.claims] == [(3, Decimal("34.50"))]  # 3 x 11.50
    claims.set_fee(
        clinic.admin(),
        code="DRUG-MET-1",
        kind="drug",
        name="盐酸美沙酮口服溶液",
        unit="mL",
        unit_price="0.05",
        insurance_code="XN02AC",
        product_id=b.w.ph.methadone,
        effective_from=date(2026, 3, 1),
    )
    second = claims.build_batch(b.clerk, scheme_code="RESIDENT", year=2026, month=3)
    assert [(c.days, c.total) for c in second.claims] == [(2, Decimal("23.00"))]
    assert [p.reason_en for p in second.problems] == [
        f"2026-03-0{d} is already claimed in {first.claims[0].number}" for d in (4, 5, 6)
    ]


def test_urine_screens_are_billed_with_their_day_and_never_twice(b: Billing) -> None:
    admin = b.cut.admin()
    claims.set_fee(
        admin,
        code=claims.SCREEN_FEE_CODE,
        kind="screen",
        name="尿液吗啡检测",
        unit="次",
        unit_price="30",
        insurance_code="LAB001",
        effective_from=date(2026, 1, 1),
    )
    for day in (3, 9):  # 3 March is a dose day, 9 March is not
        screens.record_screen(
            b.w.nurse,
            patient_id=b.insured,
            collected_on=date(2026, 3, day),
            results={"opiates": False},
        )
    first = claims.build_batch(b.clerk, scheme_code="RESIDENT", year=2026, month=3)
    # 5 dose days x 11.50 + 2 screens x 30.00 = 117.50, over 6 days
    assert [(c.days, c.total) for c in first.claims] == [(6, Decimal("117.50"))]
    again = claims.build_batch(b.clerk, scheme_code="RESIDENT", year=2026, month=3)
    assert again.claims == ()
    assert sorted(p.reason_en.split()[0] for p in again.problems) == [
        f"2026-03-0{d}" for d in (2, 3, 4, 5, 6, 9)
    ]


def test_a_voided_claim_does_not_use_up_the_deductible(b: Billing) -> None:
    claims.set_scheme_terms(
        b.cut.admin(),
        scheme_code="RESIDENT",
        effective_from=date(2026, 3, 1),
        ratio="0.7",
        deductible="20",
        annual_cap=None,
        subsidy_share="0",
        covered=["service", "drug", "screen"],
        insutype="390",
    )
    result = claims.build_batch(b.clerk, scheme_code="RESIDENT", year=2026, month=3)
    # day 1: 11.50 all deductible; day 2: 8.50 deductible, 3.00 at 70% = 2.10; days 3-5: 8.05 each
    claim = result.claims[0]
    assert (claim.total, claim.payer_amount, claim.patient_amount) == (
        Decimal("57.50"),
        Decimal("26.25"),
        Decimal("31.25"),
    )
    exports.export_batch(
        b.clerk,
        batch_number=result.batch_number,
        target=b.cut.home / "x",
        passphrase=PASSPHRASE,
        clinic_name="x",
        formats=("csv",),
    )
    claims.record_outcome(b.clerk, claim_number=claim.number, status="rejected", reason="typo")
    fixed = claims.correct_claim(b.clerk, claim_number=claim.number)
    # the voided first version's 20.00 of deductible is not counted as met: same split again
    assert (fixed.payer_amount, fixed.patient_amount) == (Decimal("26.25"), Decimal("31.25"))


def test_the_database_refuses_a_day_twice(b: Billing) -> None:
    result = claims.build_batch(b.clerk, scheme_code="RESIDENT", year=2026, month=3)
    from sqlalchemy.exc import IntegrityError

    with UnitOfWork(b.cut.db) as uow, pytest.raises(IntegrityError):
        uow.session.add(
            ClaimedDay(
                patient_id=b.insured,
                service_date=date(2026, 3, 2),
                generation=1,
                claim_id=result.claims[0].claim_id,
            )
        )
        uow.session.flush()


def test_two_clerks_building_at_once(b: Billing) -> None:
    second = b.cut.add_user("clerk2", Role.BILLING_CLERK)
    barrier = threading.Barrier(2)
    results: list[object] = []

    def build(auth):  # type: ignore[no-untyped-def]
        barrier.wait()
        try:
            results.append(claims.build_batch(auth, scheme_code="RESIDENT", year=2026, month=3))
        except ClinicError as exc:
            results.append(exc)

    threads = [threading.Thread(target=build, args=(a,)) for a in (b.clerk, second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    built = [r for r in results if isinstance(r, claims.BatchResult) and r.claims]
    assert len(built) == 1
    assert all(isinstance(r, Conflict | claims.BatchResult) for r in results)
    with UnitOfWork(b.cut.db, read_only=True) as uow:
        days = uow.session.scalars(
            select(ClaimedDay.service_date).where(ClaimedDay.patient_id == b.insured)
        ).all()
    assert sorted(days) == [date(2026, 3, d) for d in range(2, 7)]


def _open(path, name):  # type: ignore[no-untyped-def]
    with pyzipper.AESZipFile(path) as archive:
        archive.setpassword(PASSPHRASE.encode())
        return archive.read(name)


def test_export_files_read_back_and_hold_no_excluded_patient(b: Billing, tmp_path) -> None:  # type: ignore[no-untyped-def]
    result = claims.build_batch(b.clerk, scheme_code="RESIDENT", year=2026, month=3)
    with pytest.raises(InvalidInput):
        exports.export_batch(
            b.clerk,
            batch_number=result.batch_number,
            target=tmp_path / "x",
            passphrase="short",
            clinic_name="测试",
        )
    out = exports.export_batch(
        b.clerk,
        batch_number=result.batch_number,
        target=tmp_path / "batch",
        passphrase=PASSPHRASE,
        clinic_name="测试诊所",
        medins_code="H11010500001",
    )
    with pytest.raises(RuntimeError), pyzipper.AESZipFile(out.path) as archive:  # no passphrase
        archive.read(f"{result.batch_number}.csv")
    rows = list(
        csv.DictReader(
            io.StringIO(_open(out.path, f"{result.batch_number}.csv").decode("utf-8-sig"))
        )
    )
    assert len(rows) == 10 and {r["psn_no"] for r in rows} == {"R1001"}
    assert sum(Decimal(r["det_item_fee_sumamt"]) for r in rows) == Decimal("57.50")
    assert {(r["medins_list_codg"], r["cnt"], r["pric"]) for r in rows} == {
        (claims.SERVICE_FEE_CODE, "1", "10"),  # plain numbers, never 1E+1
        ("DRUG-MET-1", "30", "0.05"),
    }
    document = json.loads(_open(out.path, f"{result.batch_number}.json"))
    lines = document["input"]["feedetail"]
    assert {line["insutype"] for line in lines} == {"390"} and len(
        {x["feedetl_sn"] for x in lines}
    ) == 10
    book = load_workbook(io.BytesIO(_open(out.path, f"{result.batch_number}.xlsx")))
    assert book["信息 Info"]["B2"].value == result.batch_number
    assert book["明细 Lines"].max_row == 1 + 10  # a heading, then the same lines as the csv
    cells = " ".join(
        str(cell.value)
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.value is not None
    )
    assert "R1001" in cells and "王小明" in cells
    raw = {
        name: _open(out.path, f"{result.batch_number}.{name}").decode("utf-8-sig")
        for name in ("csv", "json")
    }
    for absent in ("R1002", "张伟", "李娜"):  # no consent, self-pay: in no file, no cell
        assert absent not in cells and all(absent not in text for text in raw.values())
    pdf = _open(out.path, f"{result.batch_number}.pdf")
    assert pdf.startswith(b"%PDF")
    (tmp_path / "claims.pdf").write_bytes(pdf)
    text = subprocess.run(
        ["pdftotext", "-layout", str(tmp_path / "claims.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "王小明" in text and "R1001" in text and "57.50" in text
    assert not any(absent in text for absent in ("R1002", "张伟", "李娜"))
    assert "DEMO" not in text  # a real clinic's files carry no demo mark
    # the claim page sums the 5 service days into one item line: count 5, amount 50.00
    assert re.search(r"\b5\s+10\s+50\.00\b", text)
    assert not any(excluded in text for excluded in ("张伟", "李娜", "R1002"))
    manifest = json.loads(_open(out.path, "MANIFEST.json"))
    assert manifest["checksum_sha256"] == out.checksum
    everything = b"".join(_open(out.path, n) for n in out.files).decode("utf-8", "ignore")
    for excluded in ("张伟", "李娜", "R1002"):
        assert excluded not in everything
    assert "王小明" in everything
    with UnitOfWork(b.cut.db, read_only=True) as uow:
        logged = uow.session.scalars(select(Disclosure)).all()
        assert [(d.patient_id, d.purpose, d.reference) for d in logged] == [
            (b.insured, "insurance_claims", result.batch_number)
        ]
    assert claims.claim_status_of(b.clerk, claim_number=result.claims[0].number) == "exported"


def test_status_rejection_correction_and_remittance(b: Billing, tmp_path) -> None:  # type: ignore[no-untyped-def]
    result = claims.build_batch(b.clerk, scheme_code="RESIDENT", year=2026, month=3)
    number = result.claims[0].number
    with pytest.raises(Conflict):  # a draft is not yet with the payer
        claims.record_outcome(
            b.clerk, claim_number=number, status="paid", amount="40.25", on_date=date(2026, 4, 20)
        )
    exports.export_batch(
        b.clerk,
        batch_number=result.batch_number,
        target=tmp_path / "b",
        passphrase=PASSPHRASE,
        clinic_name="x",
        formats=("csv",),
    )
    with pytest.raises(InvalidInput):
        claims.record_outcome(b.clerk, claim_number=number, status="rejected")
    claims.record_outcome(
        b.clerk, claim_number=number, status="rejected", reason="wrong insured number"
    )
    fixed = claims.correct_claim(b.clerk, claim_number=number)
    assert fixed.number.endswith("-V2") and fixed.total == Decimal("57.50")
    assert claims.claim_status_of(b.clerk, claim_number=number) == "voided"
    exports.export_batch(
        b.clerk,
        batch_number=result.batch_number,
        target=tmp_path / "c",
        passphrase=PASSPHRASE,
        clinic_name="x",
        formats=("csv",),
    )
    remittance = "\n".join(
        [
            "claim,paid,status,reason",
            f"{fixed.number},NaN,paid,",
            f"{fixed.number},40.255,paid,",
            f"{fixed.number},-40.25,paid,",
            f"{fixed.number},4O.25,paid,",
            f"{fixed.number},￥４０．２５,paid,",
            "CB-NOPE-1,1.00,paid,",
            f"{fixed.number},abc,paid,",
            f"{number},1.00,sideways,",
            "only,two",
        ]
    ).encode()
    # A malformed line refuses the whole file, naming every such line; nothing is applied.
    with pytest.raises(InvalidInput) as caught:
        exports.import_remittance(b.clerk, data=remittance, paid_on=date(2026, 4, 20))
    for bad in (2, 3, 4, 5, 8, 9, 10):
        assert f"Line {bad}:" in caught.value.message("en")
        assert f"第 {bad} 行" in caught.value.message("zh_CN")
    assert "Line 6:" not in caught.value.message("en") and "Nothing was changed" in str(
        caught.value
    )
    assert claims.claim_status_of(b.clerk, claim_number=fixed.number) == "exported"
    # Well-formed lines that name an unknown claim are reported; the others are applied.
    good = f"claim,paid,status\n{fixed.number},￥４０．２５,paid\nCB-NOPE-1,1.00,paid\n".encode()
    report = exports.import_remittance(b.clerk, data=good, paid_on=date(2026, 4, 20))
    assert report.applied == 1 and [p[0] for p in report.problems] == [3]
    assert claims.claim_status_of(b.clerk, claim_number=fixed.number) == "paid"
    assert claims.claim_status_of(b.clerk, claim_number=number) == "voided"


def test_an_exception_dose_is_billed_only_when_charged(clinic: ClinicUnderTest) -> None:
    """A re-dose given free (issue 13) leaves the window's stock but never reaches a claim."""
    from clinic.dosing.window import record_exception_dose

    b = Billing(clinic)
    for day, charged in ((5, False), (6, True)):
        b.w.at(date(2026, 3, day), 10)
        record_exception_dose(
            b.w.nurse,
            patient_id=b.insured,
            window_id=b.w.ph.window,
            kind="redose",
            reason="vomited within 10 minutes",
            authoriser="doc",
            authoriser_password="doc-pass-1",
            charged=charged,
        )
    b.w.at(date(2026, 4, 2))
    claim = claims.build_batch(b.clerk, scheme_code="RESIDENT", year=2026, month=3).claims[0]
    # 5 days as before (57.50), plus the charged re-dose's 30 mL (1.50); the free one, nothing
    assert (claim.days, claim.total) == (5, Decimal("59.00"))


# --- remittance files through the guarded reader ------------------------------------------------

NOT_AMOUNTS = ["NaN", "1E+30", "Infinity", "-Infinity", "sNaN", "1e3", "-1", "4o.25", "10.005"]
AUDIT_TABLES = ("audit_events", "audit_head")


def _exported_claim(b: Billing, tmp_path) -> str:  # type: ignore[no-untyped-def]
    result = claims.build_batch(b.clerk, scheme_code="RESIDENT", year=2026, month=3)
    exports.export_batch(
        b.clerk,
        batch_number=result.batch_number,
        target=tmp_path / "b",
        passphrase=PASSPHRASE,
        clinic_name="x",
        formats=("csv",),
    )
    return result.claims[0].number


def _unaudited_state(b: Billing) -> dict[str, object]:
    state = rows_state(b.cut.db.engine)
    return {k: v for k, v in state.items() if k not in AUDIT_TABLES}


def test_a_remittance_with_a_bad_number_is_refused_naming_its_line(b: Billing, tmp_path) -> None:
    number = _exported_claim(b, tmp_path)
    before = _unaudited_state(b)
    for amount in NOT_AMOUNTS:
        for end in ("\r", "\n", "\r\n"):
            for encoding in ("utf-8", "utf-8-sig", "gb18030"):
                lines = [
                    "结算单号,支付金额,状态",
                    f"{number},40.25,已支付",
                    f"{number},{amount},paid",
                ]
                data = (end.join(lines) + end).encode(encoding)
                with pytest.raises(InvalidInput) as caught:
                    exports.import_remittance(b.clerk, data=data, paid_on=date(2026, 4, 20))
                message = caught.value.message("en")
                assert "Line 3: Paid amount" in message and "Line 2" not in message, message
                assert "第 3 行：支付金额" in caught.value.message("zh_CN")
    assert _unaudited_state(b) == before  # any row written by a refused file would show here
    assert claims.claim_status_of(b.clerk, claim_number=number) == "exported"
    # The same file with a good amount, CR-only and in GB18030, is applied.
    data = f"结算单号,支付金额,状态\r{number},￥40.25,已支付\r".encode("gb18030")
    report = exports.import_remittance(b.clerk, data=data, paid_on=date(2026, 4, 20))
    assert report.applied == 1 and not report.problems
    assert claims.claim_status_of(b.clerk, claim_number=number) == "paid"


_free_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=12)


def test_generated_remittance_files_import_or_are_refused_and_change_nothing(
    b: Billing, tmp_path
) -> None:
    number = _exported_claim(b, tmp_path)
    line = st.tuples(
        st.sampled_from([number, number.lower(), "CB-NOPE-1", ""]) | _free_text,
        st.sampled_from([*NOT_AMOUNTS, "40.25", "1.00", "", "１０", "1,000.00", "9" * 40])
        | _free_text,
        st.sampled_from(["paid", "rejected", "accepted", "已支付", "拒付", "sideways", ""]),
        st.sampled_from(["", "wrong insured number"]) | _free_text,
    ).map(lambda fields: list(fields)) | st.lists(_free_text, max_size=5)

    @settings(max_examples=40, deadline=None, derandomize=True)
    @given(
        header=st.booleans(),
        lines=st.lists(st.tuples(line, st.sampled_from(["\n", "\r\n", "\r"])), max_size=6),
        quoted=st.booleans(),
        encoding=st.sampled_from(["utf-8", "utf-8-sig", "gb18030"]),
        junk=st.sampled_from([b"", b"\x00", b"\xff\xfe", b"\x81"]),
    )
    def check(header: bool, lines, quoted: bool, encoding: str, junk: bytes) -> None:  # type: ignore[no-untyped-def]
        text = "claim,paid,status,reason\n" if header else ""
        for fields, end in lines:
            if quoted:
                out = io.StringIO()
                csv.writer(out, lineterminator=end).writerow(fields)
                text += out.getvalue()
            else:
                text += ",".join(fields) + end
        before = _unaudited_state(b)
        try:
            exports.import_remittance(
                b.clerk, data=text.encode(encoding) + junk, paid_on=date(2026, 4, 20)
            )
        except ClinicError as exc:
            assert exc.message("en") and exc.message("zh_CN")
            assert _unaudited_state(b) == before

    check()
