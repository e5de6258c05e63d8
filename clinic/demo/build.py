"""Building the demo clinic: a fresh clinic of fictional data, written through the real services
as the demo users, on the clinic's clock set back over a month of history."""

from __future__ import annotations

import secrets
import shutil
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from clinic.administration import list_sites, update_setting
from clinic.app import Clinic
from clinic.config import demo_key_path, load_local
from clinic.demo.calendar import HISTORY_DAYS, DemoClock, Staff
from clinic.demo.claims import populate_claims, register_chronic_diseases
from clinic.demo.dosing import DemoDosing
from clinic.demo.enrolment import PRODUCTS, SCHEMES, DemoSummary, DemoWriter
from clinic.demo.people import plan_patients
from clinic.demo.stock import add_places, satellite_stocked_on, stock_month
from clinic.errors import Conflict, InvalidInput
from clinic.fileio import write_private
from clinic.inspection import grant_inspection
from clinic.insurance.patient_fees import set_site_fee
from clinic.insurance.schemes import add_payer_scheme
from clinic.inventory.catalogue import add_product
from clinic.new_clinic import init_clinic
from clinic.privacy.keys import DemoKeyFile
from clinic.privacy.passwords import check_new_password
from clinic.privacy.permissions import Role
from clinic.privacy.users import create_user, login, logout
from clinic.service import AuthContext

DEMO_USERS = (
    ("admin", "王管理 (demo)", [Role.ADMINISTRATOR]),
    ("nurse", "李护士 (demo)", [Role.NURSE]),
    ("pharmacist", "张药师 (demo)", [Role.PHARMACIST]),
    ("physician", "陈医师 (demo)", [Role.PHYSICIAN]),
    ("clerk", "刘结算 (demo)", [Role.BILLING_CLERK]),
    ("auditor", "赵审计 (demo)", [Role.AUDITOR]),
    ("inspector", "孙监督 (demo)", [Role.INSPECTOR]),
)
# The demo inspector's grant: the whole month of history, open this long after the build, so
# the inspector's pages can be tried on a demo made some weeks before.
INSPECTION_OPEN_DAYS = 90
INSPECTION_AUTHORITY = "示范区卫生健康委员会 Demo district health commission"
INSPECTION_PURPOSE = "示范：麻醉药品、第一类精神药品管理监督检查 demo: controlled-drug inspection"
PASSWORDS_FILE = "DEMO-PASSWORDS.txt"

# Told what the build is doing: (step, steps, what).
Progress = Callable[[int, int, str], None]


def demo_password() -> str:
    """A random password that meets the rules for a new one."""
    while True:
        password = "demo-" + secrets.token_hex(6)
        try:
            check_new_password(password)
        except InvalidInput:
            continue
        return password


def _quiet(_step: int, _steps: int, _what: str) -> None:
    return None


def create_demo(
    home: Path, *, force: bool = False, fill: bool = True, progress: Progress | None = None
) -> tuple[Clinic, dict[str, str]]:
    """A demo clinic (fictional data only) with one user per role; returns their passwords.
    FILL writes the month of history; without it the clinic has its users and nothing else."""
    tell = progress or _quiet
    steps = 3 + HISTORY_DAYS + 1 if fill else 1
    if (home / "clinic.json").exists():
        if not force:
            raise Conflict(
                en=f"There is already a clinic at {home}. Use --force to replace a demo.",
                zh=f"{home} 已有诊所。如要替换演示诊所，请加 --force。",
            )
        if not load_local(home).demo:
            raise Conflict(
                en="Only a demo clinic can be replaced; this one is real.",
                zh="只能替换演示诊所；该诊所为正式诊所。",
            )
        shutil.rmtree(home)
        demo_key_path(home).unlink(missing_ok=True)
    tell(0, steps, "the clinic and its users")
    passwords = {username: demo_password() for username, _, _ in DEMO_USERS}
    admin_name, admin_full, _ = DEMO_USERS[0]
    clinic = init_clinic(
        home,
        name="示范美沙酮门诊 Demo MMT Clinic",
        admin_username=admin_name,
        admin_full_name=admin_full,
        admin_password=passwords[admin_name],
        key_backup=None,
        passphrase=None,
        demo=True,
        keystore=DemoKeyFile(demo_key_path(home)),
        site_name="示范门诊 Demo clinic",
    ).clinic
    auth = clinic.login(admin_name, passwords[admin_name])
    for username, full_name, roles in DEMO_USERS[1:]:
        create_user(
            auth,
            username=username,
            full_name=full_name,
            roles=frozenset(roles),
            password=passwords[username],
            must_change_password=False,
        )
    lines = ["DEMO clinic: fictional data only. Passwords of the demo users:"]
    lines += [f"  {u:12} {p}" for u, p in passwords.items()]
    write_private(home / PASSWORDS_FILE, ("\n".join(lines) + "\n").encode())
    if fill:
        populate(auth, passwords, lambda step, what: tell(1 + step, steps, what))
    tell(steps, steps, "done")
    return clinic, passwords


