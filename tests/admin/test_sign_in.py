from __future__ import annotations

import logging
from datetime import timedelta

import pytest
from sqlalchemy import update

from blog.extensions import db
from blog.models import SignInAttempt, User, UserRole
from blog.models.types import utcnow
from tests.admin.conftest import PASSWORD, csrf_from, sign_in


def test_owner_signs_in_and_reaches_the_dashboard(client, owner):
    response = sign_in(client, owner.email)

    assert response.status_code == 302
    assert response.headers["Location"] == "/admin/"
    assert "Dashboard" in client.get("/admin/").text


def test_email_is_not_case_sensitive(client, owner):
    assert sign_in(client, "Owner@Example.COM").status_code == 302


def test_wrong_password_is_refused_with_a_message(client, owner):
    response = sign_in(client, owner.email, "not the password")

    assert response.status_code == 422
    assert "do not match an account" in response.text
    assert client.get("/admin/").status_code == 302


def test_overlong_email_is_refused_without_an_error(client, owner):
    response = sign_in(client, "a" * 300 + "@example.com", "whatever")

    assert response.status_code == 422


def test_next_leads_back_to_the_page_asked_for(client, owner):
    response = sign_in(client, owner.email, next="/admin/comments/?status=spam")

    assert response.headers["Location"] == "/admin/comments/?status=spam"


@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:x"]
)
def test_next_never_leads_to_another_site(client, owner, target):
    response = sign_in(client, owner.email, next=target)

    assert response.headers["Location"] == "/admin/"


def test_session_cookie_is_httponly_and_samesite_lax(client, owner):
    response = sign_in(client, owner.email)

    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
    assert "Secure" not in cookie


def test_session_cookie_is_secure_on_an_https_request(client, owner):
    https = "https://localhost"
    token = csrf_from(client.get("/admin/login", base_url=https).text)

    response = client.post(
        "/admin/login",
        base_url=https,
        headers={"Referer": f"{https}/admin/login"},  # Flask-WTF checks it on https
        data={"email": owner.email, "password": PASSWORD, "csrf_token": token},
    )

    assert response.status_code == 302
    assert "Secure" in response.headers["Set-Cookie"]


def test_session_cookie_is_secure_when_the_site_is_https(app, client, owner):
    app.config["SESSION_COOKIE_SECURE"] = True  # what PREFERRED_URL_SCHEME=https sets

    response = sign_in(client, owner.email)

    assert "Secure" in response.headers["Set-Cookie"]


def _fail(client, email, times, ip="127.0.0.1"):
    for _ in range(times):
        sign_in(client, email, "wrong password", environ_base={"REMOTE_ADDR": ip})


def test_sixth_try_after_five_failures_for_an_account_gets_429(client, owner):
    _fail(client, owner.email, 5)

    response = sign_in(client, owner.email)  # even the right password

    assert response.status_code == 429
    assert "wait 15 minutes" in response.text
    assert client.get("/admin/").status_code == 302


def test_four_failures_do_not_throttle(client, owner):
    _fail(client, owner.email, 4)

    assert sign_in(client, owner.email).status_code == 302


def test_five_failures_from_one_ip_throttle_every_account(client, owner):
    for n in range(5):
        sign_in(client, f"guess{n}@example.com", "wrong password")

    assert sign_in(client, owner.email).status_code == 429


def test_throttle_lifts_when_the_window_has_passed(client, owner):
    _fail(client, owner.email, 5)
    db.session.execute(
        update(SignInAttempt).values(created_at=utcnow() - timedelta(minutes=15, seconds=1))
    )
    db.session.commit()

    assert sign_in(client, owner.email).status_code == 302


def test_sign_ins_are_logged_without_passwords(client, owner, caplog):
    caplog.set_level(logging.INFO, logger="blog.admin.sign_in")

    sign_in(client, owner.email, "a-wrong-secret")
    sign_in(client, owner.email)

    messages = [record.getMessage() for record in caplog.records]
    assert messages == [
        "sign-in failed for owner@example.com from 127.0.0.1",
        "sign-in succeeded for owner@example.com from 127.0.0.1",
    ]
    assert "a-wrong-secret" not in caplog.text and PASSWORD not in caplog.text


def test_password_is_stored_as_a_memory_hard_hash(app):
    user = User(email="hash@example.com", name="Hash", role=UserRole.EDITOR)

    user.set_password(PASSWORD)

    assert user.password_hash.startswith("scrypt:32768:8:1$")  # werkzeug's default cost
    assert user.check_password(PASSWORD)
    assert PASSWORD not in user.password_hash
