"""A comment's HTML is rendered once, when it is saved, and never again per request."""

from __future__ import annotations

from sqlalchemy import update

from blog import rendering
from blog.comments import views as comment_views
from blog.extensions import db
from blog.models import Comment
from tests.factories import make_article, make_comment


def test_saving_a_comment_stores_its_rendered_html(app):
    comment = make_comment(make_article(), body="See https://example.com\n\nTwo <b>paras</b>")

    assert comment.body_html == rendering.render_comment(comment.body)
    assert "&lt;b&gt;" in comment.body_html


def test_editing_a_comment_renders_it_again(app):
    comment = make_comment(make_article(), body="Before")

    comment.body = "After"
    db.session.commit()

    assert "After" in comment.body_html


def test_the_article_page_does_not_render_comments_per_request(client, monkeypatch):
    article = make_article()
    make_comment(article, body="Rendered at save")
    monkeypatch.setattr(rendering, "render_comment", _refuse)
    monkeypatch.setattr(comment_views, "render_comment", _refuse)
    app_config = client.application.config
    app_config["PAGE_CACHE_ENABLED"] = False

    assert "Rendered at save" in client.get(f"/{article.slug}/").text


def test_a_comment_saved_before_body_html_existed_is_rendered_on_read(client):
    article = make_article()
    comment = make_comment(article, body="Old <i>row</i>")
    db.session.execute(update(Comment).where(Comment.id == comment.id).values(body_html=""))
    db.session.commit()

    html = client.get(f"/{article.slug}/").text

    assert "Old &lt;i&gt;row&lt;/i&gt;" in html


def _refuse(text: str) -> str:
    raise AssertionError("a comment was rendered while serving a page")
