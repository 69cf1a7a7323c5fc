"""`flask backup`: a consistent copy of the live database, taken while the site runs.

SQLite: the sqlite3 online backup API copies pages under a read lock, so a copy never
mixes two moments (copying the file could, especially with WAL). PostgreSQL: pg_dump, in
its custom format, restorable with pg_restore.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
from pathlib import Path

from sqlalchemy.engine import URL

from blog.extensions import db
from blog.models.types import utcnow


class BackupError(RuntimeError):
    """The backup could not be made; the message says why."""


def default_path(directory: Path, url: URL) -> Path:
    suffix = ".sqlite3" if url.get_backend_name() == "sqlite" else ".dump"
    return directory / f"blog-{utcnow():%Y%m%dT%H%M%SZ}{suffix}"


def backup_sqlite(destination: Path) -> None:
    source = db.engine.raw_connection()
    try:
        target = sqlite3.connect(destination)
        try:
            source.driver_connection.backup(target)
        finally:
            target.close()
    finally:
        source.close()


def backup_postgresql(url: URL, destination: Path) -> None:
    """The password goes through the environment, never the command line (seen by `ps`)."""
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    libpq_url = url.set(drivername="postgresql", password=None).render_as_string(
        hide_password=False
    )
    command = ["pg_dump", "--format=custom", "--no-owner", f"--file={destination}", libpq_url]
    try:
        result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=3600)
    except FileNotFoundError:
        raise BackupError("pg_dump is not installed (apt install postgresql-client)") from None
    if result.returncode != 0:
        raise BackupError(f"pg_dump failed: {result.stderr.strip()}")


def make_backup(destination: Path | None, directory: Path) -> Path:
    url = db.engine.url
    path = destination or default_path(directory, url)
    path.parent.mkdir(parents=True, exist_ok=True)
    if url.get_backend_name() == "sqlite":
        backup_sqlite(path)
    elif url.get_backend_name() == "postgresql":
        backup_postgresql(url, path)
    else:
        raise BackupError(f"no backup method for {url.get_backend_name()}")
    return path
