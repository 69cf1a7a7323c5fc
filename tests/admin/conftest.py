"""Staff accounts and a signed-in test client that sends the session's CSRF token."""

from __future__ import annotations

import re

import pytest
from flask import Flask, g
from flask.testing import FlaskClient
from werkzeug.security import generate_password_hash
from werkzeug.test import TestResponse

from blog.extensions import db
from blog.models import User, UserRole

PASSWORD = "correct horse battery"
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
# What a delete confirmation page's button sends besides the CSRF token.
CONFIRMED = {"confirm": "Delete"}


class BrowserLikeClient(FlaskClient):
    """Forgets per-request state between requests, as separate browser requests would.

    The `app` fixture keeps one app context for the whole test, and Flask reuses it for
    each request, so `g` (where Flask-WTF keeps the CSRF token and Flask-Login the user)
    would otherwise leak from one request into the next.
    """

    def open(self, *args, **kwargs) -> TestResponse:
        g.pop("csrf_token", None)
        g.pop("_login_user", None)
        return super().open(*args, **kwargs)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    app.test_client_class = BrowserLikeClient
    return app.test_client()


def csrf_from(html: str) -> str:
    match = CSRF.search(html)
    assert match, "the page has no CSRF token"
    return match.group(1)


def make_user(email: str, role: UserRole = UserRole.OWNER, name: str = "Olive Owner") -> User:
    user = User(email=email, name=name, role=role)
    # Cheap scrypt parameters keep the suite quick; the app's own hashing is tested apart.
    user.password_hash = generate_password_hash(PASSWORD, method="scrypt:1024:8:1")
    db.session.add(user)
    db.session.commit()
    return user


def sign_in(client: FlaskClient, email: str, password: str = PASSWORD, **query) -> TestResponse:
    token = csrf_from(client.get("/admin/login").text)
    return client.post(
        "/admin/login",
        query_string=query,
        data={"email": email, "password": password, "csrf_token": token},
    )


class AdminClient:
    """A browser signed in to the admin: every POST carries the session's CSRF token."""

    def __init__(self, client: FlaskClient, user: User) -> None:
        self.client, self.user = client, user
        assert sign_in(client, user.email).status_code == 302
        self.token = csrf_from(client.get("/admin/").text)

    def get(self, url: str, **kwargs) -> TestResponse:
        return self.client.get(url, **kwargs)

    def post(self, url: str, data: dict | None = None, **kwargs) -> TestResponse:
        return self.client.post(url, data={"csrf_token": self.token, **(data or {})}, **kwargs)


@pytest.fixture
def owner(app) -> User:
    return make_user("owner@example.com")


@pytest.fixture
def editor(app) -> User:
    return make_user("editor@example.com", UserRole.EDITOR, "Eddie Editor")


@pytest.fixture
def admin(client, owner) -> AdminClient:
    return AdminClient(client, owner)


@pytest.fixture
def editor_client(client, editor) -> AdminClient:
    return AdminClient(client, editor)
