from __future__ import annotations

from blog import create_app
from config import TestingConfig


def test_static_files_are_served_with_cache_headers(client):
    with client.get("/static/css/site.css") as response:
        pass

    assert response.status_code == 200
    assert "max-age=3600" in response.headers["Cache-Control"]
    assert "ETag" in response.headers


def test_static_files_can_be_left_to_nginx():
    class NginxServesStatic(TestingConfig):
        SERVE_STATIC = False

    with create_app(NginxServesStatic).test_client().get("/static/css/site.css") as response:
        pass

    # Flask's own fallback still answers, but without WhiteNoise's long-lived headers.
    assert "max-age=3600" not in response.headers.get("Cache-Control", "")
