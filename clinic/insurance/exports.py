"""Claim files: Excel, CSV, JSON (settlement-list field names) and PDF, sealed in an AES-256 zip.

Every export is a disclosure of identified data: each claim's patient must have a valid consent
to claims (checked again at export), each is logged, and the file carries its batch number and a
SHA-256 checksum of its contents.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import multiprocessing
import operator
import os
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from decimal import Decimal
from pathlib import Path

from sqlalchemy import Text, func, select, type_coerce
from sqlalchemy.orm import Session

from clinic import clock
from clinic.errors import InvalidInput, NeedsConfirmation, NotFound
from clinic.fileio import AESZip
from clinic.imports import BadLine, ImportedLine, ImportKind, parse_lines, read_csv
from clinic.insurance.claims import (
    Excluded,
    _move,
    id_chunks,
    latest_status,
    month_problems,
    move_all,
)
from clinic.insurance.platform_messages import (
    ClinicCodes,
    FileExchange,
    MessageProblem,
    Prepared,
    prepare,
)
from clinic.numbers import parse_money
from clinic.patients.consent import authorize_disclosures
from clinic.privacy.keys import check_passphrase
from clinic.privacy.permissions import Action
from clinic.service import Call, service
from clinic.storage.models import (
    Claim,
    ClaimBatch,
    ClaimExport,
    ClaimLine,
    Dose,
    DoseVoid,
    FeeItem,
    Patient,
    PayerScheme,
    Product,
    SchemeTerms,
    UrineScreen,
    User,
)
from clinic.storage.settings_store import clinic_settings, demo_clinic
from clinic.wording import plural, quoted

FORMATS = ("xlsx", "csv", "json", "pdf", "platform")
LINE_FIELDS = [
    "chrg_bchno",
    "feedetl_sn",
    "mdtrt_id",
    "psn_no",
    "psn_cert_type",
    "certno",
    "psn_name",
    "insutype",
    "med_type",
    "dise_codg",
    "dise_name",
    "fee_ocur_time",
    "med_list_codg",
    "medins_list_codg",
    "medins_list_name",
    "med_chrgitm_type",
    "prodname",
    "cnt",
    "pric",
    "det_item_fee_sumamt",
    "fund_pay_sumamt",
    "subsidy_amt",
    "psn_pay_amt",
]
CHINESE_HEADINGS = {
    "chrg_bchno": "收费批次号",
    "feedetl_sn": "费用明细流水号",
    "mdtrt_id": "就诊ID",
    "psn_no": "人员编号",
    "psn_cert_type": "证件类型",
    "certno": "证件号码",
    "psn_name": "姓名",
    "insutype": "险种类型",
    "med_type": "医疗类别",
    "dise_codg": "病种编码",
    "dise_name": "病种名称",
    "fee_ocur_time": "费用发生时间",
    "med_list_codg": "医疗目录编码",
    "medins_list_codg": "院内目录编码",
    "medins_list_name": "院内目录名称",
    "med_chrgitm_type": "收费项目类别",
    "prodname": "商品名",
    "cnt": "数量",
    "pric": "单价",
    "det_item_fee_sumamt": "明细项目费用总额",
    "fund_pay_sumamt": "基金支付",
    "subsidy_amt": "补助金额",
    "psn_pay_amt": "个人负担",
}


@dataclass(frozen=True)
class ExportLine:
    values: dict[str, str]


@dataclass(frozen=True)
class ExportClaim:
    number: str
    patient_number: str
    name: str
    national_id: str
    insured_number: str
    diagnosis_code: str
    diagnosis_name: str
    total: Decimal
    payer_amount: Decimal
    subsidy_amount: Decimal
    patient_amount: Decimal
    lines: tuple[ExportLine, ...]


@dataclass(frozen=True)
class BatchFile:
    batch_number: str
    clinic_name: str
    medins_code: str
    scheme_name: str
    period: str
    claims: tuple[ExportClaim, ...]
    demo: bool = False  # a demo clinic's files: every PDF page is marked

    @property
    def total(self) -> Decimal:
        return sum((c.total for c in self.claims), Decimal(0))


def _money(value: Decimal) -> str:
    return str(value.quantize(Decimal("0.01")))


EXPORTABLE = ("draft", "exported", "accepted", "paid")


def fee_times(
    session: Session, patient_ids: list[int], start: date, end: date
) -> dict[tuple[int, date], datetime]:
    """When each patient's fees of a day arose, in the clinic's time: the day's first dose (a
    voided one does not count), or for a day with a urine screen only, when it was recorded."""
    zone = clock.clinic_zone(session)
    times: dict[tuple[int, date], datetime] = {}
    voided = select(DoseVoid.dose_id)
    for part in id_chunks(sorted(set(patient_ids))):
        for patient_id, day, given_at in session.execute(
            select(Dose.patient_id, Dose.dosing_date, func.min(Dose.given_at))
            .where(
                Dose.patient_id.in_(part),
                Dose.dosing_date >= start,
                Dose.dosing_date <= end,
                Dose.id.not_in(voided),
            )
            .group_by(Dose.patient_id, Dose.dosing_date)
        ):
            times[(patient_id, day)] = as_utc(given_at).astimezone(zone)
        for patient_id, day, recorded_at in session.execute(
            select(UrineScreen.patient_id, UrineScreen.collected_on, UrineScreen.recorded_at)
            .where(
                UrineScreen.patient_id.in_(part),
                UrineScreen.collected_on >= start,
                UrineScreen.collected_on <= end,
            )
            .order_by(UrineScreen.id)
        ):
            local = as_utc(recorded_at).astimezone(zone)
            if local.date() != day:  # recorded on a later day: the collection day's start
                local = datetime.combine(day, time(0, 0), zone)
            times.setdefault((patient_id, day), local)
    return times


def as_utc(moment: datetime) -> datetime:
    """MOMENT with its zone; SQLite hands back UTC times without one."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


