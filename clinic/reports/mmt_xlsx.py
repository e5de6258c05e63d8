"""The national MMT data system's fields for a period, as an Excel workbook: one sheet of patients
(demographics, drug-use history, HIV/HCV/syphilis status, treatment), one of random urine results,
one of daily doses, one of notes. docs/mmt-export.md says where each column comes from and which
are left blank (the clinic does not record them)."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

DATE_FORMAT = "yyyy-mm-dd"
DOSE_FORMAT = "0.##"

# (Chinese heading, English heading, width): the patients sheet, column by column.
PATIENT_COLUMNS = (
    ("门诊患者编号", "Patient number", 14),
    ("姓名", "Name", 10),
    ("性别", "Sex", 6),
    ("出生日期", "Date of birth", 12),
    ("身份证号", "National ID number", 21),
    ("联系电话", "Phone", 14),
    ("现住址", "Address", 28),
    ("民族", "Ethnicity", 8),
    ("婚姻状况", "Marital status", 10),
    ("文化程度", "Education", 10),
    ("就业状况", "Employment", 10),
    ("首次吸毒年龄", "Age at first drug use", 10),
    ("主要毒品", "Main drug", 10),
    ("注射吸毒史", "Ever injected", 10),
    ("共用针具史", "Ever shared needles", 10),
    ("诊断（ICD-10）", "Diagnosis (ICD-10)", 12),
    ("入组日期", "Enrolled on", 12),
    ("治疗药物", "Treatment drug", 12),
    ("治疗状态", "Treatment status", 10),
    ("状态变更日期", "Status since", 12),
    ("HIV抗体", "HIV antibody", 10),
    ("HIV检测日期", "HIV tested on", 12),
    ("丙肝抗体", "HCV antibody", 10),
    ("丙肝检测日期", "HCV tested on", 12),
    ("梅毒", "Syphilis", 10),
    ("梅毒检测日期", "Syphilis tested on", 12),
    ("期内服药天数", "Days dosed in the period", 10),
    ("期末剂量（mg）", "Last daily dose (mg)", 10),
)
URINE_COLUMNS = (
    ("门诊患者编号", "Patient number", 14),
    ("采样日期", "Collected on", 12),
    ("随机尿检", "Random", 8),
    ("吗啡（阿片类）", "Opiates (morphine)", 12),
    ("其他阳性物质", "Other positive substances", 30),
)
DOSE_COLUMNS = (
    ("门诊患者编号", "Patient number", 14),
    ("服药日期", "Dosing day", 12),
    ("剂量（mg）", "Dose (mg)", 10),
    ("药物", "Drug", 12),
    ("服药方式", "How given", 12),
)


@dataclass(frozen=True)
class MmtPatient:
    patient_number: str
    name: str
    sex: str  # 男 / 女
    birth_date: date
    national_id: str
    phone: str | None
    address: str | None
    diagnosis_icd10: str | None
    enrolled_on: date
    drug: str | None  # 美沙酮 / 丁丙诺啡 / 纳曲酮
    status: str  # in Chinese
    status_since: date | None
    hiv: tuple[str, date] | None  # (阳性 / 阴性 / 不确定, tested on)
    hcv: tuple[str, date] | None
    syphilis: tuple[str, date] | None
    days_dosed: int
    last_dose_mg: Decimal | None


@dataclass(frozen=True)
class MmtUrine:
    patient_number: str
    collected_on: date
    random: bool
    opiates: str  # 阳性 / 阴性 / 未检
    other_positives: str


@dataclass(frozen=True)
class MmtDose:
    patient_number: str
    dosing_date: date
    dose_mg: Decimal
    drug: str
    how: str  # 现场服药 / 带药


@dataclass(frozen=True)
class MmtData:
    clinic_name: str
    clinic_code: str
    since: date
    until: date
    patients: tuple[MmtPatient, ...]
    urines: tuple[MmtUrine, ...]
    doses: tuple[MmtDose, ...]


def _sheet_head(sheet, columns, title: str) -> None:  # type: ignore[no-untyped-def]
    sheet["A1"] = title
    sheet["A1"].font = Font(bold=True, size=13)
    fill = PatternFill("solid", fgColor="E8E8E8")
    for col, (zh, en, width) in enumerate(columns, start=1):
        cell = sheet.cell(row=2, column=col, value=f"{zh}\n{en}")
        cell.font = Font(bold=True)
        cell.fill = fill
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        sheet.column_dimensions[get_column_letter(col)].width = width
    sheet.row_dimensions[2].height = 32
    sheet.freeze_panes = "B3"


def _status(result: tuple[str, date] | None) -> list[object]:
    return [result[0], result[1]] if result else [None, None]


def render_mmt_xlsx(data: MmtData) -> bytes:
    """The workbook: patients, urine tests, daily doses, and a sheet saying what is blank."""
    book = Workbook()
    period = f"{data.since.isoformat()} — {data.until.isoformat()}"
    head = f"{data.clinic_name}（{data.clinic_code or '机构编码未设'}）  统计期 Period：{period}"
    patients = book.active
    assert patients is not None
    patients.title = "基本信息 Patients"
    _sheet_head(patients, PATIENT_COLUMNS, f"美沙酮维持治疗个案信息 MMT clients — {head}")
    for p in data.patients:
        patients.append(
            [
                p.patient_number,
                p.name,
                p.sex,
                p.birth_date,
                p.national_id,
                p.phone,
                p.address,
                None,  # ethnicity: not recorded
                None,  # marital status: not recorded
                None,  # education: not recorded
                None,  # employment: not recorded
                None,  # age at first drug use: not recorded
                None,  # main drug: not recorded
                None,  # ever injected: not recorded
                None,  # ever shared needles: not recorded
                p.diagnosis_icd10,
                p.enrolled_on,
                p.drug,
                p.status,
                p.status_since,
                *_status(p.hiv),
                *_status(p.hcv),
                *_status(p.syphilis),
                p.days_dosed,
                p.last_dose_mg,
            ]
        )
    urine = book.create_sheet("尿检 Urine tests")
    _sheet_head(urine, URINE_COLUMNS, f"尿液吗啡检测 Urine opiate tests — {head}")
    for u in data.urines:
        urine.append(
            [
                u.patient_number,
                u.collected_on,
                "是" if u.random else "否",
                u.opiates,
                u.other_positives,
            ]
        )
    doses = book.create_sheet("服药 Daily doses")
    _sheet_head(doses, DOSE_COLUMNS, f"每日服药 Daily doses — {head}")
    for d in data.doses:
        doses.append([d.patient_number, d.dosing_date, d.dose_mg, d.drug, d.how])
    for sheet in (patients, urine, doses):
        for row in sheet.iter_rows(min_row=3):
            for cell in row:
                if isinstance(cell.value, date):
                    cell.number_format = DATE_FORMAT
                elif isinstance(cell.value, Decimal):
                    cell.number_format = DOSE_FORMAT
    notes = book.create_sheet("说明 Notes")
    notes.column_dimensions["A"].width = 100
    for line in (
        "本表按全国美沙酮维持治疗数据管理系统收集的信息项整理，供数据管理员录入或核对；列名为本系统所定，"
        "并非该系统的导入模板。",
        "The columns follow what China's national MMT data system collects; the names are this "
        "program's, not the system's import template.",
        "民族、婚姻状况、文化程度、就业状况、首次吸毒年龄、主要毒品、注射及共用针具史：本门诊系统未记录，留空。",
        "Ethnicity, marital status, education, employment and drug-use history are not recorded "
        "by this program: left blank.",
        "HIV、丙肝、梅毒为统计期末前最近一次检测结果；未检测则留空。",
        "HIV, HCV and syphilis: the latest result up to the period's end; blank if never tested.",
        "每位患者的信息导出均作为依法披露记入其披露记录。",
        "Each patient in this file is logged as a disclosure on a legal basis in their record.",
    ):
        notes.append([line])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
