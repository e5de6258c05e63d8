"""Fixtures shared by all tests: a real OS keyring, and clinics on SQLCipher and PostgreSQL."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from clinic import app
from clinic.errors import InsecureKeyring
from clinic.new_clinic import init_clinic
from clinic.privacy import keys, passwords
from clinic.privacy.keys import OsKeyringStore
from clinic.privacy.permissions import Role
from clinic.privacy.users import create_user
from clinic.service import AuthContext
from clinic.storage import migrate as migrate_module

# argon2 at the cheapest cost it accepts: every user, login, witness and key file of the suite
# would otherwise spend a quarter of a second on it. tests/unit/test_production_cost.py runs the
# production parameters in a fresh interpreter and asserts them.
TEST_PASSWORD_COST = {"time_cost": 1, "memory_kib": 8, "parallelism": 1}
TEST_WRAP_COST = keys.WrapCost(time_cost=1, memory_kib=8 * 1024, lanes=1)
passwords.use_cost(**TEST_PASSWORD_COST)
keys.use_wrap_cost(TEST_WRAP_COST)

IN_CI = bool(os.environ.get("CI"))
PG_ADMIN_URL = os.environ.get(
    "CLINIC_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
ADMIN_PASSWORD = "admin-pass-1"
PASSPHRASE = "correct horse battery staple"


def _unavailable(reason: str) -> None:
    if IN_CI:
        pytest.fail(f"{reason} (CI is set, so this must work)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def keystore() -> OsKeyringStore:
    """The real OS keyring (Secret Service under `make test`)."""
    try:
        return OsKeyringStore()
    except InsecureKeyring:
        _unavailable("no secure OS keyring: run the tests with `make test`")
        raise


def _pg_admin_engine():  # type: ignore[no-untyped-def]
    from sqlalchemy import create_engine

    return create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")


@pytest.fixture(scope="session")
def pg_server() -> str:
    """The admin URL of a reachable PostgreSQL server."""
    from sqlalchemy import text
    from sqlalchemy.exc import OperationalError

    engine = _pg_admin_engine()
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except OperationalError as exc:
        _unavailable(f"PostgreSQL not reachable at {PG_ADMIN_URL}: {exc.orig}")
    finally:
        engine.dispose()
    return PG_ADMIN_URL


# A copy of the migrated template costs PostgreSQL 0.7 s of CPU (a file per table, index and
# sequence: 343 of them), and a thousand tests take one: most of the suite's time went there. So
# a test's copy is emptied when it is done and handed to the next test of the process, unless
# the test changed anything but rows (a table, a grant, a trigger, a schema, a setting: the
# database's SHAPE differs from a fresh copy's), when it is dropped as before.
_reusable: dict[str, list[str]] = {}  # template -> emptied copies of it, for the next test
_fresh_shape: dict[str, str] = {}  # template -> the SHAPE of a copy no test has used

_SHAPE = """
SELECT md5(string_agg(x, E'\\n' ORDER BY x)) FROM (
  SELECT 'n ' || nspname || ' ' || nspowner::regrole::text || ' ' || coalesce(nspacl::text, '')
    FROM pg_namespace WHERE nspname NOT LIKE 'pg\\_%' AND nspname <> 'information_schema'
  UNION ALL SELECT 'r ' || c.oid::regclass::text || ' ' || c.relkind::text || ' ' || c.relpersistence::text
      || ' ' || c.relowner::regrole::text || ' ' || coalesce(c.relacl::text, '')
      || ' ' || c.relrowsecurity || c.relforcerowsecurity
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname NOT LIKE 'pg\\_%' AND n.nspname <> 'information_schema'
  UNION ALL SELECT 'a ' || a.attrelid::regclass::text || '.' || a.attname || ' '
      || format_type(a.atttypid, a.atttypmod) || ' ' || a.attnotnull || ' '
      || coalesce(pg_get_expr(d.adbin, d.adrelid), '') || ' ' || coalesce(a.attacl::text, '')
    FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
    LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
    WHERE c.relnamespace = 'public'::regnamespace AND a.attnum > 0 AND NOT a.attisdropped
  UNION ALL SELECT 'c ' || conrelid::regclass::text || '.' || conname || ' ' || convalidated
      || ' ' || pg_get_constraintdef(oid)
    FROM pg_constraint WHERE connamespace = 'public'::regnamespace
  UNION ALL SELECT 'i ' || pg_get_indexdef(indexrelid) || ' ' || indisvalid FROM pg_index i
    JOIN pg_class c ON c.oid = i.indexrelid WHERE c.relnamespace = 'public'::regnamespace
  UNION ALL SELECT 't ' || tgrelid::regclass::text || '.' || tgname || ' ' || tgenabled::text
    FROM pg_trigger WHERE NOT tgisinternal
  UNION ALL SELECT 'e ' || evtname || ' ' || evtenabled::text FROM pg_event_trigger
  UNION ALL SELECT 'p ' || p.oid::regprocedure::text || ' ' || md5(p.prosrc)
      || ' ' || coalesce(p.proacl::text, '')
    FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
    WHERE n.nspname NOT LIKE 'pg\\_%' AND n.nspname <> 'information_schema'
  UNION ALL SELECT 'q ' || seqrelid::regclass::text || ' ' || seqstart || ' ' || seqincrement
      || ' ' || seqmin || ' ' || seqmax || ' ' || seqcycle FROM pg_sequence
  UNION ALL SELECT 'x ' || extname FROM pg_extension
  UNION ALL SELECT 'y ' || polrelid::regclass::text || '.' || polname FROM pg_policy
  UNION ALL SELECT 'w ' || ev_class::regclass::text || '.' || rulename FROM pg_rewrite
    WHERE rulename <> '_RETURN' AND ev_class IN (
      SELECT oid FROM pg_class WHERE relnamespace = 'public'::regnamespace)
  UNION ALL SELECT 'u ' || coalesce(array_to_string(setconfig, ','), '') FROM pg_db_role_setting
    WHERE setdatabase = (SELECT oid FROM pg_database WHERE datname = current_database())
  UNION ALL SELECT 'd ' || datallowconn || ' ' || datconnlimit || ' ' || coalesce(datacl::text, '')
    FROM pg_database WHERE datname = current_database()
  UNION ALL SELECT 'l ' || count(*) FROM pg_largeobject_metadata
  UNION ALL SELECT 'v ' || version_num FROM alembic_version
) AS shape(x)
"""


def _shape(url: str) -> str | None:
    """A digest of everything in the database at URL but its tables' rows; None if unreadable."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.pool import NullPool

    engine = create_engine(url, poolclass=NullPool)
    try:
        with engine.connect() as conn:
            return str(conn.execute(text(_SHAPE)).scalar_one())
    except Exception:
        return None
    finally:
        engine.dispose()


