"""Settings, each declared once with its type, default and limits.

Two kinds: this computer's connection to a clinic (a small JSON file in the clinic folder) and
the clinic's own rules (kept in the database, every change audited).
"""

from __future__ import annotations

import json
import os
import socket
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import platformdirs

from clinic.errors import InvalidInput, StorageError
from clinic.fileio import write_private
from clinic.numbers import MAX_QUANTITY, parse_quantity, parse_whole
from clinic.wording import quoted

SETTINGS_FILE = "clinic.json"
DATABASE_FILE = "clinic.db"
BACKUP_DIR = "backups"
LOCAL_FORMAT = "clinic-local-settings"
LOCAL_VERSION = 1


def default_home() -> Path:
    """Where the clinic's folder lives unless --path or CLINIC_HOME says otherwise."""
    env = os.environ.get("CLINIC_HOME")
    if env:
        return Path(env)
    return Path(platformdirs.user_data_dir("clinic", appauthor=False)) / "clinic"


def demo_key_path(home: Path) -> Path:
    """A demo clinic's key file: beside its folder, never inside it."""
    return home.parent / f"{home.name}.demo-keys.json"


@dataclass(frozen=True)
class LocalSettings:
    """How this computer reaches one clinic."""

    clinic_id: str
    clinic_name: str
    mode: Literal["embedded", "server"]
    database_url: str | None = None
    demo: bool = False
    workstation: str = field(default_factory=socket.gethostname)
    # Server mode at a satellite dosing point: the site's code. The workstation then keeps a
    # replica of the site's working set and doses from it when the server cannot be reached.
    satellite_site: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "format": LOCAL_FORMAT,
            "version": LOCAL_VERSION,
            "clinic_id": self.clinic_id,
            "clinic_name": self.clinic_name,
            "mode": self.mode,
            "database_url": self.database_url,
            "demo": self.demo,
            "workstation": self.workstation,
            "satellite_site": self.satellite_site,
        }


def load_local(home: Path) -> LocalSettings:
    path = home / SETTINGS_FILE
    try:
        data = json.loads(path.read_text("utf-8"))
    except FileNotFoundError as exc:
        raise StorageError(
            en=f"No clinic at {home}. Create one with: clinic-admin init (or clinic-admin demo).",
            zh=f"{home} 没有诊所。请用 clinic-admin init（或 clinic-admin demo）创建。",
        ) from exc
    except (OSError, ValueError) as exc:
        raise StorageError(
            en=f"The settings file {path} cannot be read: {exc}.",
            zh=f"无法读取设置文件 {path}：{exc}。",
        ) from exc
    if data.get("format") != LOCAL_FORMAT or data.get("version") != LOCAL_VERSION:
        raise StorageError(
            en=f"{path} is not a settings file this version understands.",
            zh=f"{path} 不是本版本可识别的设置文件。",
        )
    return LocalSettings(
        clinic_id=str(data["clinic_id"]),
        clinic_name=str(data["clinic_name"]),
        mode="server" if data.get("mode") == "server" else "embedded",
        database_url=data.get("database_url"),
        demo=bool(data.get("demo")),
        workstation=str(data.get("workstation") or socket.gethostname()),
        satellite_site=data.get("satellite_site") or None,
    )


def save_local(home: Path, settings: LocalSettings) -> None:
    home.mkdir(parents=True, exist_ok=True)
    os.chmod(home, 0o700)
    write_private(home / SETTINGS_FILE, json.dumps(settings.to_json(), indent=2).encode())


# --- the clinic's rules ----------------------------------------------------------------------


@dataclass(frozen=True)
class Setting:
    key: str
    kind: type
    default: Any
    en: str
    zh: str
    minimum: int | None = None
    maximum: int | None = None
    choices: tuple[str, ...] = ()
    blank_ok: bool = False  # an empty value means "use the fallback" (said in the label)

    def parse(self, raw: object) -> Any:
        """The value RAW means for this setting, or a clear error."""
        label_en, label_zh = self.en, self.zh
        if self.kind is int:
            return parse_whole(raw, label_en, label_zh, minimum=self.minimum, maximum=self.maximum)
        if self.kind is Decimal:
            return self._parse_decimal(raw)
        value = str(raw).strip()
        if not value and self.blank_ok:
            return ""
        if not value:
            raise InvalidInput(en=f"{label_en} cannot be empty.", zh=f"{label_zh}不能为空。")
        if self.choices and value not in self.choices:
            raise InvalidInput(
                en=f"{label_en} must be one of: {', '.join(self.choices)}.",
                zh=f"{label_zh}必须是以下之一：{', '.join(self.choices)}。",
            )
        if self.key == "clinic_timezone":
            check_timezone(value)
        if self.key == "patient_facing_name":
            check_patient_facing_name(value)
        return value

    def _parse_decimal(self, raw: object) -> str:
        """Exact decimals are kept as text, so JSON never turns them into floats."""
        low = Decimal(self.minimum if self.minimum is not None else 0)
        high = Decimal(self.maximum) if self.maximum is not None else MAX_QUANTITY
        value = parse_quantity(raw, self.en, self.zh, zero_ok=True)
        if value < low or value > high:
            raise InvalidInput(
                en=f"{self.en} must be between {low} and {high}.",
                zh=f"{self.zh}必须在 {low} 到 {high} 之间。",
            )
        return str(value)


