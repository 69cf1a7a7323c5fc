from __future__ import annotations

from sqlalchemy import create_engine, text

from blog.extensions import db
from blog.serving.database import pool_options


def test_every_sqlite_connection_enforces_foreign_keys(app):
    if db.engine.dialect.name != "sqlite":
        engine = create_engine("sqlite://")
    else:
        engine = db.engine

    with engine.connect() as connection:
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1


def test_a_sqlite_file_uses_wal_and_a_busy_timeout(tmp_path):
    engine = create_engine(f"sqlite:///{tmp_path / 'blog.sqlite3'}")

    with engine.connect() as connection:
        journal = connection.execute(text("PRAGMA journal_mode")).scalar()
        timeout = connection.execute(text("PRAGMA busy_timeout")).scalar()
    engine.dispose()

    assert journal == "wal"
    assert timeout == 5000


def test_postgresql_gets_a_small_pool_per_worker_and_a_connect_timeout(monkeypatch):
    monkeypatch.setenv("GUNICORN_THREADS", "4")

    options = pool_options("postgresql+psycopg://blog@db.internal/blog")

    assert options["pool_size"] == 4
    assert options["connect_args"] == {"connect_timeout": 5}


def test_sqlite_keeps_sqlalchemys_own_pool():
    assert pool_options("sqlite:///blog.sqlite3") == {}


def test_the_app_pings_connections_before_use(app):
    assert app.config["SQLALCHEMY_ENGINE_OPTIONS"]["pool_pre_ping"] is True
