"""gunicorn in production refuses to serve an unmigrated database; `flask db upgrade` runs."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.production.servers import ROOT, flask_cli, free_port, gunicorn, production_env

pytestmark = pytest.mark.slow


def serve_briefly(env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py",
         "--bind", f"127.0.0.1:{free_port()}", "wsgi:app"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=60,
    )  # fmt: skip


def test_gunicorn_refuses_an_unmigrated_database_with_one_line(tmp_path):
    env = production_env(f"sqlite:///{tmp_path / 'blog.sqlite3'}")

    result = serve_briefly(env)

    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert errors == [
        "Error: the database has no migrations applied: run `flask db upgrade` before serving"
    ]
    assert "Traceback" not in result.stderr


def test_gunicorn_refuses_a_database_it_cannot_reach(tmp_path):
    env = production_env("sqlite:////nonexistent-directory/blog.sqlite3")

    result = serve_briefly(env)

    assert result.returncode == 1
    assert "Error: cannot reach the database" in result.stderr
    assert "Traceback" not in result.stderr


def test_migrations_run_in_production_mode_and_then_the_site_is_ready(tmp_path):
    env = production_env(f"sqlite:///{tmp_path / 'blog.sqlite3'}")

    upgrade = flask_cli(env, "db", "upgrade")

    assert upgrade.returncode == 0, upgrade.stderr
    with gunicorn(env, tmp_path) as server:
        ready = server.request("GET", "/readyz", headers={"X-Request-ID": "deploy-check-0001"})
    log = server.log()  # after the stop, so the last access line is written
    assert ready.status == 200
    assert '"GET /readyz HTTP/1.1" 200' in log
    assert "request_id=deploy-check-0001" in log


def test_the_apps_own_log_lines_carry_the_request_id(tmp_path):
    env = production_env(f"sqlite:///{tmp_path / 'blog.sqlite3'}")
    assert flask_cli(env, "db", "upgrade").returncode == 0

    with gunicorn(env, tmp_path) as server:
        assert flask_cli(env, "db", "stamp", "base").returncode == 0
        answer = server.request("GET", "/readyz", headers={"X-Request-ID": "trace-me-67890"})
    log = server.log()

    assert answer.status == 503
    assert (
        "[WARNING] [trace-me-67890] blog: not ready: the database has no migrations applied"
    ) in log
    assert "request_id=trace-me-67890" in log
