"""The inspector's place in the permission table: exactly the reads designed for them and their
own findings; no other write, nothing that reads a patient, whatever action is added later."""

from __future__ import annotations

import pkgutil
from typing import Any

import pytest

import clinic
from clinic.privacy.permissions import (
    INSPECTOR_ACTIONS,
    PERMISSIONS,
    Action,
    Role,
    parse_roles,
)

# Written out again here: changing what an inspector may do means changing this test too.
DESIGNED = {
    Action.SESSION_CHECK,
    Action.SESSION_LOCK,
    Action.SESSION_UNLOCK,
    Action.PASSWORD_CHANGE,
    Action.SETTINGS_READ,
    Action.PRODUCT_READ,
    Action.INSPECTION_READ,
    Action.INSPECTION_NOTE,
}
# The inspector's writes: their own sign-in session and password, and their findings.
OWN_WRITES = {
    Action.SESSION_CHECK,
    Action.SESSION_LOCK,
    Action.SESSION_UNLOCK,
    Action.PASSWORD_CHANGE,
    Action.INSPECTION_NOTE,
}
# Where the inspector's services may live: none in patients or dosing; in insurance only the
# clinic's own configuration read under settings.read (fee schedule, schemes, site fees).
ALLOWED_MODULES = {
    "clinic.privacy.users",
    "clinic.administration",
    "clinic.inventory.catalogue",
    "clinic.inspection",
}
CONFIGURATION_MODULES = {
    "clinic.analytics.reports",  # report_choices: the sites' and places' names for a chooser
    "clinic.insurance.claims",
    "clinic.insurance.patient_fees",
    "clinic.insurance.schemes",
    "clinic.insurance.views",
}


def all_services() -> list[Any]:
    from clinic.service import SERVICES

    for module in pkgutil.walk_packages(clinic.__path__, "clinic."):
        if not module.name.startswith(("clinic.ui", "clinic.storage.migrations")):
            __import__(module.name)
    return list(SERVICES)


def test_the_inspector_may_do_exactly_the_designed_actions() -> None:
    granted = {action for action in Action if Role.INSPECTOR in PERMISSIONS[action]}
    assert granted == DESIGNED == INSPECTOR_ACTIONS


@pytest.mark.parametrize("action", list(Action), ids=lambda a: a.value)
def test_no_patient_or_stock_action_reaches_the_inspector(action: Action) -> None:
    allowed = Role.INSPECTOR in PERMISSIONS[action]
    clinical = action.value.split(".")[0] in {
        "patient",
        "card",
        "consent",
        "disclosure",
        "transfer",
        "order",
        "dose",
        "screen",
        "infection",
        "mmt",
        "dosing",
        "claim",
        "fee",
        "stock",
        "ledger",
        "user",
        "audit",
        "backup",
        "key",
        "witness",
    }
    assert not (allowed and clinical), f"the inspector may {action.value}"


def test_every_service_the_inspector_reaches_reads_or_writes_only_their_own() -> None:
    reached = [fn for fn in all_services() if Role.INSPECTOR in PERMISSIONS[fn.action]]
    # (unlock checks the password outside the frame: session.unlock has no decorated service)
    assert {fn.action for fn in reached} == DESIGNED - {Action.SESSION_UNLOCK}
    for fn in reached:
        where = (fn.__module__, fn.__name__)
        if fn.__module__ in CONFIGURATION_MODULES:
            assert fn.action is Action.SETTINGS_READ and "patient" not in fn.entity, where
        else:
            assert fn.__module__ in ALLOWED_MODULES, where
        if fn.action not in OWN_WRITES:
            assert fn.read_only, f"{fn.__module__}.{fn.__name__} writes for the inspector"


def test_an_inspectors_account_has_no_other_role() -> None:
    assert parse_roles(["inspector"]) == {Role.INSPECTOR}
    for other in Role:
        if other is not Role.INSPECTOR:
            with pytest.raises(Exception, match="inspector role only"):
                parse_roles(["inspector", other.value])