def populate(
    admin: AuthContext, passwords: dict[str, str], progress: Callable[[int, str], None]
) -> DemoSummary:
    """Fill a fresh demo clinic: ADMIN is the administrator's session, PASSWORDS the demo users'."""
    db = admin.db
    staff = Staff(
        admin=admin,
        physician=login(db, username="physician", password=passwords["physician"]),
        nurse=login(db, username="nurse", password=passwords["nurse"]),
        pharmacist=login(db, username="pharmacist", password=passwords["pharmacist"]),
        passwords=passwords,
    )
    calendar = DemoClock(db)
    try:
        today = calendar.today()
        # Products, prices, places, patients and orders come on the first day of the history.
        first = today - timedelta(days=HISTORY_DAYS)
        with calendar.running_from(calendar.moment(first, 7)):
            progress(0, "products, payer schemes and prices")
            update_setting(
                admin,
                key="take_home_max_days",
                value=3,
                reason="示范：稳定患者可带药 demo: stable patients may take doses home",
            )
            update_setting(
                admin,
                key="patient_facing_name",
                value="城东社区卫生服务门诊",
                reason="示范：瓶签和收据上用中性名称 demo: a neutral name on labels and receipts",
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
            places = add_places(staff)
            sites = {site.code: site.site_id for site in list_sites(admin)}
            set_site_fee(
                admin,
                site_id=sites["MAIN"],
                daily_fee="10",
                effective_from=first,
                reason="示范：每日服药费 10 元 demo: ¥10 a day",
            )
            progress(1, "patients, their orders and cards")
            writer = DemoWriter(staff, first, products, reviews=today)
            for index, person in enumerate(plan_patients(first)):
                writer.patient(person, index)
            clerk = login(db, username="clerk", password=passwords["clerk"])
            register_chronic_diseases(admin, clerk, first)
        dosing = DemoDosing(
            staff, calendar, first, places.windows, satellite_from=satellite_stocked_on(today)
        )
        days = iter(range(2, 2 + HISTORY_DAYS + 1))
        stock_month(
            staff,
            calendar,
            products,
            places,
            dosing,
            lambda day: progress(next(days), f"the stock and doses of {day}"),
        )
        # The month's stock and doses can outlast the idle lock on a busy machine: the
        # administrator signs in again for the last step, as a person would after a break.
        late = login(db, username=admin.actor.username, password=passwords[admin.actor.username])
        set_site_fee(
            late,
            site_id=sites["SAT"],
            daily_fee="8",
            effective_from=calendar.today(),  # the build may have run past the clinic's midnight
            reason="示范：卫星点每日 8 元 demo: ¥8 a day at the satellite",
        )
        today = calendar.today()
        grant_inspection(
            late,
            inspector_username="inspector",
            authority=INSPECTION_AUTHORITY,
            purpose=INSPECTION_PURPOSE,
            period_from=first,
            period_to=today,
            expires_on=today + timedelta(days=INSPECTION_OPEN_DAYS),
        )
        logout(late)
        return writer.summary
    finally:
        for auth in staff.others():
            logout(auth)
