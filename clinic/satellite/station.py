"""A satellite workstation: its server connection, its replica, and the move between them.

The window asks `reachable()` every few seconds (off the UI thread). Online, the replica is kept
current: rebuilt when a session starts and every REFRESH_MINUTES, and told of every dose given
here (Database.mirror). When the server cannot be reached, `go_offline()` opens the replica (an
entry in its trail says when and why) and the nurse signs in there; when it can again,
`send()` replays what was recorded offline under the nurse's new online sign-in and rebuilds the
replica."""

from __future__ import annotations

import socket
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.engine import make_url

from clinic.privacy import audit
from clinic.privacy.audit import EventDraft, Outcome
from clinic.privacy.keys import KeyStore
from clinic.satellite import replica as replicas
from clinic.satellite.sync import SyncResult, replay
from clinic.service import AuthContext
from clinic.storage.db import Database
from clinic.storage.uow import UnitOfWork

REFRESH_MINUTES = 10
PROBE_SECONDS = 3.0


@dataclass
class Station:
    server: Database  # this workstation's connection to the clinic's server
    keystore: KeyStore
    site_code: str
    folder: Path  # where the replica is kept: the clinic folder's replica/
    demo: bool = False
    replica: Database | None = None
    built_at: datetime | None = None
    # A rebuild and the mirror of a dose given online never interleave: a dose is written into
    # the replica that will be used, never into one about to be replaced.
    lock: threading.Lock = field(default_factory=threading.Lock)

    @classmethod
    def open(
        cls, server: Database, keystore: KeyStore, site_code: str | None, home: Path, demo: bool
    ) -> Station | None:
        """This workstation's station if it is a satellite's (server mode and a satellite site
        in its settings); its online doses then reach its replica."""
        if server.mode != "server" or not site_code:
            return None
        station = cls(server, keystore, site_code, home / "replica", demo)
        mirror = replicas.mirror_into(server, keystore, station.folder)

        def mirror_locked(name: str, arguments: dict[str, object]) -> None:
            with station.lock:
                mirror(name, arguments)

        server.mirror = mirror_locked
        return station

    @property
    def offline(self) -> bool:
        return self.replica is not None

    def reachable(self, timeout: float = PROBE_SECONDS) -> bool:
        """Whether the server answers a TCP connection within TIMEOUT seconds (no query: a
        probe every few seconds must cost the server nothing)."""
        url = make_url(str(self.server.engine.url))
        try:
            with socket.create_connection((url.host or "127.0.0.1", url.port or 5432), timeout):
                return True
        except OSError:
            return False

    def refresh(self) -> replicas.ReplicaInfo | None:
        """Rebuild the replica from the server (online, nothing waiting to be sent)."""
        with self.lock:
            if self.offline:
                return None
            info = replicas.build_replica(
                self.server,
                self.keystore,
                self.folder,
                site_code=self.site_code,
                workstation=self.server.workstation,
            )
            self.built_at = info.synced_at
            return info

    def due(self, now: datetime) -> bool:
        return self.built_at is None or (now - self.built_at).total_seconds() > REFRESH_MINUTES * 60

    def go_offline(self, reason: str) -> Database:
        """Open the replica (its trail records the move) for the nurse to sign in there."""
        if self.replica is None:
            self.replica = replicas.open_replica(
                self.keystore,
                self.server.clinic_id,
                self.server.workstation,
                self.folder,
                demo=self.demo,
            )
            self.replica.clock = self.server.clock  # one clinic clock, online or not
            with UnitOfWork(self.replica) as uow:
                audit.append(
                    uow.session,
                    self.replica.keys.audit,
                    EventDraft(
                        None,
                        "system",
                        self.server.workstation,
                        None,
                        "offline.start",
                        "replica",
                        self.site_code,
                        Outcome.DONE,
                        {"reason": reason, "at": datetime.now(UTC).isoformat()},
                    ),
                )
                uow.commit()
        return self.replica

    def offline_hours(self) -> int:
        """The clinic's limit on dosing offline (the replica's copy of the setting)."""
        from clinic.storage.settings_store import clinic_settings

        if self.replica is None:
            return 0
        with UnitOfWork(self.replica, read_only=True) as uow:
            return clinic_settings(uow.session).integer("offline_max_hours")

    def waiting(self) -> tuple[int, int]:
        """Doses and trail entries recorded offline, not yet sent."""
        if self.replica is None:
            return (0, 0)
        return replicas.waiting(self.replica)

    def send(self, online: AuthContext) -> SyncResult:
        """Back online (ONLINE: a nurse signed in on the server): replay, then rebuild."""
        assert self.replica is not None
        result = replay(self.replica, online)
        self.replica.dispose()
        self.replica = None
        self.refresh()
        return result
