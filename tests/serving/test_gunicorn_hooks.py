"""gunicorn.conf.py's hooks prepare the blog, and leave alone the other apps served with
the same file (the benchmark's hello-world and floors)."""

from __future__ import annotations

import runpy
import types
from typing import Any

import pytest
from flask import Flask
from flask_sqlalchemy import SQLAlchemy

from blog.extensions import db
from tests.production.servers import ROOT


@pytest.fixture(scope="module")
def hooks() -> dict[str, Any]:
    return runpy.run_path(str(ROOT / "gunicorn.conf.py"))


def _server(app: Flask) -> types.SimpleNamespace:
    return types.SimpleNamespace(app=types.SimpleNamespace(wsgi=lambda: app))


def test_the_master_trains_the_blogs_spam_filter_before_forking(app, hooks):
    app.extensions.pop("spam_model", None)

    hooks["on_starting"](_server(app))

    assert "spam_model" in app.extensions


def test_a_forked_worker_drops_the_masters_connections_without_closing_them(
    app, hooks, monkeypatch
):
    """Closing would end the master's sessions for it too: the fork shares their sockets."""
    with app.app_context():
        engine = db.engine
    calls: list[bool] = []
    monkeypatch.setattr(engine, "dispose", lambda close=True: calls.append(close))

    hooks["post_fork"](_server(app), worker=None)

    assert calls == [False]


def test_an_app_that_is_not_the_blog_is_left_alone(hooks):
    """An app with its own Flask-SQLAlchemy once made the blog's hooks fail the start."""
    other = Flask("bench.stack_floor")
    other.config["SQLALCHEMY_DATABASE_URI"] = "sqlite://"
    own = SQLAlchemy()
    own.init_app(other)
    with other.app_context():
        engine = own.engine

    hooks["on_starting"](_server(other))
    hooks["post_fork"](_server(other), worker=None)

    assert "spam_model" not in other.extensions
    with other.app_context():
        assert own.engine is engine
