from __future__ import annotations

import time

from flask import Flask
from flask.testing import FlaskClient
from itsdangerous import TimestampSigner, URLSafeTimedSerializer
from werkzeug.test import TestResponse

from blog.comments.protection import TOKEN_SALT
from blog.models import Article
from tests.conftest import form_token

VALID = {
    "body": "A thoughtful comment.",
    "author_name": "Reader One",
    "author_email": "reader@example.com",
    "author_website": "",
}


def post_comment(
    client: FlaskClient,
    article: Article,
    headers: dict[str, str] | None = None,
    query: str = "",
    **fields: str,
) -> TestResponse:
    """Open the article page as a browser would, then post its comment form."""
    page = client.get(f"/{article.slug}/{query}")
    data = {**VALID, "form_token": form_token(page.text), **fields}
    return client.post(
        f"/{article.slug}/comments",
        data=data,
        headers={"Origin": "http://localhost", "Sec-Fetch-Site": "same-origin", **(headers or {})},
    )


def token_signed_ago(app: Flask, article_id: int, seconds: float) -> str:
    """A genuine form token, as if the page had been served `seconds` ago."""

    class EarlierSigner(TimestampSigner):
        def get_timestamp(self) -> int:
            return int(time.time() - seconds)

    serializer = URLSafeTimedSerializer(
        app.config["SECRET_KEY"], salt=TOKEN_SALT, signer=EarlierSigner
    )
    return serializer.dumps({"article": article_id})
