"""The anonymous form's cross-site protection: browser headers plus a signed token."""

from __future__ import annotations

import pytest
from itsdangerous import URLSafeTimedSerializer
from sqlalchemy import func, select

from blog.comments.protection import TOKEN_SALT
from blog.extensions import db
from blog.models import Comment
from tests.comments.helpers import VALID, post_comment
from tests.factories import make_article


def comment_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Comment))


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "https://evil.example"},
        {"Origin": "null"},
        {"Sec-Fetch-Site": "cross-site"},
        {"Sec-Fetch-Site": "same-site"},
    ],
)
def test_cross_site_post_is_refused_with_the_text_kept(client, headers):
    article = make_article()

    response = post_comment(client, article, headers=headers, body="Keep me please")

    assert response.status_code == 403
    assert "sent from another website" in response.text
    assert "Keep me please</textarea>" in response.text
    assert comment_count() == 0


def test_post_without_browser_headers_is_accepted_on_a_valid_token(client):
    article = make_article()
    page = client.get(f"/{article.slug}/").text
    from tests.conftest import form_token

    response = client.post(
        f"/{article.slug}/comments", data={**VALID, "form_token": form_token(page)}
    )

    assert response.status_code == 303


@pytest.mark.parametrize("token", ["", "garbage", "eyJhcnRpY2xlIjoxfQ.forged.signature"])
def test_missing_or_forged_token_is_refused_with_the_text_kept(client, token):
    article = make_article()

    response = post_comment(client, article, form_token=token, body="Still here")

    assert response.status_code == 400
    assert "could not verify this form" in response.text
    assert "Still here</textarea>" in response.text
    assert comment_count() == 0


def test_token_for_another_article_is_refused(client, app):
    article = make_article()
    other = make_article()
    token = URLSafeTimedSerializer(app.config["SECRET_KEY"], salt=TOKEN_SALT).dumps(
        {"article": other.id}
    )

    response = post_comment(client, article, form_token=token)

    assert response.status_code == 400
    assert "belongs to another article" in response.text


def test_expired_token_is_refused_and_a_fresh_one_is_given(client, app):
    app.config["COMMENT_FORM_MAX_AGE"] = -1
    article = make_article()

    response = post_comment(client, article, body="Old form")

    assert response.status_code == 400
    assert "open for too long" in response.text
    assert 'name="form_token"' in response.text


def test_comment_form_does_not_need_a_session_csrf_token(client):
    article = make_article()

    response = post_comment(client, article)

    assert response.status_code == 303
    assert "csrf_token" not in client.get(f"/{article.slug}/").text
