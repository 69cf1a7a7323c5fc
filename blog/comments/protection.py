"""Cross-site protection for the anonymous comment form, without a session cookie.

Two checks: the browser's own `Origin` / `Sec-Fetch-Site` headers must say the post came
from this site, and the form must carry a token we signed for this article, recently.
"""

from __future__ import annotations

import time
from urllib.parse import urlsplit

from flask import Request, current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

TOKEN_SALT = "comment-form"


class FormRefused(Exception):
    """A post we will not accept; the message tells the reader what to do."""

    def __init__(self, message: str, status: int = 400, retry_after: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.retry_after = retry_after  # seconds, sent as Retry-After


class TooQuick(FormRefused):
    """Posted sooner than a person could have; the same form may be sent again shortly."""


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=TOKEN_SALT)


def issue_form_token(article_id: int) -> str:
    return _serializer().dumps({"article": article_id})


def restamp_form_token(token: str) -> str:
    """The same form, signed now.

    A cached article page is rendered once and sent to many readers; re-signing its token
    as it is sent keeps the form-age check ("not faster than a person") honest for each one.
    """
    return _serializer().dumps(_serializer().loads(token))


def check_form_token(token: str | None, article_id: int, min_age: int = 0) -> None:
    """Signed by us, for this article, at least `min_age` and at most a day ago."""
    max_age = current_app.config["COMMENT_FORM_MAX_AGE"]
    try:
        payload, signed_at = _serializer().loads(
            token or "", max_age=max_age, return_timestamp=True
        )
    except SignatureExpired:
        raise FormRefused(
            "This form was open for too long. Your comment is still below: please post it again."
        ) from None
    except BadSignature:
        raise FormRefused(
            "We could not verify this form. Your comment is still below: please post it again."
        ) from None
    if not isinstance(payload, dict) or payload.get("article") != article_id:
        raise FormRefused(
            "This form belongs to another article. Your comment is still below: "
            "please post it again."
        )
    waited = time.time() - signed_at.timestamp()
    if waited < min_age:
        # Robots post the moment the page arrives; a person who was that quick simply
        # sends again, with the same (by then old enough) form.
        wait = max(1, round(min_age - waited))
        raise TooQuick(
            "That was quicker than we expect from a person, so we did not post it yet. "
            f"Your comment is still below: please wait {wait} seconds and post it again.",
            status=429,
            retry_after=wait,
        )


def check_same_origin(request: Request) -> None:
    """Browsers say where a post came from; refuse what another site sent."""
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site is not None and fetch_site not in ("same-origin", "none"):
        raise _cross_site()
    origin = request.headers.get("Origin")
    if origin is not None and urlsplit(origin).netloc != request.host:
        raise _cross_site()


def _cross_site() -> FormRefused:
    return FormRefused(
        "This comment was sent from another website, so we did not accept it. "
        "If you wrote it, post it again from this page.",
        status=403,
    )