def check_timezone(name: str) -> None:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise InvalidInput(
            en=f"{quoted(name)} is not a known time zone (e.g. Asia/Shanghai).",
            zh=f"{quoted(name)} 不是有效的时区（例如 Asia/Shanghai）。",
        ) from exc


# Words that tell whoever reads them that the holder is in drug treatment. None of them may stand
# where the clinic's name is printed on what a patient carries (DOMAIN: labels, receipts).
REVEALING_WORDS = (
    "美沙酮",
    "丁丙诺啡",
    "纳曲酮",
    "纳洛酮",
    "阿片",
    "海洛因",
    "戒毒",
    "脱毒",
    "禁毒",
    "药物维持",
    "替代治疗",
    "戒断",
    "吸毒",
    "成瘾",
    "methadone",
    "buprenorphine",
    "naltrexone",
    "naloxone",
    "opioid",
    "opiate",
    "heroin",
    "addiction",
    "detox",
    "mmt",
    "oat",
    "substance",
)
# Printed when no patient-facing name is set: true of every clinic and says nothing of the
# treatment (an outpatient department is what every hospital and health centre has).
NEUTRAL_CLINIC_NAME = "门诊部 Outpatient clinic"


def reveals_treatment(name: str) -> bool:
    """True if NAME holds a word that tells a reader the holder is in drug treatment."""
    import re
    import unicodedata

    folded = unicodedata.normalize("NFKC", name).casefold()
    words = set(re.findall(r"[a-z]+", folded))
    return any((word in words) if word.isascii() else (word in folded) for word in REVEALING_WORDS)


def check_patient_facing_name(name: str) -> None:
    if reveals_treatment(name):
        raise InvalidInput(
            en=f"{quoted(name)} tells whoever reads a label or receipt what the treatment is. "
            "Choose a neutral name (e.g. the health centre's name without the service).",
            zh=f"{quoted(name)} 会让看到瓶签或收据的人知道治疗内容。"
            "请使用中性的名称（例如不含服务内容的卫生服务中心名称）。",
        )


def patient_facing_name(setting: str) -> str:
    """The clinic's name as printed on what a patient carries: the setting, or the neutral
    fallback when it is empty (or, should an old value reveal the treatment, in its place)."""
    name = (setting or "").strip()
    if not name or reveals_treatment(name):
        return NEUTRAL_CLINIC_NAME
    return name


