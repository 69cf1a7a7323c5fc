"""No input makes the site fail: every public form answers a 4xx with a message, or works.

Property tests throw arbitrary Unicode, control characters, NUL bytes, bidi overrides, huge
strings, unknown, missing and repeated fields, malformed encodings and wrong methods at the
comment form, and check that the database is left consistent.
"""

from __future__ import annotations

from urllib.parse import quote

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from blog.comments.forms import BODY_MAX, EMAIL_MAX, NAME_MAX, WEBSITE_MAX
from blog.comments.protection import issue_form_token
from blog.extensions import db
from blog.models import Comment, CommentStatus
from tests.factories import make_article, make_comment
from tests.hostile import HOSTILE, form_fields, values

COMMENT_FIELDS = [
    "body", "author_name", "author_email", "author_website", "save_details", "parent_id",
    "form_token", "subject",
]  # fmt: skip
SAME_ORIGIN = {"Origin": "http://localhost", "Sec-Fetch-Site": "same-origin"}
ALLOWED_IN_BODY = {"\n", "\r", "\t"}


@pytest.fixture
def article(app):
    article = make_article()
    make_comment(article)  # something to reply to
    return article


@pytest.fixture
def token(app, article) -> str:
    with app.test_request_context():
        return issue_form_token(article.id)


def assert_comments_consistent() -> None:
    """Whatever was stored passed every rule: lengths, no control characters, valid status."""
    db.session.rollback()  # read what was committed, not what this session holds
    for comment in db.session.scalars(select(Comment)):
        assert comment.status in set(CommentStatus)
        assert 0 < len(comment.body) <= BODY_MAX
        assert 0 < len(comment.author_name) <= NAME_MAX
        assert len(comment.author_email) <= EMAIL_MAX and "@" in comment.author_email
        assert len(comment.author_website or "") <= WEBSITE_MAX
        assert "\x00" not in comment.body + comment.author_name + comment.author_email
        controls = {c for c in comment.body if ord(c) < 32} - ALLOWED_IN_BODY
        assert not controls


def assert_clear_answer(response) -> None:
    assert response.status_code < 500, response.text[:500]
    if response.status_code >= 400:
        assert "<h1>" in response.text or 'role="alert"' in response.text


@HOSTILE
@given(fields=form_fields(COMMENT_FIELDS))
def test_comment_form_never_fails_on_any_fields(client, article, token, fields):
    data = MultiDict([("form_token", token), *fields])

    response = client.post(f"/{article.slug}/comments", data=data, headers=SAME_ORIGIN)

    assert_clear_answer(response)
    assert_comments_consistent()


@HOSTILE
@given(body=values, name=values, email=values, website=values, parent=values)
def test_comment_form_with_every_field_hostile(
    client, article, token, body, name, email, website, parent
):
    data = {"form_token": token, "body": body, "author_name": name, "author_email": email,
            "author_website": website, "parent_id": parent}  # fmt: skip

    response = client.post(f"/{article.slug}/comments", data=data, headers=SAME_ORIGIN)

    assert_clear_answer(response)
    assert_comments_consistent()


@HOSTILE
@given(body=values)
def test_hostile_text_with_valid_details_is_stored_verbatim_or_refused(
    client, article, token, body
):
    data = {"form_token": token, "body": body, "author_name": "Reader",
            "author_email": "reader@example.com"}  # fmt: skip

    response = client.post(f"/{article.slug}/comments", data=data, headers=SAME_ORIGIN)

    assert_clear_answer(response)
    if response.status_code == 303:
        stored = db.session.scalars(select(Comment).order_by(Comment.id.desc())).first()
        assert stored.body == body.strip()
    assert_comments_consistent()


@HOSTILE
@given(raw=st.binary(max_size=2000))
def test_malformed_urlencoded_bodies_never_fail(client, article, raw):
    response = client.post(
        f"/{article.slug}/comments",
        data=raw,
        content_type="application/x-www-form-urlencoded",
        headers=SAME_ORIGIN,
    )

    assert_clear_answer(response)
    assert_comments_consistent()


URLENCODED = "application/x-www-form-urlencoded"
UNFINISHED_PART = b'--x\r\nContent-Disposition: form-data; name="body"\r\n\r\nhi'


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (b"body=%ff%fe%00&author_name=%E2%80%AE&form_token=%zz", URLENCODED),
        (UNFINISHED_PART, "multipart/form-data; boundary=x"),
        (b"--x--", "multipart/form-data"),
        (b"\xff\xfe\x00\x00", "multipart/form-data; boundary=\xff"),
        (b'{"body": "json"}', "application/json"),
        (b"body=x", "text/plain; charset=utf-99"),
    ],
)
def test_broken_encodings_get_a_clear_4xx(client, article, body, content_type):
    response = client.post(
        f"/{article.slug}/comments", data=body, content_type=content_type, headers=SAME_ORIGIN
    )

    assert 400 <= response.status_code < 500
    assert_comments_consistent()


@pytest.mark.parametrize("method", ["GET", "PUT", "PATCH", "DELETE"])
def test_wrong_methods_on_the_comment_form_get_405(client, article, method):
    response = client.open(f"/{article.slug}/comments", method=method)

    assert response.status_code == 405


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE"])
@pytest.mark.parametrize("path", ["/", "/{slug}/"])
def test_wrong_methods_on_reader_pages_get_405(client, article, method, path):
    response = client.open(path.format(slug=article.slug), method=method)

    assert response.status_code == 405


@HOSTILE
@given(replyto=values, page=values)
def test_reader_pages_never_fail_on_any_query_string(client, article, replyto, page):
    assert client.get(f"/{article.slug}/", query_string={"replyto": replyto}).status_code == 200
    assert client.get("/", query_string={"page": page}).status_code in (200, 404)


@HOSTILE
@given(query=values, page=values)
def test_search_form_never_fails(client, article, query, page):
    response = client.get("/search", query_string={"q": query, "page": page})

    assert_clear_answer(response)


@HOSTILE
@given(slug=values)
def test_tag_pages_and_feeds_never_fail_on_any_slug(client, article, slug):
    for path in ("/tags/{}/", "/tags/{}/atom.xml"):
        response = client.get(path.format(quote(slug, safe="")))
        assert_clear_answer(response)


def test_a_reader_still_gets_through_after_the_onslaught(client, article, token):
    data = {"form_token": token, "body": "A normal comment.", "author_name": "Reader",
            "author_email": "calm@example.com"}  # fmt: skip

    response = client.post(f"/{article.slug}/comments", data=data, headers=SAME_ORIGIN)

    assert response.status_code == 303


@pytest.mark.parametrize("page", ["922337203685477582", "-1", "0", " 99999999999", "١٢٣٤٥٦٧٨٩٠١٢"])
@pytest.mark.parametrize("path", ["/", "/admin/comments/", "/admin/articles/"])
def test_out_of_range_page_numbers_are_404_not_a_crash(client, path, page):
    response = client.get(path, query_string={"page": page})

    assert response.status_code == 404


@pytest.mark.parametrize("path", ["/%00/", "/tags/%00/", "/tags/a%1fb/atom.xml", "/%7f/comments"])
def test_a_path_segment_with_a_control_character_is_not_found(client, path):
    assert client.get(path).status_code == 404
