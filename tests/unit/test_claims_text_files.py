"""The claims CSV and JSON are what the csv writer and json.dumps write, byte for byte, whether
the lines go in as they are (no value needs quoting or escaping: a month's usual case) or some
value must be quoted or escaped (a comma, a quote, a backslash, a line break, a control
character), and for a line whose fields come in another order."""

from __future__ import annotations

import csv
import io
import json
import operator

import pytest

from clinic.insurance.exports import (
    LINE_FIELDS,
    BatchFile,
    ExportClaim,
    ExportLine,
    render_csv,
    render_json,
)

AWKWARD = ['王, "小明"', "back\\slash", "two\nlines", "cr\rhere", "tab\there", "bell\x07", ""]


def _line(n: int, odd: str | None = None) -> ExportLine:
    values = {name: f"{name}-{n % 3}" for name in LINE_FIELDS}
    values.update(psn_name="王小明", prodname="", cnt="1", pric="10.00")
    if odd is not None:
        values["dise_name"] = odd
    return ExportLine(values)


def _batch(lines: list[ExportLine]) -> BatchFile:
    from decimal import Decimal

    zero = Decimal(0)
    claim = ExportClaim("C1", "P1", "王小明", "", "", "", "", zero, zero, zero, zero, tuple(lines))
    return BatchFile("CB-1", "诊所", "H0", "居民", "2026-03", (claim,))


def _csv_oracle(batch: BatchFile) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(LINE_FIELDS)
    row = operator.itemgetter(*LINE_FIELDS)
    writer.writerows(row(line.values) for claim in batch.claims for line in claim.lines)
    return out.getvalue().encode("utf-8-sig")


def _json_oracle(batch: BatchFile) -> bytes:
    document = {
        "infno": "2204",
        "msgid": batch.batch_number,
        "medins_code": batch.medins_code,
        "insuplc_admdvs": "",
        "mdtrtarea_admvs": "",
        "input": {
            "chrg_bchno": batch.batch_number,
            "period": batch.period,
            "feedetail": [line.values for c in batch.claims for line in c.lines],
        },
    }
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def test_plain_values_are_written_as_the_writers_write_them() -> None:
    batch = _batch([_line(n) for n in range(7)])
    assert render_csv(batch) == _csv_oracle(batch)
    assert render_json(batch) == _json_oracle(batch)


@pytest.mark.parametrize("odd", AWKWARD)
def test_a_value_to_quote_or_escape_is_written_as_the_writers_write_it(odd: str) -> None:
    batch = _batch([_line(0), _line(1, odd), _line(2)])
    assert render_csv(batch) == _csv_oracle(batch)
    assert render_json(batch) == _json_oracle(batch)


def test_a_line_with_its_fields_in_another_order_is_written_in_that_order() -> None:
    reordered = ExportLine(dict(reversed(list(_line(1).values.items()))))
    batch = _batch([_line(0), reordered])
    assert render_json(batch) == _json_oracle(batch)
    assert render_csv(batch) == _csv_oracle(batch)
    assert json.loads(render_json(batch))["input"]["feedetail"][1] == reordered.values