class _Formatted:
    """FORMAT(amount) computed once per amount (a month repeats a few hundred amounts ~90,000
    times), keyed by the amount as stored: SQLite's text ("-0.00" and "0.00" apart), or
    PostgreSQL's Decimal with its sign, since -0.00 == 0.00 but prints differently."""

    def __init__(self, format: Callable[[Decimal], str]) -> None:
        self.format = format
        self.done: dict[object, str] = {}

    def __call__(self, stored: Decimal | str) -> str:
        key = stored if isinstance(stored, str) else (stored, stored.is_signed())
        text = self.done.get(key)
        if text is None:
            text = self.done[key] = self.format(Decimal(stored))
        return text


class _FormattedText(dict[str, str]):
    """FORMAT(amount) by the amount's stored text (SQLite's), made once per distinct text; read
    by subscript, without a Python call per amount (a month reads ~530,000 of them)."""

    def __init__(self, format: Callable[[Decimal], str]) -> None:
        super().__init__()
        self.format = format

    def __missing__(self, stored: str) -> str:
        text = self[stored] = self.format(Decimal(stored))
        return text


def _formatter(session: Session, format: Callable[[Decimal], str]) -> Callable[[object], str]:
    """FORMAT for the amounts as SESSION's database hands them back: text on SQLite, Decimal
    (with its sign) on PostgreSQL."""
    if session.get_bind().dialect.name == "sqlite":
        return _FormattedText(format).__getitem__  # type: ignore[return-value]
    return _Formatted(format)  # type: ignore[return-value]


def _seconds(moment: datetime) -> str:
    """MOMENT as strftime("%Y-%m-%d %H:%M:%S") writes it (for years from 1000), read from its
    fields, in about half strftime's time (~45,000 times a month)."""
    return (
        f"{moment.year:04d}-{moment.month:02d}-{moment.day:02d} "
        f"{moment.hour:02d}:{moment.minute:02d}:{moment.second:02d}"
    )


AMOUNT_COLUMNS = (
    ClaimLine.count,
    ClaimLine.unit_price,
    ClaimLine.amount,
    ClaimLine.payer_amount,
    ClaimLine.subsidy_amount,
    ClaimLine.patient_amount,
)


