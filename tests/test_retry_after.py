"""Every 429 and 503 says how long to wait, and its Retry-After header says the same.

The apps here run with the rate limiter on and RATELIMIT_HEADERS_ENABLED set, the setting
under which Flask-Limiter used to overwrite the app's own Retry-After with its window.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from flask import Flask
from werkzeug.test import TestResponse

from blog import create_app
from blog.extensions import db
from config import TestingConfig
from tests.admin.conftest import make_user, sign_in
from tests.comments.helpers import post_comment
from tests.factories import make_article
from tests.serving.test_outage import UnreachableDatabaseConfig

LIMITED = {"RATELIMIT_ENABLED": True, "RATELIMIT_HEADERS_ENABLED": True}


def wait_in_words(response: TestResponse) -> int:
    """The wait the page tells the reader, in seconds."""
    match = re.search(r"(?:wait|in)\s+(\d+)\s+(seconds|minutes)", response.text)
    assert match, "the page does not say how long to wait"
    return int(match[1]) * (60 if match[2] == "minutes" else 1)


@pytest.fixture
def limited_app(app: Flask, request: pytest.FixtureRequest) -> Iterator[Flask]:
    """A second app on the same database (`app` empties it afterwards), limiter on."""
    overrides = {**LIMITED, **getattr(request, "param", {})}
    limited = create_app(type("LimitedConfig", (TestingConfig,), overrides))
    with limited.app_context():
        db.create_all()
        yield limited
        db.session.remove()
        db.engine.dispose()


def test_too_quick_comment_keeps_its_own_retry_after(limited_app):
    limited_app.config["COMMENT_MIN_SECONDS"] = 30

    response = post_comment(limited_app.test_client(), make_article())

    assert response.status_code == 429
    assert 25 <= wait_in_words(response) <= 30  # less the time the form took
    assert response.headers["Retry-After"] == str(wait_in_words(response))


def test_comment_flood_keeps_its_own_retry_after(limited_app):
    limited_app.config["COMMENT_FLOOD_SECONDS"] = 45
    client, article = limited_app.test_client(), make_article()
    assert post_comment(client, article).status_code == 303

    response = post_comment(client, article, body="Again")

    assert response.status_code == 429
    assert 40 <= wait_in_words(response) <= 45
    assert response.headers["Retry-After"] == str(wait_in_words(response))


@pytest.mark.parametrize("limited_app", [{"RATELIMIT_POST": "2 per hour"}], indirect=True)
def test_rate_limited_post_says_the_wait_it_sends(limited_app):
    client = limited_app.test_client()
    for _ in range(2):
        client.post("/no-such-article/comments")

    response = client.post("/no-such-article/comments")

    assert response.status_code == 429
    assert response.headers["Retry-After"] == str(wait_in_words(response))
    assert wait_in_words(response) > 60  # the hour's window, not a default


def test_throttled_sign_in_sends_the_window_it_names(limited_app):
    limited_app.config["SIGN_IN_WINDOW_MINUTES"] = 5
    owner = make_user("owner@example.com")
    client = limited_app.test_client()
    for _ in range(5):
        sign_in(client, owner.email, "wrong password")

    response = sign_in(client, owner.email)

    assert response.status_code == 429
    assert wait_in_words(response) == 300
    assert response.headers["Retry-After"] == "300"


@pytest.mark.parametrize(("method", "path"), [("GET", "/"), ("POST", "/an-article/comments")])
def test_database_outage_pages_say_the_wait_they_send(method, path):
    config = type("DownAndLimited", (UnreachableDatabaseConfig,), LIMITED)

    response = (
        create_app(config)
        .test_client()
        .open(path, method=method, data={"body": "Kept"}, headers={"Origin": "http://localhost"})
    )

    assert response.status_code == 503
    assert wait_in_words(response) == 30
    assert response.headers["Retry-After"] == "30"
