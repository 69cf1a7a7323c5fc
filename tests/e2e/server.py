"""The real app for the browser tests: migrated database, CLI seeding, gunicorn.

Everything runs as the owner would run it, in subprocesses from the repository root:
`flask db upgrade`, `flask load-demo`, `flask import-markdown`, then gunicorn with the
repository's gunicorn.conf.py in production mode.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.error import URLError
from urllib.request import urlopen

from sqlalchemy import MetaData, create_engine

from tests.production.servers import flask_cli as run_flask_cli

REPO = Path(__file__).resolve().parents[2]
SECRET_KEY = "e2e-secret-key-for-tests-only-0123456789abcdef"
START_TIMEOUT = 30  # seconds for gunicorn to answer its first request
STOP_TIMEOUT = 25  # gunicorn.conf.py gives workers 20 s to finish


def free_port() -> int:
    """A port nothing listens on now: the OS picks it, so parallel runs never collide."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def drop_all_tables(database_url: str) -> None:
    """Leave no table behind (alembic_version included), so migrations start from nothing."""
    engine = create_engine(database_url)
    try:
        with engine.begin() as connection:
            metadata = MetaData()
            metadata.reflect(connection)
            metadata.drop_all(connection)
    finally:
        engine.dispose()


def app_environment(database_url: str, port: int) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("GUNICORN_BIND", "HOST", "FLASK_APP", "TEST_DATABASE_URL")
    }
    env.update(
        BLOG_ENV="production",
        SECRET_KEY=SECRET_KEY,
        DATABASE_URL=database_url,
        PORT=str(port),
        WEB_CONCURRENCY="2",
        COMMENT_MODERATION="first-time",
        # The browser posts at machine speed, many times from 127.0.0.1: the form-age,
        # flood and rate limits have their own tests (tests/comments, tests/test_limits.py).
        ABUSE_LIMITS="off",
        PYTHONUNBUFFERED="1",
    )
    return env


def flask_cli(env: dict[str, str], *args: str) -> str:
    """Run `flask --app wsgi ARGS` as the owner would; its output, or an error with it."""
    result = run_flask_cli(env, *args)
    if result.returncode != 0:
        raise RuntimeError(f"flask {' '.join(args)} failed:\n{result.stdout}{result.stderr}")
    return result.stdout


@dataclass
class LiveServer:
    url: str
    process: subprocess.Popen[bytes]
    log_path: Path
    env: dict[str, str] = field(default_factory=dict)  # for `flask_cli` on the same database

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)  # gunicorn's graceful shutdown
            try:
                self.process.wait(timeout=STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def start_gunicorn(env: dict[str, str], log_path: Path) -> LiveServer:
    """Start gunicorn on 127.0.0.1:PORT and return once it serves the home page."""
    url = f"http://127.0.0.1:{env['PORT']}"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "wsgi:app"],
            cwd=REPO,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    server = LiveServer(url, process, log_path, env)
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode}:\n{server.log()}")
        try:
            with urlopen(f"{url}/", timeout=2) as response:
                if response.status == 200:
                    return server
        except (URLError, ConnectionError, TimeoutError):
            time.sleep(0.2)
    server.stop()
    raise RuntimeError(f"gunicorn did not answer within {START_TIMEOUT} s:\n{server.log()}")