def collect(
    call: Call, batch: ClaimBatch, clinic_name: str, medins_code: str
) -> tuple[BatchFile, list[tuple[Claim, str]]]:
    """The batch's live claims as file content, and each claim with its current status.

    Read in a handful of queries for the whole batch (claims, statuses, patients, lines), not per
    claim or per line; the lines as plain rows whose amounts are formatted from their stored
    form, once per distinct amount.
    """
    session = call.session
    scheme = session.get(PayerScheme, batch.scheme_id)
    assert scheme is not None
    rows = list(
        session.scalars(select(Claim).where(Claim.batch_id == batch.id).order_by(Claim.number))
    )
    status = latest_status(session, [c.id for c in rows])
    live = [(c, status.get(c.id, "draft")) for c in rows if status.get(c.id, "draft") in EXPORTABLE]
    ids = [c.id for c, _ in live]
    patients: dict[int, tuple[str, str, str]] = {}
    for part in id_chunks(sorted({c.patient_id for c, _ in live})):
        patients.update(
            (patient_id, (number, name, national_id))
            for patient_id, number, name, national_id in session.execute(
                select(Patient.id, Patient.patient_number, Patient.name, Patient.national_id).where(
                    Patient.id.in_(part)
                )
            )
        )
    terms = {t.id: (t.insutype, t.med_type) for t in session.scalars(select(SchemeTerms))}
    products = {p.id: p.name for p in session.scalars(select(Product))}
    money = _formatter(session, _money)
    plain = _formatter(session, lambda value: f"{value.normalize():f}")  # 10, not 1E+1
    fee_cells = {
        f.id: (
            f.insurance_code,
            f.code,
            f.name,
            f.charge_category,
            products.get(f.product_id, "") if f.product_id else "",
        )
        for f in session.scalars(select(FeeItem))
    }
    occurred = fee_times(
        session, [c.patient_id for c, _ in live], batch.period_start, batch.period_end
    )
    lines_of: dict[int, list[ExportLine]] = {claim.id: [] for claim, _ in live}
    heads = {}  # the claim's and patient's fields, read once per claim, not once a line
    for claim, _ in live:
        _, name, national_id = patients[claim.patient_id]
        insutype, med_type = terms[claim.terms_id]
        heads[claim.id] = (
            claim.number,
            claim.insured_number,
            national_id,
            name,
            insutype,
            med_type,
            claim.diagnosis_code,
            claim.diagnosis_name,
            claim.patient_id,
        )
    batch_number = batch.number
    stored = [type_coerce(column, Text) for column in AMOUNT_COLUMNS]  # not made Decimal each
    current = None
    for part in id_chunks(ids):  # plain rows, not 90,000 ORM objects, in one pass
        for (
            claim_id,
            line_no,
            fee_item_id,
            day,
            cnt,
            pric,
            total,
            payer,
            subsidy,
            own,
        ) in session.execute(
            select(
                ClaimLine.claim_id,
                ClaimLine.line_no,
                ClaimLine.fee_item_id,
                ClaimLine.service_date,
                *stored,
            )
            .where(ClaimLine.claim_id.in_(part))
            .order_by(ClaimLine.claim_id, ClaimLine.line_no)
        ):
            if claim_id != current:  # the lines come claim by claim
                current = claim_id
                (
                    number,
                    insured,
                    national_id,
                    name,
                    insutype,
                    med_type,
                    diagnosis,
                    diagnosis_name,
                    patient_id,
                ) = heads[claim_id]
                add = lines_of[claim_id].append
                when: dict[date, str] = {}
            occurred_at = when.get(day)
            if occurred_at is None:
                occurred_at = when[day] = _seconds(
                    occurred.get((patient_id, day), datetime.combine(day, time(0, 0)))
                )
            list_code, code, fee_name, category, product = fee_cells[fee_item_id]
            add(
                ExportLine(
                    {
                        "chrg_bchno": batch_number,
                        "feedetl_sn": f"{number}-{line_no:04d}",
                        "mdtrt_id": number,
                        "psn_no": insured,
                        "psn_cert_type": "01",
                        "certno": national_id,
                        "psn_name": name,
                        "insutype": insutype,
                        "med_type": med_type,
                        "dise_codg": diagnosis,
                        "dise_name": diagnosis_name,
                        "fee_ocur_time": occurred_at,
                        "med_list_codg": list_code,
                        "medins_list_codg": code,
                        "medins_list_name": fee_name,
                        "med_chrgitm_type": category,
                        "prodname": product,
                        "cnt": plain(cnt),
                        "pric": plain(pric),
                        "det_item_fee_sumamt": money(total),
                        "fund_pay_sumamt": money(payer),
                        "subsidy_amt": money(subsidy),
                        "psn_pay_amt": money(own),
                    }
                )
            )
    claims = [
        ExportClaim(
            claim.number,
            patients[claim.patient_id][0],
            patients[claim.patient_id][1],
            patients[claim.patient_id][2],
            claim.insured_number,
            claim.diagnosis_code,
            claim.diagnosis_name,
            claim.total,
            claim.payer_amount,
            claim.subsidy_amount,
            claim.patient_amount,
            tuple(lines_of[claim.id]),
        )
        for claim, _ in live
    ]
    content = BatchFile(
        batch.number,
        clinic_name,
        medins_code,
        scheme.name,
        f"{batch.period_start:%Y-%m}",
        tuple(claims),
        demo_clinic(session),
    )
    return content, live


def _distinct_values(batch: BatchFile) -> set[str]:
    distinct: set[str] = set()
    for claim in batch.claims:
        for line in claim.lines:
            distinct.update(line.values.values())
    return distinct


