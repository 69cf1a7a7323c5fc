"""Every admin page is closed to anonymous visitors, and every state change needs CSRF."""

from __future__ import annotations

import pytest
from flask import Flask

from blog import create_app
from config import TestingConfig
from tests.admin.conftest import csrf_from
from tests.factories import make_article, make_comment

OPEN = {"admin.auth.login", "admin.auth.setup"}


# A sample value for each URL argument; a new argument name fails loudly until added here.
SAMPLE_ARGUMENTS = {"article_id": 1, "comment_id": 1, "user_id": 1, "action": "approve"}


def _admin_rules(app: Flask) -> list[tuple[str, str]]:
    """(url, method) for every GET and POST admin rule."""
    urls = app.url_map.bind("localhost")
    cases = []
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/admin") or rule.endpoint in OPEN:
            continue
        values = {name: SAMPLE_ARGUMENTS[name] for name in rule.arguments}
        url = urls.build(rule.endpoint, values)
        cases.extend((url, method) for method in sorted(rule.methods & {"GET", "POST"}))
    return cases


ADMIN_RULES = _admin_rules(create_app(TestingConfig))


def test_the_route_list_covers_every_kind_of_admin_page():
    urls = {url for url, _ in ADMIN_RULES}

    assert {"/admin/", "/admin/articles/new", "/admin/comments/1/approve"} <= urls
    assert ("/admin/comments/1/delete", "GET") in ADMIN_RULES
    assert ("/admin/comments/1/delete", "POST") in ADMIN_RULES
    assert all("<" not in url for url in urls)
    assert len(ADMIN_RULES) >= 20


@pytest.mark.parametrize(("url", "method"), ADMIN_RULES)
def test_anonymous_visitor_is_sent_to_sign_in(client, url, method):
    # A valid CSRF token, so POSTs reach the sign-in guard rather than stop at CSRF.
    token = csrf_from(client.get("/admin/login").text)

    response = client.open(url, method=method, data={"csrf_token": token})

    assert response.status_code == 302
    assert response.headers["Location"].startswith("/admin/login?next=")
    assert "csrf_token" not in response.text


def test_admin_post_without_csrf_token_is_refused(admin):
    comment = make_comment(make_article(), status="pending")

    response = admin.client.post(f"/admin/comments/{comment.id}/approve")

    assert response.status_code == 400
    assert comment.status == "pending"


def test_sign_in_without_csrf_token_is_refused(client, owner):
    response = client.post(
        "/admin/login", data={"email": owner.email, "password": "correct horse battery"}
    )

    assert response.status_code == 400
    assert client.get("/admin/").status_code == 302


def test_sign_out_is_post_only(admin):
    assert admin.get("/admin/logout").status_code == 405

    response = admin.post("/admin/logout")

    assert response.status_code == 302
    assert admin.get("/admin/").status_code == 302


def test_editor_cannot_manage_accounts(editor_client):
    assert editor_client.get("/admin/users/").status_code == 403
    assert editor_client.post("/admin/users/1/delete").status_code == 403


def test_editor_can_write_and_moderate(editor_client):
    assert editor_client.get("/admin/articles/new").status_code == 200
    assert editor_client.get("/admin/comments/").status_code == 200


def test_admin_pages_are_never_cached(admin):
    assert admin.get("/admin/").headers["Cache-Control"] == "private, no-store"


def test_editor_sees_no_users_link(editor_client):
    assert 'href="/admin/users/"' not in editor_client.get("/admin/").text
