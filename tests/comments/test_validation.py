from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from blog.extensions import db
from blog.models import Comment
from tests.comments.helpers import post_comment
from tests.factories import make_article


def comment_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Comment))


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("body", "", "Please write a comment."),
        ("body", "   \n  ", "Please write a comment."),
        ("body", "x" * 10_001, "Keep your comment under 10,000 characters."),
        ("body", "bad \x00 byte", "Please remove the invisible control characters."),
        ("body", "bell \x07", "Please remove the invisible control characters."),
        ("author_name", "", "Please enter your name."),
        ("author_name", "n" * 101, "Keep your name under 100 characters."),
        ("author_name", "tab\tname", "Please remove the invisible control characters."),
        ("author_email", "", "Please enter your email address."),
        ("author_email", "not-an-email", "Please enter a valid email address."),
        ("author_email", "a@b", "Please enter a valid email address."),
        ("author_email", "x" * 250 + "@example.com", "Keep your email under 254 characters."),
        ("author_website", "javascript:alert(1)", "Enter a web address starting with http"),
        ("author_website", "ftp://files.example", "Enter a web address starting with http"),
        ("author_website", "https://" + "w" * 200 + ".com", "Keep the address under 200"),
    ],
)
def test_bad_field_is_refused_with_its_message_and_nothing_is_stored(
    client, field, value, message
):
    article = make_article()

    response = post_comment(client, article, **{field: value})

    assert response.status_code == 422
    assert message in response.text
    assert comment_count() == 0


def test_error_is_tied_to_its_field_and_everything_typed_is_kept(client):
    article = make_article()

    response = post_comment(
        client,
        article,
        body="My carefully written <comment>",
        author_name="Ann",
        author_email="broken",
        author_website="https://ann.example",
    )

    html = response.text
    assert re.search(r'id="author_email"[^>]*aria-describedby="author_email-error"', html) or (
        'aria-describedby="author_email-error"' in html
    )
    assert 'id="author_email-error"' in html
    assert 'aria-invalid="true"' in html
    assert "My carefully written &lt;comment&gt;</textarea>" in html
    assert 'value="Ann"' in html
    assert 'value="broken"' in html
    assert 'value="https://ann.example"' in html


def test_failed_post_is_not_cached(client):
    article = make_article()

    response = post_comment(client, article, body="")

    assert response.headers["Cache-Control"] == "private, no-store"


def test_optional_website_may_be_left_empty(client):
    article = make_article()

    response = post_comment(client, article, author_website="")

    assert response.status_code == 303
