"""The claims PDF on synthetic batches (no database): the signature lines never stand alone on
a page, whatever the number of claims."""

from __future__ import annotations

import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest

from clinic.insurance.exports import BatchFile, ExportClaim, ExportLine
from clinic.reports.claims_pdf import render_claims_pdf

needs_poppler = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) not installed"
)


def batch(claims: int) -> BatchFile:
    line = ExportLine(
        {
            "fee_ocur_time": "2026-03-02 00:00:00",
            "medins_list_name": "服药服务费",
            "med_list_codg": "SVC001",
            "pric": "10",
            "prodname": "",
            "cnt": "1",
            "det_item_fee_sumamt": "10.00",
            "fund_pay_sumamt": "7.00",
            "subsidy_amt": "0.00",
            "psn_pay_amt": "3.00",
        }
    )
    ten, seven, three, zero = (Decimal(x) for x in ("10.00", "7.00", "3.00", "0.00"))
    return BatchFile(
        "CB-RESIDENT-202603-01",
        "测试诊所",
        "H00000000000",
        "城乡居民医保",
        "2026-03",
        tuple(
            ExportClaim(
                f"CB-RESIDENT-202603-01-P{n:06d}-V1",
                f"P{n:06d}",
                "王小明",
                "110101199001011234",
                f"R{n}",
                "F11.2",
                "阿片类物质依赖",
                ten,
                seven,
                zero,
                three,
                (line,),
            )
            for n in range(1, claims + 1)
        ),
    )


def summary_pages(pdf: bytes, tmp_path: Path) -> list[str]:
    path = tmp_path / "claims.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = text.split("\f")
    end = next(n for n, page in enumerate(pages) if "Prepared by" in page)
    return pages[: end + 1]


@needs_poppler
@pytest.mark.parametrize("claims", range(20, 40))
def test_the_signature_lines_keep_the_last_rows_with_them(claims: int, tmp_path: Path) -> None:
    pages = summary_pages(render_claims_pdf(batch(claims)), tmp_path)
    last = pages[-1]
    assert "合计 Total" in last
    numbers = [f"P{n:06d}-V1" for n in range(claims - 1, claims + 1)]
    assert all(number in last for number in numbers), (len(pages), last[:300])
    # every claim is listed once in the summary, whatever the split
    listed = "".join(pages)
    assert all(f"P{n:06d}-V1" in listed for n in range(1, claims + 1))
