"""The auditor's services: read, verify and export the audit trail; with an administrator,
acknowledge a break so that work can go on (the break stays in every verification)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path

from clinic.errors import Conflict, InvalidInput
from clinic.fileio import atomic_writer
from clinic.privacy import audit, checkpoint
from clinic.privacy.audit import AuditFilter, AuditRecord, VerifyResult
from clinic.privacy.permissions import Action, Role
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


@service(Action.AUDIT_ACKNOWLEDGE, entity="audit", audited=False, on_broken_chain=True)
def acknowledge_audit_break(
    call: Call,
    *,
    first_bad_seq: int,
    reason: str,
    authoriser: str,
    authoriser_password: str,
    checkpoint_files: Sequence[Path] = (),
    own_password: str | None = None,
) -> audit.AcknowledgedBreak:
    """An auditor and an administrator together acknowledge the break `audit verify` finds now
    (at FIRST_BAD_SEQ), with REASON: a sealed event after the last one present records the
    break, both people and why, and a new head starts the next segment, so work can go on.
    The broken events are kept; every later verification reports the break. OWN_PASSWORD: the
    signed-in person's password typed again (the app asks it; the CLI has just signed in).
    A wrong password of the second person counts against this session, as a witness's does."""
    from clinic.privacy.users import confirm_own_password, verify_second_signer

    why = " ".join((reason or "").split())
    if not why or len(why) > 1000:
        raise InvalidInput(
            en="Give the reason: what was examined and why work may go on (at most 1000 "
            "characters).",
            zh="请填写原因：检查了什么、为何可以继续工作（最多 1000 个字符）。",
            field="reason",
        )
    if own_password is not None:
        confirm_own_password(call, own_password)
    roles = call.actor.roles
    if Role.AUDITOR in roles and Role.ADMINISTRATOR not in roles:
        wanted = frozenset({Role.ADMINISTRATOR})
    elif Role.ADMINISTRATOR in roles and Role.AUDITOR not in roles:
        wanted = frozenset({Role.AUDITOR})
    else:
        wanted = frozenset({Role.AUDITOR, Role.ADMINISTRATOR})
    second = verify_second_signer(
        call, username=authoriser, password=authoriser_password, roles=wanted
    )
    if Role.AUDITOR in roles and Role.ADMINISTRATOR in second.roles:
        auditor, administrator = call.actor.username, second.username
    else:
        auditor, administrator = second.username, call.actor.username
    kept = _checkpoints(call, checkpoint_files)
    found = audit.verify_chain(
        call.session, call.db.keys.audit, clinic_id=call.db.clinic_id, checkpoints=kept
    )
    if found.ok:
        raise Conflict(
            en="The audit trail verifies: there is no break to acknowledge. Nothing was written.",
            zh="审计记录校验无误：没有需要确认的损坏。未写入任何内容。",
        )
    if found.first_bad_seq != first_bad_seq:
        raise Conflict(
            en=f"The break found now is at event {found.first_bad_seq} "
            f"({found.problem_en}), not {first_bad_seq}: verify again and acknowledge what it "
            "shows. Nothing was written.",
            zh=f"现在发现的损坏位于第 {found.first_bad_seq} 条（{found.problem_zh}），"
            f"不是第 {first_bad_seq} 条：请重新校验后确认其所示损坏。未写入任何内容。",
            field="first_bad_seq",
        )
    details = {
        "first_bad_seq": first_bad_seq,
        "problem_en": found.problem_en,
        "problem_zh": found.problem_zh,
        "checked_before": found.checked,
        "auditor": auditor,
        "administrator": administrator,
        "second_person_id": second.user_id,
        "reason": why,
    }
    actor = call.actor
    sealed = audit.write_acknowledgement(
        call.session,
        call.db.keys.audit,
        audit.EventDraft(
            user_id=actor.user_id,
            username=actor.username,
            workstation=actor.workstation,
            session_id=actor.session_id,
            action=audit.ACK_ACTION,
            entity="audit",
            entity_id=str(first_bad_seq),
            outcome=audit.Outcome.DONE,
            details=details,
        ),
    )
    seq, mac = sealed.seq, sealed.mac
    db = call.db
    local = db.audit_checkpoint
    if isinstance(local, checkpoint.WorkstationCheckpoint):
        # this workstation goes on from the acknowledgement, as after a restore
        call.after_success.append(lambda: local.reset(seq, mac))
    call.note(seq=seq)
    return audit.AcknowledgedBreak(
        seq=seq,
        occurred_at=sealed.occurred_at,
        first_bad_seq=first_bad_seq,
        problem_en=found.problem_en,
        problem_zh=found.problem_zh,
        auditor=auditor,
        administrator=administrator,
        reason=why,
    )
