"""The suite hashes at a test cost; a fresh interpreter shows what the app itself uses."""

from __future__ import annotations

import json
import subprocess
import sys

from argon2 import extract_parameters

from clinic.privacy import keys, passwords
from tests.conftest import TEST_PASSWORD_COST, TEST_WRAP_COST

PROBE = """
import json
from clinic.privacy import keys, passwords
password = passwords.hash_password("a-long-password")
document = json.loads(keys.wrap_keys("c1", keys.ClinicKeys.generate(embedded=True), "p" * 16))
print(json.dumps({"password": password, "kdf": document["kdf"]}))
"""


def test_the_app_hashes_passwords_and_wraps_keys_at_production_cost() -> None:
    out = subprocess.run(
        [sys.executable, "-c", PROBE], check=True, capture_output=True, text=True, timeout=120
    ).stdout
    made = json.loads(out)
    used = extract_parameters(made["password"])
    assert (used.time_cost, used.memory_cost, used.parallelism) == (3, 64 * 1024, 4)
    assert passwords.PRODUCTION_COST == {"time_cost": 3, "memory_kib": 64 * 1024, "parallelism": 4}
    kdf = made["kdf"]
    assert kdf["name"] == "argon2id"
    assert (kdf["time_cost"], kdf["memory_kib"], kdf["lanes"]) == (3, 64 * 1024, 2)
    assert keys.WrapCost(time_cost=3, memory_kib=64 * 1024, lanes=2) == keys.PRODUCTION_WRAP_COST


def test_the_suite_runs_at_its_cheaper_cost() -> None:
    used = extract_parameters(passwords.hash_password("a-long-password"))
    assert used.time_cost == TEST_PASSWORD_COST["time_cost"]
    assert used.memory_cost == TEST_PASSWORD_COST["memory_kib"]
    document = json.loads(keys.wrap_keys("c1", keys.ClinicKeys.generate(embedded=True), "p" * 16))
    assert document["kdf"]["memory_kib"] == TEST_WRAP_COST.memory_kib
    # A key file made at the test cost still opens: the cost travels in the file.
    assert keys.unwrap_keys(json.dumps(document).encode(), "p" * 16)[0] == "c1"
