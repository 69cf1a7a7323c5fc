"""A migrated database that gunicorn servers (other processes) can share, with content."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from blog.extensions import db
from tests.production.database import app_for, drop_everything, migrate_and_seed


@dataclass
class SharedDatabase:
    url: str
    name: str


@pytest.fixture(scope="module")
def shared_database(tmp_path_factory) -> Iterator[SharedDatabase]:
    """Your PostgreSQL test database when TEST_DATABASE_URL names one, else a SQLite file:
    both are shared by separate server processes, as in production."""
    url = os.environ.get("TEST_DATABASE_URL", "")
    if not url.startswith("postgresql"):
        url = f"sqlite:///{tmp_path_factory.mktemp('shared') / 'blog.sqlite3'}"
    migrate_and_seed(url)
    yield SharedDatabase(url, "postgresql" if url.startswith("postgresql") else "sqlite")
    if url.startswith("postgresql"):
        with app_for(url).app_context():
            drop_everything()
            db.create_all()  # leave the shared test database as the other tests expect it
            db.engine.dispose()
