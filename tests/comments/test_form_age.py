"""The form's signed timestamp: too quick is a robot's pace, too old or forged is refused."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from blog.extensions import db
from blog.models import Comment
from tests.comments.helpers import VALID, post_comment, token_signed_ago
from tests.conftest import form_token
from tests.factories import make_article

SAME_ORIGIN = {"Origin": "http://localhost", "Sec-Fetch-Site": "same-origin"}


def comment_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Comment))


@pytest.fixture
def minimum_three_seconds(app):
    app.config["COMMENT_MIN_SECONDS"] = 3


def test_minimum_form_age_is_on_by_default_outside_tests():
    from config import Config

    assert Config.COMMENT_MIN_SECONDS == 3


def test_instant_post_is_refused_with_a_human_message_and_the_text_kept(
    client, minimum_three_seconds
):
    article = make_article()

    response = post_comment(client, article, body="Typed in a flash")

    assert response.status_code == 429
    assert "quicker than we expect from a person" in response.text
    assert "please wait" in response.text
    assert 1 <= int(response.headers["Retry-After"]) <= 3
    assert "Typed in a flash</textarea>" in response.text
    assert comment_count() == 0


def test_the_refused_page_returns_the_same_token_so_a_resend_is_not_delayed_again(
    client, app, minimum_three_seconds
):
    article = make_article()
    token = token_signed_ago(app, article.id, 1)

    response = client.post(
        f"/{article.slug}/comments", data={**VALID, "form_token": token}, headers=SAME_ORIGIN
    )

    assert form_token(response.text) == token


def test_reader_who_took_their_time_is_accepted_first_time(client, app, minimum_three_seconds):
    article = make_article()
    token = token_signed_ago(app, article.id, 4)

    response = client.post(
        f"/{article.slug}/comments", data={**VALID, "form_token": token}, headers=SAME_ORIGIN
    )

    assert response.status_code == 303
    assert comment_count() == 1


def test_form_older_than_a_day_is_refused(client, app):
    article = make_article()
    token = token_signed_ago(app, article.id, 24 * 3600 + 5)

    response = client.post(
        f"/{article.slug}/comments", data={**VALID, "form_token": token}, headers=SAME_ORIGIN
    )

    assert response.status_code == 400
    assert "open for too long" in response.text


def test_forged_timestamp_is_refused(client, app):
    article = make_article()
    page = client.get(f"/{article.slug}/").text
    payload, _, signature = form_token(page).rpartition(".")
    stamp = payload[-1]
    forged = f"{payload[:-1]}{'B' if stamp == 'A' else 'A'}.{signature}"

    response = client.post(
        f"/{article.slug}/comments", data={**VALID, "form_token": forged}, headers=SAME_ORIGIN
    )

    assert response.status_code == 400
    assert "could not verify this form" in response.text
