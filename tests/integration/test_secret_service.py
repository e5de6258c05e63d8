"""The clinic's keys in the real Secret Service (gnome-keyring under `make test`): one connection
per process, one call at a time on the computer, readable by `keyring` and back."""

from __future__ import annotations

import multiprocessing
import os
import secrets
import sys
import threading
from pathlib import Path

import keyring
import pytest

from clinic.privacy.keys import ClinicKeys, OsKeyringStore
from clinic.privacy.secret_service import SecretServiceKeyring

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="the Secret Service is Linux's")


def _name() -> str:
    return f"test-secret-service-{secrets.token_hex(6)}"


@pytest.fixture
def secret_service(keystore: OsKeyringStore) -> SecretServiceKeyring:
    backend = keystore._backend
    if not isinstance(backend, SecretServiceKeyring):
        pytest.skip("this computer's keyring is not the Secret Service")
    return backend


def test_entries_are_the_ones_keyring_makes_and_reads(secret_service) -> None:
    """Keys a clinic stored through `keyring` (before this module) are read, and keys stored now
    are read by `keyring`; a missing entry reads as None and deletes as False."""
    ours, theirs = _name(), _name()
    keyring.set_password(theirs, "keys", "stored by keyring 钥匙")
    secret_service.set_password(ours, "keys", "stored by the clinic 钥匙")
    try:
        assert secret_service.get_password(theirs, "keys") == "stored by keyring 钥匙"
        assert keyring.get_password(ours, "keys") == "stored by the clinic 钥匙"
        secret_service.set_password(ours, "keys", "replaced")  # one entry, replaced
        assert keyring.get_password(ours, "keys") == "replaced"
    finally:
        assert secret_service.delete_password(ours, "keys") is True
        assert secret_service.delete_password(theirs, "keys") is True
    assert secret_service.get_password(ours, "keys") is None
    assert keyring.get_password(theirs, "keys") is None
    assert secret_service.delete_password(ours, "keys") is False


def test_a_broken_connection_is_opened_again(secret_service) -> None:
    """The daemon restarted or the connection cut: the next call opens a new one and works."""
    name = _name()
    secret_service.set_password(name, "keys", "before")
    secret_service._connection.close()  # the socket gone under the store
    try:
        assert secret_service.get_password(name, "keys") == "before"
        secret_service.set_password(name, "keys", "after")
        assert keyring.get_password(name, "keys") == "after"
    finally:
        secret_service.delete_password(name, "keys")


def _rounds(
    prefix: str,
    rounds: int,
    failures: multiprocessing.Queue,  # type: ignore[type-arg]
    inherited: OsKeyringStore | None,
) -> None:
    """ROUNDS of store, read and delete in each of two threads, on the store INHERITED from the
    parent (forked) or a fresh one; each failure put on FAILURES."""
    store = inherited or OsKeyringStore()
    keys = ClinicKeys.generate(embedded=True)

    def loop(thread: int) -> None:
        for number in range(rounds):
            clinic_id = f"{prefix}-{os.getpid()}-{thread}-{number % 7}"
            try:
                store.save(clinic_id, keys)
                if store.load(clinic_id) != keys:
                    failures.put(f"{clinic_id}: another key read back")
                store.delete(clinic_id)
            except Exception as exc:
                failures.put(f"{clinic_id}: {type(exc).__name__}: {exc}")

    threads = [threading.Thread(target=loop, args=(n,)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def test_two_processes_of_two_threads_each_store_read_and_delete_without_a_failure(
    keystore, secret_service
) -> None:
    """Thousands of calls from two processes at once (the test suite's workers, a window and
    the command line) once left gnome-keyring naming a default collection that did not exist,
    or dying, a run's keys unreadable after it. Taken in turn on one connection each, none
    fails. The first process is forked from this one and goes on with its store, which has a
    connection open already: the child opens its own rather than speak on its parent's."""
    secret_service.get_password(_name(), "keys")  # this process's connection, open
    prefix = _name()
    forked, spawned = multiprocessing.get_context("fork"), multiprocessing.get_context("spawn")
    queues = [forked.Queue(), spawned.Queue()]
    processes = [
        forked.Process(target=_rounds, args=(prefix, 150, queues[0], keystore)),
        spawned.Process(target=_rounds, args=(prefix, 150, queues[1], None)),
    ]
    for process in processes:
        process.start()
    secret_service.set_password(prefix, "keys", "the parent's")  # meanwhile, on its own
    for process in processes:
        process.join(120)
    found = [queue.get() for queue in queues for _ in range(queue.qsize())]
    assert found == [] and [p.exitcode for p in processes] == [0, 0]
    assert secret_service.get_password(prefix, "keys") == "the parent's"
    secret_service.delete_password(prefix, "keys")


def _turns(marker: str, turns: int, failures: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    from clinic.privacy.secret_service import keyring_turn

    def loop() -> None:
        for _ in range(turns):
            with keyring_turn():
                try:
                    os.close(os.open(marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
                except FileExistsError:
                    failures.put("two turns at once")
                    continue
                os.unlink(marker)

    threads = [threading.Thread(target=loop) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def test_one_turn_at_a_time_across_processes_and_threads(tmp_path: Path) -> None:
    """Inside a turn a marker file is made with O_EXCL and removed: two processes of two
    threads never find another turn's marker there."""
    marker = str(tmp_path / "inside")
    failures: multiprocessing.Queue = multiprocessing.Queue()  # type: ignore[type-arg]
    context = multiprocessing.get_context("fork")
    processes = [context.Process(target=_turns, args=(marker, 300, failures)) for _ in range(2)]
    for process in processes:
        process.start()
    for process in processes:
        process.join(60)
    assert failures.empty() and [p.exitcode for p in processes] == [0, 0]


def test_the_lock_file_is_in_the_sessions_runtime_folder(monkeypatch, tmp_path) -> None:
    from clinic.privacy import secret_service as module

    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path))
    assert module._lock_path() == Path(tmp_path) / "clinic-keyring.lock"
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path / "gone"))  # none: the temporary folder
    assert module._lock_path().name == f"clinic-keyring-{os.getuid()}.lock"


def _sleep(seconds: float) -> None:
    import time

    time.sleep(seconds)


def _time_a_turn(took: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    import time

    from clinic.privacy.secret_service import keyring_turn

    began = time.monotonic()
    with keyring_turn():
        took.put(time.monotonic() - began)


def test_a_child_forked_during_a_turn_does_not_keep_it() -> None:
    """A process forks (a test's worker, a print job) while one of its threads takes a keyring
    turn: the child inherits the lock file's descriptor, and a lock file stays locked while any
    descriptor of it is open. The child closes its copy, so once the parent's turn is over the
    next process has its turn at once, not when the child exits (ten seconds here)."""
    from clinic.privacy.secret_service import keyring_turn

    inside, leave = threading.Event(), threading.Event()

    def hold() -> None:
        with keyring_turn():
            inside.set()
            leave.wait(30)

    holder = threading.Thread(target=hold)
    holder.start()
    inside.wait(10)
    context = multiprocessing.get_context("fork")
    child = context.Process(target=_sleep, args=(10.0,))
    child.start()
    leave.set()
    holder.join(10)
    took: multiprocessing.Queue = context.Queue()  # type: ignore[type-arg]
    other = context.Process(target=_time_a_turn, args=(took,))
    other.start()
    other.join(30)
    waited = took.get(timeout=1)
    child.terminate()
    child.join()
    assert waited < 5.0, waited
