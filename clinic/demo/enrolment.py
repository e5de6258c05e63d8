"""Fictional demo data, written through the service layer as the demo users (so all of it is
audited like real use): products, payer schemes, about 60 patients with photos, orders, cards,
consents and a spread of statuses, enrolled on the first day of a thirty-day history (the clinic's
clock is set back for it); then the stock month (demo_stock) with thirty days of doses, screens,
a void, waste and take-home doses recorded through the dosing services (demo_dosing).
Deterministic apart from card codes, which the card service draws at random.

Everything here is invented: names are drawn from lists of common surnames and given-name
characters, ID numbers are well-formed (correct check digit) but made up.
"""

from __future__ import annotations

import random
import struct
import zlib
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from clinic.administration import get_settings, list_sites, update_setting
from clinic.demo_claims import populate_claims
from clinic.demo_dosing import DemoDosing, DosingSummary
from clinic.demo_stock import HISTORY_DAYS, populate_stock
from clinic.dosing.orders import OrderRequest, stop_order, write_order
from clinic.insurance.patient_fees import set_site_fee
from clinic.insurance.schemes import add_payer_scheme
from clinic.inventory.catalogue import add_product
from clinic.patients.enrolment import (
    Agreement,
    Eligibility,
    Enrolment,
    Identity,
    Payer,
    enrol_patient,
)
from clinic.patients.identity import age_on, check_digit
from clinic.patients.records import change_status, issue_card, readmit, set_photo
from clinic.patients.registry import register_patient
from clinic.privacy.users import login, logout
from clinic.service import AuthContext

SEED = 20180601

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕"
    "丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦方白邹孟熊秦邱江尹薛段雷侯龙史陶黎贺顾毛郝龚邵万钱严武戴"
)
GIVEN_M = "伟强磊军勇杰涛斌超明刚平辉鹏华飞鑫波宇浩凯健俊帆旭宁龙林阳建国志海峰亮成东文兵永春"
GIVEN_F = "芳娜敏静丽艳娟霞秀燕玲桂丹萍红梅琳颖雪慧婷倩晶琴云莉兰洁凤英玉珍"
MINORITY = (("阿依古丽·买买提", "F"), ("艾力·吐尔逊", "M"))
MINORITY_REGION = "650102"
DISTRICTS = {
    "110105": "北京市朝阳区",
    "110101": "北京市东城区",
    "110102": "北京市西城区",
    "110106": "北京市丰台区",
    "110108": "北京市海淀区",
}
STREETS = ("光华路", "和平里街", "安定路", "南湖路", "丰台北路", "学院路", "德胜门外大街", "双井街")
RELATIONS = ("母亲", "父亲", "妻子", "丈夫", "姐姐", "哥哥", "女儿", "儿子")

PRODUCTS = (
    ("MET-1", "盐酸美沙酮口服溶液 1 mg/mL", "methadone", "oral_solution", "1", "narcotic"),
    ("MET-05", "盐酸美沙酮口服溶液 0.5 mg/mL", "methadone", "oral_solution", "0.5", "narcotic"),
    (
        "BUP-02",
        "丁丙诺啡舌下片 0.2 mg",
        "buprenorphine",
        "sublingual_tablet",
        "0.2",
        "psychotropic_1",
    ),
    ("BUP-2", "丁丙诺啡舌下片 2 mg", "buprenorphine", "sublingual_tablet", "2", "psychotropic_1"),
)
SCHEMES = (
    ("RESIDENT", "城乡居民基本医疗保险", "resident"),
    ("EMPLOYEE", "职工基本医疗保险", "employee"),
)

# What happens to each demo patient after enrolment (count, fate, method).
FATES: tuple[tuple[int, str, str], ...] = (
    (30, "maintenance", "methadone"),
    (6, "induction", "methadone"),
    (1, "minor", "methadone"),
    (1, "readmitted", "methadone"),
    (3, "on_hold", "methadone"),
    (4, "discharged", "methadone"),
    (2, "transferred_out", "methadone"),
    (1, "deceased", "methadone"),
    (8, "maintenance", "buprenorphine"),
    (1, "on_hold", "buprenorphine"),
    (1, "discharged", "buprenorphine"),
    (2, "applicant", "methadone"),
)
HOLD_REASONS = ("住院治疗 In hospital", "外出务工 Working away", "家中有事请假 Family leave")
EXIT_REASONS = (
    "完成治疗，逐步减量停药 Completed a taper",
    "连续失访超过14天 Lost to follow-up (over 14 days absent)",
    "自愿退出治疗 Left treatment voluntarily",
    "违反门诊规定 Broke the clinic's rules",
    "被强制隔离戒毒 Sent to compulsory treatment",
)
TRANSFER_REASONS = ("迁居外省，转至当地美沙酮门诊 Moved away: transferred to a local clinic",)
MAINTENANCE_REASON = "既往滴定已达稳定维持剂量 Stable maintenance dose reached in earlier titration"


