"""clinic-admin: the administrator's command line over the same services as the GUI."""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from clinic import administration, app
from clinic.backups import create_backup
from clinic.config import default_home
from clinic.errors import ClinicError, InvalidInput, PermissionDenied, current_language
from clinic.fileio import write_private
from clinic.inventory import register as register_service
from clinic.key_custody import backup_keys, import_workstation, restore_keys
from clinic.new_clinic import init_clinic
from clinic.privacy import audit_service, users
from clinic.privacy.permissions import Role
from clinic.restore import restore_backup
from clinic.service import AuthContext
from clinic.wording import quoted


class Prompter:
    """Asks for secrets on the terminal, or reads them line by line from a pipe."""

    def __init__(self) -> None:
        self.interactive = sys.stdin.isatty()

    def secret(self, prompt: str, *, confirm: bool = False) -> str:
        if not self.interactive:
            line = sys.stdin.readline()
            if not line:
                raise InvalidInput(
                    en=f"Expected on standard input: {prompt}", zh=f"标准输入中缺少：{prompt}"
                )
            return line.rstrip("\n")
        value = getpass.getpass(f"{prompt}: ")
        if confirm and getpass.getpass(f"{prompt} (again): ") != value:
            raise InvalidInput(en="The two entries differ.", zh="两次输入不一致。")
        return value


def _home(args: argparse.Namespace) -> Path:
    return Path(args.path).expanduser().resolve() if args.path else default_home()


def _sign_in(args: argparse.Namespace, prompter: Prompter) -> tuple[app.Clinic, AuthContext]:
    clinic = app.open_clinic(_home(args))
    if not args.user:
        raise InvalidInput(en="Say who you are: --user NAME.", zh="请用 --user 用户名 表明身份。")
    password = prompter.secret(f"Password for {args.user}")
    auth = clinic.login(args.user, password)
    if auth.audit_broken is not None:
        print(f"clinic-admin: {auth.audit_broken.message()}", file=sys.stderr)
    return clinic, auth


def cmd_init(args: argparse.Namespace, p: Prompter) -> int:
    home = _home(args)
    password = p.secret(f"New password for administrator {args.admin}", confirm=True)
    passphrase = p.secret("Recovery passphrase for the key backup (12+ characters)", confirm=True)
    new = init_clinic(
        home,
        name=args.name,
        admin_username=args.admin,
        admin_full_name=args.admin_name or args.admin,
        admin_password=password,
        key_backup=Path(args.key_backup),
        passphrase=passphrase,
        server_url=args.server_url,
        timezone=args.timezone,
    )
    clinic = new.clinic
    print(f"Clinic created at {home} ({clinic.db.mode}); keys in {clinic.keystore.describe()}.")
    print(f"Key backup written to {args.key_backup}: keep it and its passphrase apart, offline.")
    clinic.close()
    return 0


def _show_progress(step: int, steps: int, what: str) -> None:
    """One line per step of a long job, so the terminal shows it working."""
    print(f"  [{step:>{len(str(steps))}}/{steps}] {what}", flush=True)


def cmd_demo(args: argparse.Namespace, p: Prompter) -> int:
    from clinic.demo import create_demo

    home = _home(args)
    print(f"Creating a DEMO clinic (fictional data only) at {home}", flush=True)
    clinic, passwords = create_demo(home, force=args.force, progress=_show_progress)
    print(f"DEMO clinic (fictional data only) created at {home}")
    print(f"DEMO keys: {clinic.keystore.describe()}")
    for username, password in passwords.items():
        print(f"  {username:12} {password}")
    clinic.close()
    return 0


def _progress_to_stderr(step: int, steps: int, what: str) -> None:
    print(f"  [{step:>{len(str(steps))}}/{steps}] {what}", file=sys.stderr, flush=True)