def render_csv(batch: BatchFile) -> bytes:
    """The lines as CSV (Excel's dialect, UTF-8 with its mark). When no value needs quoting
    (the csv writer itself is asked, once, with every distinct value in one row) the lines are
    joined as they are, as the writer would write them; else the writer writes them."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(LINE_FIELDS)
    row = operator.itemgetter(*LINE_FIELDS)
    probe = [*_distinct_values(batch), "x"]  # two fields or more: an empty one stays bare
    if all(type(v) is str for v in probe):
        mark = out.tell()
        writer.writerow(probe)
        plain = out.getvalue()[mark:] == ",".join(probe) + "\r\n"
        out.seek(mark)
        out.truncate()
        if plain:
            out.writelines(
                f"{','.join(row(line.values))}\r\n"
                for claim in batch.claims
                for line in claim.lines
            )
            return out.getvalue().encode("utf-8-sig")
    writer.writerows(row(line.values) for claim in batch.claims for line in claim.lines)
    return out.getvalue().encode("utf-8-sig")


LINE_TEMPLATE = "{" + ",".join(f"{json.dumps(name)}:%s" for name in LINE_FIELDS) + "}"
PLAIN_LINE_TEMPLATE = "{" + ",".join(f'{json.dumps(name)}:"%s"' for name in LINE_FIELDS) + "}"
JSON_ESCAPED = re.compile(r'[\x00-\x1f\\"]')  # what json.dumps(ensure_ascii=False) escapes


def render_json(batch: BatchFile) -> bytes:
    """The batch as the settlement list's JSON: what json.dumps(document, ensure_ascii=False,
    separators=(",", ":")) writes, byte for byte, but each line laid into a template of its
    field names: when no value needs escaping (the month's values are checked first, each
    distinct one once) the values go in as they are, else each distinct one is encoded once.
    A month's ~90,000 lines of 23 fields took the encoder most of its time on the same keys."""
    document = {
        "infno": "2204",
        "msgid": batch.batch_number,
        "medins_code": batch.medins_code,
        "insuplc_admdvs": "",
        "mdtrtarea_admvs": "",
        "input": {
            "chrg_bchno": batch.batch_number,
            "period": batch.period,
            "feedetail": [],
        },
    }
    head = json.dumps(document, ensure_ascii=False, separators=(",", ":"))
    assert head.endswith("[]}}")  # the lines go last, between the brackets
    distinct = _distinct_values(batch)
    plain = all(type(v) is str for v in distinct) and not JSON_ESCAPED.search("".join(distinct))
    if plain:
        template, value = PLAIN_LINE_TEMPLATE, None
    else:
        text = {v: json.dumps(v, ensure_ascii=False) for v in distinct}
        template, value = LINE_TEMPLATE, text.__getitem__
    fields = tuple(LINE_FIELDS)
    row = operator.itemgetter(*LINE_FIELDS)
    lines = [
        (template % (row(line.values) if value is None else tuple(map(value, row(line.values)))))
        if tuple(line.values) == fields  # the fields in the template's order, as collect
        # makes them; any other line as json.dumps writes it
        else json.dumps(line.values, ensure_ascii=False, separators=(",", ":"))
        for claim in batch.claims
        for line in claim.lines
    ]
    return "".join((head[:-3], ",".join(lines), "]}}")).encode("utf-8")


NUMERIC_FIELDS = frozenset(
    ("cnt", "pric", "det_item_fee_sumamt", "fund_pay_sumamt", "subsidy_amt", "psn_pay_amt")
)


def render_xlsx(batch: BatchFile) -> bytes:
    """The workbook clerks work in: the batch's facts, its claims with their totals, and every
    line, each sheet a table under one heading row.

    Written by rustpy-xlsxwriter (the Rust xlsxwriter): a month of 2,000 patients is ~90,000
    lines of 23 fields, 2 million cells, which XlsxWriter took ~6 times as long to write and
    openpyxl ~9 times (benchmarks/xlsx_writers.py, docs/performance.md). A string is always
    text (never taken for a formula or a link); amounts are numbers (Excel's doubles, exact to
    the fen at these sizes). The Rust writer writes tables, not free cells, so the batch's facts
    (batch, clinic, payer, period) are a small table of their own on the first sheet.
    """
    import rustpy_xlsxwriter

    facts = [
        {"项目 Item": "批次号 Batch", "内容 Value": batch.batch_number, "编码 Code": None},
        {
            "项目 Item": "机构 Clinic",
            "内容 Value": batch.clinic_name,
            "编码 Code": batch.medins_code,
        },
        {"项目 Item": "支付方 Payer", "内容 Value": batch.scheme_name, "编码 Code": None},
        {"项目 Item": "结算期 Period", "内容 Value": batch.period, "编码 Code": None},
    ]
    claim_rows: list[dict[str, object]] = [
        {
            "结算单 Claim": claim.number,
            "患者编号 Patient no.": claim.patient_number,
            "总额 Total": float(claim.total),
            "基金 Payer": float(claim.payer_amount),
            "补助 Subsidy": float(claim.subsidy_amount),
            "个人 Patient": float(claim.patient_amount),
        }
        for claim in batch.claims
    ]
    claim_rows.append(
        {
            "结算单 Claim": "合计 Total",
            "患者编号 Patient no.": None,
            "总额 Total": float(batch.total),
            "基金 Payer": float(sum((c.payer_amount for c in batch.claims), Decimal(0))),
            "补助 Subsidy": float(sum((c.subsidy_amount for c in batch.claims), Decimal(0))),
            "个人 Patient": float(sum((c.patient_amount for c in batch.claims), Decimal(0))),
        }
    )
    lines = _sheet_lines(batch)
    out = io.BytesIO()
    book = rustpy_xlsxwriter.FastExcel(out).format(bold_headers=True)
    book.sheet("信息 Info", facts)
    book.sheet("批次 Batch", claim_rows)
    book.freeze(row=1, sheet="明细 Lines")
    book.sheet("明细 Lines", lines)
    book.save()
    return out.getvalue()


