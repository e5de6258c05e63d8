"""The auditor's services: read, verify and export the audit trail."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path

from clinic.fileio import atomic_writer
from clinic.privacy import audit, checkpoint
from clinic.privacy.audit import AuditFilter, AuditRecord, VerifyResult
from clinic.privacy.permissions import Action
from clinic.service import Call, service
from clinic.storage.models import AuditHead

Progress = Callable[[int, int], None]


def _checkpoints(call: Call, files: Sequence[Path]) -> list[audit.Checkpoint]:
    """This workstation's checkpoint (if it has one) and those in FILES, their seals checked."""
    db = call.db
    found: list[audit.Checkpoint] = []
    if db.home is not None:
        local = checkpoint.WorkstationCheckpoint(
            db.home, db.keys.audit, db.clinic_id, db.workstation
        ).load()
        if local is not None:
            found.append(local.as_checkpoint())
    for path in files:
        kept = checkpoint.read(path, db.keys.audit, db.clinic_id)
        found.append(
            kept.as_checkpoint(f"the checkpoint file {path.name}", f"检查点文件 {path.name} ")
        )
    return found


@service(Action.AUDIT_VERIFY, entity="audit", read_only=True, on_broken_chain=True)
def verify_audit_trail(
    call: Call, *, progress: Progress | None = None, checkpoint_files: Sequence[Path] = ()
) -> VerifyResult:
    """Walk the whole trail; compare it with this workstation's checkpoint and CHECKPOINT_FILES."""
    kept = _checkpoints(call, checkpoint_files)
    result = audit.verify_chain(
        call.session, call.db.keys.audit, progress, clinic_id=call.db.clinic_id, checkpoints=kept
    )
    call.note(
        ok=result.ok,
        checked=result.checked,
        first_bad_seq=result.first_bad_seq,
        checkpoints=len(kept),
    )
    return result


@service(Action.AUDIT_VERIFY, entity="audit", read_only=True)
def export_checkpoint(call: Call, *, target: Path) -> int:
    """Verify the whole trail, then write a sealed checkpoint of its newest event to TARGET, to
    keep away from the database; its sequence number."""
    kept = _checkpoints(call, ())
    result = audit.verify_chain(
        call.session, call.db.keys.audit, clinic_id=call.db.clinic_id, checkpoints=kept
    )
    if not result.ok:
        raise audit.chain_broken(result.problem_en, result.problem_zh)
    head = call.session.get(AuditHead, audit.HEAD_ROW)
    assert head is not None  # a verified trail has its head
    checkpoint.write(
        target,
        call.db.keys.audit,
        checkpoint.SealedCheckpoint(call.db.clinic_id, call.db.workstation, head.seq, head.mac),
    )
    call.note(seq=head.seq, file=target.name)
    return head.seq


@service(Action.AUDIT_READ, entity="audit", audited=False, read_only=True)
def count_audit_events(call: Call, *, flt: AuditFilter) -> int:
    return audit.count_events(call.session, flt)


@service(Action.AUDIT_READ, entity="audit", audited=False, read_only=True)
def audit_page(call: Call, *, flt: AuditFilter, offset: int, limit: int) -> list[AuditRecord]:
    return audit.page(call.session, flt, offset=offset, limit=min(limit, 1000))


@service(Action.AUDIT_EXPORT, entity="audit", read_only=True, on_broken_chain=True)
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
