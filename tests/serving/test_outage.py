from __future__ import annotations

import pytest
from flask import Flask
from sqlalchemy.exc import OperationalError

from blog import create_app
from blog.extensions import db
from config import TestingConfig


class UnreachableDatabaseConfig(TestingConfig):
    SQLALCHEMY_DATABASE_URI = "sqlite:////nonexistent-directory/blog.sqlite3"


@pytest.fixture
def down_app() -> Flask:
    return create_app(UnreachableDatabaseConfig)


@pytest.mark.parametrize("path", ["/", "/some-article/"])
def test_readers_get_a_friendly_503_with_retry_after(down_app, path):
    response = down_app.test_client().get(path)

    assert response.status_code == 503
    assert response.headers["Retry-After"] == "30"
    assert response.headers["Cache-Control"] == "no-store"
    assert "Back in a moment" in response.text
    assert "Set-Cookie" not in response.headers


def test_a_poster_gets_their_text_back_with_a_try_again_message(down_app):
    response = down_app.test_client().post(
        "/some-article/comments",
        data={
            "body": "My <careful> words",
            "author_name": "Ann",
            "author_email": "ann@example.com",
            "form_token": "signed-token",
        },
        headers={"Origin": "http://localhost"},
    )

    assert response.status_code == 503
    assert int(response.headers["Retry-After"]) > 0
    assert "please try again in 30 seconds" in response.text
    assert "My &lt;careful&gt; words</textarea>" in response.text
    assert 'value="ann@example.com"' in response.text
    assert 'name="form_token" value="signed-token"' in response.text
    assert 'action="/some-article/comments"' in response.text


def test_a_connection_cut_after_the_answer_does_not_turn_it_into_an_error(monkeypatch):
    app = create_app(TestingConfig)  # no outer app context: each request ends its own
    real_remove = db.session.remove
    calls = []

    def remove_on_a_cut_connection() -> None:
        calls.append(1)
        if len(calls) == 1:
            raise OperationalError("ROLLBACK", {}, Exception("terminating connection"))
        real_remove()

    monkeypatch.setattr(db.session, "remove", remove_on_a_cut_connection)

    response = app.test_client().get("/healthz")

    assert response.status_code == 200
    assert len(calls) >= 1
