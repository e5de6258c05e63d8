"""The claims batch's workbook written by three writers, for docs/performance.md ("Claims month").

A batch shaped like the claims_month benchmark's (1,527 claims, 88,400 lines of 23 fields, the
same field values' kinds: Chinese names, codes, Decimal amounts) is written to memory by
openpyxl (write-only mode: the first render_xlsx), XlsxWriter (constant_memory: the second) and
rustpy-xlsxwriter (the Rust xlsxwriter, records in: clinic.insurance.exports.render_xlsx now). Prints one JSON object per writer: the median seconds of 3 runs and the file's size.

    .venv/bin/python benchmarks/xlsx_writers.py
"""

from __future__ import annotations

import io
import json
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from clinic.insurance.exports import (
    CHINESE_HEADINGS,
    LINE_FIELDS,
    NUMERIC_FIELDS,
    BatchFile,
    ExportClaim,
    ExportLine,
    render_xlsx,
)

N_CLAIMS, DAYS = 1527, 29  # 1,527 claims x 29 days x 2 lines (service, drug) = 88,566 lines


def sample_batch() -> BatchFile:
    claims = []
    for n in range(N_CLAIMS):
        number = f"CB-RESIDENT-202610-01-P{n:06d}-V1"
        lines = []
        for day in range(1, DAYS + 1):
            for code, name, price, count in (
                ("SVC-DOSING", "服药服务费", "10", "1"),
                ("DRUG-MET-1", "盐酸美沙酮口服溶液", "0.05", str(40 + n % 60)),
            ):
                amount = (Decimal(price) * Decimal(count)).quantize(Decimal("0.01"))
                payer = (amount * Decimal("0.7")).quantize(Decimal("0.01"))
                lines.append(
                    ExportLine(
                        {
                            "chrg_bchno": "CB-RESIDENT-202610-01",
                            "feedetl_sn": f"{number}-{len(lines) + 1:04d}",
                            "mdtrt_id": number,
                            "psn_no": f"110105{n:010d}",
                            "psn_cert_type": "01",
                            "certno": f"11010519800101{n:04d}",
                            "psn_name": "王小明",
                            "insutype": "390",
                            "med_type": "14",
                            "dise_codg": "F11.2",
                            "dise_name": "阿片类物质依赖综合征",
                            "fee_ocur_time": f"2026-10-{day:02d} 08:{n % 60:02d}:00",
                            "med_list_codg": "BENCH-" + code,
                            "medins_list_codg": code,
                            "medins_list_name": name,
                            "med_chrgitm_type": "05" if code.startswith("SVC") else "09",
                            "prodname": "" if code.startswith("SVC") else "美沙酮口服溶液 1 mg/mL",
                            "cnt": count,
                            "pric": price,
                            "det_item_fee_sumamt": str(amount),
                            "fund_pay_sumamt": str(payer),
                            "subsidy_amt": "0.00",
                            "psn_pay_amt": str(amount - payer),
                        }
                    )
                )
        total = sum((Decimal(x.values["det_item_fee_sumamt"]) for x in lines), Decimal(0))
        payer = sum((Decimal(x.values["fund_pay_sumamt"]) for x in lines), Decimal(0))
        claims.append(
            ExportClaim(
                number,
                f"P{n:06d}",
                "王小明",
                f"11010519800101{n:04d}",
                f"110105{n:010d}",
                "F11.2",
                "阿片类物质依赖综合征",
                total,
                payer,
                Decimal(0),
                total - payer,
                tuple(lines),
            )
        )
    return BatchFile(
        "CB-RESIDENT-202610-01",
        "Bench clinic",
        "H00000000000",
        "城乡居民基本医疗保险",
        "2026-10",
        tuple(claims),
    )


