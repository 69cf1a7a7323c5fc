from __future__ import annotations

from sqlalchemy import select

from blog.extensions import db
from blog.models import User

NEW = {
    "email": "new@example.com",
    "name": "New Editor",
    "role": "editor",
    "password": "a long enough password",
    "confirm": "a long enough password",
}


def test_owner_adds_an_editor_who_can_then_sign_in(admin, app):
    response = admin.post("/admin/users/", NEW)

    assert response.status_code == 302
    user = db.session.scalar(select(User).where(User.email == "new@example.com"))
    assert user.role == "editor" and user.check_password(NEW["password"])


def test_duplicate_email_is_refused(admin, owner):
    response = admin.post("/admin/users/", {**NEW, "email": owner.email})

    assert response.status_code == 422
    assert "exists" in response.text


def test_owner_deletes_another_account(admin, editor):
    admin.post(f"/admin/users/{editor.id}/delete")

    assert db.session.scalar(select(User.email)) == "owner@example.com"


def test_owner_cannot_delete_their_own_account(admin, owner):
    admin.post(f"/admin/users/{owner.id}/delete")

    assert db.session.scalar(select(User.email)) == "owner@example.com"


def test_users_page_link_is_shown_to_owners_only(admin, editor):
    assert 'href="/admin/users/"' in admin.get("/admin/").text
