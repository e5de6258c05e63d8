"""The demo's fictional people: names drawn from lists of common surnames and given-name
characters, well-formed but made-up ID numbers (correct check digit), phones, addresses and an
ID-photo-shaped silhouette each. Deterministic for a given day and seed.
"""

from __future__ import annotations

import random
import struct
import zlib
from dataclasses import dataclass
from datetime import date, timedelta

from clinic.patients.identity import age_on, check_digit

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


def phone_number(rng: random.Random) -> str:
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
                phone=phone_number(rng),
                address=f"{DISTRICTS[home]}{rng.choice(STREETS)}{rng.randint(1, 240)}号",
                emergency_contact=(
                    f"{_name(rng, contact_sex, set(taken))}（{rng.choice(RELATIONS)}）{phone_number(rng)}"
                ),
                photo=silhouette(rng, sex),
            )
        )
    return people
