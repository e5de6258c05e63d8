"""count_audit_events counts the filtered events (it once counted 1 whatever the filter)."""

from __future__ import annotations

from clinic.privacy import audit_service
from clinic.privacy.audit import AuditFilter
from clinic.privacy.permissions import Role
from clinic.privacy.users import check_session


def test_count_matches_the_pages(clinic) -> None:  # type: ignore[no-untyped-def]
    nurse = clinic.add_user("nurse1", Role.NURSE)
    for _ in range(3):
        check_session(nurse)
    auditor = clinic.add_user("auditor1", Role.AUDITOR)
    everything = audit_service.audit_page(auditor, flt=AuditFilter(), offset=0, limit=1000)
    assert audit_service.count_audit_events(auditor, flt=AuditFilter()) == len(everything) > 5
    checks = AuditFilter(username="nurse1", action="session.check")
    assert audit_service.count_audit_events(auditor, flt=checks) == 3
    assert audit_service.count_audit_events(auditor, flt=AuditFilter(username="nobody")) == 0
