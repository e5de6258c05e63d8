"""The auditor's services: read, verify and export the audit trail."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from clinic.fileio import atomic_writer
from clinic.privacy import audit
from clinic.privacy.audit import AuditFilter, AuditRecord, VerifyResult
from clinic.privacy.permissions import Action
from clinic.service import Call, service

Progress = Callable[[int, int], None]


@service(Action.AUDIT_VERIFY, entity="audit", read_only=True)
def verify_audit_trail(call: Call, *, progress: Progress | None = None) -> VerifyResult:
    result = audit.verify_chain(call.session, call.db.keys.audit, progress)
    call.note(ok=result.ok, checked=result.checked, first_bad_seq=result.first_bad_seq)
    return result


@service(Action.AUDIT_READ, entity="audit", audited=False, read_only=True)
def count_audit_events(call: Call, *, flt: AuditFilter) -> int:
    return audit.count_events(call.session, flt)


@service(Action.AUDIT_READ, entity="audit", audited=False, read_only=True)
def audit_page(call: Call, *, flt: AuditFilter, offset: int, limit: int) -> list[AuditRecord]:
    return audit.page(call.session, flt, offset=offset, limit=min(limit, 1000))


@service(Action.AUDIT_EXPORT, entity="audit", read_only=True)
def export_audit_csv(
    call: Call,
    *,
    target: Path,
    since: datetime | None = None,
    until: datetime | None = None,
    progress: Progress | None = None,
) -> int:
    """Write the events between SINCE and UNTIL (UTC) to a CSV file."""
    flt = AuditFilter(since=since, until=until)
    total = audit.count_events(call.session, flt)
    with atomic_writer(target) as raw:
        import io

        text = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
        written = audit.write_csv(audit.iter_events(call.session, flt), text, total, progress)
        text.flush()
        text.detach()
    call.note(
        since=since.isoformat() if since else None,
        until=until.isoformat() if until else None,
        rows=written,
        file=target.name,
    )
    return written
