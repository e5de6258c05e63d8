"""Payer schemes: who pays for a patient's treatment. Administrators add them; everyone may list."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import select

from clinic.errors import Conflict, InvalidInput
from clinic.patients.identity import free_text
from clinic.privacy.permissions import Action
from clinic.service import Call, service
from clinic.storage.models import PayerScheme

KINDS = {
    "resident": ("Urban and rural resident basic medical insurance", "城乡居民基本医疗保险"),
    "employee": ("Employee basic medical insurance", "职工基本医疗保险"),
    "commercial": ("Commercial insurance", "商业保险"),
    "subsidy": ("Subsidy programme", "补助项目"),
}
# "SELF" is what the enrolment wizard passes for a patient who pays themselves.
RESERVED_CODES = {"SELF"}
CODE = re.compile(r"^[A-Z0-9][A-Z0-9_-]{0,31}$")


@dataclass(frozen=True)
class PayerSchemeInfo:
    scheme_id: int
    code: str
    name: str
    kind: str
    region: str | None
    active: bool


def _info(scheme: PayerScheme) -> PayerSchemeInfo:
    return PayerSchemeInfo(
        scheme.id, scheme.code, scheme.name, scheme.kind, scheme.region, scheme.active
    )


@service(Action.PAYER_MANAGE, entity="payer_scheme")
def add_payer_scheme(
    call: Call, *, code: str, name: str, kind: str, region: str | None = None
) -> PayerSchemeInfo:
    """A new payer scheme (an insurance scheme or a subsidy programme), active at once."""
    code = code.strip().upper()
    if not CODE.match(code) or code in RESERVED_CODES:
        raise InvalidInput(
            en="A scheme code is 1–32 letters, digits, '-' or '_' (and not SELF).",
            zh="支付方代码为 1–32 位字母、数字、“-”或“_”（不能为 SELF）。",
        )
    title = free_text(name, 200, "Scheme name", "支付方名称")
    if not title:
        raise InvalidInput(en="Enter the scheme's name.", zh="请输入支付方名称。")
    if kind not in KINDS:
        raise InvalidInput(
            en="The kind of scheme is one of: " + ", ".join(KINDS) + ".",
            zh="支付方类型须为：" + "、".join(v[1] for v in KINDS.values()) + "。",
        )
    area = free_text(region, 64, "Region", "统筹地区")
    if call.session.scalars(select(PayerScheme.id).where(PayerScheme.code == code)).first():
        raise Conflict(en=f"Scheme code {code} is taken.", zh=f"支付方代码 {code} 已被使用。")
    scheme = PayerScheme(code=code, name=title, kind=kind, region=area, active=True)
    call.session.add(scheme)
    call.session.flush()
    call.note(entity_id=scheme.id, code=code, kind=kind, region=area)
    return _info(scheme)


@service(Action.SETTINGS_READ, entity="payer_scheme", audited=False, read_only=True)
def list_payer_schemes(call: Call, *, active_only: bool = True) -> list[PayerSchemeInfo]:
    query = select(PayerScheme).order_by(PayerScheme.code)
    if active_only:
        query = query.where(PayerScheme.active.is_(True))
    return [_info(s) for s in call.session.scalars(query)]