def _only_the_version(url: str) -> bool:
    """Whether the database at URL holds no row but the schema's version."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.pool import NullPool

    engine = create_engine(url, poolclass=NullPool)
    try:
        with engine.connect() as conn:
            tables = conn.execute(
                text(
                    "SELECT quote_ident(tablename) FROM pg_tables "
                    "WHERE schemaname = 'public' AND tablename <> 'alembic_version'"
                )
            ).scalars()
            return not any(
                conn.execute(text(f"SELECT EXISTS (SELECT 1 FROM {table})")).scalar_one()
                for table in list(tables)
            )
    finally:
        engine.dispose()


def _emptied(url: str) -> bool:
    """Delete every row of the database at URL but the schema's version, and start every
    sequence again: a fresh copy of its template, but for dead rows. False if that failed."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.pool import NullPool

    engine = create_engine(url, poolclass=NullPool)
    try:
        with engine.begin() as conn:
            conn.execute(text("SET LOCAL session_replication_role = replica"))  # no FK order
            tables = conn.execute(
                text(
                    "SELECT quote_ident(tablename) FROM pg_tables "
                    "WHERE schemaname = 'public' AND tablename <> 'alembic_version'"
                )
            ).scalars()
            for table in list(tables):
                conn.execute(text(f"DELETE FROM {table}"))
            conn.execute(text("SELECT setval(seqrelid, seqstart, false) FROM pg_sequence"))
        return True
    except Exception:
        return False
    finally:
        engine.dispose()


