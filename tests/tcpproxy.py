"""A TCP proxy on 127.0.0.1 that a test can cut and restore: a store that goes away for real
(connections refused and reset), with no mock in the code under test. It can also lose the
reply to one command: the server ran it, the client never hears back."""

from __future__ import annotations

import socket
import threading
from contextlib import suppress


class TcpProxy:
    """Forwards 127.0.0.1:<port> to `target` (host, port) until `cut`; `restore` takes
    connections again on the same port."""

    def __init__(self, target: tuple[str, int]) -> None:
        self.target = target
        self.port = 0
        self._listener: socket.socket | None = None
        self._open: set[socket.socket] = set()
        self._lock = threading.Lock()
        self._lose: bytes | None = None  # the next request holding these bytes loses its reply
        self.lost = threading.Event()

    def __enter__(self) -> TcpProxy:
        self.restore()
        return self

    def __exit__(self, *exc: object) -> None:
        self.cut()

    def restore(self) -> None:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        self.port = listener.getsockname()[1]
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def cut(self) -> None:
        """Refuse new connections and reset the open ones."""
        if self._listener is not None:
            with suppress(OSError):
                self._listener.shutdown(socket.SHUT_RDWR)
            self._listener.close()
            self._listener = None
        with self._lock:
            for sock in self._open:
                with suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                sock.close()
            self._open.clear()

    def lose_reply_to(self, marker: bytes) -> None:
        """The next request holding `marker` reaches the server; its reply does not reach the
        client, whose connection is then reset (`lost` is set)."""
        self.lost.clear()
        self._lose = marker

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            try:
                server = socket.create_connection(self.target)
            except OSError:
                client.close()
                continue
            with self._lock:
                self._open |= {client, server}
            losing = threading.Event()  # this connection's next reply is to be lost
            threading.Thread(target=self._pipe, args=(client, server, losing, True),
                             daemon=True).start()
            threading.Thread(target=self._pipe, args=(server, client, losing, False),
                             daemon=True).start()

    def _pipe(self, source: socket.socket, sink: socket.socket, losing: threading.Event,
              upstream: bool) -> None:
        with suppress(OSError):
            while data := source.recv(65536):
                if upstream and self._lose is not None and self._lose in data:
                    self._lose = None
                    losing.set()
                elif not upstream and losing.is_set():
                    sink.shutdown(socket.SHUT_RDWR)  # the reply is dropped, the client reset
                    self.lost.set()
                    break
                sink.sendall(data)
        with suppress(OSError):
            sink.shutdown(socket.SHUT_WR)
