"""Real gunicorn servers and a small HTTP client for the multi-server and fault tests.

Every server binds to 127.0.0.1 on a port the OS picked, is waited for with a deadline, and
is always stopped (SIGTERM, then SIGKILL to its whole process group).
"""

from __future__ import annotations

import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

from tests.production.database import ARTICLE_SLUG

ROOT = Path(__file__).resolve().parents[2]
SECRET_KEY = "multi-server-test-secret-key-0123456789abcdef"
FORM_TOKEN = re.compile(r'<input[^>]*name="form_token"[^>]*value="([^"]+)"')
CSRF_TOKEN = re.compile(r'<input[^>]*name="csrf_token"[^>]*value="([^"]+)"')


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def production_env(database_url: str, **extra: str) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("TEST_DATABASE_URL", "REDIS_URL", "RATELIMIT_", "GUNICORN_"))
    }
    env.update(
        {
            "BLOG_ENV": "production",
            "SECRET_KEY": SECRET_KEY,
            "DATABASE_URL": database_url,
            "ABUSE_LIMITS": "off",
            "COMMENT_MODERATION": "none",
            "DB_CONNECT_TIMEOUT": "2",
            "GUNICORN_MAX_REQUESTS": "0",
            "PYTHONUNBUFFERED": "1",
            **extra,
        }
    )
    return env


def flask_cli(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    """Run `flask --app wsgi ARGS` as the owner would; the caller judges the outcome."""
    return subprocess.run(
        [sys.executable, "-m", "flask", "--app", "wsgi", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    text: str


@dataclass
class Server:
    port: int
    process: subprocess.Popen
    log_path: Path

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def request(
        self,
        method: str,
        path: str,
        form: dict[str, str] | None = None,
        headers: dict[str, str] | None = None,
        cookies: dict[str, str] | None = None,
        timeout: float = 10,
    ) -> Response:
        """One request on a fresh connection. `cookies` is the client's jar: sent, and
        updated from Set-Cookie, so one jar can visit several servers like a browser."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        sent = {"Connection": "close", **(headers or {})}
        if cookies:
            sent["Cookie"] = "; ".join(f"{name}={value}" for name, value in cookies.items())
        body = None
        if form is not None:
            body = urlencode(form)
            sent["Content-Type"] = "application/x-www-form-urlencoded"
            sent.setdefault("Origin", self.origin)
        try:
            connection.request(method, path, body=body, headers=sent)
            answer = connection.getresponse()
            text = answer.read().decode("utf-8", "replace")
            if cookies is not None:
                for header in answer.headers.get_all("Set-Cookie") or []:
                    cookies.update({k: m.value for k, m in SimpleCookie(header).items()})
            return Response(answer.status, {k.lower(): v for k, v in answer.getheaders()}, text)
        finally:
            connection.close()

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def worker_pids(self) -> set[int]:
        return children_of(self.process.pid)


def children_of(pid: int) -> set[int]:
    children = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                children.add(int(entry.name))
    return children


def _wait_until_healthy(server: Server, deadline: float) -> None:
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"gunicorn exited:\n{server.log()}")
        try:
            if server.request("GET", "/healthz", timeout=2).status == 200:
                return
        except OSError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"gunicorn did not become healthy:\n{server.log()}")


def _wait_for_workers(server: Server, workers: int, deadline: float) -> None:
    """The first worker answers before the master has forked the others: a test that
    notes the worker pids (to see whether one died) must wait for all of them."""
    while len(server.worker_pids()) < workers:
        if time.monotonic() > deadline:
            raise RuntimeError(f"gunicorn did not start {workers} workers:\n{server.log()}")
        time.sleep(0.05)


def stop(server: Server) -> None:
    if server.process.poll() is None:
        server.process.send_signal(signal.SIGTERM)
        try:
            server.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(server.process.pid, signal.SIGKILL)
            server.process.wait(timeout=5)


@contextmanager
def gunicorn(env: dict[str, str], log_dir: Path, workers: int = 2) -> Iterator[Server]:
    port = free_port()
    log_path = log_dir / f"gunicorn-{port}.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py",
             "--bind", f"127.0.0.1:{port}", "--workers", str(workers), "wsgi:app"],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
    server = Server(port, process, log_path)
    try:
        deadline = time.monotonic() + 30
        _wait_until_healthy(server, deadline)
        _wait_for_workers(server, workers, deadline)
        yield server
    finally:
        stop(server)


def post_comment(server: Server, token: str, body: str, headers: dict[str, str] | None = None):
    """A reader's comment on the seeded article, as the form sends it."""
    return server.request(
        "POST",
        f"/{ARTICLE_SLUG}/comments",
        form={
            "body": body,
            "author_name": "Reader",
            "author_email": "reader@example.com",
            "form_token": token,
        },
        headers=headers,
    )


def form_token(html: str) -> str:
    match = FORM_TOKEN.search(html)
    assert match, "the page has no comment form"
    return match.group(1)


def csrf_token(html: str) -> str:
    match = CSRF_TOKEN.search(html)
    assert match, "the page has no CSRF token"
    return match.group(1)