def openpyxl_write_only(batch: BatchFile) -> bytes:
    """The renderer before issue 19, as it was: openpyxl's write-only (streaming) mode."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    book = Workbook(write_only=True)
    bold = Font(bold=True)

    def heading(sheet: Any, titles: list[str]) -> list[WriteOnlyCell]:
        cells = []
        for text in titles:
            cell = WriteOnlyCell(sheet, value=text)
            cell.font = bold
            cells.append(cell)
        return cells

    summary = book.create_sheet("批次 Batch")
    summary.append(["批次号 Batch", batch.batch_number])
    summary.append(["机构 Clinic", batch.clinic_name, batch.medins_code])
    summary.append(["支付方 Payer", batch.scheme_name])
    summary.append(["结算期 Period", batch.period])
    summary.append([])
    summary.append(
        heading(
            summary,
            [
                "结算单 Claim",
                "患者编号 Patient no.",
                "总额 Total",
                "基金 Payer",
                "补助 Subsidy",
                "个人 Patient",
            ],
        )
    )
    for claim in batch.claims:
        summary.append(
            [
                claim.number,
                claim.patient_number,
                claim.total,
                claim.payer_amount,
                claim.subsidy_amount,
                claim.patient_amount,
            ]
        )
    summary.append(
        [
            "合计 Total",
            "",
            batch.total,
            sum((c.payer_amount for c in batch.claims), Decimal(0)),
            sum((c.subsidy_amount for c in batch.claims), Decimal(0)),
            sum((c.patient_amount for c in batch.claims), Decimal(0)),
        ]
    )
    detail = book.create_sheet("明细 Lines")
    detail.freeze_panes = "A2"
    detail.append(heading(detail, [f"{CHINESE_HEADINGS[f]} {f}" for f in LINE_FIELDS]))
    numeric = {
        "cnt",
        "pric",
        "det_item_fee_sumamt",
        "fund_pay_sumamt",
        "subsidy_amt",
        "psn_pay_amt",
    }
    for claim in batch.claims:
        for line in claim.lines:
            detail.append(
                [Decimal(line.values[f]) if f in numeric else line.values[f] for f in LINE_FIELDS]
            )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def xlsxwriter_constant_memory(batch: BatchFile) -> bytes:
    """The renderer from issue 19's first step until the Rust writer (XlsxWriter), as it was:
    a batch sheet with totals, a sheet of every line.

    Written by XlsxWriter in constant-memory mode, row by row, each cell by its kind (a string
    is never taken for a formula or a link): a month of 2,000 patients is ~90,000 lines, which
    openpyxl's write-only mode took ~10 times as long to write (docs/performance.md). Amounts are
    numbers (Excel's doubles, exact to the fen at these sizes), as they were.
    """
    import xlsxwriter

    out = io.BytesIO()
    book = xlsxwriter.Workbook(
        out,
        {
            "constant_memory": True,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
        },
    )
    bold = book.add_format({"bold": True})
    summary = book.add_worksheet("批次 Batch")
    rows: list[list[object]] = [
        ["批次号 Batch", batch.batch_number],
        ["机构 Clinic", batch.clinic_name, batch.medins_code],
        ["支付方 Payer", batch.scheme_name],
        ["结算期 Period", batch.period],
        [],
    ]
    for r, cells in enumerate(rows):
        summary.write_row(r, 0, cells)
    summary.write_row(
        len(rows),
        0,
        [
            "结算单 Claim",
            "患者编号 Patient no.",
            "总额 Total",
            "基金 Payer",
            "补助 Subsidy",
            "个人 Patient",
        ],
        bold,
    )
    r = len(rows) + 1
    for claim in batch.claims:
        summary.write_string(r, 0, claim.number)
        summary.write_string(r, 1, claim.patient_number)
        for c, amount in enumerate(
            (claim.total, claim.payer_amount, claim.subsidy_amount, claim.patient_amount), start=2
        ):
            summary.write_number(r, c, amount)
        r += 1
    summary.write_string(r, 0, "合计 Total")
    for c, amount in enumerate(
        (
            batch.total,
            sum((c.payer_amount for c in batch.claims), Decimal(0)),
            sum((c.subsidy_amount for c in batch.claims), Decimal(0)),
            sum((c.patient_amount for c in batch.claims), Decimal(0)),
        ),
        start=2,
    ):
        summary.write_number(r, c, amount)
    detail = book.add_worksheet("明细 Lines")
    detail.freeze_panes(1, 0)
    for c, name in enumerate(LINE_FIELDS):
        detail.write_string(0, c, f"{CHINESE_HEADINGS[name]} {name}", bold)
    text = detail.write_string
    number = detail.write_number
    kinds = [(c, name, name in NUMERIC_FIELDS) for c, name in enumerate(LINE_FIELDS)]
    r = 1
    for claim in batch.claims:
        for line in claim.lines:
            values = line.values
            for c, name, numeric in kinds:
                value = values[name]
                if numeric:
                    number(r, c, float(value))  # what XlsxWriter writes of a Decimal
                elif value:
                    text(r, c, value)
            r += 1
    book.close()
    return out.getvalue()


def main() -> None:
    repeat = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    batch = sample_batch()
    n_lines = sum(len(c.lines) for c in batch.claims)
    for name, write in (
        ("openpyxl write-only", openpyxl_write_only),
        ("XlsxWriter constant_memory (before)", xlsxwriter_constant_memory),
        ("rustpy-xlsxwriter (now: render_xlsx)", render_xlsx),
    ):
        times, size = [], 0
        for _ in range(repeat):
            start = time.perf_counter()
            body = write(batch)
            times.append(time.perf_counter() - start)
            if body is None:
                break
            size = len(body)
        if size:
            row = {"writer": name, "lines": n_lines, "median_s": round(statistics.median(times), 2)}
            print(json.dumps({**row, "bytes": size}, ensure_ascii=False), flush=True)
        else:
            print(json.dumps({"writer": name, "skipped": "not installed"}), flush=True)


if __name__ == "__main__":
    main()
