"""A real FreeRADIUS (Debian's 3.2) on loopback ports, its rlm_sql reading the test's PostgreSQL database,
and a NAS on loopback that answers CoA and Disconnect requests (pyrad's packets) and keeps them."""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
import threading
import time
from pathlib import Path

from pyrad import packet
from sqlalchemy.engine import make_url

from app.adapters.radius_coa import dictionary

CONFIG = Path("/etc/freeradius/3.0")
CLIENT_SECRET = "testing123"  # Debian's clients.conf: localhost


def free_udp_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _without_ipv6_listeners(site: str) -> str:
    blocks = re.split(r"(?m)^(?=listen \{)", site)
    kept = []
    for block in blocks:
        if block.startswith("listen {"):
            end = block.index("\n}\n") + 3
            if re.search(r"(?m)^\s*ipv6addr", block[:end]):
                block = block[end:]
        kept.append(block)
    return "".join(kept)


class FreeRadius:
    """`freeradius -X` with a copy of Debian's configuration: auth and accounting on their own free
    loopback ports, the sql module on the database at `database_url`."""

    def __init__(self, directory: Path, database_url: str) -> None:
        if not (CONFIG / "radiusd.conf").exists() or shutil.which("freeradius") is None:
            raise RuntimeError("FreeRADIUS is not installed (Debian: freeradius freeradius-postgresql)")
        self.dir = directory / "raddb"
        shutil.copytree(CONFIG, self.dir, symlinks=True)
        self.auth_port, self.acct_port = free_udp_port(), free_udp_port()
        (self.dir / "sites-enabled" / "inner-tunnel").unlink(missing_ok=True)
        site = (self.dir / "sites-available" / "default").read_text()
        site = _without_ipv6_listeners(site)
        ports = iter([self.auth_port, self.acct_port])
        site = re.sub(r"(?m)^(\s*)port = 0", lambda m: f"{m.group(1)}port = {next(ports)}", site)
        site = re.sub(r"(?m)^(\s*)ipaddr = \*", r"\1ipaddr = 127.0.0.1", site)
        (self.dir / "sites-enabled" / "default").unlink()
        (self.dir / "sites-enabled" / "default").write_text(site)
        conf = (self.dir / "radiusd.conf").read_text()
        conf = re.sub(r"(?m)^(\s*)(user|group) = freerad", r"\1# \2 = freerad", conf)
        conf = re.sub(r"(?m)^run_dir = .*$", f"run_dir = {directory}", conf)
        conf = re.sub(r"(?m)^logdir = .*$", f"logdir = {directory}", conf)
        (self.dir / "radiusd.conf").write_text(conf)
        url = make_url(database_url)
        (self.dir / "mods-enabled" / "sql").write_text(
            f"""
sql {{
    dialect = "postgresql"
    driver = "rlm_sql_postgresql"
    postgresql {{
        send_application_name = yes
    }}
    server = "{url.host or "127.0.0.1"}"
    port = {url.port or 5432}
    login = "{url.username or ""}"
    password = "{url.password or ""}"
    radius_db = "{url.database}"
    acct_table1 = "radacct"
    acct_table2 = "radacct"
    postauth_table = "radpostauth"
    authcheck_table = "radcheck"
    groupcheck_table = "radgroupcheck"
    authreply_table = "radreply"
    groupreply_table = "radgroupreply"
    usergroup_table = "radusergroup"
    delete_stale_sessions = yes
    pool {{
        start = 1
        min = 1
        max = 4
        spare = 1
        uses = 0
        retry_delay = 1
        lifetime = 0
        idle_timeout = 60
    }}
    read_clients = no
    client_table = "nas"
    group_attribute = "SQL-Group"
    $INCLUDE ${{modconfdir}}/${{.:name}}/main/${{dialect}}/queries.conf
}}
"""
        )
        self.log = open(directory / "freeradius.log", "w")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            ["freeradius", "-X", "-d", str(self.dir), "-l", "stdout"],
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        self.log_path = directory / "freeradius.log"
        deadline = time.monotonic() + 30
        while "Ready to process requests" not in self.log_path.read_text(errors="replace"):
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError("FreeRADIUS did not start:\n" + self.log_path.read_text()[-3000:])
            time.sleep(0.1)

    def authenticate(self, login: str, password: str) -> tuple[str, dict[str, str]]:
        """radclient's Access-Request (PAP): ("Access-Accept" | "Access-Reject", reply attributes)."""
        result = subprocess.run(
            ["radclient", "-x", "-r", "1", "-t", "5", f"127.0.0.1:{self.auth_port}", "auth", CLIENT_SECRET],
            input=f'User-Name = "{login}", User-Password = "{password}"\n',
            capture_output=True,
            text=True,
            timeout=30,
        )
        found = re.search(r"Received (Access-\w+)", result.stdout)
        if not found:
            raise AssertionError(f"radclient got no answer:\n{result.stdout}\n{result.stderr}")
        reply = result.stdout[found.end() :]
        attributes = dict(re.findall(r'(?m)^\s+([\w-]+) = "?([^"\n]*)"?$', reply))
        return found.group(1), attributes

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self.log.close()


class FakeNas:
    """A NAS's dynamic-authorisation port (RFC 5176) on loopback: answers ACK (or NAK when told) and
    keeps every request it got, decoded."""

    def __init__(self, secret: str) -> None:
        self.secret = secret.encode()
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.received: list[tuple[str, dict[str, list[object]]]] = []
        self.refuse = False
        self.silent = False
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                data, peer = self.sock.recvfrom(4096)
            except TimeoutError:
                continue
            except OSError:
                return
            request = packet.CoAPacket(packet=data, secret=self.secret, dict=dictionary())
            kind = "disconnect" if request.code == packet.DisconnectRequest else "coa"
            self.received.append((kind, {k: list(request[k]) for k in request.keys()}))  # noqa: SIM118 - names, not codes
            if self.silent:
                continue
            reply = request.CreateReply()
            if kind == "disconnect":
                reply.code = packet.DisconnectNAK if self.refuse else packet.DisconnectACK
            else:
                reply.code = packet.CoANAK if self.refuse else packet.CoAACK
            self.sock.sendto(reply.ReplyPacket(), peer)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=2)
        self.sock.close()