class _Numbers(dict[str, float]):
    """Each distinct amount's float, converted on first use."""

    def __missing__(self, text: str) -> float:
        number = self[text] = float(text)
        return number


def _sheet_lines(batch: BatchFile) -> Iterator[dict[str, object]]:
    """The Lines sheet's rows: each line's fields under their headings, amounts as numbers (each
    distinct amount converted once), an empty text as an empty cell. Made from the line's values
    in one step and then patched (six amounts; the empty texts only on a line that has one)."""
    headings = [f"{CHINESE_HEADINGS[name]} {name}" for name in LINE_FIELDS]
    numeric = [h for name, h in zip(LINE_FIELDS, headings, strict=True) if name in NUMERIC_FIELDS]
    text = [h for name, h in zip(LINE_FIELDS, headings, strict=True) if name not in NUMERIC_FIELDS]
    row = operator.itemgetter(*LINE_FIELDS)
    numbers = _Numbers()
    for claim in batch.claims:
        for line in claim.lines:
            values = row(line.values)
            cells: dict[str, object] = dict(zip(headings, values, strict=True))
            for heading in numeric:
                cells[heading] = numbers[cells[heading]]  # type: ignore[index]
            if "" in values:
                for heading in text:
                    if cells[heading] == "":
                        cells[heading] = None
            yield cells


def render_pdf(batch: BatchFile) -> bytes:
    from clinic.reports.claims_pdf import render_claims_pdf

    pdf: bytes = render_claims_pdf(batch, demo=batch.demo)
    return pdf


RENDERERS: dict[str, Callable[[BatchFile], bytes]] = {
    "xlsx": render_xlsx,
    "csv": render_csv,
    "json": render_json,
    "pdf": render_pdf,
}
LONGEST_FIRST = ("pdf", "xlsx", "json", "csv")  # so that two renderers finish near together
_INHERITED: BatchFile | None = None  # the batch a forked renderer finds in its copy of memory


def _render_inherited(fmt: str) -> bytes:
    assert _INHERITED is not None
    return RENDERERS[fmt](_INHERITED)


def render_files(
    data: BatchFile,
    formats: Sequence[str],
    meanwhile: Callable[[], None],
    rendered: Callable[[str, bytes], None] | None = None,
) -> dict[str, bytes]:
    """Each of FORMATS rendered from DATA, after MEANWHILE has run here; RENDERED is given each
    (in FORMATS' order) as soon as it and those before it are in.

    On a machine of two cores or more that can fork (Linux), two forked worker processes render
    them while this one runs MEANWHILE (the database's part): the PDF on one core, the
    spreadsheets on the other. A forked worker reads the batch from its copy of this process's
    memory (nothing is pickled to it), renders, sends the bytes back; the workers are ended as
    soon as the files are in, or at the first error (a cancelled export does not wait for them).
    Elsewhere the files are rendered here in turn.
    """
    global _INHERITED
    out: dict[str, bytes] = {}
    workers = min(2, os.cpu_count() or 1, len(formats))
    if workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        meanwhile()
        for fmt in formats:
            out[fmt] = RENDERERS[fmt](data)
            if rendered:
                rendered(fmt, out[fmt])
        return out
    if "pdf" in formats:  # the Chinese font parsed once in this process, not in every worker
        from clinic.reports.fonts import cjk_font

        cjk_font()
    _INHERITED = data
    try:
        pool = multiprocessing.get_context("fork").Pool(workers)
    finally:
        _INHERITED = None
    with pool:  # terminated on leaving
        pending = {
            fmt: pool.apply_async(_render_inherited, (fmt,))
            for fmt in sorted(set(formats), key=LONGEST_FIRST.index)
        }
        meanwhile()
        for fmt in formats:
            out[fmt] = pending[fmt].get()
            if rendered:
                rendered(fmt, out[fmt])
    return out


def batch_checksum(contents: dict[str, bytes]) -> str:
    """The batch file's checksum: SHA-256 over each file's name, a NUL and its bytes, in the
    names' order."""
    digest = hashlib.sha256()
    for name in sorted(contents):
        digest.update(name.encode() + b"\0")
        digest.update(contents[name])
    return digest.hexdigest()


class SortedDigest:
    """`batch_checksum` of the files NAMES, fed as they arrive in any order: each is hashed as
    soon as every name before it is in, so that a month's ~90 MB is not hashed again after the
    last file arrives (only what sorts after it waits for it)."""

    def __init__(self, names: Iterable[str]) -> None:
        self.order = sorted(names)
        self.waiting: dict[str, bytes] = {}
        self.fed = 0
        self.digest = hashlib.sha256()

    def add(self, name: str, body: bytes) -> None:
        if name not in self.order[self.fed :] or name in self.waiting:
            raise ValueError(f"{name}: not expected, or given twice")
        self.waiting[name] = body
        while self.fed < len(self.order) and self.order[self.fed] in self.waiting:
            name = self.order[self.fed]
            self.digest.update(name.encode() + b"\0")
            self.digest.update(self.waiting.pop(name))
            self.fed += 1

    def hexdigest(self) -> str:
        if self.fed < len(self.order):
            raise ValueError(f"{', '.join(self.order[self.fed :])}: not given")
        return self.digest.hexdigest()