def cmd_generate(args: argparse.Namespace, p: Prompter) -> int:
    from clinic.generate import check_request, generate_clinic
    from clinic.generate.digest import content_digest

    if not args.path:
        raise InvalidInput(
            en="Say where to put the clinic: --path DIR (a new or empty folder).",
            zh="请用 --path 目录 指定诊所位置（新的或空的文件夹）。",
        )
    home = _home(args)
    check_request(home, args.years, args.patients)
    print(
        f"Generating a DEMO clinic (fictional data only) at {home}: {args.years} years, "
        f"{args.patients} patients, seed {args.seed}",
        file=sys.stderr,
        flush=True,
    )
    clinic, passwords, made = generate_clinic(
        home,
        years=args.years,
        patients=args.patients,
        seed=args.seed,
        progress=_progress_to_stderr,
    )
    try:
        digest = content_digest(clinic.db)
    finally:
        clinic.close()
    print(f"DEMO clinic (generated, fictional data only) created at {home} in {made.seconds} s")
    print(
        f"  {made.patients} patients, {made.doses} doses over {made.days} days, "
        f"{made.screens} urine screens, {made.counts} day closes, "
        f"{made.claims} claims in {made.claim_batches} batches"
    )
    print(f"  content digest {digest}")
    print(f"DEMO keys: {clinic.keystore.describe()}")
    for username, password in passwords.items():
        print(f"  {username:12} {password}")
    return 0


def cmd_user_add(args: argparse.Namespace, p: Prompter) -> int:
    clinic, auth = _sign_in(args, p)
    password = p.secret(f"Temporary password for {args.username}", confirm=True)
    info = users.create_user(
        auth,
        username=args.username,
        full_name=args.full_name,
        roles=args.roles.split(","),
        password=password,
    )
    print(
        f"User {info.username} (id {info.user_id}) created with roles "
        f"{', '.join(sorted(info.roles))}; they must change the password at first login."
    )
    clinic.close()
    return 0


def _user_id(auth: AuthContext, username: str) -> int:
    for info in users.list_users(auth):
        if info.username == username.strip().lower():
            return info.user_id
    raise InvalidInput(
        en=f"No user called {quoted(username)}.", zh=f"没有名为 {quoted(username)} 的用户。"
    )


def cmd_user_list(args: argparse.Namespace, p: Prompter) -> int:
    clinic, auth = _sign_in(args, p)
    for info in users.list_users(auth):
        state = "active" if info.active else "disabled"
        print(
            f"{info.user_id:4} {info.username:16} {state:9} {','.join(sorted(info.roles)):30} "
            f"{info.full_name}"
        )
    clinic.close()
    return 0


def cmd_user_roles(args: argparse.Namespace, p: Prompter) -> int:
    clinic, auth = _sign_in(args, p)
    info = users.set_roles(auth, user_id=_user_id(auth, args.username), roles=args.roles.split(","))
    print(f"{info.username}: {', '.join(sorted(info.roles))}")
    clinic.close()
    return 0


def cmd_user_disable(args: argparse.Namespace, p: Prompter) -> int:
    clinic, auth = _sign_in(args, p)
    users.disable_user(auth, user_id=_user_id(auth, args.username), reason=args.reason)
    print(f"{args.username} disabled (the account and its history are kept).")
    clinic.close()
    return 0


def cmd_user_reset(args: argparse.Namespace, p: Prompter) -> int:
    clinic, auth = _sign_in(args, p)
    password = p.secret(f"Temporary password for {args.username}", confirm=True)
    users.reset_password(auth, user_id=_user_id(auth, args.username), new_password=password)
    print(f"Password of {args.username} reset; they must change it at next login.")
    clinic.close()
    return 0


def _utc_text(moment: datetime | None) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC") if moment else ""


def cmd_throttle_list(args: argparse.Namespace, p: Prompter) -> int:
    clinic, auth = _sign_in(args, p)
    states = users.list_login_throttles(auth)
    if not states:
        print("No workstation has sign-ins under unknown user names counted or a hold running.")
    for state in states:
        held = f"held until {_utc_text(state.held_until)}" if state.held_until else "not held"
        print(f"{state.workstation:32} {state.failed_attempts:3} counted  {held}")
    clinic.close()
    return 0


