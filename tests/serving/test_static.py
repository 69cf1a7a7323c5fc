from __future__ import annotations

import re

from blog import create_app
from blog.assets import FAR_FUTURE
from config import TestingConfig


def hashed_stylesheet(client) -> str:
    return re.search(r'href="(/static/css/site\.css\?v=[0-9a-f]{12})"', client.get("/").text)[1]


def test_static_files_are_served_with_cache_headers(client):
    with client.get("/static/css/site.css") as response:
        pass

    assert response.status_code == 200
    assert "max-age=3600" in response.headers["Cache-Control"]
    assert "ETag" in response.headers


def test_hashed_url_is_immutable_for_a_year_under_whitenoise(client):
    url = hashed_stylesheet(client)
    with client.get(url) as response:
        pass
    with client.get(url, headers={"If-None-Match": response.headers["ETag"]}) as again:
        pass

    assert response.status_code == 200
    assert response.headers["Cache-Control"] == f"public, max-age={FAR_FUTURE}, immutable"
    assert response.headers.getlist("Cache-Control") == [response.headers["Cache-Control"]]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert again.status_code == 304
    assert again.headers["Cache-Control"] == response.headers["Cache-Control"]


def test_unhashed_and_stale_urls_stay_short_under_whitenoise(client):
    with (
        client.get("/static/css/site.css") as plain,
        client.get("/static/css/site.css?v=000000000000") as stale,
        client.get("/static/css/site.css?x=1") as other,
    ):
        pass

    for response in (plain, stale, other):
        assert response.status_code == 200
        assert response.cache_control.max_age == 3600
        assert not response.cache_control.immutable


def test_a_hash_is_only_honoured_for_the_file_it_belongs_to(client):
    digest = hashed_stylesheet(client).split("v=")[1]

    with client.get(f"/static/js/nothing-here.js?v={digest}") as missing:
        pass
    with client.get(f"/static/css/admin.css?v={digest}") as response:
        pass

    assert missing.status_code == 404
    assert response.status_code == 200
    assert response.cache_control.max_age == 3600
    assert not response.cache_control.immutable


def test_static_files_can_be_left_to_nginx():
    class NginxServesStatic(TestingConfig):
        SERVE_STATIC = False

    with create_app(NginxServesStatic).test_client().get("/static/css/site.css") as response:
        pass

    # Flask's own fallback still answers, but without WhiteNoise's long-lived headers.
    assert "max-age=3600" not in response.headers.get("Cache-Control", "")
