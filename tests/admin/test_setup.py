from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import select, update

from blog.admin.setup_tokens import issue_setup_token
from blog.extensions import db
from blog.models import SetupToken, User, UserRole
from blog.models.types import utcnow
from tests.admin.conftest import csrf_from, make_user

ACCOUNT = {
    "email": "First@Example.com",
    "name": "First Owner",
    "password": "a long enough password",
    "confirm": "a long enough password",
}


def _submit(client, token, **fields):
    page = client.get(f"/admin/setup?token={token}")
    data = {**ACCOUNT, **fields, "csrf_token": csrf_from(page.text)}
    return client.post(f"/admin/setup?token={token}", data=data)


def test_setup_link_creates_the_owner_and_signs_them_in(client):
    token = issue_setup_token()

    response = _submit(client, token)

    assert response.status_code == 302
    user = db.session.scalar(select(User))
    assert (user.email, user.name, user.role) == ("first@example.com", "First Owner", "owner")
    assert user.check_password(ACCOUNT["password"])
    assert client.get("/admin/").status_code == 200


def test_setup_link_works_only_once(client):
    token = issue_setup_token()
    _submit(client, token)
    client.post("/admin/logout", data={"csrf_token": csrf_from(client.get("/admin/").text)})

    response = client.get(f"/admin/setup?token={token}")

    assert response.status_code == 403
    assert "not valid" in response.text


def test_used_token_cannot_create_a_second_account_even_if_accounts_vanish(client):
    token = issue_setup_token()
    _submit(client, token)
    db.session.execute(User.__table__.delete())
    db.session.commit()

    assert client.get(f"/admin/setup?token={token}").status_code == 403


def test_setup_link_expires_after_an_hour(client):
    token = issue_setup_token()
    db.session.execute(update(SetupToken).values(expires_at=utcnow() - timedelta(seconds=1)))
    db.session.commit()

    assert client.get(f"/admin/setup?token={token}").status_code == 403


def test_setup_link_is_valid_for_an_hour(client):
    token = issue_setup_token()

    expires = db.session.scalar(select(SetupToken.expires_at))

    assert timedelta(minutes=59) < expires - utcnow() <= timedelta(minutes=60)
    assert client.get(f"/admin/setup?token={token}").status_code == 200


def test_setup_page_closes_once_an_account_exists(client):
    token = issue_setup_token()
    make_user("someone@example.com")

    assert client.get(f"/admin/setup?token={token}").status_code == 403


def test_wrong_or_missing_token_is_refused(client):
    issue_setup_token()

    assert client.get("/admin/setup?token=guess").status_code == 403
    assert client.get("/admin/setup").status_code == 403


def test_only_a_hash_of_the_token_is_stored(client):
    token = issue_setup_token()

    assert db.session.scalar(select(SetupToken.token_hash)) != token


def test_setup_form_errors_keep_what_was_typed(client):
    token = issue_setup_token()

    response = _submit(client, token, confirm="something else")

    assert response.status_code == 422
    assert "The two passwords differ." in response.text
    assert 'value="First Owner"' in response.text
    assert db.session.scalar(select(User)) is None
    assert client.get(f"/admin/setup?token={token}").status_code == 200  # not used up


def test_setup_link_command_prints_a_working_link(runner, client):
    result = runner.invoke(args=["setup-link", "--base-url", "http://127.0.0.1:8000"])

    match = re.search(r"http://127\.0\.0\.1:8000(/admin/setup\?token=\S+)", result.output)
    assert result.exit_code == 0 and match
    assert client.get(match.group(1)).status_code == 200


def test_setup_link_command_prints_no_link_once_an_account_exists(runner):
    make_user("owner@example.com", UserRole.OWNER)

    result = runner.invoke(args=["setup-link"])

    assert result.exit_code == 0
    assert "token=" not in result.output
    assert db.session.scalar(select(SetupToken)) is None


def test_setup_link_quiet_prints_nothing_once_an_account_exists(runner):
    make_user("owner@example.com", UserRole.OWNER)

    result = runner.invoke(args=["setup-link", "--quiet"])

    assert (result.exit_code, result.output) == (0, "")