CLINIC_SETTINGS: dict[str, Setting] = {
    s.key: s
    for s in (
        Setting("clinic_name", str, "Clinic", "Clinic name", "诊所名称"),
        Setting(
            "patient_facing_name",
            str,
            "",
            "Clinic name on labels, cards and receipts (empty: 门诊部 Outpatient clinic); "
            "must not reveal the treatment",
            "瓶签、就诊卡和收据上的机构名称（留空：门诊部）；不得透露治疗内容",
            blank_ok=True,
        ),
        Setting("clinic_timezone", str, "Asia/Shanghai", "Clinic time zone", "诊所时区"),
        Setting(
            "language", str, "system", "Language", "界面语言", choices=("system", "zh_CN", "en")
        ),
        Setting(
            "lockout_attempts",
            int,
            5,
            "Failed logins before lockout",
            "锁定前允许的登录失败次数",
            minimum=3,
            maximum=20,
        ),
        Setting(
            "lockout_minutes",
            int,
            15,
            "Lockout minutes",
            "锁定时长（分钟）",
            minimum=1,
            maximum=1440,
        ),
        Setting(
            "idle_lock_minutes",
            int,
            5,
            "Idle lock minutes",
            "空闲锁屏（分钟）",
            minimum=1,
            maximum=60,
        ),
        Setting(
            "session_max_hours",
            int,
            12,
            "Longest sign-in (hours)",
            "单次登录最长时间（小时）",
            minimum=1,
            maximum=24,
        ),
        Setting(
            "minimum_age",
            int,
            18,
            "Minimum age without a guardian",
            "无监护人同意的最低年龄",
            minimum=14,
            maximum=21,
        ),
        Setting(
            "induction_start_min_mg",
            int,
            15,
            "Methadone first dose, lowest (mg)",
            "美沙酮首剂量下限（mg）",
            minimum=5,
            maximum=40,
        ),
        Setting(
            "induction_start_max_mg",
            int,
            30,
            "Methadone first dose, highest (mg)",
            "美沙酮首剂量上限（mg）",
            minimum=10,
            maximum=40,
        ),
        Setting(
            "induction_first_day_max_mg",
            int,
            40,
            "Methadone first-day total, highest (mg)",
            "美沙酮首日总量上限（mg）",
            minimum=20,
            maximum=60,
        ),
        Setting(
            "titration_step_mg",
            int,
            10,
            "Largest dose step without a stated reason (mg)",
            "无需说明理由的最大调整幅度（mg）",
            minimum=1,
            maximum=40,
        ),
        Setting(
            "titration_lookback_days",
            int,
            3,
            "Increases add up over (days): a step is measured from the dose in force then",
            "剂量增幅累计天数：调整幅度以该天数前的剂量为基准",
            minimum=1,
            maximum=14,
        ),
        Setting(
            "high_dose_threshold_mg",
            int,
            100,
            "High dose: second physician or ECG/QTc above (mg)",
            "高剂量阈值：超过需第二名医师或心电图/QTc（mg）",
            minimum=60,
            maximum=300,
        ),
        Setting(
            "offline_max_hours",
            int,
            72,
            "A satellite offline longer than this refuses new doses (hours)",
            "卫星服药点离线超过该时长后不得再给药（小时）",
            minimum=1,
            maximum=336,
        ),
        Setting(
            "take_home_max_days",
            int,
            0,
            "Take-home doses allowed (days; 0 = none)",
            "允许带药天数（0 = 不允许）",
            minimum=0,
            maximum=28,
        ),
        Setting(
            "order_review_warning_days",
            int,
            7,
            "Flag orders due for review within (days)",
            "医嘱复核提前提醒天数",
            minimum=1,
            maximum=60,
        ),
        Setting(
            "missed_days_hold",
            int,
            3,
            "Missed days after which the dose is held for a physician",
            "连续漏服多少天须医师重新评估后方可服药",
            minimum=2,
            maximum=10,
        ),
        Setting(
            "missed_days_reinduce",
            int,
            5,
            "Missed days after which re-induction is required",
            "连续漏服多少天须重新诱导",
            minimum=3,
            maximum=14,
        ),
        Setting(
            "dose_dwell_ms",
            int,
            600,
            "The panel is shown this long before Enter can record the dose (ms)",
            "面板显示满此时长后按回车才能记录服药（毫秒）",
            minimum=0,
            maximum=3000,
        ),
        Setting(
            "statistics_threshold",
            int,
            5,
            "Released statistics withhold counts below",
            "对外统计数据中小于此数的单元格不予公布",
            minimum=2,
            maximum=50,
        ),
        Setting(
            "dropout_days",
            int,
            14,
            "Absent days before outreach",
            "缺席多少天列入随访",
            minimum=3,
            maximum=90,
        ),
        Setting(
            "screen_interval_days",
            int,
            30,
            "Urine screen at least every (days)",
            "尿检最长间隔天数",
            minimum=7,
            maximum=90,
        ),
        Setting(
            "queue_audit_minutes",
            int,
            60,
            "A list left unchanged on screen is audited again after (minutes)",
            "列表内容未变时，每隔多少分钟再记录一次审计",
            minimum=5,
            maximum=720,
        ),
        Setting(
            "count_tolerance_ml",
            Decimal,
            "0.5",
            "Count variance allowed for solutions (mL; tablets allow none)",
            "溶液盘点允许差异（mL；片剂不允许差异）",
            minimum=0,
            maximum=10,
        ),
        Setting(
            "retention_years",
            int,
            5,
            "Years a lot's records are kept after its expiry",
            "批号记录在有效期后的保存年限",
            minimum=5,
            maximum=30,
        ),
        Setting(
            "expiry_warning_days",
            int,
            90,
            "Flag lots expiring within (days)",
            "近效期提醒天数",
            minimum=7,
            maximum=365,
        ),
        Setting(
            "monitoring_years",
            int,
            3,
            "Abstinent years that end police monitoring",
            "解除社区监控所需戒断年数",
            minimum=1,
            maximum=10,
        ),
        Setting(
            "medins_code",
            str,
            "",
            "Designated institution code for medical insurance (medins_code)",
            "医保定点医药机构编码",
        ),
        Setting(
            "mdtrtarea_admvs",
            str,
            "",
            "Division code of the clinic's place (mdtrtarea_admvs)",
            "就医地医保区划（mdtrtarea_admvs）",
        ),
        Setting(
            "dept_code", str, "", "Department code for claims (dept_code)", "科室编码（dept_code）"
        ),
        Setting(
            "dept_name", str, "", "Department name for claims (dept_name)", "科室名称（dept_name）"
        ),
        Setting("caty", str, "", "Department category code (caty)", "科别（caty）"),
    )
}