@dataclass
class DemoPatient:
    name: str
    sex: str
    birth: date
    national_id: str
    region: str
    fate: str
    method: str
    scheme: str | None
    claims_consent: bool
    insured_number: str | None
    phone: str
    address: str
    emergency_contact: str
    photo: bytes


@dataclass
class DemoSummary:
    statuses: Counter[str] = field(default_factory=Counter)
    orders: int = 0
    cards: int = 0
    products: dict[str, int] = field(default_factory=dict)
    dosing: DosingSummary | None = None


# --- a tiny PNG writer and a silhouette ------------------------------------------------------


def png_rgb(width: int, height: int, rows: list[bytes]) -> bytes:
    """An 8-bit RGB PNG from HEIGHT rows of WIDTH*3 bytes (no filtering)."""

    def chunk(tag: bytes, data: bytes) -> bytes:
        body = tag + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    raw = b"".join(b"\x00" + row for row in rows)
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw, 9))
        + chunk(b"IEND", b"")
    )


def silhouette(rng: random.Random, sex: str, width: int = 90, height: int = 120) -> bytes:
    """An ID-photo-shaped PNG: a head and shoulders on a pale background, colours varied."""
    background = bytes(rng.randint(200, 240) for _ in range(3))
    shade = rng.randint(60, 110)
    figure = bytes((shade, shade + rng.randint(0, 20), shade + rng.randint(10, 40)))
    hair = bytes((rng.randint(15, 45),) * 3)
    cx = width / 2
    head_y, head_r = height * 0.40, width * rng.uniform(0.19, 0.22)
    hair_long = sex == "F"
    body_y, body_rx, body_ry = height * 1.0, width * 0.46, height * 0.40
    neck = head_r * 0.45
    rows = []
    for y in range(height):
        row = bytearray(background * width)

        def paint(x0: float, x1: float, colour: bytes, row: bytearray = row) -> None:
            a, b = max(0, int(x0 + 0.5)), min(width, int(x1 + 0.5))
            if b > a:
                row[a * 3 : b * 3] = colour * (b - a)

        if head_y <= y <= body_y - body_ry * 0.8:
            paint(cx - neck, cx + neck, figure)
        dy = (y - body_y) / body_ry
        if abs(dy) < 1:
            half = body_rx * (1 - dy * dy) ** 0.5
            paint(cx - half, cx + half, figure)
        hair_bottom = head_y + (head_r * 1.1 if hair_long else 0)
        if head_y - head_r * 1.12 <= y <= hair_bottom:
            dyh = min(1.0, abs(y - head_y) / (head_r * 1.12)) if y < head_y else 0.0
            half = head_r * 1.12 * (1 - dyh * dyh) ** 0.5
            paint(cx - half, cx + half, hair)
        dyf = (y - head_y) / head_r
        if abs(dyf) < 1:
            half = head_r * (1 - dyf * dyf) ** 0.5
            face_top = head_y - head_r * 0.55
            paint(cx - half, cx + half, figure if y >= face_top else hair)
        rows.append(bytes(row))
    return png_rgb(width, height, rows)


# --- fictional people ------------------------------------------------------------------------


def national_id(region: str, birth: date, serial: int, sex: str) -> str:
    """A well-formed ID number: region, birth date, a sequence whose parity gives the sex."""
    seq = (serial % 500) * 2 + (1 if sex == "M" else 0)
    first17 = f"{region}{birth:%Y%m%d}{seq:03d}"
    return first17 + check_digit(first17)


def _phone(rng: random.Random) -> str:
    return "1" + rng.choice("35789") + "".join(rng.choice("0123456789") for _ in range(9))


def _name(rng: random.Random, sex: str, taken: set[str]) -> str:
    chars = GIVEN_M if sex == "M" else GIVEN_F
    while True:
        given = rng.choice(chars) + (rng.choice(chars) if rng.random() < 0.7 else "")
        name = rng.choice(SURNAMES) + given
        if name not in taken:
            taken.add(name)
            return name


