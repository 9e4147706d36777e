"""A TCP proxy on loopback whose `cut()` drops every connection at once: the network (or the server)
going away in the middle of an action, without stopping the real PostgreSQL other tests use.

Armed with a marker (b"COMMIT"), it lets the client's message through and then ends the connection
in one of the ways a server or a network does, before the server's answer reaches the client:
`reset` (connection reset), `close` (an orderly close, as a server process that exits), `shutdown`
(the FATAL 57P01 «terminating connection due to administrator command» a stopping server sends, then
close). `delay_after_client_sends` instead holds the marked message back for a while (a server slow
to commit: a synchronous standby, a full disk) and then passes everything on."""

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
        self._ending = "reset"
        self._delay: float | None = None
        self._clients: dict[socket.socket, socket.socket] = {}  # upstream -> client
        self._flowing = threading.Event()  # cleared by hold(): nothing passes either way
        self._flowing.set()
        threading.Thread(target=self._accept, daemon=True).start()

    def cut_after_client_sends(self, marker: bytes, how: str = "reset", after: float = 0.3) -> None:
        """Arm the proxy: once the client sends `marker` (e.g. b"COMMIT"), pass it on to the server,
        give the server `after` seconds to act on it, then end the connections `how` (reset, close or
        shutdown) before its answer reaches the client."""
        assert how in ("reset", "close", "shutdown")
        self._ending = how
        self._after = after
        self._trigger = marker

    def delay_after_client_sends(self, marker: bytes, seconds: float) -> None:
        """Hold the client's message carrying `marker` back for `seconds`, then pass it on."""
        self._delay = seconds
        self._trigger = marker

    def hold(self) -> None:
        """A server that stops answering (stopped process, hung storage): connections stay open, every
        byte either way is held back until `release()`. TCP keepalives still succeed, as they would."""
        self._flowing.clear()

    def release(self) -> None:
        self._flowing.set()

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
                self._clients[upstream] = client
            threading.Thread(target=self._pipe, args=(client, upstream, True), daemon=True).start()
            threading.Thread(target=self._pipe, args=(upstream, client), daemon=True).start()

    def _pipe(self, source: socket.socket, sink: socket.socket, from_client: bool = False) -> None:
        try:
            while data := source.recv(65536):
                if not from_client and self._swallow_replies:
                    continue  # the server's answer is lost with the connection
                if from_client and self._trigger is not None and self._trigger in data:
                    self._trigger = None
                    if self._delay is not None:
                        self.triggered.set()
                        threading.Event().wait(self._delay)  # the message waits; so does the client
                        self._delay = None
                    else:
                        self._swallow_replies = True
                        threading.Timer(self._after, self._fire).start()
                while not self._flowing.wait(0.2):
                    if not self._open:
                        return
                sink.sendall(data)
        except OSError:
            pass
        finally:
            with contextlib.suppress(OSError):
                sink.shutdown(socket.SHUT_RDWR)

    def _fire(self) -> None:
        self.triggered.set()
        if self._ending == "reset":
            self.cut()
            return
        with self._lock:
            clients = list(self._clients.values())
        for client in clients:
            with contextlib.suppress(OSError):
                if self._ending == "shutdown":
                    client.sendall(admin_shutdown_message())
                client.shutdown(socket.SHUT_RDWR)
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


def admin_shutdown_message() -> bytes:
    """The ErrorResponse a PostgreSQL backend sends when the server is stopped (SQLSTATE 57P01)."""
    fields = b"".join(
        code + text + b"\0"
        for code, text in (
            (b"S", b"FATAL"),
            (b"V", b"FATAL"),
            (b"C", b"57P01"),
            (b"M", b"terminating connection due to administrator command"),
        )
    )
    body = fields + b"\0"
    return b"E" + (len(body) + 4).to_bytes(4, "big") + body
