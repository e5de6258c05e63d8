"""The freedesktop Secret Service (gnome-keyring, KWallet's bridge) through one D-Bus connection
per process, one call at a time on this computer.

The `keyring` library opens a D-Bus connection for each call, looks the default collection up
by its alias, and closes the connection again. gnome-keyring-daemon does not stand that for
long: thousands of such calls from two processes or threads (a test run) left the default alias
naming a collection that did not exist ("Object does not exist at path
/org/freedesktop/secrets/collection/l_2d9_3bhU"), the next call asking to create one behind a
prompt, or the daemon dying. In rounds of store, read and delete: 2 threads x 3,000 rounds,
2,369 and 17 rounds failed in two runs; 2 processes x 2 threads x 1,500 rounds with the calls
taken in turn, 1,944 of one process's 3,000 failed. One thread alone: 5,000 rounds, none. One
connection kept open, its collection found once, and the calls taken in turn: 3 processes x 2
threads x 2,500 rounds, none failed, five times faster. Entries are stored with the attributes and label `keyring` gives them, so keys stored
by either are read by the other."""

from __future__ import annotations

import contextlib
import os
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")

# What `keyring`'s Secret Service backend puts on an entry (its "default" scheme).
APPLICATION = "Python keyring library"

# How long a call waits for another process's call to end before going ahead anyway.
TURN_SECONDS = 60.0

_turn = threading.Lock()
_held: list[int] = []  # the lock file's descriptor while a turn is being taken


def _after_fork() -> None:
    global _turn
    _turn = threading.Lock()  # a lock held by another thread at the fork is never let go here
    for fd in _held:  # a child keeping the parent's descriptor open would keep its turn
        with contextlib.suppress(OSError):
            os.close(fd)
    _held.clear()


os.register_at_fork(after_in_child=_after_fork)


def _lock_path() -> Path:
    """One lock file per login session: beside the session's keyring daemon where the session
    has a runtime folder (XDG_RUNTIME_DIR), else in the temporary folder, per user."""
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    if runtime and Path(runtime).is_dir():
        return Path(runtime) / "clinic-keyring.lock"
    return Path(tempfile.gettempdir()) / f"clinic-keyring-{os.getuid()}.lock"


@contextlib.contextmanager
def keyring_turn() -> Iterator[None]:
    """One keyring call at a time on this computer: within the process, and across processes
    through a lock file. A lock held longer than TURN_SECONDS (a process stuck at an unlock
    prompt) is waited for no longer."""
    with _turn:
        try:
            import fcntl
        except ImportError:  # Windows: the Credential Manager needs no turn across processes
            yield
            return
        try:
            fd = os.open(_lock_path(), os.O_RDWR | os.O_CREAT, 0o600)
        except OSError:
            yield
            return
        _held.append(fd)
        try:
            deadline = time.monotonic() + TURN_SECONDS
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() > deadline:
                        break
                    time.sleep(0.005)
            yield
        finally:
            _held.remove(fd)
            os.close(fd)  # lets the lock go


class SecretServiceKeyring:
    """get_password / set_password / delete_password as `keyring` has them, on one connection
    that is opened on first use, reopened once if a call finds it broken (the daemon restarted),
    and never shared with a forked child."""

    def __init__(self) -> None:
        self._connection: Any = None
        self._collection: Any = None
        self._pid = 0

    def _open(self) -> Any:
        import secretstorage

        if self._collection is None or self._pid != os.getpid():
            connection = secretstorage.dbus_init()
            try:
                collection = secretstorage.get_default_collection(connection)
                if collection.is_locked():
                    collection.unlock()  # the desktop asks for the login password
                    if collection.is_locked():
                        raise secretstorage.exceptions.LockedException(
                            "The keyring is locked: it was not unlocked when asked."
                        )
            except Exception:
                connection.close()
                raise
            self._connection, self._collection, self._pid = connection, collection, os.getpid()
        return self._collection

    def _drop(self) -> None:
        if self._connection is not None and self._pid == os.getpid():
            with contextlib.suppress(Exception):
                self._connection.close()
        self._connection = self._collection = None

    def _call(self, work: Callable[[Any], T]) -> T:
        from secretstorage.exceptions import LockedException, PromptDismissedException

        with keyring_turn():
            try:
                return work(self._open())
            except (LockedException, PromptDismissedException):
                self._drop()  # the person said no: not asked again at once
                raise
            except Exception:
                self._drop()  # a broken connection, or a collection gone: once more, afresh
            return work(self._open())

    def get_password(self, service: str, username: str) -> str | None:
        def read(collection: Any) -> str | None:
            for item in collection.search_items({"username": username, "service": service}):
                if item.is_locked():
                    item.unlock()
                return bytes(item.get_secret()).decode("utf-8")
            return None

        return self._call(read)

    def set_password(self, service: str, username: str, password: str) -> None:
        attributes = {"username": username, "service": service, "application": APPLICATION}
        label = f"Password for '{username}' on '{service}'"
        secret = password.encode("utf-8")
        self._call(lambda c: c.create_item(label, attributes, secret, replace=True))

    def delete_password(self, service: str, username: str) -> bool:
        """Delete the entry; False if there was none."""

        def delete(collection: Any) -> bool:
            for item in collection.search_items({"username": username, "service": service}):
                item.delete()
                return True
            return False

        return self._call(delete)
