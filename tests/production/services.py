"""Throwaway PostgreSQL and Redis servers of our own, for tests that stop them.

The machine's shared PostgreSQL and Redis are never stopped: other people and CI use them.
These live in a temporary directory, listen on 127.0.0.1 on a free port, and are removed
at the end even when a test fails.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.production.servers import free_port


def _unavailable(reason: str) -> None:
    """Skip on a developer machine without the server; fail in CI (REQUIRE_SERVICES=1)."""
    if os.environ.get("REQUIRE_SERVICES") == "1":
        pytest.fail(reason)
    pytest.skip(reason)


def _as_postgres_user(command: list[str]) -> list[str]:
    """initdb refuses to run as root; run the server tools as the `postgres` user then."""
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


@dataclass
class ThrowawayPostgres:
    bin_dir: Path
    data_dir: Path
    port: int

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def _pg_ctl(self, *args: str) -> None:
        command = [str(self.bin_dir / "pg_ctl"), "-D", str(self.data_dir), "-w", "-t", "30"]
        subprocess.run(
            _as_postgres_user([*command, *args]), check=True, capture_output=True, timeout=60
        )

    def start(self) -> None:
        options = f"-p {self.port} -k {self.data_dir.parent} -c listen_addresses=127.0.0.1"
        self._pg_ctl("-l", str(self.data_dir.parent / "server.log"), "-o", options, "start")

    def stop(self) -> None:
        """A fast shutdown: open connections are cut, as when a database server restarts."""
        self._pg_ctl("-m", "fast", "stop")


def _postgres_bin() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(found[-1]).parent if found else None


@contextmanager
def throwaway_postgres() -> Iterator[ThrowawayPostgres]:
    bin_dir = _postgres_bin()
    if bin_dir is None:
        _unavailable("PostgreSQL server binaries are not installed (apt install postgresql)")
    base = Path(tempfile.mkdtemp(prefix="blog-pg-"))
    if os.geteuid() == 0:
        shutil.chown(base, "postgres")
    server = ThrowawayPostgres(bin_dir, base / "data", free_port())
    try:
        subprocess.run(
            _as_postgres_user(
                [str(bin_dir / "initdb"), "-D", str(server.data_dir), "-U", "postgres",
                 "--auth=trust", "-E", "UTF8", "--no-sync"]
            ),
            check=True, capture_output=True, timeout=120,
        )  # fmt: skip
        server.start()
        yield server
    finally:
        if (server.data_dir / "postmaster.pid").exists():
            subprocess.run(
                _as_postgres_user(
                    [str(bin_dir / "pg_ctl"), "-D", str(server.data_dir), "-m", "immediate",
                     "-w", "stop"]
                ),
                capture_output=True, timeout=60,
            )  # fmt: skip
        shutil.rmtree(base, ignore_errors=True)


@dataclass
class ThrowawayRedis:
    port: int
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), 0.2):
                    return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)


@contextmanager
def throwaway_redis() -> Iterator[ThrowawayRedis]:
    if shutil.which("redis-server") is None:
        _unavailable("redis-server is not installed (apt install redis-server)")
    server = ThrowawayRedis(free_port())
    server.start()
    try:
        yield server
    finally:
        server.stop()
