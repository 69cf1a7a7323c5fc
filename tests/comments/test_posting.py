from __future__ import annotations

import pytest
from sqlalchemy import func, select

from blog.extensions import db
from blog.models import Comment, CommentStatus
from tests.comments.helpers import VALID, post_comment
from tests.factories import make_article, make_comment


def comment_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Comment))


def test_form_has_every_field_with_a_visible_label(client):
    article = make_article()

    html = client.get(f"/{article.slug}/").text

    assert "Leave a Comment" in html
    assert "Your email address will not be published. Required fields are marked" in html
    for field_id, label in [
        ("body", "Comment"),
        ("author_name", "Name"),
        ("author_email", "Email"),
        ("author_website", "Website"),
        ("save_details", "Save my name, email, and website in this browser"),
    ]:
        assert f'<label for="{field_id}">{label}' in html
    assert "Post Comment</button>" in html


def test_first_time_comment_is_held_and_shown_only_to_its_author(client, app):
    article = make_article()

    response = post_comment(client, article, body="Held for now")

    comment = db.session.scalars(select(Comment)).one()
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/{article.slug}/#comment-{comment.id}")
    assert comment.status == CommentStatus.PENDING
    author_view = client.get(f"/{article.slug}/").text
    assert "Held for now" in author_view
    assert "Your comment is awaiting moderation." in author_view
    assert "Held for now" not in app.test_client().get(f"/{article.slug}/").text


def test_success_flash_message_is_shown_after_redirect(client):
    article = make_article()

    post_comment(client, article)

    assert "Your comment is awaiting moderation" in client.get(f"/{article.slug}/").text


def test_comment_from_a_known_email_is_published_at_once(client, app):
    article = make_article()
    make_comment(article, author_email="known@example.com")

    post_comment(client, article, author_email="Known@Example.com", body="Straight through")

    assert "Straight through" in app.test_client().get(f"/{article.slug}/").text


@pytest.mark.parametrize(
    ("mode", "known", "expected"),
    [
        ("first-time", False, CommentStatus.PENDING),
        ("first-time", True, CommentStatus.APPROVED),
        ("all", True, CommentStatus.PENDING),
        ("none", False, CommentStatus.APPROVED),
    ],
)
def test_moderation_mode_decides_the_status(client, app, mode, known, expected):
    app.config["COMMENT_MODERATION"] = mode
    article = make_article()
    if known:
        make_comment(article, author_email="reader@example.com")

    post_comment(client, article, body="Mode test")

    stored = db.session.scalars(select(Comment).where(Comment.body == "Mode test")).one()
    assert stored.status == expected


def test_comment_stores_author_details_ip_and_user_agent(client):
    article = make_article()

    post_comment(
        client,
        article,
        author_name="  Pat  ",
        author_email="PAT@Example.COM",
        author_website="https://pat.example",
        headers={"User-Agent": "TestBrowser/1.0"},
    )

    comment = db.session.scalars(select(Comment)).one()
    assert comment.author_name == "Pat"
    assert comment.author_email == "pat@example.com"
    assert comment.author_website == "https://pat.example"
    assert comment.ip_address == "127.0.0.1"
    assert comment.user_agent == "TestBrowser/1.0"


def test_email_is_never_shown_on_the_public_page(client):
    article = make_article()
    make_comment(article, author_email="secret-address@example.com")

    assert "secret-address" not in client.get(f"/{article.slug}/").text


def test_commenter_website_links_with_nofollow_ugc_noopener(client):
    article = make_article()
    make_comment(article, author_name="Web Person", author_website="https://web.example")

    html = client.get(f"/{article.slug}/").text

    assert '<a href="https://web.example" rel="nofollow ugc noopener">Web Person</a>' in html


def test_approved_comments_show_with_count_and_permalink_anchor(client):
    article = make_article()
    first = make_comment(article, body="First words")
    make_comment(article, body="Second words")
    make_comment(article, body="Spammy words", status=CommentStatus.SPAM)

    html = client.get(f"/{article.slug}/").text

    assert "2 Comments" in html
    assert f'id="comment-{first.id}"' in html
    assert f'href="#comment-{first.id}"' in html
    assert "Spammy words" not in html


def test_comment_on_a_draft_or_unknown_article_is_404(client):
    from blog.models import ArticleStatus

    draft = make_article(status=ArticleStatus.DRAFT)

    assert client.post(f"/{draft.slug}/comments", data={}).status_code == 404
    assert client.post("/missing/comments", data={}).status_code == 404


def test_comment_route_refuses_get(client):
    article = make_article()

    assert client.get(f"/{article.slug}/comments").status_code == 405


@pytest.mark.parametrize(
    ("fields", "status"),
    [
        ({"author_name": ""}, 422),  # a form error
        ({"form_token": "forged"}, 400),  # refused before the rules
        ({"body": "Said twice."}, 409),  # refused by a rule
    ],
)
def test_a_refused_post_gets_the_whole_article_page_back(client, fields, status):
    article = make_article(title="Harbour reopens", body_markdown="The **ferry** runs again.")
    make_comment(article, author_email=VALID["author_email"], body="Said twice.")

    response = post_comment(client, article, **fields)

    assert response.status_code == status
    assert "Harbour reopens" in response.text
    assert "<strong>ferry</strong> runs again" in response.text
    assert 'name="form_token"' in response.text
