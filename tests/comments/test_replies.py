from __future__ import annotations

from sqlalchemy import select

from blog.extensions import db
from blog.models import Comment, CommentStatus
from tests.comments.helpers import post_comment
from tests.factories import make_article, make_comment


def test_reply_link_shows_replying_to_with_a_cancel_link(client):
    article = make_article()
    parent = make_comment(article, author_name="Original Poster")

    html = client.get(f"/{article.slug}/?replyto={parent.id}").text

    assert f'href="/{article.slug}/?replyto={parent.id}#respond"' in html
    assert "Replying to Original Poster." in html
    assert f'href="/{article.slug}/#respond">Cancel reply</a>' in html
    assert f'name="parent_id" type="hidden" value="{parent.id}"' in html


def test_reply_is_stored_under_its_parent_and_nested_on_the_page(client, app):
    app.config["COMMENT_MODERATION"] = "none"
    article = make_article()
    parent = make_comment(article)

    post_comment(
        client, article, query=f"?replyto={parent.id}", body="A reply", parent_id=str(parent.id)
    )

    reply = db.session.scalars(select(Comment).where(Comment.body == "A reply")).one()
    assert reply.parent_id == parent.id
    html = client.get(f"/{article.slug}/").text
    assert f'id="comment-{parent.id}"' in html
    assert 'class="comment depth-2"' in html


def test_reply_below_the_third_level_joins_the_third_level(client, app):
    app.config["COMMENT_MODERATION"] = "none"
    article = make_article()
    level1 = make_comment(article)
    level2 = make_comment(article, parent_id=level1.id)
    level3 = make_comment(article, parent_id=level2.id)

    post_comment(client, article, body="Deep reply", parent_id=str(level3.id))

    reply = db.session.scalars(select(Comment).where(Comment.body == "Deep reply")).one()
    assert reply.parent_id == level2.id
    assert 'class="comment depth-4"' not in client.get(f"/{article.slug}/").text


def test_reply_to_a_pending_comment_is_refused_with_a_clear_message(client):
    article = make_article()
    pending = make_comment(article, status=CommentStatus.PENDING)

    response = post_comment(client, article, body="Reply text", parent_id=str(pending.id))

    assert response.status_code == 422
    assert "replying to is not available" in response.text
    assert "Reply text</textarea>" in response.text


def test_reply_to_a_comment_on_another_article_is_refused(client):
    article = make_article()
    elsewhere = make_comment(make_article())

    response = post_comment(client, article, parent_id=str(elsewhere.id))

    assert response.status_code == 422
    assert "replying to is not available" in response.text


def test_broken_reply_id_is_refused(client):
    article = make_article()

    response = post_comment(client, article, parent_id="abc")

    assert response.status_code == 422
