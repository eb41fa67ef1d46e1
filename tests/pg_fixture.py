"""A private PostgreSQL cluster for the chain tests: one per test session, in a temporary
folder, listening on a free port on 127.0.0.1 only; each test gets a fresh database.

``initdb`` refuses to run as root, so as root the cluster belongs to the ``postgres``
user (Debian's package makes it). Without PostgreSQL the tests skip, except under
CI=true, where everything the make targets install must be there.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest

PG_BIN_ROOT = Path("/usr/lib/postgresql")


def _bin_dir() -> Path | None:
    found = sorted(PG_BIN_ROOT.glob("*/bin/initdb"), key=lambda p: int(p.parts[-3]))
    return found[-1].parent if found else None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Cluster:
    bin_dir: Path
    data: Path
    port: int
    user: str | None  # the system user that owns the cluster (None: ourselves)

    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        cmd = [str(self.bin_dir / args[0]), *args[1:]]
        if self.user:
            cmd = ["runuser", "-u", self.user, "--", *cmd]
        return subprocess.run(cmd, capture_output=True, text=True, check=check, timeout=120)

    def dsn(self, dbname: str = "postgres") -> str:
        return f"host=127.0.0.1 port={self.port} user=postgres dbname={dbname} connect_timeout=5"

    @classmethod
    def reopen(cls, top: Path, port: int) -> Cluster:
        """Start again a cluster that ``start_cluster`` made under ``top``, on ``port``
        (the later setting wins in postgresql.conf)."""
        bin_dir = _bin_dir()
        if bin_dir is None:
            raise OSError("Debian's postgresql package is not installed")
        cluster = cls(bin_dir, top / "data", port, "postgres" if os.geteuid() == 0 else None)
        with (cluster.data / "postgresql.conf").open("a") as conf:
            conf.write(f"port = {port}\n")
        cluster.start()
        return cluster

    def start(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-w", "-t", "60", "-l",
                  str(self.data.parent / "server.log"), "start")

    def stop(self, mode: str = "fast") -> None:
        self._run("pg_ctl", "-D", str(self.data), "-w", "-m", mode, "stop", check=False)

    def running(self) -> bool:
        return self._run("pg_ctl", "-D", str(self.data), "status", check=False).returncode == 0

    def create_database(self) -> str:
        name = f"chain_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(self.dsn(), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return name

    def drop_database(self, name: str) -> None:
        if not self.running():
            self.start()
        with psycopg.connect(self.dsn(), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def allow_connections(self, name: str, allow: bool) -> None:
        with psycopg.connect(self.dsn(), autocommit=True) as conn:
            conn.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS {str(allow).lower()}')
            if not allow:
                conn.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                             "WHERE datname = %s AND pid <> pg_backend_pid()", (name,))


def _unavailable(why: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"PostgreSQL is needed under CI: {why}")
    pytest.skip(f"PostgreSQL not available: {why}")


def start_cluster(top: Path, fsync: bool = False) -> Cluster:
    """initdb and start a cluster under ``top`` (an empty folder); ``OSError`` or
    ``CalledProcessError`` when it cannot."""
    bin_dir = _bin_dir()
    if bin_dir is None:
        raise OSError("Debian's postgresql package is not installed")
    user = "postgres" if os.geteuid() == 0 else None
    if user and shutil.which("runuser") is None:
        raise OSError("runuser is missing")
    cluster = Cluster(bin_dir, top / "data", free_port(), user)
    if user:
        shutil.chown(top, user)
    cluster._run("initdb", "-D", str(cluster.data), "-U", "postgres", "--auth=trust",
                 "-E", "UTF8", "--locale=C.UTF-8", "--no-sync")
    with (cluster.data / "postgresql.conf").open("a") as conf:
        conf.write(f"listen_addresses = '127.0.0.1'\nport = {cluster.port}\n"
                   f"unix_socket_directories = '{top}'\nfsync = {'on' if fsync else 'off'}\n"
                   "max_connections = 60\nshared_buffers = 128MB\n")
    cluster.start()
    deadline = time.monotonic() + 30
    while True:
        try:
            psycopg.connect(cluster.dsn(), connect_timeout=2).close()
            return cluster
        except psycopg.OperationalError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[Cluster]:
    top = Path(tempfile.mkdtemp(prefix="kiosk-pg-"))
    try:
        cluster = start_cluster(top)
    except (subprocess.CalledProcessError, OSError) as exc:
        shutil.rmtree(top, ignore_errors=True)
        detail = getattr(exc, "stderr", "") or str(exc)
        _unavailable(f"cannot start a private cluster: {detail.strip()[:300]}")
    try:
        yield cluster
    finally:
        cluster.stop("immediate")
        shutil.rmtree(top, ignore_errors=True)


@pytest.fixture
def chain_db(pg_cluster: Cluster) -> Iterator[str]:
    """A fresh, empty database on the session's cluster; its connection string."""
    name = pg_cluster.create_database()
    try:
        yield pg_cluster.dsn(name)
    finally:
        pg_cluster.drop_database(name)