def _birth(rng: random.Random, today: date, low: int, high: int) -> date:
    """A birth date giving an age in LOW..HIGH today."""
    while True:
        years = rng.randint(low, high)
        born = date(today.year - years, rng.randint(1, 12), rng.randint(1, 28))
        if low <= age_on(born, today) <= high:
            return born


def plan_patients(today: date, seed: int = SEED) -> list[DemoPatient]:
    """The demo patients, in enrolment order (deterministic for a given TODAY and SEED)."""
    rng = random.Random(seed)
    fates = [(fate, method) for count, fate, method in FATES for _ in range(count)]
    applicants = [f for f in fates if f[0] == "applicant"]
    rest = [f for f in fates if f[0] != "applicant"]
    rng.shuffle(rest)
    fates = rest + applicants  # applicants are the newest records
    taken: set[str] = set()
    minority = list(MINORITY)
    people = []
    declined = False
    maintained = 0
    for serial, (fate, method) in enumerate(fates, start=1):
        home = rng.choice(tuple(DISTRICTS))
        region = home
        maintained += fate == "maintenance"
        if minority and fate == "maintenance" and maintained in (5, 20):
            name, sex = minority.pop(0)
            region = MINORITY_REGION  # born in Urumqi, living in Beijing
            taken.add(name)
        else:
            sex = "F" if rng.random() < 0.18 else "M"
            name = _name(rng, sex, taken)
        birth = _birth(rng, today, 17, 17) if fate == "minor" else _birth(rng, today, 20, 65)
        while fate == "minor" and age_on(birth, today + timedelta(days=60)) != 17:
            birth = _birth(rng, today, 17, 17)  # still a minor after the dosing history
        roll = rng.random()
        scheme = "RESIDENT" if roll < 0.5 else ("EMPLOYEE" if roll < 0.75 else None)
        if fate == "minor":
            scheme = "RESIDENT"
        consent = scheme is not None
        if scheme == "RESIDENT" and fate == "maintenance" and not declined:
            declined, consent = True, False  # insured, but declines claims: never in a claim file
        insured = f"{home}{rng.randint(10**9, 10**10 - 1)}" if scheme else None
        contact_sex = rng.choice("MF")
        people.append(
            DemoPatient(
                name=name,
                sex=sex,
                birth=birth,
                national_id=national_id(region, birth, serial, sex),
                region=region,
                fate=fate,
                method=method,
                scheme=scheme,
                claims_consent=consent,
                insured_number=insured,
                phone=_phone(rng),
                address=f"{DISTRICTS[home]}{rng.choice(STREETS)}{rng.randint(1, 240)}号",
                emergency_contact=(
                    f"{_name(rng, contact_sex, set(taken))}（{rng.choice(RELATIONS)}）{_phone(rng)}"
                ),
                photo=silhouette(rng, sex),
            )
        )
    return people


# --- writing it through the services ---------------------------------------------------------


@dataclass
class Staff:
    admin: AuthContext
    physician: AuthContext
    nurse: AuthContext
    pharmacist: AuthContext

    def others(self) -> Iterator[AuthContext]:
        yield from (self.physician, self.nurse, self.pharmacist)


def clinic_today(auth: AuthContext) -> date:
    zone = ZoneInfo(str(get_settings(auth)["clinic_timezone"]))
    return datetime.now(zone).date()


def _agreement(method: str, signed_on: date) -> Agreement:
    return Agreement(
        method=method,
        duration="12个月 12 months",
        covers_confidentiality=True,
        covers_clinic_rules=True,
        covers_termination=True,
        covers_effects_and_risks=True,
        signed_on=signed_on,
    )


def _enrolment(p: DemoPatient, today: date, rng: random.Random) -> Enrolment:
    draft = Enrolment(today=today)
    draft.set_identity(
        Identity(
            name=p.name,
            sex=p.sex,
            birth_date=p.birth,
            national_id=p.national_id,
            phone=p.phone,
            address=p.address,
            emergency_contact=p.emergency_contact,
        )
    )
    draft.set_photo(p.photo)
    minor = p.fate == "minor"
    draft.set_eligibility(
        Eligibility(
            diagnosed_on=today - timedelta(days=rng.randint(2, 40)),
            voluntary=True,
            full_capacity=True,
            guardian=f"{p.name[0]}建华（父亲）{_phone(rng)}" if minor else None,
            guardian_consent_on=today if minor else None,
        )
    )
    draft.set_agreement(_agreement(p.method, today))
    draft.set_payer(
        Payer(
            scheme_code=p.scheme,
            insured_number=p.insured_number,
            claims_consent=p.claims_consent,
            consent_signed_on=today if p.claims_consent else None,
        )
    )
    return draft


