"""Every rule of the platform messages' JSON schemas refuses a wrong value, naming the field."""

from __future__ import annotations

import copy
import json
from datetime import date
from typing import Any

import pytest

from clinic.insurance.claims import CHARGE_CATEGORIES
from clinic.insurance.platform import FILE_CERT_TYPES, INSUTYPES, MED_TYPES
from clinic.insurance.platform_messages import INFNOS, SCHEMAS, Message, check

ENVELOPE = {
    "msgid": "H11010500001202603021015300001",
    "mdtrtarea_admvs": "110105",
    "insuplc_admdvs": "110105",
    "medins_code": "H11010500001",
}
VALID: dict[str, dict[str, Any]] = {
    "2201": {
        "data": {
            "psn_no": "R1001",
            "insutype": "390",
            "begntime": "2026-03-02 08:15:00",
            "mdtrt_cert_type": "02",
            "mdtrt_cert_no": "110105198001010014",
            "ipt_otp_no": "MZ0000000001",
            "atddr_no": "doc",
            "dr_name": "王医生",
            "dept_code": "A01",
            "dept_name": "美沙酮门诊",
            "caty": "A16",
        }
    },
    "2204": {
        "feedetail": [
            {
                "feedetl_sn": "1-001",
                "mdtrt_id": "M2026001",
                "psn_no": "R1001",
                "chrg_bchno": "CB-RESIDENT-202603-01-1",
                "dise_codg": "M08300",
                "rxno": "RX0000000001",
                "rx_circ_flag": "0",
                "fee_ocur_time": "2026-03-02 08:15:00",
                "med_list_codg": "SVC001",
                "medins_list_codg": "SVC-DOSING",
                "det_item_fee_sumamt": "10.00",
                "cnt": "1",
                "pric": "10",
                "bilg_dept_codg": "A01",
                "bilg_dept_name": "美沙酮门诊",
                "bilg_dr_codg": "doc",
                "bilg_dr_name": "王医生",
                "hosp_appr_flag": "0",
                "med_chrgitm_type": "05",
            }
        ]
    },
    "2207": {
        "data": {
            "psn_no": "R1001",
            "mdtrt_cert_type": "02",
            "mdtrt_cert_no": "110105198001010014",
            "med_type": "14",
            "medfee_sumamt": "11.50",
            "psn_setlway": "01",
            "mdtrt_id": "M2026001",
            "chrg_bchno": "CB-RESIDENT-202603-01-1",
            "insutype": "390",
            "acct_used_flag": "0",
        },
        "presettlement": {
            "medfee_sumamt": "11.50",
            "act_pay_dedc": "0.00",
            "fund_pay_sumamt": "8.05",
            "psn_part_amt": "3.45",
        },
    },
    "4101A": {
        "setlinfo": {
            "psn_no": "R1001",
            "mdtrt_id": "M2026001",
            "setl_id": "S2026001",
            "hi_no": "R1001",
            "opsp_diag_caty": "A16",
            "opsp_mdtrt_date": "2026-03-02",
            "setl_begn_date": "2026-03-02",
            "setl_end_date": "2026-03-02",
            "medins_fill_dept": "美沙酮门诊",
            "medins_fill_psn": "结算员",
            "hi_paymtd": "1",
        },
        "payinfo": [{"fund_pay_type": "390100", "fund_payamt": "8.05"}],
        "opspdiseinfo": [
            {
                "diag_name": "阿片类物质依赖",
                "diag_code": "M08300",
                "oprn_oprt_name": "",
                "oprn_oprt_code": "",
            }
        ],
        "iteminfo": [
            {
                "med_chrgitm": "05",
                "amt": "10.00",
                "claa_sumfee": "10.00",
                "clab_amt": "0.00",
                "fulamt_ownpay_amt": "0.00",
                "oth_amt": "0.00",
            }
        ],
    },
}


def message(infno: str, body: dict[str, Any] | None = None) -> Message:
    full = {"infno": infno, **ENVELOPE, "input": copy.deepcopy(VALID[infno])}
    return Message(infno, "CB-1-P000001-V1", "P000001", date(2026, 3, 2), body or full)


