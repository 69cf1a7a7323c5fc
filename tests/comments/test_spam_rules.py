"""Each spam rule stops what it should, and a real reader still gets through first time."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from blog.extensions import db
from blog.models import Comment, CommentStatus
from blog.models.types import utcnow
from blog.settings import save_settings
from config import Config
from tests.comments.helpers import post_comment, token_signed_ago
from tests.factories import make_article, make_comment


def comment_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Comment))


def only_comment() -> Comment:
    return db.session.scalars(select(Comment)).one()


@pytest.fixture
def known_reader(app):
    """A reader whose earlier comment the owner approved: published unless a rule objects."""
    article = make_article()
    make_comment(
        article,
        author_email="reader@example.com",
        body="An earlier comment",
        created_at=utcnow() - timedelta(hours=1),
    )
    return article


def test_honest_known_reader_is_published_on_the_first_try(client, known_reader):
    response = post_comment(client, known_reader, body="Plain and kind words.")

    stored = db.session.scalars(select(Comment).where(Comment.body.startswith("Plain"))).one()
    assert response.status_code == 303
    assert stored.status == CommentStatus.APPROVED
    assert stored.status_reasons == ""


def test_honeypot_is_in_the_form_but_hidden_from_people_and_screen_readers(client):
    article = make_article()

    html = client.get(f"/{article.slug}/").text

    assert '<div class="hp" aria-hidden="true">' in html
    assert 'name="subject"' in html and 'tabindex="-1"' in html
    assert "style=" not in html


def test_filled_honeypot_is_stored_as_spam_behind_the_usual_thanks(client, known_reader):
    response = post_comment(client, known_reader, body="Buy things", subject="Great offer")

    stored = db.session.scalars(select(Comment).where(Comment.body == "Buy things")).one()
    assert response.status_code == 303
    assert stored.status == CommentStatus.SPAM
    assert stored.status_reasons == "hidden field filled in"
    assert "Your comment is awaiting moderation" in client.get(f"/{known_reader.slug}/").text


@pytest.mark.parametrize(
    ("entry", "fields", "environ"),
    [
        ("casino", {"body": "Visit my Online-CASINO now"}, {}),
        ("spammer@bad.example", {"author_email": "Spammer@bad.example"}, {}),
        ("@bad.example", {"author_email": "anyone@bad.example"}, {}),
        ("203.0.113.7", {}, {"REMOTE_ADDR": "203.0.113.7"}),
        ("203.0.113.0/24", {}, {"REMOTE_ADDR": "203.0.113.99"}),
        ("2001:db8::/32", {}, {"REMOTE_ADDR": "2001:db8::1"}),
    ],
)
def test_block_list_entry_sends_the_comment_to_spam(client, known_reader, entry, fields, environ):
    save_settings({"COMMENT_BLOCK_LIST": f"# my list\n\n{entry}\n"})
    db.session.commit()
    client.environ_base.update(environ)

    post_comment(client, known_reader, **{"body": "Blocked text", **fields})

    stored = db.session.scalars(select(Comment).order_by(Comment.id.desc())).first()
    assert stored.status == CommentStatus.SPAM
    assert stored.status_reasons.startswith("block list: ")


def test_block_list_lets_other_readers_through(client, known_reader):
    save_settings({"COMMENT_BLOCK_LIST": "casino\n@bad.example\n203.0.113.0/24"})
    db.session.commit()

    post_comment(client, known_reader, body="A classic argument, well made.")

    assert db.session.scalars(select(Comment.status).order_by(Comment.id.desc())).first() == (
        CommentStatus.APPROVED
    )


def test_hold_list_hit_is_held_with_its_reason(client, known_reader):
    save_settings({"COMMENT_HOLD_LIST": "crypto"})
    db.session.commit()

    post_comment(client, known_reader, body="Thoughts on crypto here")

    stored = db.session.scalars(select(Comment).order_by(Comment.id.desc())).first()
    assert stored.status == CommentStatus.PENDING
    assert stored.status_reasons == 'hold list: "crypto"'


def test_more_links_than_allowed_are_held_and_at_the_limit_published(client, known_reader):
    two = "See https://a.example and www.b.example"
    three = "https://a.example https://b.example https://c.example"

    post_comment(client, known_reader, body=two)
    post_comment(client, known_reader, body=three)

    statuses = dict(db.session.execute(select(Comment.body, Comment.status)).all())
    reasons = db.session.scalar(select(Comment.status_reasons).where(Comment.body == three))
    assert statuses[two] == CommentStatus.APPROVED
    assert statuses[three] == CommentStatus.PENDING
    assert reasons == "3 links"


def test_every_reason_is_kept_for_the_moderation_queue(client):
    article = make_article()

    post_comment(client, article, body="https://a.example https://b.example https://c.example")

    assert only_comment().status_reasons == "3 links; first-time commenter"


def test_duplicate_comment_is_refused_with_the_wordpress_message(client, known_reader):
    post_comment(client, known_reader, body="Said once")

    response = post_comment(client, known_reader, body="Said once")

    assert response.status_code == 409
    assert "Duplicate comment detected; it looks as though you&#39;ve already said that!" in (
        response.text
    )
    assert "Said once</textarea>" in response.text
    assert db.session.scalar(select(func.count()).where(Comment.body == "Said once")) == 1


def test_same_words_from_another_reader_or_on_another_article_are_fine(client, known_reader):
    other_article = make_article()
    post_comment(client, known_reader, body="Me too")

    by_other = post_comment(client, known_reader, body="Me too", author_email="b@example.com")
    elsewhere = post_comment(client, other_article, body="Me too")

    assert by_other.status_code == 303
    assert elsewhere.status_code == 303


def test_the_whole_text_decides_a_duplicate_not_the_indexed_start(client, known_reader):
    start = "Ünïcode and emoji 🙂 count as one character each. " * 3  # past the 100 indexed
    post_comment(client, known_reader, body=start + "First ending")

    other_ending = post_comment(client, known_reader, body=start + "Second ending")
    again = post_comment(client, known_reader, body=start + "First ending")

    assert other_ending.status_code == 303
    assert again.status_code == 409
    assert comment_count() == 3  # the known reader's earlier comment and the two endings


def test_flood_is_refused_with_429_retry_after_and_the_text_kept(client, app, known_reader):
    app.config["COMMENT_FLOOD_SECONDS"] = 15
    first = post_comment(client, known_reader, body="First thought")

    second = post_comment(
        client, known_reader, body="Second thought", author_email="other@example.com"
    )

    assert first.status_code == 303
    assert second.status_code == 429
    assert 1 <= int(second.headers["Retry-After"]) <= 15
    assert "You are posting comments too quickly" in second.text
    assert "Second thought</textarea>" in second.text
    assert comment_count() == 2  # the earlier approved comment and the first post


def test_flood_counts_the_same_email_from_another_address(client, app, known_reader):
    app.config["COMMENT_FLOOD_SECONDS"] = 15
    post_comment(client, known_reader, body="From home")
    client.environ_base["REMOTE_ADDR"] = "198.51.100.4"

    response = post_comment(client, known_reader, body="From work")

    assert response.status_code == 429


def test_flood_lets_a_different_reader_post_at_the_same_moment(client, app, known_reader):
    app.config["COMMENT_FLOOD_SECONDS"] = 15
    post_comment(client, known_reader, body="Mine")
    client.environ_base["REMOTE_ADDR"] = "198.51.100.4"

    response = post_comment(client, known_reader, body="Yours", author_email="you@example.com")

    assert response.status_code == 303


def test_flood_window_ends(client, app, known_reader):
    app.config["COMMENT_FLOOD_SECONDS"] = 15
    post_comment(client, known_reader, body="Long ago")
    earlier = only_comment_with("Long ago")
    earlier.created_at = utcnow() - timedelta(seconds=16)
    db.session.commit()

    response = post_comment(client, known_reader, body="Now again")

    assert response.status_code == 303


def only_comment_with(body: str) -> Comment:
    return db.session.scalars(select(Comment).where(Comment.body == body)).one()


def test_article_switched_closed_shows_no_form_and_refuses_posts(client):
    article = make_article(comments_open=False)

    page = client.get(f"/{article.slug}/").text
    response = post_comment_without_page(client, article)

    assert "Comments are closed." in page
    assert "Leave a Comment" not in page
    assert response.status_code == 403
    assert comment_count() == 0


def post_comment_without_page(client, article):
    """Post with a valid token, as a form left open before the article closed would."""
    from blog.comments.protection import issue_form_token

    with client.application.test_request_context():
        token = issue_form_token(article.id)
    return client.post(
        f"/{article.slug}/comments",
        data={"body": "Late words", "author_name": "Late", "author_email": "l@example.com",
              "form_token": token},
    )  # fmt: skip


def test_articles_close_after_the_configured_age(client, app):
    app.config["COMMENT_CLOSE_AFTER_DAYS"] = 30
    old = make_article(published_at=utcnow() - timedelta(days=31))
    recent = make_article(published_at=utcnow() - timedelta(days=29))

    assert "Comments are closed." in client.get(f"/{old.slug}/").text
    assert post_comment_without_page(client, old).status_code == 403
    assert post_comment(client, recent).status_code == 303


def test_comments_stay_open_on_old_articles_by_default(client):
    old = make_article(published_at=utcnow() - timedelta(days=4000))

    assert post_comment(client, old).status_code == 303


def test_settings_saved_by_the_owner_override_config(client, app, known_reader):
    app.config["COMMENT_MAX_LINKS"] = 5
    save_settings({"COMMENT_MAX_LINKS": 0})
    db.session.commit()

    post_comment(client, known_reader, body="One link https://a.example")

    assert only_comment_with("One link https://a.example").status_reasons == "1 links"


def test_a_real_reader_gets_through_first_time_with_every_layer_at_its_default(app, client):
    """Config's defaults, not the tests': 3 s form age, 15 s flood, limits, 2 links."""
    for name in ("COMMENT_MIN_SECONDS", "COMMENT_FLOOD_SECONDS", "COMMENT_MAX_LINKS",
                 "COMMENT_MODERATION", "COMMENT_CLOSE_AFTER_DAYS", "SPAM_THRESHOLD"):  # fmt: skip
        app.config[name] = getattr(Config, name)
    article = make_article()
    make_comment(article, author_email="reader@example.com",
                 created_at=utcnow() - timedelta(days=2))  # fmt: skip
    data = {"body": "I read it all; here is one source: https://example.org/report",
            "author_name": "Reader", "author_email": "reader@example.com",
            "form_token": token_signed_ago(app, article.id, 20)}  # fmt: skip

    response = client.post(f"/{article.slug}/comments", data=data,
                           headers={"Origin": "http://localhost"})  # fmt: skip

    assert response.status_code == 303
    assert only_comment_with(data["body"]).status == CommentStatus.APPROVED