class _Writer:
    def __init__(
        self, staff: Staff, today: date, products: dict[str, int], reviews: date | None = None
    ) -> None:
        self.staff = staff
        self.today = today  # the day the patients are enrolled and their orders start
        self.reviews = reviews or today  # review dates count from here
        self.products = products
        self.summary = DemoSummary(products=products)
        self.rng = random.Random(SEED + 1)
        self.high_dose_done = False
        self.split_done = False
        self.review_due_done = False
        self.small_strength_done = 0

    def order(self, patient_id: int, request: OrderRequest) -> None:
        write_order(self.staff.physician, patient_id=patient_id, request=request)
        self.summary.orders += 1

    def methadone_product(self) -> int:
        # A few patients are dosed from the 0.5 mg/mL solution.
        if self.small_strength_done < 4 and self.rng.random() < 0.2:
            self.small_strength_done += 1
            return self.products["MET-05"]
        return self.products["MET-1"]

    def induction(self, patient_id: int, product: int | None = None) -> None:
        self.order(
            patient_id,
            OrderRequest(
                product_id=product or self.methadone_product(),
                daily_dose_mg=str(self.rng.choice((20, 20, 25, 25, 30))),
                start_on=self.today,
                review_on=self.reviews + timedelta(days=14),
                reason="诱导期 Induction",
            ),
        )

    def maintenance(self, patient_id: int) -> None:
        product = self.methadone_product()
        self.induction(patient_id, product)
        review = self.reviews + timedelta(days=self.rng.randint(30, 90))
        if not self.review_due_done:
            review, self.review_due_done = self.reviews + timedelta(days=4), True
        if not self.high_dose_done:
            self.high_dose_done = True
            request = OrderRequest(
                product_id=product,
                daily_dose_mg="110",
                start_on=self.today,
                review_on=review,
                reason=MAINTENANCE_REASON + "；心电图 QTc 正常 ECG QTc normal",
                ecg_qtc_ms=432,
                ecg_on=self.today - timedelta(days=2),
            )
        elif not self.split_done:
            self.split_done = True
            request = OrderRequest(
                product_id=product,
                daily_dose_mg="80",
                slots_mg=("50", "30"),
                start_on=self.today,
                review_on=review,
                reason=MAINTENANCE_REASON + "；分两次服用 split in two",
            )
        else:
            request = OrderRequest(
                product_id=product,
                daily_dose_mg=str(self.rng.randrange(60, 101, 5)),
                start_on=self.today,
                review_on=review,
                reason=MAINTENANCE_REASON,
            )
        self.order(patient_id, request)

    def buprenorphine(self, patient_id: int) -> None:
        first = self.rng.choice(("2", "2.4", "4", "6", "8"))
        review = self.reviews + timedelta(days=self.rng.randint(30, 90))
        self.order(
            patient_id,
            OrderRequest(
                product_id=self.products["BUP-2"],
                daily_dose_mg=first,
                start_on=self.today,
                review_on=review,
            ),
        )
        if self.rng.random() < 0.5:
            self.order(
                patient_id,
                OrderRequest(
                    product_id=self.products["BUP-2"],
                    daily_dose_mg=self.rng.choice(("8", "12", "16")),
                    start_on=self.today,
                    review_on=review,
                    reason="维持剂量 Maintenance dose",
                ),
            )

    def treat(self, patient_id: int, method: str) -> None:
        if method == "buprenorphine":
            self.buprenorphine(patient_id)
        else:
            self.maintenance(patient_id)

    def end(self, patient_id: int, status: str, reason: str) -> None:
        stop_order(
            self.staff.physician, patient_id=patient_id, effective_on=self.today, reason=reason
        )
        change_status(
            self.staff.physician,
            patient_id=patient_id,
            to_status=status,
            effective_on=self.today,
            reason=reason,
        )

    def card(self, patient_id: int, reason: str | None = None) -> None:
        issue_card(self.staff.nurse, patient_id=patient_id, reason=reason)
        self.summary.cards += 1

    def patient(self, p: DemoPatient, index: int) -> None:
        staff, today = self.staff, self.today
        if p.fate == "applicant":
            made = register_patient(
                staff.physician,
                name=p.name,
                national_id=p.national_id,
                sex=p.sex,
                phone=p.phone,
                address=p.address,
                insurance_number=p.insured_number,
            )
            set_photo(staff.nurse, patient_id=made.patient_id, image=p.photo)
            self.summary.statuses["applicant"] += 1
            return
        pid = enrol_patient(staff.physician, enrolment=_enrolment(p, today, self.rng)).patient_id
        status = "active"
        if p.fate in ("induction", "minor"):
            self.induction(pid)
        elif p.fate == "readmitted":
            self.maintenance(pid)
            self.card(pid)
            self.end(pid, "discharged", EXIT_REASONS[2])
            readmit(staff.physician, patient_id=pid, agreement=_agreement(p.method, today))
            self.induction(pid)
        else:
            self.treat(pid, p.method)
        if p.fate == "on_hold":
            change_status(
                staff.physician,
                patient_id=pid,
                to_status="on_hold",
                effective_on=today,
                reason=HOLD_REASONS[index % len(HOLD_REASONS)],
            )
            status = "on_hold"
        elif p.fate == "discharged":
            self.end(pid, "discharged", EXIT_REASONS[index % len(EXIT_REASONS)])
            status = "discharged"
        elif p.fate == "transferred_out":
            self.end(pid, "transferred_out", TRANSFER_REASONS[0])
            status = "transferred_out"
        elif p.fate == "deceased":
            self.end(pid, "deceased", "病故（肝硬化） Died of liver cirrhosis")
            status = "deceased"
        # Most patients hold a card; a few new ones have not had theirs printed yet.
        if p.fate != "readmitted" and not (p.fate == "induction" and index % 2 == 0):
            self.card(pid)
            if self.summary.cards == 5:
                self.card(pid, reason="卡片遗失 Card lost")  # the first card is void now
        self.summary.statuses[status] += 1


