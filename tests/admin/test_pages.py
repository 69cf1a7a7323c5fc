"""Every admin page is well formed, labelled, and free of inline script and style."""

from __future__ import annotations

import pytest

from blog.admin.setup_tokens import issue_setup_token
from blog.extensions import db
from blog.models import ArticleStatus, User
from tests.admin.markup import page_problems
from tests.factories import make_article, make_comment

SIGNED_IN_PAGES = [
    "/admin/",
    "/admin/articles/",
    "/admin/articles/new",
    "/admin/articles/{article}/edit",
    "/admin/articles/{article}/delete",
    "/admin/comments/?status=all",
    "/admin/comments/{comment}",
    "/admin/comments/{comment}/delete",
    "/admin/comments/erase",
    "/admin/comments/log",
    "/admin/users/",
]


@pytest.fixture
def content(app, admin):
    article = make_article(title="Sample <b>story</b>")
    make_article(title="A draft", status=ArticleStatus.DRAFT)
    comment = make_comment(article, author_website="https://a.example", ip_address="192.0.2.1")
    make_comment(article, status="pending", parent_id=comment.id)
    make_comment(article, status="spam")
    admin.post(f"/admin/comments/{comment.id}/unapprove")
    return {"article": article.id, "comment": comment.id}


@pytest.mark.parametrize("url", SIGNED_IN_PAGES)
def test_signed_in_page_is_well_formed_and_labelled(admin, content, url):
    response = admin.get(url.format(**content))

    assert response.status_code == 200
    assert page_problems(response.text) == []
    assert "<b>story</b>" not in response.text


def test_sign_in_page_is_well_formed_and_labelled(client):
    assert page_problems(client.get("/admin/login").text) == []


def test_setup_pages_are_well_formed_and_labelled(client):
    token = issue_setup_token()

    assert page_problems(client.get(f"/admin/setup?token={token}").text) == []
    assert page_problems(client.get("/admin/setup?token=wrong").text) == []


def test_editor_with_errors_and_preview_is_well_formed(admin):
    errors = admin.post("/admin/articles/new", {"title": "", "save": "Save"})
    preview = admin.post(
        "/admin/articles/new", {"title": "T", "body_markdown": "# Hi", "preview": "Preview"}
    )

    assert page_problems(errors.text) == []
    assert page_problems(preview.text) == []


def test_delete_confirmations_are_well_formed(admin, content):
    refused = admin.post(f"/admin/comments/{content['comment']}/delete")
    bulk = admin.post("/admin/comments/bulk", {"action": "delete", "ids": content["comment"]})

    assert refused.status_code == 422
    assert page_problems(refused.text) == []
    assert bulk.status_code == 200
    assert page_problems(bulk.text) == []


def test_the_checker_finds_what_it_looks_for():
    bad = '<h1>x</h1><p id="a"><input id="a" style="x"><div></p><script></script>'

    problems = page_problems(bad)

    assert "duplicate id 'a'" in problems
    assert "<input id='a'> has no label" in problems
    assert "inline style on <input>" in problems
    assert "a <script> (the CSP allows none)" in problems
    assert any(p.startswith("</p> closes <div>") for p in problems)


def test_staff_names_are_escaped(admin):
    user = db.session.get(User, admin.user.id)
    user.name = "<i>Olive</i>"
    db.session.commit()

    assert "<i>Olive</i>" not in admin.get("/admin/").text
