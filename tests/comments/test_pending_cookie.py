"""The signed cookie that lets a commenter, and nobody else, see their held comments."""

from __future__ import annotations

from itsdangerous import URLSafeSerializer

from blog.comments.cookies import PENDING_COOKIE, PENDING_KEEP
from tests.comments.helpers import post_comment
from tests.factories import make_article, make_comment


def set_cookie_headers(response) -> dict[str, str]:
    return {h.split("=", 1)[0]: h for h in response.headers.getlist("Set-Cookie")}


def test_held_comment_sets_a_signed_httponly_pending_cookie_and_nothing_else(client):
    article = make_article()

    response = post_comment(client, article, body="Wait for me")

    cookies = set_cookie_headers(response)
    assert set(cookies) == {PENDING_COOKIE, "session"}  # the session carries the flash
    assert "HttpOnly" in cookies[PENDING_COOKIE] and "SameSite=Lax" in cookies[PENDING_COOKIE]


def test_published_comment_sets_no_pending_cookie(client, app):
    app.config["COMMENT_MODERATION"] = "none"
    article = make_article()

    response = post_comment(client, article)

    assert PENDING_COOKIE not in set_cookie_headers(response)


def test_reading_after_posting_sets_no_further_cookie(client):
    article = make_article()
    post_comment(client, article)
    client.get(f"/{article.slug}/")  # the redirect target shows and consumes the flash

    response = client.get(f"/{article.slug}/")

    assert "Set-Cookie" not in response.headers
    assert response.headers["Cache-Control"] == "private, no-store"


def test_every_held_comment_of_the_author_stays_visible_to_them(client):
    article = make_article()
    post_comment(client, article, body="First held")
    post_comment(client, article, body="Second held")

    html = client.get(f"/{article.slug}/").text

    assert "First held" in html and "Second held" in html
    assert html.count('<p class="awaiting">Your comment is awaiting moderation.</p>') == 2


def test_forged_pending_cookie_shows_nobody_elses_held_comment(client, app):
    article = make_article()
    held = make_comment(article, body="Someone else's", status="pending")
    forged = URLSafeSerializer("guessed-key", salt=f"cookie-{PENDING_COOKIE}").dumps([held.id])
    client.set_cookie(PENDING_COOKIE, forged)

    html = client.get(f"/{article.slug}/").text

    assert "Someone else's" not in html


def test_pending_cookie_remembers_only_the_latest_comments(client):
    article = make_article()
    for n in range(PENDING_KEEP + 1):
        post_comment(client, article, body=f"Held number {n}.")

    html = client.get(f"/{article.slug}/").text

    assert "Held number 0." not in html
    assert f"Held number {PENDING_KEEP}." in html
