from __future__ import annotations

from tests.comments.helpers import post_comment
from tests.factories import make_article


def _cookie_header(response, name):
    return next(
        (h for h in response.headers.getlist("Set-Cookie") if h.startswith(f"{name}=")), None
    )


def test_ticked_box_saves_details_in_a_signed_httponly_cookie(client):
    article = make_article()

    response = post_comment(
        client,
        article,
        author_name="Remembered Reader",
        author_email="remember@example.com",
        author_website="https://me.example",
        save_details="y",
    )

    header = _cookie_header(response, "comment_author")
    assert header and "HttpOnly" in header and "SameSite=Lax" in header
    assert "remember@example.com" not in header  # signed and encoded, not plain text
    html = client.get(f"/{article.slug}/").text
    assert 'value="Remembered Reader"' in html
    assert 'value="remember@example.com"' in html
    assert 'value="https://me.example"' in html
    assert 'id="save_details" name="save_details" type="checkbox" value="y"' in html


def test_unticking_the_box_clears_the_cookie(client):
    article = make_article()
    post_comment(client, article, save_details="y")

    response = post_comment(client, article, body="Another one")

    header = _cookie_header(response, "comment_author")
    assert header and "Expires=Thu, 01 Jan 1970" in header
    assert 'value="Reader One"' not in client.get(f"/{article.slug}/").text


def test_tampered_cookie_is_ignored(client):
    article = make_article()
    client.set_cookie("comment_author", "tampered.value")

    response = client.get(f"/{article.slug}/")

    assert response.status_code == 200
    assert 'id="author_name" maxlength="100" name="author_name" required type="text" value=""' in (
        response.text
    )


def test_page_with_personal_content_is_never_marked_cacheable(client):
    article = make_article()
    post_comment(client, article, save_details="y")

    response = client.get(f"/{article.slug}/")

    assert response.headers["Cache-Control"] == "private, no-store"