@dataclass(frozen=True)
class ExportResult:
    path: Path
    batch_number: str
    claims: int
    checksum: str
    files: tuple[str, ...]
    not_yet_registered: int = 0  # visits whose 2201 awaits the platform's mdtrt_id


def _batch(session: Session, batch_number: str) -> ClaimBatch:
    batch = session.scalars(select(ClaimBatch).where(ClaimBatch.number == batch_number)).first()
    if batch is None:
        raise NotFound(en="No such batch.", zh="没有该批次。")
    return batch


def unresolved_problems(session: Session, batch: ClaimBatch) -> tuple[Excluded, ...]:
    """The problems of BATCH's scheme and month still open now: days in no live claim that
    cannot be claimed until someone fixes them (a missing price, insured number, diagnosis)."""
    scheme = session.get(PayerScheme, batch.scheme_id)
    assert scheme is not None
    today = clock.clinic_today(session)
    return month_problems(session, scheme, batch.period_start, batch.period_end, today)


@service(Action.CLAIM_READ, entity="claim_batch", read_only=True)
def export_problems(call: Call, *, batch_number: str) -> tuple[Excluded, ...]:
    """What exporting BATCH_NUMBER now would warn about (the export dialog shows it first)."""
    batch = _batch(call.session, batch_number)
    call.note(entity_id=batch.number)
    problems = unresolved_problems(call.session, batch)
    call.note(problems=len(problems))
    return problems


SHOWN_PROBLEMS = 5  # named in the refusal; the dialog lists them all


def _needs_confirmation(batch: ClaimBatch, problems: tuple[Excluded, ...]) -> NeedsConfirmation:
    shown = problems[:SHOWN_PROBLEMS]
    more = len(problems) - len(shown)
    en = "; ".join(f"{p.patient_number}: {p.reason_en}" for p in shown)
    zh = "；".join(f"{p.patient_number}：{p.reason_zh}" for p in shown)
    if more:
        en += "; " + plural(more, "and %n more", "and %n more")
        zh += f"；另有 {more} 个"
    count_en = plural(len(problems), "%n unresolved problem", "%n unresolved problems")
    return NeedsConfirmation(
        en=f"{batch.number}'s month still has {count_en}, whose days are in no claim of this "
        f"file: {en}. Export anyway only if they are to be claimed in a later batch once fixed.",
        zh=f"{batch.number} 所属月份仍有 {len(problems)} 个未解决的问题，这些日期不在本文件的任何"
        f"结算单中：{zh}。仅当这些问题将在修正后另批结算时，才确认导出。",
        problems=len(problems),
    )