def schema(infno: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((SCHEMAS / f"{infno}.schema.json").read_text())
    return loaded


def _leaves(
    node: dict[str, Any], path: tuple[Any, ...]
) -> list[tuple[tuple[Any, ...], dict[str, Any]]]:
    """Every field of a schema with its path in a message (the first entry of a list)."""
    out = []
    for name, sub in node.get("properties", {}).items():
        here = (*path, name)
        if sub.get("type") == "object":
            out += _leaves(sub, here)
        elif sub.get("type") == "array":
            out += _leaves(sub["items"], (*here, 0))
        else:
            out.append((here, sub))
    return out


def _wrong(rule: dict[str, Any]) -> list[tuple[str, object]]:
    """Values each rule of a field refuses, with the rule's name."""
    wrong: list[tuple[str, object]] = []
    if "const" in rule:
        wrong.append(("const", "9999"))
    if "enum" in rule:
        wrong.append(("enum", "ZZ"))
    if "pattern" in rule:
        wrong.append(("pattern", " bad value! "))  # neither a code nor trimmed text
    if rule.get("minLength"):
        wrong.append(("minLength", ""))
    if "maxLength" in rule:
        wrong.append(("maxLength", "X" * (rule["maxLength"] + 1)))
    return wrong


CASES = [
    pytest.param(infno, path, kind, value, id=f"{infno}-{'.'.join(map(str, path))}-{kind}")
    for infno in INFNOS
    for path, rule in _leaves(schema(infno), ())
    for kind, value in [("required", None), *_wrong(rule)]
]


def _set(body: dict[str, Any], path: tuple[Any, ...], value: object) -> None:
    node: Any = body
    for step in path[:-1]:
        node = node[step]
    if value is None:
        del node[path[-1]]
    else:
        node[path[-1]] = value


@pytest.mark.parametrize("infno", INFNOS)
def test_the_valid_sample_of_each_message_passes(infno: str) -> None:
    assert check(message(infno)) == []


@pytest.mark.parametrize(("infno", "path", "kind", "value"), CASES)
def test_each_rule_refuses_a_wrong_value_naming_the_field(
    infno: str, path: tuple[Any, ...], kind: str, value: object
) -> None:
    wrong = message(infno)
    _set(wrong.body, path, value)
    problems = check(wrong)
    field = path[-1]
    assert problems, f"{kind} of {field} not enforced"
    assert any(p.field == field and field in p.en and field in p.zh for p in problems), problems


def test_a_field_the_message_does_not_have_is_refused_by_name() -> None:
    wrong = message("2204")
    wrong.body["input"]["feedetail"][0]["psn_cert_type"] = "01"  # person info, not a fee line
    wrong.body["input"]["feedetail"][0]["fund_pay_sumamt"] = "1.00"  # settlement's
    fields = {p.field for p in check(wrong)}
    assert fields == {"psn_cert_type", "fund_pay_sumamt"}


def test_fund_and_personal_part_must_add_up_to_the_total() -> None:
    wrong = message("2207")
    wrong.body["input"]["presettlement"]["psn_part_amt"] = "3.44"
    [problem] = check(wrong)
    assert problem.field == "psn_part_amt" and "add up" in problem.en


def test_the_schemas_code_tables_are_the_programs() -> None:
    fee = schema("2204")["properties"]["input"]["properties"]["feedetail"]["items"]["properties"]
    assert fee["med_chrgitm_type"]["enum"] == list(CHARGE_CATEGORIES)
    data = schema("2207")["properties"]["input"]["properties"]["data"]["properties"]
    assert data["insutype"]["enum"] == list(INSUTYPES)
    assert data["med_type"]["enum"] == list(MED_TYPES)
    assert data["mdtrt_cert_type"]["enum"] == list(FILE_CERT_TYPES)
    # the categories the issue names: treatment, laboratory test, western medicine, other
    assert {c: CHARGE_CATEGORIES[c][0] for c in ("04", "05", "09", "14")} == {
        "04": "Laboratory test",
        "05": "Treatment",
        "09": "Western medicine",
        "14": "Other",
    }


def test_message_ids_stay_unique_past_ten_thousand() -> None:
    from datetime import UTC, datetime

    from clinic.insurance.platform_messages import ClinicCodes, _Sequence

    ids = _Sequence(
        ClinicCodes("H11010500001", "110105", "A", "B", "C", "D"), datetime(2026, 3, 2, tzinfo=UTC)
    )
    made = [ids.next() for _ in range(25_000)]
    assert len(set(made)) == len(made) and all(len(m) == 30 for m in made)
