from __future__ import annotations

import io
from urllib.parse import urlencode

from sqlalchemy import func, select

from blog.comments.forms import BODY_MAX, NAME_MAX, WEBSITE_MAX
from blog.extensions import db
from blog.models import Comment
from config import LONGEST_COMMENT_POST_BYTES, Config
from tests.comments.helpers import post_comment
from tests.factories import make_article

SAME_ORIGIN = {"Origin": "http://localhost", "Sec-Fetch-Site": "same-origin"}


class CountingStream(io.BytesIO):
    """A request body that remembers how much of it the app read."""

    def __init__(self, size: int) -> None:
        super().__init__(b"body=" + b"x" * (size - 5))
        self.bytes_read = 0

    def read(self, size: int | None = -1) -> bytes:
        chunk = super().read(size)
        self.bytes_read += len(chunk)
        return chunk


def comment_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Comment))


def test_a_body_over_the_limit_gets_a_413_page_without_being_read(client):
    article = make_article()
    limit = client.application.config["MAX_CONTENT_LENGTH"]
    body = CountingStream(limit + 1)

    response = client.post(
        f"/{article.slug}/comments",
        input_stream=body,
        content_length=limit + 1,
        content_type="application/x-www-form-urlencoded",
        headers=SAME_ORIGIN,
    )

    assert response.status_code == 413
    assert "larger than the 3 MB this site accepts" in response.text
    assert "<h1>Request Entity Too Large</h1>" in response.text
    assert body.bytes_read == 0
    assert comment_count() == 0


def test_the_limit_is_configurable(app, client):
    app.config["MAX_CONTENT_LENGTH"] = 2048
    article = make_article()

    response = post_comment(client, article, body="y" * 3000)

    assert response.status_code == 413
    assert "larger than the 2 KB this site accepts" in response.text


def test_a_long_but_not_huge_comment_still_gets_its_own_message(client):
    article = make_article()
    body = "é" * 100_000  # 10 times the comment limit, 600 KB form-encoded

    response = post_comment(client, article, body=body)

    assert response.status_code == 422
    assert "Keep your comment under 10,000 characters." in response.text
    assert comment_count() == 0


def test_the_longest_article_the_admin_form_allows_fits_under_the_default_limit():
    longest = urlencode({"body_markdown": "😀" * 200_000, "title": "t" * 300})

    assert len(longest.encode()) < Config.MAX_CONTENT_LENGTH


def test_the_longest_comment_the_form_allows_gets_through_the_lowest_limit(app, client):
    """MAX_CONTENT_LENGTH may not go below LONGEST_COMMENT_POST_BYTES: this is why."""
    app.config["MAX_CONTENT_LENGTH"] = LONGEST_COMMENT_POST_BYTES
    article = make_article()
    website = "https://example.org/"
    email = f"{'a' * 64}@{'b' * 63}.{'c' * 63}.{'d' * 57}.org"  # 254 characters, the most

    response = post_comment(
        client,
        article,
        body="😀" * BODY_MAX,  # 12 bytes each form-encoded (%F0%9F%98%80)
        author_name="😀" * NAME_MAX,
        author_email=email,
        author_website=website + "😀" * (WEBSITE_MAX - len(website)),
    )

    assert response.status_code == 303
    assert comment_count() == 1