def _fresh_database(pg_server: str, template: str | None = None) -> Iterator[str]:
    from sqlalchemy import text
    from sqlalchemy.engine import make_url

    engine = _pg_admin_engine()
    spare = _reusable.get(template or "")
    if template and spare:
        name = spare.pop()
    else:
        name = f"clinic_test_{uuid.uuid4().hex[:12]}"
        copy = f' TEMPLATE "{template}"' if template else ""
        with engine.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"{copy}'))
    url = make_url(pg_server).set(database=name).render_as_string(hide_password=False)
    if template and template not in _fresh_shape:
        shape = _shape(url)
        assert shape is not None, "the shape of a fresh copy of the template is unreadable"
        # Emptying deletes every row: a template whose migrations put rows in (reference data)
        # could not be had back that way, so its copies are never reused.
        _fresh_shape[template] = shape if _only_the_version(url) else "rows: not reused"
    try:
        yield url
    finally:
        with engine.connect() as conn:
            conn.execute(
                text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :n"),
                {"n": name},
            )
        if template and _shape(url) == _fresh_shape[template] and _emptied(url):
            _reusable.setdefault(template, []).append(name)
        else:
            with engine.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        engine.dispose()


@pytest.fixture(scope="session")
def pg_template(pg_server: str) -> Iterator[str]:
    """A database migrated once, holding no clinic: the tests' clinics are copies of it
    (`CREATE DATABASE ... TEMPLATE`), so the eight migrations run once per test process. The
    migrations themselves run in full in the tests that call init_clinic on an empty database."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    from clinic.storage import migrate

    for url in _fresh_database(pg_server):
        engine = create_engine(url)
        try:
            migrate.upgrade(engine)
        finally:
            engine.dispose()
        name = make_url(url).database or ""
        try:
            yield name
        finally:
            admin = _pg_admin_engine()
            with admin.connect() as conn:
                for copy in _reusable.pop(name, []):
                    conn.execute(text(f'DROP DATABASE IF EXISTS "{copy}"'))
            admin.dispose()


@pytest.fixture
def pg_database(pg_server: str) -> Iterator[str]:
    """A fresh, empty PostgreSQL database for one test; dropped afterwards."""
    yield from _fresh_database(pg_server)


@pytest.fixture
def pg_migrated_database(pg_server: str, pg_template: str) -> Iterator[str]:
    """A fresh PostgreSQL database with the schema and no clinic, for one test."""
    yield from _fresh_database(pg_server, pg_template)


# The embedded clinics' schema, likewise: the migrations run once per test process into a
# SQLCipher file with a throwaway key, and each new clinic's empty file takes a copy of it through
# SQLCipher's own sqlcipher_export (under the new clinic's key). A database that already holds
# a schema (an older one being upgraded) still runs the migrations themselves, as does
# test_keys_and_migration's fresh-database path, which calls the migrations directly.
_TEMPLATE_KEY = bytes(range(32))
_sqlcipher_template: list[Path] = []
_real_upgrade = migrate_module.upgrade


def _sqlcipher_schema() -> Path:
    """The migrated template file of this test process, made on first use."""
    import tempfile

    from clinic.storage.db import sqlcipher_engine

    if not _sqlcipher_template:
        path = Path(tempfile.mkdtemp(prefix="clinic-schema-")) / "schema.db"
        engine = sqlcipher_engine(path, _TEMPLATE_KEY, pool=False)
        try:
            _real_upgrade(engine)
        finally:
            engine.dispose()
        _sqlcipher_template.append(path)
    return _sqlcipher_template[0]


def _upgrade_from_template(engine, revision: str = "head") -> None:  # type: ignore[no-untyped-def]
    if revision != "head" or engine.dialect.name != "sqlite":
        _real_upgrade(engine, revision)
        return
    template = _sqlcipher_schema()
    raw = engine.raw_connection()
    try:
        empty = raw.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] == 0
        if empty:
            key = f"x'{_TEMPLATE_KEY.hex()}'"
            raw.execute(f"ATTACH DATABASE '{template}' AS template KEY \"{key}\"")
            raw.execute("SELECT sqlcipher_export('main', 'template')")
            raw.execute("DETACH DATABASE template")
    finally:
        raw.close()
    if not empty:
        _real_upgrade(engine, revision)


migrate_module.upgrade = _upgrade_from_template


@dataclass
class ClinicUnderTest:
    clinic: app.Clinic
    home: Path
    backend: str
    key_backup: Path
    keystore: OsKeyringStore

    @property
    def db(self):  # type: ignore[no-untyped-def]
        return self.clinic.db

    def admin(self) -> AuthContext:
        return self.clinic.login("admin", ADMIN_PASSWORD)

    def add_user(self, username: str, *roles: Role, password: str | None = None) -> AuthContext:
        password = password or f"{username}-pass-1"
        create_user(
            self.admin(),
            username=username,
            full_name=f"Test {username}",
            roles=frozenset(roles),
            password=password,
            must_change_password=False,
        )
        return self.clinic.login(username, password)


def make_clinic(
    home: Path, keystore: OsKeyringStore, backend: str, server_url: str | None
) -> ClinicUnderTest:
    key_backup = home.parent / f"{home.name}-keys.json"
    new = init_clinic(
        home,
        name="测试诊所 Test Clinic",
        admin_username="admin",
        admin_full_name="Test Administrator",
        admin_password=ADMIN_PASSWORD,
        key_backup=key_backup,
        passphrase=PASSPHRASE,
        server_url=server_url,
        keystore=keystore,
    )
    return ClinicUnderTest(new.clinic, home, backend, key_backup, keystore)


@pytest.fixture(params=["sqlcipher", "postgresql"])
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def clinic(
    backend: str, tmp_path: Path, keystore: OsKeyringStore, request: pytest.FixtureRequest
) -> Iterator[ClinicUnderTest]:
    """A new clinic on each storage backend, its keys in the real OS keyring."""
    url = request.getfixturevalue("pg_migrated_database") if backend == "postgresql" else None
    cut = make_clinic(tmp_path / "clinic", keystore, backend, url)
    try:
        yield cut
    finally:
        cut.clinic.close()
        keystore.delete(cut.clinic.settings.clinic_id)


def _demo_cache(config: pytest.Config, tmp_path_factory: pytest.TempPathFactory) -> Path:
    cache = getattr(config, "cache", None)
    if cache is not None:
        return Path(cache.mkdir("clinic-demo"))
    return tmp_path_factory.getbasetemp().parent / "clinic-demo"


@pytest.fixture(scope="session")
def demo_source(
    pytestconfig: pytest.Config, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, dict[str, str]]:
    """The full demo clinic, built once (cached on disk): copy it, never open it."""
    from tests.demo_cache import built

    cost = repr(TEST_PASSWORD_COST)
    return built(_demo_cache(pytestconfig, tmp_path_factory), "demo", cost, fill=True)


@pytest.fixture(scope="session")
def bare_demo_source(
    pytestconfig: pytest.Config, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, dict[str, str]]:
    """The demo clinic's users and products without patients or history (cached likewise)."""
    from tests.demo_cache import built, with_products

    cache = _demo_cache(pytestconfig, tmp_path_factory)
    cost = repr(TEST_PASSWORD_COST)
    return built(cache, "bare", cost, fill=False, then=with_products)


@pytest.fixture(scope="module")
def pg_module_database(pg_server: str, pg_template: str) -> Iterator[str]:
    """A fresh PostgreSQL database with the schema, shared by one test module."""
    yield from _fresh_database(pg_server, pg_template)
