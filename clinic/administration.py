"""The clinic's settings and sites, changed by administrators, every change audited."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from clinic.config import CLINIC_SETTINGS, check_timezone
from clinic.errors import Conflict, InvalidInput, NotFound
from clinic.ids import SiteId
from clinic.numbers import normalised
from clinic.privacy.permissions import Action
from clinic.service import Call, service
from clinic.storage.models import ClinicInfo, SettingChange, Site
from clinic.storage.settings_store import clinic_settings
from clinic.wording import quoted


@service(Action.SETTINGS_READ, entity="settings", audited=False, read_only=True)
def get_settings(call: Call) -> dict[str, Any]:
    values = dict(clinic_settings(call.session).values)
    # The name given at init lives in ClinicInfo (kept in step by update_setting), not as a change.
    name = call.session.scalars(select(ClinicInfo.name)).first()
    if name:
        values["clinic_name"] = name
    return values


@service(Action.SETTINGS_UPDATE, entity="settings")
def update_setting(call: Call, *, key: str, value: object, reason: str | None = None) -> Any:
    call.note(entity_id=key)  # a refused value is audited against the setting it was for
    spec = CLINIC_SETTINGS.get(key)
    if spec is None:
        raise InvalidInput(
            en=f"There is no setting called {quoted(key)}.", zh=f"没有名为 {quoted(key)} 的设置。"
        )
    parsed = spec.parse(value)
    before = clinic_settings(call.session).value(key)
    call.note(before=before, after=parsed)
    if parsed == before:
        return parsed
    call.session.add(
        SettingChange(
            key=key,
            value_json=json.dumps(parsed, ensure_ascii=False),
            changed_by=call.actor.user_id,
            reason=(reason or "").strip() or None,
        )
    )
    if key == "clinic_name":
        info = call.session.scalars(select(ClinicInfo)).first()
        if info is not None:
            info.name = parsed
    return parsed


@dataclass(frozen=True)
class SiteInfo:
    site_id: SiteId
    code: str
    name: str
    timezone: str
    active: bool
    dosing_opens: str = "07:00"
    dosing_closes: str = "12:00"


def _site_info(site: Site) -> SiteInfo:
    return SiteInfo(
        SiteId(site.id),
        site.code,
        site.name,
        site.timezone,
        site.active,
        site.dosing_opens,
        site.dosing_closes,
    )


@service(Action.SETTINGS_READ, entity="site", audited=False, read_only=True)
def list_sites(call: Call) -> list[SiteInfo]:
    return [_site_info(s) for s in call.session.scalars(select(Site).order_by(Site.code))]


def _check_site(code: str, name: str, timezone: str) -> tuple[str, str, str]:
    code, name, timezone = code.strip().upper(), name.strip(), timezone.strip()
    if not code or len(code) > 16 or not code.replace("-", "").isalnum():
        raise InvalidInput(
            en="A site code is 1–16 letters or digits.", zh="站点代码为 1–16 位字母或数字。"
        )
    if not name or len(name) > 200:
        raise InvalidInput(en="Enter the site's name.", zh="请输入站点名称。")
    check_timezone(timezone)
    return code, name, timezone


@service(Action.SITE_MANAGE, entity="site")
def add_site(call: Call, *, code: str, name: str, timezone: str = "Asia/Shanghai") -> SiteInfo:
    code, name, timezone = _check_site(code, name, timezone)
    if call.session.scalars(select(Site.id).where(Site.code == code)).first() is not None:
        raise Conflict(en=f"Site code {code} is taken.", zh=f"站点代码 {code} 已被使用。")
    site = Site(code=code, name=name, timezone=timezone, active=True)
    call.session.add(site)
    call.session.flush()
    call.note(entity_id=site.id, code=code, timezone=timezone)
    return _site_info(site)


@service(Action.SITE_MANAGE, entity="site")
def update_site(call: Call, *, site_id: int, name: str, timezone: str, active: bool) -> SiteInfo:
    site = call.session.get(Site, site_id)
    if site is None:
        raise NotFound(en=f"No site with id {site_id}.", zh=f"没有编号为 {site_id} 的站点。")
    _, name, timezone = _check_site(site.code, name, timezone)
    call.note(
        entity_id=site.id,
        before=[site.name, site.timezone, site.active],
        after=[name, timezone, active],
    )
    site.name, site.timezone, site.active = name, timezone, active
    return _site_info(site)


def _clock_time(raw: str, label_en: str, label_zh: str) -> str:
    """HH:MM as people type it ("7:30", "０７：３０"), or a clear error."""
    text = normalised(raw).replace("：", ":")
    hours, _, minutes = text.partition(":")
    if (
        not (hours.isascii() and hours.isdigit() and minutes.isascii() and minutes.isdigit())
        or len(minutes) != 2
        or not (0 <= int(hours) <= 23 and 0 <= int(minutes) <= 59)
    ):
        raise InvalidInput(
            en=f"{label_en}: give the time as HH:MM (e.g. 07:30), not {quoted(raw)}.",
            zh=f"{label_zh}：时间格式为 时:分（如 07:30），而不是 {quoted(raw)}。",
        )
    return f"{int(hours):02d}:{minutes}"


@service(Action.SITE_MANAGE, entity="site")
def set_dosing_hours(call: Call, *, site_id: int, opens: str, closes: str) -> SiteInfo:
    """The site's dosing hours: closing a window's day inside them asks for a confirmation.
    The same time twice means no dosing hours (a site that doses nobody)."""
    site = call.session.get(Site, site_id)
    if site is None:
        raise NotFound(en=f"No site with id {site_id}.", zh=f"没有编号为 {site_id} 的站点。")
    start = _clock_time(opens, "Dosing opens", "服药开始时间")
    end = _clock_time(closes, "Dosing closes", "服药结束时间")
    if end < start:
        raise InvalidInput(
            en="Dosing hours end after they start (a site's day ends at midnight).",
            zh="服药结束时间须晚于开始时间（站点的一天止于午夜）。",
        )
    call.note(
        entity_id=site.id,
        before=[site.dosing_opens, site.dosing_closes],
        after=[start, end],
    )
    site.dosing_opens, site.dosing_closes = start, end
    return _site_info(site)