def cmd_throttle_reset(args: argparse.Namespace, p: Prompter) -> int:
    clinic, auth = _sign_in(args, p)
    cleared = users.reset_login_throttle(auth, workstation=args.workstation, reason=args.reason)
    held = f", a hold until {_utc_text(cleared.held_until)} lifted" if cleared.held_until else ""
    print(
        f"Sign-in throttle of {cleared.workstation} reset: {cleared.failed_attempts} "
        f"unknown-name sign-in(s) cleared{held}. The reset is in the audit trail."
    )
    clinic.close()
    return 0


def cmd_backup(args: argparse.Namespace, p: Prompter) -> int:
    clinic, auth = _sign_in(args, p)
    header = create_backup(auth, target=Path(args.file), clinic_name=clinic.settings.clinic_name)
    print(
        f"Backup written to {args.file} and read back: {header.rows} rows, "
        f"schema {header.schema_revision}."
    )
    clinic.close()
    return 0


def cmd_restore(args: argparse.Namespace, p: Prompter) -> int:
    home = _home(args)
    if not args.user:
        raise InvalidInput(en="Say who you are: --user NAME.", zh="请用 --user 用户名 表明身份。")
    password = p.secret(f"Password for {args.user} (as recorded in the backup)")
    kept = restore_backup(home, Path(args.file), username=args.user, password=password)
    print(f"Restored from {args.file}.")
    print(f"What it replaced is kept in {kept}.")
    return 0