def populate(admin: AuthContext, passwords: dict[str, str]) -> DemoSummary:
    """Fill a fresh demo clinic: ADMIN is the administrator's session, PASSWORDS the demo users'."""
    db = admin.db
    staff = Staff(
        admin=admin,
        physician=login(db, username="physician", password=passwords["physician"]),
        nurse=login(db, username="nurse", password=passwords["nurse"]),
        pharmacist=login(db, username="pharmacist", password=passwords["pharmacist"]),
    )
    real_clock = db.clock
    try:
        today = clinic_today(admin)
        # Patients and orders are written on the first day of the dosing history.
        first = today - timedelta(days=HISTORY_DAYS)
        zone = ZoneInfo(str(get_settings(admin)["clinic_timezone"]))
        opened = datetime.combine(first, time(7), tzinfo=zone)
        began = real_clock()
        db.clock = lambda: opened.astimezone(UTC) + (real_clock() - began)
        update_setting(
            admin,
            key="take_home_max_days",
            value=3,
            reason="示范：稳定患者可带药 demo: stable patients may take doses home",
        )
        products = {
            code: add_product(
                staff.pharmacist,
                code=code,
                name=name,
                drug=drug,
                form=form,
                mg_per_unit=strength,
                controlled_class=controlled,
            ).product_id
            for code, name, drug, form, strength, controlled in PRODUCTS
        }
        for code, name, kind in SCHEMES:
            add_payer_scheme(admin, code=code, name=name, kind=kind, region="110100 北京市")
        populate_claims(admin, products, first)
        sites = {site.code: site.site_id for site in list_sites(admin)}
        set_site_fee(
            admin,
            site_id=sites["MAIN"],
            daily_fee="10",
            effective_from=first,
            reason="示范：每日服药费 10 元 demo: ¥10 a day",
        )
        writer = _Writer(staff, first, products, reviews=today)
        for index, person in enumerate(plan_patients(first)):
            writer.patient(person, index)
        db.clock = real_clock
        dosing = DemoDosing(
            staff.physician,
            staff.nurse,
            ("pharmacist", passwords["pharmacist"]),
            first,
            today,
        )
        populate_stock(admin, staff.pharmacist, staff.nurse, products, dosing=dosing)
        sat = next(site for site in list_sites(admin) if site.code == "SAT")
        set_site_fee(
            admin,
            site_id=sat.site_id,
            daily_fee="8",
            effective_from=clinic_today(admin),
            reason="示范：卫星点每日 8 元 demo: ¥8 a day at the satellite",
        )
        writer.summary.dosing = dosing.summary
        return writer.summary
    finally:
        db.clock = real_clock
        for auth in staff.others():
            logout(auth)
