"""Signing a staff member in through the real login form, for tests of admin pages."""

from __future__ import annotations

import re

from flask.testing import FlaskClient

from blog.extensions import db
from blog.models import User, UserRole

PASSWORD = "correct horse battery staple"
CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


def csrf_token(html: str) -> str:
    match = CSRF.search(html)
    assert match, "the page has no CSRF token"
    return match.group(1)


def sign_in(client: FlaskClient, role: UserRole = UserRole.OWNER) -> User:
    user = User(email=f"{role.value}@example.com", name=f"The {role.value}", role=role)
    user.set_password(PASSWORD)
    db.session.add(user)
    db.session.commit()
    page = client.get("/admin/login")
    response = client.post(
        "/admin/login",
        data={"email": user.email, "password": PASSWORD, "csrf_token": csrf_token(page.text)},
    )
    assert response.status_code == 302, response.text
    return user
