"""Typed identifiers, so a user id is never passed where a patient id belongs."""

from typing import NewType

UserId = NewType("UserId", int)
PatientId = NewType("PatientId", int)
SiteId = NewType("SiteId", int)
AuditSeq = NewType("AuditSeq", int)
