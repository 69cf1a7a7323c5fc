from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from flask import url_for
from flask.testing import FlaskClient

from blog import create_app
from blog.assets import FAR_FUTURE
from blog.extensions import db
from config import TestingConfig


def stylesheet_url(html: str) -> str:
    return re.search(r'<link rel="stylesheet" href="([^"]+)">', html).group(1)


def test_static_urls_carry_a_hash_of_the_file(client):
    url = stylesheet_url(client.get("/").text)

    assert re.fullmatch(r"/static/css/site\.css\?v=[0-9a-f]{12}", url)


class FlaskServesStatic(TestingConfig):
    SERVE_STATIC = False


@pytest.fixture
def flask_static(app) -> Iterator[FlaskClient]:
    """Flask's own static view (WhiteNoise off): tests/serving/test_static.py covers WhiteNoise."""
    flask_app = create_app(FlaskServesStatic)
    yield flask_app.test_client()
    with flask_app.app_context():
        db.engine.dispose()


def test_hashed_static_url_is_cached_for_a_year(flask_static):
    client = flask_static
    with client.get(stylesheet_url(client.get("/").text)) as response:
        pass

    assert response.status_code == 200
    assert response.cache_control.max_age == FAR_FUTURE
    assert response.cache_control.immutable and response.cache_control.public
    assert not response.cache_control.no_cache


def test_unhashed_or_stale_static_url_must_revalidate(flask_static):
    client = flask_static
    with (
        client.get("/static/css/site.css") as plain,
        client.get("/static/css/site.css?v=000000000000") as stale,
    ):
        pass

    assert plain.cache_control.no_cache and plain.cache_control.max_age is None
    assert stale.cache_control.no_cache


def test_changing_a_file_changes_its_url(app, tmp_path):
    (tmp_path / "a.css").write_text("a{}")
    app.static_folder = str(tmp_path)
    with app.test_request_context():
        before = url_for("static", filename="a.css")
        (tmp_path / "a.css").write_text("a{color:red}")
        after = url_for("static", filename="a.css")

    assert before != after