def _parse_day(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        return datetime.combine(date.fromisoformat(text), datetime.min.time(), tzinfo=UTC)
    except ValueError as exc:
        raise InvalidInput(
            en=f"{quoted(text)} is not a date (YYYY-MM-DD).",
            zh=f"{quoted(text)} 不是日期（YYYY-MM-DD）。",
        ) from exc


def cmd_audit_verify(args: argparse.Namespace, p: Prompter) -> int:
    clinic, auth = _sign_in(args, p)
    files = [Path(f) for f in args.checkpoint or ()]
    result = audit_service.verify_audit_trail(auth, checkpoint_files=files)
    clinic.close()
    language = current_language()
    for ack in result.acknowledged:  # shown in every report, whatever follows
        print(
            f"ACKNOWLEDGED BREAK at event {ack.first_bad_seq}: {ack.problem(language)}; "
            f"acknowledged in event {ack.seq} on {_utc_text(ack.occurred_at)} by auditor "
            f"{ack.auditor} and administrator {ack.administrator}: {ack.reason}"
        )
    if result.ok and result.acknowledged:
        print(
            f"Audit trail intact since event {result.acknowledged[-1].seq}: {result.checked} "
            f"events verified; the break(s) above remain in the trail."
        )
        return 4
    if result.ok:
        print(f"Audit trail intact: {result.checked} events verified.")
        return 0
    print(
        f"AUDIT TRAIL BROKEN at event {result.first_bad_seq}: "
        f"{result.problem(language)} ({result.checked} events verified before it)."
    )
    return 3


def cmd_audit_acknowledge(args: argparse.Namespace, p: Prompter) -> int:
    clinic, auth = _sign_in(args, p)
    second = p.secret(f"Password for {args.with_user} (the second person)")
    try:
        ack = audit_service.acknowledge_audit_break(
            auth,
            first_bad_seq=args.event,
            reason=args.reason,
            authoriser=args.with_user,
            authoriser_password=second,
            checkpoint_files=[Path(f) for f in args.checkpoint or ()],
        )
    finally:
        clinic.close()
    print(
        f"Break at event {ack.first_bad_seq} acknowledged in event {ack.seq} by auditor "
        f"{ack.auditor} and administrator {ack.administrator}. Work can go on; every "
        "verification still reports the break."
    )
    return 0


def cmd_audit_checkpoint(args: argparse.Namespace, p: Prompter) -> int:
    clinic, auth = _sign_in(args, p)
    try:
        seq = audit_service.export_checkpoint(auth, target=Path(args.out))
    finally:
        clinic.close()
    print(f"Audit trail verified; checkpoint at event {seq} written to {args.out}.")
    print("Keep it away from the database; check against it with: audit verify --checkpoint FILE")
    return 0


def cmd_audit_export(args: argparse.Namespace, p: Prompter) -> int:
    clinic, auth = _sign_in(args, p)
    until = _parse_day(args.until)
    count = audit_service.export_audit_csv(
        auth,
        target=Path(args.file),
        since=_parse_day(args.since),
        until=until + timedelta(days=1) if until else None,
    )
    print(f"{count} audit events written to {args.file}.")
    clinic.close()
    return 0


def cmd_key_backup(args: argparse.Namespace, p: Prompter) -> int:
    clinic, auth = _sign_in(args, p)
    passphrase = p.secret("Recovery passphrase (12+ characters)", confirm=True)
    backup_keys(auth, target=Path(args.file), passphrase=passphrase)
    print(f"Keys written to {args.file}, wrapped with the passphrase.")
    clinic.close()
    return 0


def cmd_key_restore(args: argparse.Namespace, p: Prompter) -> int:
    passphrase = p.secret("Recovery passphrase")
    clinic_id = restore_keys(
        _home(args),
        Path(args.file),
        passphrase,
        backup=Path(args.backup) if args.backup else None,
    )
    print(f"Keys of clinic {clinic_id} restored into this computer's keyring.")
    return 0


def cmd_key_import(args: argparse.Namespace, p: Prompter) -> int:
    passphrase = p.secret("Passphrase of the exported keys")
    clinic = import_workstation(
        _home(args), Path(args.file), passphrase, server_url=args.server_url, clinic_name=args.name
    )
    print(f"This workstation now opens clinic {clinic.settings.clinic_id} on the server.")
    clinic.close()
    return 0


def cmd_register_export(args: argparse.Namespace, p: Prompter) -> int:
    target = Path(args.file)
    fmt = target.suffix.lower().lstrip(".")
    if fmt not in ("pdf", "xlsx"):
        raise InvalidInput(en="Name the file .pdf or .xlsx.", zh="文件名须以 .pdf 或 .xlsx 结尾。")
    try:
        year, month = (int(part) for part in args.month.split("-"))
    except ValueError:
        raise InvalidInput(en="Give the month as YYYY-MM.", zh="月份格式为 YYYY-MM。") from None
    clinic, auth = _sign_in(args, p)
    try:
        data = register_service.export_register(
            auth,
            location_id=args.place_id,
            product_id=args.product_id,
            year=year,
            month=month,
            clinic_name=clinic.settings.clinic_name,
            fmt=fmt,
        )
    finally:
        clinic.close()
    write_private(target, data)
    print(f"Register {year}-{month:02d} written to {target} ({len(data)} bytes).")
    return 0


def cmd_satellite(args: argparse.Namespace, p: Prompter) -> int:
    """Make this workstation a satellite's (server mode): name its site, build its replica."""
    from dataclasses import replace

    from clinic.config import save_local
    from clinic.privacy.permissions import Action, allowed
    from clinic.satellite.station import Station

    clinic, auth = _sign_in(args, p)
    try:
        if not allowed(Action.SITE_MANAGE, auth.actor.roles):
            raise PermissionDenied(
                en="Only the administrator sets up a satellite's workstation.",
                zh="只有管理员可以设置卫星服药点的工作站。",
            )
        if clinic.db.mode != "server":
            raise InvalidInput(
                en="A satellite's workstation works on the clinic's server (server mode).",
                zh="卫星服药点的工作站须连接诊所服务器（服务器模式）。",
            )
        code = args.site.strip().upper()
        sites = {s.code: s for s in administration.list_sites(auth)}
        if code not in sites:
            raise InvalidInput(en=f"No site {quoted(code)}.", zh=f"没有站点 {quoted(code)}。")
        settings = replace(clinic.settings, satellite_site=code)
        station = Station.open(clinic.db, clinic.keystore, code, clinic.home, clinic.demo)
        assert station is not None
        info = station.refresh()
        save_local(clinic.home, settings)
    finally:
        clinic.close()
    assert info is not None
    print(
        f"This workstation is {settings.workstation} at site {code}: its offline copy holds "
        f"{info.patients} patients ({info.rows} rows), {info.path}."
    )
    return 0


def cmd_ledger_purge(args: argparse.Namespace, p: Prompter) -> int:
    clinic, auth = _sign_in(args, p)
    try:
        allowed = register_service.purge_expired_records(auth, lot_id=args.lot_id)
    finally:
        clinic.close()
    print(f"Lot {args.lot_id}: records may be purged from {allowed}.")
    return 0


def _common_options(default: object) -> argparse.ArgumentParser:
    """--path and --user, taken before the command, after it, or between its words."""
    options = argparse.ArgumentParser(add_help=False)
    options.add_argument(
        "--path",
        default=default,
        help="the clinic folder (default: CLINIC_HOME or the user data folder)",
    )
    options.add_argument("--user", default=default, help="your user name (commands that need one)")
    return options


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="clinic-admin", description=__doc__, parents=[_common_options(None)]
    )
    # A subcommand's parser writes its defaults over what was parsed before it, so there the
    # options have no default at all: `--path DIR user list` keeps DIR.
    common = _common_options(argparse.SUPPRESS)
    sub = parser.add_subparsers(dest="command", required=True)

    def add(
        name: str,
        fn: Callable[[argparse.Namespace, Prompter], int],
        help_text: str,
        parent: argparse._SubParsersAction[argparse.ArgumentParser] | None = None,
    ) -> argparse.ArgumentParser:
        cmd = (parent or sub).add_parser(name, help=help_text, parents=[common])
        cmd.set_defaults(func=fn)
        return cmd

    def group(
        name: str, help_text: str, dest: str
    ) -> argparse._SubParsersAction[argparse.ArgumentParser]:
        return sub.add_parser(name, help=help_text, parents=[common]).add_subparsers(
            dest=dest, required=True
        )

    init = add("init", cmd_init, "create a clinic (asks for passwords on the terminal)")
    init.add_argument("--name", required=True)
    init.add_argument("--admin", required=True, help="the first administrator's user name")
    init.add_argument("--admin-name", help="the administrator's full name")
    init.add_argument("--key-backup", required=True, help="where to write the key backup")
    init.add_argument("--server-url", help="PostgreSQL URL for server mode")
    init.add_argument("--timezone", default="Asia/Shanghai")

    demo = add("demo", cmd_demo, "create a demo clinic with fictional data")
    demo.add_argument("--force", action="store_true", help="replace an existing demo clinic")

    gen = add(
        "generate",
        cmd_generate,
        "generate a large DEMO clinic with years of fictional history (--path: a new folder)",
    )
    gen.add_argument("--years", type=float, required=True, help="years of history, e.g. 5")
    gen.add_argument("--patients", type=int, required=True, help="patients over those years")
    gen.add_argument("--seed", type=int, default=1, help="the same seed gives the same clinic")

    user = group("user", "manage users", "user_cmd")
    u_add = add("add", cmd_user_add, "add a user", user)
    u_add.add_argument("username")
    u_add.add_argument("--full-name", required=True)
    u_add.add_argument("--roles", required=True, help=",".join(r.value for r in Role))
    add("list", cmd_user_list, "list users", user)
    u_roles = add("roles", cmd_user_roles, "set a user's roles", user)
    u_roles.add_argument("username")
    u_roles.add_argument("roles")
    u_dis = add("disable", cmd_user_disable, "disable a user (never deleted)", user)
    u_dis.add_argument("username")
    u_dis.add_argument("--reason", required=True)
    u_reset = add("reset-password", cmd_user_reset, "set a temporary password", user)
    u_reset.add_argument("username")

    throttle = group(
        "throttle", "the sign-in throttle of unknown user names, per workstation", "throttle_cmd"
    )
    add("list", cmd_throttle_list, "workstations with a count or a hold", throttle)
    t_reset = add(
        "reset", cmd_throttle_reset, "clear a workstation's count and lift its hold", throttle
    )
    t_reset.add_argument("workstation", help="the workstation's name, as the audit trail shows it")
    t_reset.add_argument("--reason", required=True, help="why (kept in the audit trail)")

    add("backup", cmd_backup, "write an encrypted backup").add_argument("file")
    add("restore", cmd_restore, "verify a backup, then restore it").add_argument("file")

    aud = group("audit", "the audit trail", "audit_cmd")
    a_ver = add("verify", cmd_audit_verify, "check the whole hash chain", aud)
    a_ver.add_argument(
        "--checkpoint", action="append", help="also check against an exported checkpoint FILE"
    )
    a_ack = add(
        "acknowledge",
        cmd_audit_acknowledge,
        "with a second person (auditor and administrator), acknowledge the break verify shows",
        aud,
    )
    a_ack.add_argument("event", type=int, help="the event verify names as broken")
    a_ack.add_argument("--with", dest="with_user", required=True, help="the second person")
    a_ack.add_argument("--reason", required=True, help="what was examined; why work may go on")
    a_ack.add_argument("--checkpoint", action="append", help="checkpoint FILEs verify was given")
    a_cp = add("checkpoint", cmd_audit_checkpoint, "verify, then export a sealed checkpoint", aud)
    a_cp.add_argument("--out", required=True, help="the checkpoint file to write")
    a_exp = add("export", cmd_audit_export, "write audit events to CSV", aud)
    a_exp.add_argument("file")
    a_exp.add_argument("--since", help="first day, YYYY-MM-DD (UTC)")
    a_exp.add_argument("--until", help="last day, YYYY-MM-DD (UTC)")

    reg = group("register", "the controlled-drug register", "register_cmd")
    r_exp = add("export", cmd_register_export, "write a month's register as PDF or Excel", reg)
    r_exp.add_argument("--place-id", type=int, required=True)
    r_exp.add_argument("--product-id", type=int, required=True)
    r_exp.add_argument("--month", required=True, help="YYYY-MM")
    r_exp.add_argument("file", help="FILE.pdf or FILE.xlsx")

    sat = add(
        "satellite", cmd_satellite, "make this workstation a satellite's, with an offline copy"
    )
    sat.add_argument("site", help="the satellite site's code")

    led = group("ledger", "the stock ledger", "ledger_cmd")
    add(
        "purge", cmd_ledger_purge, "purge a lot's records (refused within retention)", led
    ).add_argument("--lot-id", type=int, required=True)

    key = group("key", "the clinic's keys", "key_cmd")
    add("backup", cmd_key_backup, "write the keys wrapped with a passphrase", key).add_argument(
        "file"
    )
    add(
        "export", cmd_key_backup, "export keys for another workstation (server mode)", key
    ).add_argument("file")
    k_res = add("restore", cmd_key_restore, "put backed-up keys into this computer's keyring", key)
    k_res.add_argument("file")
    k_res.add_argument(
        "--backup", help="the database backup to check the keys against when the database is gone"
    )
    k_imp = add("import", cmd_key_import, "join a server-mode clinic with exported keys", key)
    k_imp.add_argument("file")
    k_imp.add_argument("--server-url", required=True)
    k_imp.add_argument("--name", required=True, help="the clinic's name, as shown here")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args, Prompter()))
    except ClinicError as exc:
        print(f"clinic-admin: {exc.message()}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