@service(Action.CLAIM_EXPORT, entity="claim_batch")
def export_batch(
    call: Call,
    *,
    batch_number: str,
    target: Path,
    passphrase: str,
    clinic_name: str,
    medins_code: str = "",
    formats: tuple[str, ...] = ("xlsx", "csv", "json", "pdf"),
    progress: Callable[[int, int], None] | None = None,
    confirm_problems: int | None = None,
) -> ExportResult:
    """Write the batch's claims to an AES-256 zip; each claim is a logged disclosure.

    While the batch's month has unresolved problems the export is refused (NeedsConfirmation,
    naming them) unless CONFIRM_PROBLEMS repeats how many the clerk saw and accepted."""
    session = call.session
    batch = _batch(session, batch_number)
    call.note(entity_id=batch.number)
    check_passphrase(passphrase)
    unknown = set(formats) - set(FORMATS)
    if not formats or unknown:
        raise InvalidInput(
            en="Formats are xlsx, csv, json, pdf and platform.",
            zh="格式须为 xlsx、csv、json、pdf、platform。",
        )
    problems = unresolved_problems(session, batch)
    if problems:
        call.note(problems=len(problems), problems_confirmed=confirm_problems == len(problems))
        if confirm_problems != len(problems):
            raise _needs_confirmation(batch, problems)
    scheme = session.get(PayerScheme, batch.scheme_id)
    assert scheme is not None
    data, live = collect(call, batch, clinic_name, medins_code)
    if not data.claims:
        raise InvalidInput(
            en="This batch has no claims to export.", zh="该批次没有可导出的结算单。"
        )
    prepared = None
    if "platform" in formats:  # checked before anything is disclosed or moved
        prepared = platform_messages_of(call, batch, live, medins_code)
        call.note(platform_problems=len(prepared.problems))
        if prepared.problems:
            raise platform_refusal(batch, prepared.problems)

    def disclose() -> None:
        # Consent is checked again now; no consent, no file at all (the rendered files stay
        # in memory and are dropped).
        authorize_disclosures(
            call,
            scopes=[(row.patient_id, "claim lines " + row.number) for row, _ in live],
            purpose="insurance_claims",
            recipient=scheme.name,
            reference=batch.number,
        )
        drafts = [row for row, status in live if status == "draft"]
        if drafts:
            move_all(call, drafts, "exported", "draft", reference=batch.number)

    # zlib's fastest level: a month's ~90 MB of CSV and JSON in a third of the default's time,
    # the archive 2.6 MB instead of 1.8. Each file goes into the archive (in memory, in FORMATS'
    # order) and is hashed as soon as it is in, while the workers still render the others;
    # nothing is written to disk before the last one is in.
    archive = AESZip(passphrase, compresslevel=1)
    parts: dict[str, dict[str, bytes]] = {}
    contents: dict[str, bytes] = {}
    hashes: dict[str, str] = {}
    waiting = list(formats)
    # The platform's files are named as they are made; every other file's name is known now.
    digest = None if "platform" in formats else SortedDigest(f"{batch.number}.{f}" for f in formats)

    def take(fmt: str, named: dict[str, bytes]) -> None:
        parts[fmt] = named
        if digest is not None:
            for name, body in named.items():
                digest.add(name, body)
        while waiting and waiting[0] in parts:
            for name, body in parts[waiting.pop(0)].items():
                archive.add(name, body)
                contents[name] = body
                hashes[name] = hashlib.sha256(body).hexdigest()
        if progress:
            progress(len(parts), len(formats) + 1)

    def rendered(fmt: str, body: bytes) -> None:
        take(fmt, {f"{batch.number}.{fmt}": body})

    try:
        render_files(data, [f for f in formats if f != "platform"], disclose, rendered)
        if prepared is not None:
            take("platform", FileExchange().deliver(batch.number, prepared))
    except BaseException:  # refused, cancelled or failed: the archive is dropped unwritten
        archive.discard()
        raise
    assert not waiting and list(contents) == [n for f in formats for n in parts[f]]
    checksum = digest.hexdigest() if digest is not None else batch_checksum(contents)
    manifest: dict[str, object] = {
        "batch": batch.number,
        "claims": len(data.claims),
        "total": _money(data.total),
        "created": clock.now(session).isoformat(),
        "checksum_sha256": checksum,
        "files": hashes,
    }
    if prepared is not None:
        manifest["platform"] = {
            "not_yet_registered": prepared.not_registered,
            "registered_not_settled": prepared.not_settled,
            "settled": prepared.settled,
        }
    manifest_json = json.dumps(manifest, ensure_ascii=False, indent=1).encode("utf-8")
    archive.add("MANIFEST.json", manifest_json)
    path = archive.save(target)
    session.add(
        ClaimExport(
            batch_id=batch.id,
            formats=",".join(formats),
            checksum=checksum,
            claims=len(data.claims),
            exported_by=call.actor.user_id,
        )
    )
    if progress:
        progress(len(formats) + 1, len(formats) + 1)
    call.note(claims=len(data.claims), checksum=checksum, formats=list(formats), file=path.name)
    return ExportResult(
        path,
        batch.number,
        len(data.claims),
        checksum,
        tuple(contents),
        prepared.not_registered if prepared else 0,
    )


def platform_messages_of(
    call: Call, batch: ClaimBatch, live: list[tuple[Claim, str]], medins_code: str
) -> Prepared:
    """The platform's messages due for BATCH's live claims, built and checked."""
    session = call.session
    settings = clinic_settings(session)
    clerk = session.get(User, call.actor.user_id)
    codes = ClinicCodes(
        medins_code.strip() or settings.text("medins_code"),
        settings.text("mdtrtarea_admvs"),
        settings.text("dept_code"),
        settings.text("dept_name"),
        settings.text("caty"),
        clerk.full_name if clerk else "",
    )
    claims = [c for c, _ in live]
    patients: dict[int, Patient] = {}
    for part in id_chunks(sorted({c.patient_id for c in claims})):
        patients.update(
            (p.id, p) for p in session.scalars(select(Patient).where(Patient.id.in_(part)))
        )
    zone = clock.clinic_zone(session)
    times = fee_times(session, list(patients), batch.period_start, batch.period_end)
    return prepare(
        session, batch, claims, patients, codes, clock.now(session).astimezone(zone), times
    )


def platform_refusal(batch: ClaimBatch, problems: list[MessageProblem]) -> InvalidInput:
    """The export refused while a message is wrong, naming the first problems and their fields."""
    shown = problems[:SHOWN_PROBLEMS]
    en = "; ".join(f"{p.where()}: {p.en}" for p in shown)
    zh = "；".join(f"{p.where()}：{p.zh}" for p in shown)
    more = len(problems) - len(shown)
    if more:
        en += "; " + plural(more, "and %n more", "and %n more")
        zh += f"；另有 {more} 个"
    return InvalidInput(
        en=f"{batch.number} was not exported: its platform messages have "
        f"{plural(len(problems), '%n problem', '%n problems')}: {en}. Fix them, or exclude the "
        "claim with a reason, then export again.",
        zh=f"{batch.number} 未导出：医保平台报文有 {len(problems)} 个问题：{zh}。请修正，或填写原因后"
        "将该结算单排除，再重新导出。",
    )


