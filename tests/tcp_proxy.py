"""A TCP proxy on loopback whose `cut()` drops every connection at once: the network (or the server)
going away in the middle of an action, without stopping the real PostgreSQL other tests use."""

from __future__ import annotations

import contextlib
import socket
import threading


class TcpProxy:
    def __init__(self, target_host: str, target_port: int) -> None:
        self.target = (target_host, target_port)
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._open = True
        self._trigger: bytes | None = None
        self.triggered = threading.Event()
        self._swallow_replies = False
        threading.Thread(target=self._accept, daemon=True).start()

    def cut_after_client_sends(self, marker: bytes) -> None:
        """Arm the proxy: once the client sends `marker` (e.g. b"COMMIT"), pass it on to the server,
        give the server time to act on it, then cut before its answer reaches the client."""
        self._trigger = marker

    def _accept(self) -> None:
        while self._open:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            try:
                upstream = socket.create_connection(self.target)
            except OSError:
                client.close()
                continue
            with self._lock:
                if not self._open:
                    client.close()
                    upstream.close()
                    return
                self._sockets += [client, upstream]
            threading.Thread(target=self._pipe, args=(client, upstream, True), daemon=True).start()
            threading.Thread(target=self._pipe, args=(upstream, client), daemon=True).start()

    def _pipe(self, source: socket.socket, sink: socket.socket, from_client: bool = False) -> None:
        try:
            while data := source.recv(65536):
                if not from_client and self._swallow_replies:
                    continue  # the server's answer is lost with the connection
                if from_client and self._trigger is not None and self._trigger in data:
                    self._trigger = None
                    self._swallow_replies = True
                    threading.Timer(0.3, self._fire).start()
                sink.sendall(data)
        except OSError:
            pass
        finally:
            with contextlib.suppress(OSError):
                sink.shutdown(socket.SHUT_RDWR)

    def _fire(self) -> None:
        self.triggered.set()
        self.cut()

    def cut(self) -> None:
        """Refuse new connections and reset the open ones."""
        with self._lock:
            self._open = False
            self._listener.close()
            for sock in self._sockets:
                # shutdown() wakes the threads blocked in recv(); close() alone would not end the
                # connection while another thread still uses the descriptor.
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                with contextlib.suppress(OSError):
                    sock.close()
            self._sockets.clear()
