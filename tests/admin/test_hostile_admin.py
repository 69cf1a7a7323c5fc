"""Every admin form answers hostile input with a 4xx and a message, or works; never a 5xx."""

from __future__ import annotations

import pytest
from hypothesis import given
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from blog.extensions import db
from blog.models import Article, Comment
from blog.settings import EDITABLE
from tests.admin.conftest import csrf_from
from tests.factories import make_article, make_comment
from tests.hostile import HOSTILE, form_fields

ARTICLE_FIELDS = ["title", "subtitle", "slug", "author_name", "body_markdown", "state",
                  "publish_at", "comments_open", "tag_names", "preview", "save"]  # fmt: skip
FORMS = {
    "/admin/settings/": [spec.name for spec in EDITABLE],
    "/admin/comments/{comment}/edit": ["body"],
    "/admin/comments/{comment}/reply": ["reply-body"],
    "/admin/comments/bulk": ["action", "ids", "confirm"],
    "/admin/comments/{comment}/delete": ["confirm"],
    "/admin/comments/erase": ["email", "mode"],
    "/admin/articles/new": ARTICLE_FIELDS,
    "/admin/articles/{article}/edit": ARTICLE_FIELDS,
    "/admin/articles/{article}/delete": ["confirm"],
    "/admin/users/": ["email", "name", "password", "confirm", "role"],
}


@pytest.fixture
def targets(app) -> dict[str, int]:
    article = make_article()
    return {"article": article.id, "comment": make_comment(article).id}


def assert_consistent() -> None:
    db.session.rollback()
    for article in db.session.scalars(select(Article)):
        assert article.title and "\x00" not in article.title + article.body_markdown
    for comment in db.session.scalars(select(Comment)):
        assert comment.body and "\x00" not in comment.body


@pytest.mark.parametrize("path", sorted(FORMS))
def test_admin_form_never_fails_on_hostile_fields(admin, targets, path):
    url = path.format(**targets)

    @HOSTILE
    @given(fields=form_fields(FORMS[path]))
    def post_hostile(fields):
        response = admin.post(url, MultiDict(fields))
        assert response.status_code < 500, response.text[:500]
        assert_consistent()

    post_hostile()


@pytest.mark.parametrize("path", sorted(FORMS))
def test_admin_forms_refuse_posts_without_the_csrf_token(admin, targets, path):
    response = admin.client.post(path.format(**targets), data={"title": "x"})

    assert response.status_code == 400


@pytest.mark.parametrize("with_token", [True, False])
@pytest.mark.parametrize("path", ["/admin/login", "/admin/setup?token=forged"])
def test_signed_out_forms_never_fail(client, with_token, path):
    token = csrf_from(client.get("/admin/login").text) if with_token else ""

    @HOSTILE
    @given(fields=form_fields(["email", "name", "password", "confirm"]))
    def post_hostile(fields):
        response = client.post(path, data=MultiDict([("csrf_token", token), *fields]))
        assert response.status_code < 500, response.text[:500]

    post_hostile()


def test_sign_in_with_a_nul_in_the_email_is_refused_not_a_crash(client):
    token = csrf_from(client.get("/admin/login").text)

    data = {"email": "a\x00b@example.com", "password": "x" * 12, "csrf_token": token}

    response = client.post("/admin/login", data=data)

    assert response.status_code == 422
