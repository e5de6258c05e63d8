"""A TCP proxy a test controls, to cut a client's link to a server mid-action.

    proxy = TcpProxy("127.0.0.1", 5432).start()   # listens on 127.0.0.1:proxy.port
    proxy.cut()      # every open connection is reset; new connections are refused
    proxy.restore()  # new connections are accepted again (on the same port)
    proxy.stop()

`cut()` is safe to call from inside the client's own thread (a SQLAlchemy event hook, say): it
only closes sockets, it never waits for the client. A refused connection is a real
ECONNREFUSED (the listening socket is closed while cut), not a silent hang.
"""

from __future__ import annotations

import contextlib
import socket
import struct
import threading
from types import TracebackType


class TcpProxy:
    def __init__(self, upstream_host: str, upstream_port: int, *, host: str = "127.0.0.1") -> None:
        self.upstream = (upstream_host, upstream_port)
        self.host = host
        self.port = 0
        self.connections = 0  # accepted since start, for tests that want to see a reconnect
        self._lock = threading.Lock()
        self._listener: socket.socket | None = None
        self._sockets: set[socket.socket] = set()
        self._cut = False

    # -- the API -------------------------------------------------------------------------------

    def start(self) -> TcpProxy:
        self._listen()
        return self

    def cut(self) -> None:
        """Reset every open connection and refuse new ones until restore()."""
        with self._lock:
            self._cut = True
            listener, self._listener = self._listener, None
            open_sockets, self._sockets = self._sockets, set()
        if listener is not None:
            _reset(listener)  # shutdown wakes the thread blocked in accept()
        for sock in open_sockets:
            _reset(sock)

    def restore(self) -> None:
        """Accept new connections again, on the same port."""
        with self._lock:
            if not self._cut:
                return
            self._cut = False
        self._listen()

    def stop(self) -> None:
        self.cut()

    @property
    def is_cut(self) -> bool:
        return self._cut

    def __enter__(self) -> TcpProxy:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    # -- the plumbing --------------------------------------------------------------------------

    def _listen(self) -> None:
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind((self.host, self.port))
        listener.listen(16)
        self.port = listener.getsockname()[1]
        with self._lock:
            self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return  # the listener was closed by cut()
            try:
                server = socket.create_connection(self.upstream, timeout=5)
                server.settimeout(None)
            except OSError:
                _reset(client)
                continue
            with self._lock:
                if self._cut or self._listener is not listener:
                    _reset(client)
                    _reset(server)
                    return
                self._sockets |= {client, server}
                self.connections += 1
            for src, dst in ((client, server), (server, client)):
                threading.Thread(target=self._pump, args=(src, dst), daemon=True).start()

    def _pump(self, src: socket.socket, dst: socket.socket) -> None:
        try:
            while data := src.recv(65536):
                dst.sendall(data)
        except OSError:
            pass
        with self._lock:
            self._sockets -= {src, dst}
        _reset(src)
        _reset(dst)


def _reset(sock: socket.socket) -> None:
    """Close with RST (SO_LINGER 0): the peer sees the link drop at once, as when a cable is cut
    or a router restarts, rather than an orderly goodbye."""
    with contextlib.suppress(OSError):
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)
    _close(sock)


def _close(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):
        sock.close()
