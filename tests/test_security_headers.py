"""Every response tells the browser to run only our own files and to keep to itself."""

from __future__ import annotations

import pytest

from tests.comments.helpers import post_comment
from tests.factories import make_article


@pytest.fixture
def pages(client):
    article = make_article()
    stylesheet = client.get("/static/css/site.css")
    stylesheet.close()  # a file response; its headers are all we need
    return {
        "home": client.get("/"),
        "article": client.get(f"/{article.slug}/"),
        "not found": client.get("/no-such-article/"),
        "stylesheet": stylesheet,
        "comment redirect": post_comment(client, article),
    }


def test_content_security_policy_is_strict_and_has_no_unsafe_inline(pages):
    for name, response in pages.items():
        policy = response.headers["Content-Security-Policy"]
        directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
        assert "unsafe" not in policy, name
        assert directives["default-src"] == "'self'"
        assert directives["script-src"] == "'self'"
        assert directives["style-src"] == "'self'"
        assert directives["object-src"] == "'none'"
        assert directives["base-uri"] == "'none'"
        assert directives["form-action"] == "'self'"
        assert directives["frame-ancestors"] == "'none'"


def test_nosniff_on_every_response(pages):
    assert {r.headers["X-Content-Type-Options"] for r in pages.values()} == {"nosniff"}


def test_referrer_policy_on_every_response(pages):
    assert {r.headers["Referrer-Policy"] for r in pages.values()} == {
        "strict-origin-when-cross-origin"
    }


def test_framing_is_refused_on_every_response(pages):
    assert {r.headers["X-Frame-Options"] for r in pages.values()} == {"DENY"}


def test_permissions_policy_turns_off_powerful_features(pages):
    for response in pages.values():
        policy = response.headers["Permissions-Policy"]
        for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
            assert f"{feature}=()" in policy


def test_hsts_only_over_https(client):
    plain = client.get("/")
    secure = client.get("/", base_url="https://localhost")

    assert "Strict-Transport-Security" not in plain.headers
    assert secure.headers["Strict-Transport-Security"].startswith("max-age=31536000")


def test_pages_carry_no_inline_script_or_style(pages):
    for name in ("home", "article"):
        html = pages[name].text
        assert "<script" not in html and "<style" not in html and "style=" not in html


def test_session_and_remember_cookies_are_httponly_and_samesite(app):
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert app.config["REMEMBER_COOKIE_HTTPONLY"] is True
    assert app.config["REMEMBER_COOKIE_SAMESITE"] == "Lax"


def test_the_commenters_cookies_are_httponly_and_samesite(client):
    article = make_article()

    response = post_comment(client, article, save_details="y")

    cookies = response.headers.getlist("Set-Cookie")
    assert cookies
    for cookie in cookies:
        assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
