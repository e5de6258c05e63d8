"""The claims workbook written by the Rust xlsxwriter (issue 19) reads back as openpyxl's did.

The oracle is the renderer before issue 19 (openpyxl, write-only), kept in
benchmarks/xlsx_writers.py for the writers' comparison; both workbooks are read back with
openpyxl and every sheet's cells compared, on a batch with awkward values: a name that looks
like a formula, a link, empty fields, amounts with trailing zeros, a count of 10 (never 1E+1).
"""

from __future__ import annotations

import io
import sys
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from clinic.insurance.exports import BatchFile, render_xlsx

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
import xlsx_writers


def _cells(body: bytes) -> dict[str, list[list[Any]]]:
    book = load_workbook(io.BytesIO(body))
    return {
        sheet.title: [[cell.value for cell in row] for row in sheet.iter_rows()]
        for sheet in book.worksheets
    }


def _awkward(batch: BatchFile) -> BatchFile:
    claims = list(batch.claims)
    first = claims[0]
    lines = list(first.lines)
    lines[0] = replace(
        lines[0],
        values={
            **lines[0].values,
            "psn_name": "=HYPERLINK(1)",
            "dise_name": "http://example.org",
            "prodname": "",
            "cnt": "10",
            "pric": "0.0500",
        },
    )
    claims[0] = replace(first, lines=tuple(lines), total=Decimal("12.30"))
    return replace(batch, claims=tuple(claims))


def test_the_workbook_reads_back_as_openpyxl_wrote_it(monkeypatch: Any) -> None:
    """Every line cell for cell as the old writer's; the claims and their totals as its Batch
    sheet's table; the batch's facts (its heading block there) as a table of their own."""
    monkeypatch.setattr(xlsx_writers, "N_CLAIMS", 6)
    batch = _awkward(xlsx_writers.sample_batch())
    old, new = _cells(xlsx_writers.openpyxl_write_only(batch)), _cells(render_xlsx(batch))
    assert list(new) == ["信息 Info", "批次 Batch", "明细 Lines"]
    assert new["明细 Lines"] == old["明细 Lines"]
    assert len(new["明细 Lines"]) == 1 + 6 * xlsx_writers.DAYS * 2
    first = new["明细 Lines"][1]
    assert "=HYPERLINK(1)" in first and "http://example.org" in first  # text, as written
    assert 10 in first and 0.05 in first
    old_batch = old["批次 Batch"]
    heading = next(n for n, row in enumerate(old_batch) if row[0] == "结算单 Claim")
    assert new["批次 Batch"] == [row[:6] for row in old_batch[heading:]]
    batch_sheet = new["批次 Batch"]
    assert batch_sheet[1][2] == 12.3
    assert batch_sheet[-1][0] == "合计 Total" and batch_sheet[-1][2] == float(batch.total)
    facts = {row[0]: row[1:] for row in new["信息 Info"][1:]}
    assert facts["批次号 Batch"][0] == batch.batch_number
    assert facts["机构 Clinic"] == [batch.clinic_name, batch.medins_code]
    assert facts["支付方 Payer"][0] == batch.scheme_name
    assert facts["结算期 Period"][0] == batch.period
    for row in old_batch[:heading]:  # every fact of the old heading block is there
        if row and row[0]:
            assert [v for v in row[1:] if v is not None] == [
                v for v in facts[row[0]] if v is not None
            ]
