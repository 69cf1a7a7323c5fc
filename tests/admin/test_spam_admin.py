"""The owner's side of the spam rules: Settings page, reasons in the queue, checked edits."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from blog.extensions import db
from blog.models import Comment, CommentStatus, Setting
from blog.models.types import utcnow
from config import OWNER_SETTING_RANGES
from tests.admin.conftest import AdminClient
from tests.comments.helpers import post_comment
from tests.factories import make_article, make_comment

# What the page shows under TestingConfig: posting it back unchanged saves nothing.
DEFAULTS = {
    "COMMENT_MODERATION": "first-time",
    "COMMENT_MAX_LINKS": "2",
    "COMMENT_CLOSE_AFTER_DAYS": "0",
    "COMMENT_FLOOD_SECONDS": "0",
    "COMMENT_MIN_SECONDS": "0",
    "SPAM_THRESHOLD": "0.9",
    "COMMENT_HOLD_LIST": "",
    "COMMENT_BLOCK_LIST": "",
}


def saved() -> dict[str, object]:
    return {row.key: row.value for row in db.session.scalars(select(Setting))}


def test_settings_page_shows_every_setting_with_a_label_and_its_value(admin):
    html = admin.get("/admin/settings/").text

    for name in DEFAULTS:
        assert f'<label for="{name}">' in html
    assert 'name="COMMENT_MAX_LINKS" required type="number" value="2"' in html
    assert "Block list" in html and "Hold list" in html


def test_owner_saves_settings_and_the_next_comment_follows_them(admin, client):
    article = make_article()
    make_comment(article, author_email="reader@example.com",
                 created_at=utcnow() - timedelta(hours=1))  # fmt: skip

    response = admin.post("/admin/settings/", {**DEFAULTS, "COMMENT_MAX_LINKS": "0"})
    post_comment(client, article, body="Source: https://news.example/story")

    assert response.status_code == 302
    assert saved() == {"COMMENT_MAX_LINKS": 0}
    comment = db.session.scalars(select(Comment).where(Comment.body.startswith("Source"))).one()
    assert comment.status == CommentStatus.PENDING
    assert comment.status_reasons == "1 links"


def test_saving_settings_is_logged(admin):
    admin.post("/admin/settings/", {**DEFAULTS, "COMMENT_BLOCK_LIST": "casino"})

    assert saved() == {"COMMENT_BLOCK_LIST": "casino"}
    assert "COMMENT_BLOCK_LIST" in admin.get("/admin/comments/log").text


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("COMMENT_MAX_LINKS", "-1", "Enter a number from 0 to 1000."),
        ("COMMENT_MAX_LINKS", "many", "Enter a number from 0 to 1000."),
        ("SPAM_THRESHOLD", "1.5", "Enter a number from 0 to 1."),
        ("COMMENT_BLOCK_LIST", "10.0.0.0/33", "is not a valid IP address or range"),
        ("COMMENT_HOLD_LIST", "bad\x00word", "invisible control characters"),
        ("COMMENT_MODERATION", "sometimes", "Not a valid choice"),
    ],
)
def test_bad_settings_are_refused_with_a_message_and_nothing_saved(admin, field, value, message):
    response = admin.post("/admin/settings/", {**DEFAULTS, field: value})

    assert response.status_code == 422
    assert message in response.text
    assert saved() == {}


@pytest.mark.parametrize("name", sorted(OWNER_SETTING_RANGES))
def test_each_end_of_a_range_the_environment_allows_can_be_saved(admin, name):
    low, high = OWNER_SETTING_RANGES[name]
    for value in (high, low):
        response = admin.post("/admin/settings/", {**DEFAULTS, name: str(value)})

        assert response.status_code == 302, response.text
        assert saved()[name] == value


def test_editors_cannot_change_settings(editor_client):
    assert editor_client.get("/admin/settings/").status_code == 403
    assert editor_client.post("/admin/settings/", DEFAULTS).status_code == 403


def test_closing_old_articles_in_settings_updates_the_cached_page(admin, client):
    article = make_article(published_at=utcnow() - timedelta(days=40))
    assert "Leave a Comment" in client.get(f"/{article.slug}/").text

    admin.post("/admin/settings/", {**DEFAULTS, "COMMENT_CLOSE_AFTER_DAYS": "30"})

    assert "Comments are closed." in client.get(f"/{article.slug}/").text


def test_queue_shows_every_reason_and_the_score(admin, client):
    article = make_article()
    post_comment(client, article, body="https://a.example https://b.example https://c.example")
    comment = db.session.scalars(select(Comment)).one()
    comment.spam_score = 0.12
    db.session.commit()

    html = admin.get("/admin/comments/?status=pending").text

    assert "3 links; first-time commenter; spam score 0.12" in html
    assert "3 links; first-time commenter" in admin.get(f"/admin/comments/{comment.id}").text


def test_editing_a_comment_runs_the_same_rules(admin):
    article = make_article()
    comment = make_comment(article, body="Fine words")

    admin.post(f"/admin/comments/{comment.id}/edit",
               {"body": "Now https://a.example https://b.example https://c.example"})  # fmt: skip

    db.session.refresh(comment)
    assert comment.status == CommentStatus.PENDING
    assert comment.status_reasons == "3 links"


def test_an_edit_that_hits_the_block_list_goes_to_spam(admin, app):
    app.config["COMMENT_BLOCK_LIST"] = "casino"
    comment = make_comment(make_article(), body="Fine words")

    admin.post(f"/admin/comments/{comment.id}/edit", {"body": "Try the casino"})

    db.session.refresh(comment)
    assert comment.status == CommentStatus.SPAM


def test_a_clean_edit_keeps_the_comment_published(admin):
    comment = make_comment(make_article(), body="Fine words")

    admin.post(f"/admin/comments/{comment.id}/edit", {"body": "Fine words, fixed typo"})

    db.session.refresh(comment)
    assert comment.status == CommentStatus.APPROVED
    assert comment.body == "Fine words, fixed typo"


def test_an_edit_that_duplicates_another_comment_is_refused(admin: AdminClient):
    article = make_article()
    make_comment(article, author_email="same@example.com", body="Said it")
    comment = make_comment(article, author_email="same@example.com", body="Other words")

    response = admin.post(f"/admin/comments/{comment.id}/edit", {"body": "Said it"})

    assert response.status_code == 409
    assert "Duplicate comment detected" in response.text
    db.session.refresh(comment)
    assert comment.body == "Other words"


def test_saving_a_comment_unchanged_is_no_duplicate_of_itself(admin: AdminClient):
    comment = make_comment(make_article(), body="Said once")

    response = admin.post(f"/admin/comments/{comment.id}/edit", {"body": "Said once"})

    assert response.status_code == 302
    db.session.refresh(comment)
    assert comment.status == CommentStatus.APPROVED


def test_article_editor_switches_comments_off_for_one_article(admin, client):
    article = make_article()
    form = {
        "title": article.title,
        "author_name": article.author_name,
        "body_markdown": article.body_markdown,
        "slug": article.slug,
        "state": "published",
        "save": "Save",
    }

    admin.post(f"/admin/articles/{article.id}/edit", form)  # the box left unticked

    db.session.refresh(article)
    assert article.comments_open is False
    assert "Comments are closed." in client.get(f"/{article.slug}/").text


def test_the_filter_learns_from_the_owners_clicks_in_the_queue(admin, client, app):
    app.config["COMMENT_MODERATION"] = "all"  # every comment waits for the owner
    article = make_article()
    spam = [f"Cheap casino bonus number {n} at https://casino.example" for n in range(5)]
    ham = [f"Thoughtful point {n} about the council budget and the bridge" for n in range(5)]
    held = [
        make_comment(article, body=body, status=CommentStatus.PENDING, author_email=f"{n}@x.org")
        for n, body in enumerate(spam + ham)
    ]
    for comment in held:
        action = "spam" if comment.body.startswith("Cheap") else "approve"
        admin.post(f"/admin/comments/{comment.id}/{action}")

    post_comment(client, article, body="Casino bonus, cheap, https://casino.example")
    post_comment(client, article, body="A point about the budget for the bridge",
                 author_email="other@example.com")  # fmt: skip

    scores = dict(db.session.execute(select(Comment.body, Comment.spam_score)).all())
    assert scores["Casino bonus, cheap, https://casino.example"] > 0.9
    assert scores["A point about the budget for the bridge"] < 0.1


def test_dashboard_shows_why_each_pending_comment_waits(admin, client):
    post_comment(
        client, make_article(), body="https://a.example https://b.example https://c.example"
    )

    assert "3 links; first-time commenter" in admin.get("/admin/").text
