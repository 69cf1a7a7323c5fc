from __future__ import annotations

import flask_migrate
import pytest
from flask import Flask

from blog import create_app
from blog.cli import init_migrate
from config import TestingConfig


class UnreachableDatabaseConfig(TestingConfig):
    SQLALCHEMY_DATABASE_URI = "sqlite:////nonexistent-directory/blog.sqlite3"


@pytest.fixture
def stamped(app: Flask):
    """The test database marked as migrated to the head (it was built by create_all)."""
    init_migrate(app)
    flask_migrate.stamp()
    yield
    flask_migrate.stamp(revision="base")


def test_healthz_answers_without_a_database():
    client = create_app(UnreachableDatabaseConfig).test_client()

    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json == {"status": "ok"}


def test_readyz_is_ok_when_the_database_is_at_the_migration_head(client, stamped):
    response = client.get("/readyz")

    assert response.status_code == 200
    assert response.json == {"status": "ok"}


def test_readyz_is_unavailable_when_migrations_are_not_applied(client):
    response = client.get("/readyz")

    assert response.status_code == 503
    assert response.json["reason"] == "the database has no migrations applied"


def test_readyz_is_unavailable_when_the_database_cannot_be_reached():
    client = create_app(UnreachableDatabaseConfig).test_client()

    response = client.get("/readyz")

    assert response.status_code == 503
    assert response.json["reason"] == "database unreachable"


@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
def test_probes_are_never_cached_and_set_no_cookie(client, stamped, path):
    response = client.get(path)

    assert response.headers["Cache-Control"] == "no-store"
    assert "Set-Cookie" not in response.headers