# --- remittance ------------------------------------------------------------------------------


@dataclass(frozen=True)
class RemittanceReport:
    applied: int
    problems: tuple[tuple[int, str, str], ...]


STATUS_WORDS = {
    "paid": "paid",
    "已支付": "paid",
    "rejected": "rejected",
    "拒付": "rejected",
    "accepted": "accepted",
    "已受理": "accepted",
}


REMITTANCE = ImportKind("remittance file", "回款文件")
HEADER_WORDS = ("claim", "claim_number", "结算单号")


@dataclass(frozen=True)
class _RemittanceLine:
    number: int
    claim: str
    amount: Decimal | None
    status: str
    reason: str


def _remittance_line(line: ImportedLine) -> _RemittanceLine | None:
    """One line of a remittance, checked on its own: columns, status word, amount, reason."""
    if line.blank or (line.number == 1 and line.fields[0].strip().lower() in HEADER_WORDS):
        return None
    if len(line.fields) < 3:
        raise BadLine(
            en="needs claim number, paid amount, status[, reason]",
            zh="须有结算单号、支付金额、状态[、原因]",
        )
    number, amount_text, status_text = (c.strip() for c in line.fields[:3])
    reason = line.fields[3].strip() if len(line.fields) > 3 else ""
    status = STATUS_WORDS.get(status_text.lower())
    if status is None:
        raise BadLine(
            en=f"unknown status {quoted(status_text)}", zh=f"未知状态 {quoted(status_text)}"
        )
    amount = parse_money(amount_text, "Paid amount", "支付金额") if amount_text else None
    if status == "paid" and amount is None:
        raise BadLine(en="a paid claim needs its amount", zh="已支付须有金额")
    if status == "rejected" and not reason:
        raise BadLine(en="a rejection needs its reason", zh="拒付须有原因")
    return _RemittanceLine(line.number, number.upper(), amount, status, reason)


@service(Action.CLAIM_STATUS, entity="remittance")
def import_remittance(call: Call, *, data: bytes, paid_on: date | None = None) -> RemittanceReport:
    """Apply a payer's remittance CSV (claim number, paid amount, status, reason). A malformed
    line refuses the whole file; lines naming an unknown claim, or a change the claim cannot
    take, are reported and change nothing, while the others are applied."""
    session = call.session
    lines = parse_lines(read_csv(data, REMITTANCE), REMITTANCE, _remittance_line)
    problems: list[tuple[int, str, str]] = []
    applied = 0
    day = paid_on or clock.clinic_today(session)
    seen: set[str] = set()
    for line in lines:
        row_no, number, status, amount, reason = (
            line.number,
            line.claim,
            line.status,
            line.amount,
            line.reason,
        )
        claim = session.scalars(select(Claim).where(Claim.number == number)).first()
        if claim is None:
            problems.append(
                (row_no, f"unknown claim {quoted(number)}", f"未知结算单 {quoted(number)}")
            )
            continue
        if number in seen:
            problems.append(
                (row_no, "the same claim twice in the file", "文件中同一结算单出现两次")
            )
            continue
        if status == "paid" and amount is not None and amount > claim.payer_amount:
            problems.append(
                (
                    row_no,
                    f"paid {amount} is more than the claimed {claim.payer_amount}",
                    f"支付 {amount} 超过申报的 {claim.payer_amount}",
                )
            )
            continue
        try:
            with session.begin_nested():
                _move(
                    call,
                    claim,
                    status,
                    amount=amount if status == "paid" else None,
                    on_date=day if status == "paid" else None,
                    reason=reason or None,
                    reference="remittance",
                )
                session.flush()
        except Exception as exc:
            message = exc.message("en") if hasattr(exc, "message") else str(exc)
            message_zh = exc.message("zh_CN") if hasattr(exc, "message") else str(exc)
            problems.append((row_no, message, message_zh))
            continue
        seen.add(number)
        applied += 1
    call.note(applied=applied, problems=len(problems))
    return RemittanceReport(applied, tuple(problems))


@service(Action.CLAIM_READ, entity="claim_batch", read_only=True)
def batch_summary_pdf(
    call: Call, *, batch_number: str, clinic_name: str, medins_code: str = ""
) -> bytes:
    """The batch's summary PDF (the one the export puts in its zip), for the billing office to
    print and check. A read, audited; nothing leaves the clinic, so no disclosure is logged and
    no claim changes status (only the export discloses and marks claims exported)."""
    session = call.session
    batch = _batch(session, batch_number)
    call.note(entity_id=batch.number)
    data, _ = collect(call, batch, clinic_name, medins_code)
    if not data.claims:
        raise InvalidInput(en="This batch has no claims to print.", zh="该批次没有可打印的结算单。")
    call.note(claims=len(data.claims))
    return render_pdf(data)
