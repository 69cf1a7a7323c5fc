"""Every public route with every status code a reader can meet (POST outcomes in comments/)."""

from __future__ import annotations

import pytest
from flask import Flask, abort

from blog.models import ArticleStatus
from tests.factories import make_article

ROUTES = [
    ("GET", "/", 200),
    ("HEAD", "/", 200),
    ("GET", "/?page=1", 200),
    ("GET", "/?page=2", 404),
    ("GET", "/?page=0", 404),
    ("GET", "/?page=abc", 404),
    ("POST", "/", 405),
    ("GET", "/story/", 200),
    ("HEAD", "/story/", 200),
    ("GET", "/story", 308),
    ("GET", "/story/?replyto=abc", 200),
    ("GET", "/story/?replyto=999999", 200),
    ("GET", "/draft-story/", 404),
    ("GET", "/no-such-story/", 404),
    ("GET", "/story/extra/path", 404),
    ("PUT", "/story/", 405),
    ("DELETE", "/story/", 405),
    ("GET", "/story/comments", 405),
    ("POST", "/story/comments", 400),  # no signed form token
    ("POST", "/draft-story/comments", 404),
    ("POST", "/no-such-story/comments", 404),
    ("GET", "/static/css/site.css", 200),
    ("GET", "/static/css/missing.css", 404),
]


@pytest.fixture
def site(app: Flask) -> None:
    make_article(slug="story")
    make_article(slug="draft-story", status=ArticleStatus.DRAFT)


@pytest.mark.parametrize(("method", "path", "status"), ROUTES)
def test_route_answers_with_its_status(client, site, method, path, status):
    with client.open(path, method=method) as response:
        assert response.status_code == status


@pytest.mark.parametrize(
    ("method", "path"), [(m, p) for m, p, s in ROUTES if s >= 400 and m not in ("HEAD",)]
)
def test_every_error_is_a_page_of_the_site_with_a_link_home(client, site, method, path):
    with client.open(path, method=method) as response:
        assert response.mimetype == "text/html"
        assert '<a class="site-name" href="/">' in response.text
        assert "Traceback" not in response.text


def test_unexpected_error_gives_the_sites_500_page(app, client):
    app.config["PROPAGATE_EXCEPTIONS"] = False
    app.add_url_rule("/boom/", "boom", lambda: abort(500))
    app.add_url_rule("/crash/", "crash", lambda: 1 / 0)

    for path in ("/boom/", "/crash/"):
        response = client.get(path)
        assert response.status_code == 500
        assert "<h1>Internal Server Error</h1>" in response.text
        assert "ZeroDivisionError" not in response.text
