"""Each moderation action, judged by what a reader then sees on the article page."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from blog.extensions import db
from blog.models import AuditEntry, Comment, CommentStatus
from tests.admin.conftest import CONFIRMED
from tests.factories import make_article, make_comment


@pytest.fixture
def article(app):
    return make_article(slug="story")


def _page(client, article) -> str:
    return client.get(f"/{article.slug}/").text


def _status(comment: Comment) -> str:
    db.session.expire_all()
    return db.session.get(Comment, comment.id).status


def test_approving_a_pending_comment_publishes_it(admin, client, article):
    comment = make_comment(article, body="Held for now.", status=CommentStatus.PENDING)
    assert "Held for now." not in _page(client, article)

    response = admin.post(f"/admin/comments/{comment.id}/approve")

    assert response.status_code == 302
    assert "Held for now." in _page(client, article)


@pytest.mark.parametrize(("action", "status"), [("unapprove", "pending"), ("spam", "spam")])
def test_unapproving_or_marking_spam_hides_a_comment(admin, client, article, action, status):
    comment = make_comment(article, body="Visible words.")

    admin.post(f"/admin/comments/{comment.id}/{action}")

    assert _status(comment) == status
    assert "Visible words." not in _page(client, article)


def test_not_spam_returns_a_comment_to_the_queue(admin, client, article):
    comment = make_comment(article, body="Wrongly flagged.", status=CommentStatus.SPAM)

    admin.post(f"/admin/comments/{comment.id}/not-spam")

    assert _status(comment) == "pending"
    assert "Wrongly flagged." not in _page(client, article)


def test_deleting_a_comment_keeps_its_replies(admin, client, article):
    parent = make_comment(article, body="The parent.")
    make_comment(article, body="The reply.", parent_id=parent.id)

    admin.post(f"/admin/comments/{parent.id}/delete", CONFIRMED)

    page = _page(client, article)
    assert "The parent." not in page
    assert "The reply." in page
    assert db.session.scalar(select(Comment.parent_id)) is None


def test_unknown_comment_gives_404(admin):
    assert admin.post("/admin/comments/999/approve").status_code == 404


def test_action_returns_to_the_page_it_came_from(admin, article):
    comment = make_comment(article, status=CommentStatus.PENDING)

    response = admin.post(f"/admin/comments/{comment.id}/approve?next=/admin/")

    assert response.headers["Location"] == "/admin/"


def test_bulk_action_applies_to_ticked_rows_only(admin, client, article):
    ticked = [make_comment(article, body=f"Ticked {n}.", status="pending") for n in (1, 2)]
    other = make_comment(article, body="Not ticked.", status="pending")

    admin.post("/admin/comments/bulk", {"action": "approve", "ids": [str(c.id) for c in ticked]})

    page = _page(client, article)
    assert "Ticked 1." in page and "Ticked 2." in page
    assert "Not ticked." not in page
    assert _status(other) == "pending"


def test_bulk_delete_removes_every_ticked_comment(admin, article):
    comments = [make_comment(article) for _ in range(3)]

    admin.post(
        "/admin/comments/bulk", {"action": "delete", "ids": [c.id for c in comments], **CONFIRMED}
    )

    assert db.session.scalar(select(Comment)) is None


def test_bulk_with_nothing_ticked_changes_nothing(admin, article):
    comment = make_comment(article, status="pending")

    response = admin.post("/admin/comments/bulk", {"action": "approve"})

    assert response.status_code == 302
    assert _status(comment) == "pending"


def test_bulk_ignores_ids_no_comment_could_have(admin, article):
    comment = make_comment(article, status="pending")
    forged = ["²", "9" * 30, "-1", str(comment.id)]  # "²" is a digit to str.isdigit

    response = admin.post("/admin/comments/bulk", {"action": "approve", "ids": forged})

    assert response.status_code == 302
    assert _status(comment) == "approved"


def test_bulk_with_an_unknown_action_changes_nothing(admin, article):
    comment = make_comment(article, status="pending")

    admin.post("/admin/comments/bulk", {"action": "drop-table", "ids": [comment.id]})

    assert _status(comment) == "pending"


def test_editing_a_comment_changes_the_public_text(admin, client, article):
    comment = make_comment(article, body="Teh typo.")

    response = admin.post(f"/admin/comments/{comment.id}/edit", {"body": "The typo, fixed."})

    assert response.status_code == 302
    page = _page(client, article)
    assert "The typo, fixed." in page and "Teh typo." not in page


def test_editing_to_empty_text_is_refused(admin, article):
    comment = make_comment(article, body="Keep me.")

    response = admin.post(f"/admin/comments/{comment.id}/edit", {"body": "  "})

    assert response.status_code == 422
    assert "Write something." in response.text


def test_reply_is_published_at_once_marked_and_threaded(admin, client, article):
    comment = make_comment(article, body="A question?")

    response = admin.post(f"/admin/comments/{comment.id}/reply", {"reply-body": "An answer."})

    reply = db.session.scalar(select(Comment).where(Comment.body == "An answer."))
    assert response.headers["Location"] == f"/story/#comment-{reply.id}"
    assert (reply.status, reply.parent_id, reply.author_name) == (
        "approved",
        comment.id,
        "Olive Owner",
    )
    page = _page(client, article)
    reply_html = page[page.index(f'id="comment-{reply.id}"') :]
    assert 'class="author-reply">Author<' in reply_html[:800]
    assert page.index("A question?") < page.index("An answer.")


def test_the_owner_lands_on_the_page_where_the_reply_stands(admin, app, article):
    app.config["COMMENTS_PER_PAGE"] = 1
    old = make_comment(article, body="An old question?")
    make_comment(article, body="A newer thread")

    response = admin.post(f"/admin/comments/{old.id}/reply", {"reply-body": "Late answer."})

    reply = db.session.scalar(select(Comment).where(Comment.body == "Late answer."))
    assert response.headers["Location"] == f"/story/?page=2#comment-{reply.id}"


def test_replying_to_a_pending_comment_approves_it(admin, client, article):
    comment = make_comment(article, body="Pending question.", status="pending")

    admin.post(f"/admin/comments/{comment.id}/reply", {"reply-body": "Answer."})

    assert _status(comment) == "approved"
    assert "Pending question." in _page(client, article)


def test_replying_to_spam_is_refused(admin, article):
    comment = make_comment(article, status="spam")

    response = admin.post(f"/admin/comments/{comment.id}/reply", {"reply-body": "No."})

    assert response.status_code == 422
    assert db.session.scalar(select(Comment).where(Comment.body == "No.")) is None


def test_erase_by_email_anonymises_every_comment(admin, client, article):
    kept = make_comment(
        article,
        author_name="Private Person",
        author_email="p@example.com",
        author_website="https://private.example",
        ip_address="10.1.2.3",
        body="Words that stay.",
    )
    other = make_comment(article, author_name="Someone Else")

    response = admin.post("/admin/comments/erase", {"email": "P@Example.com", "mode": "anonymise"})

    assert response.status_code == 302
    db.session.expire_all()
    erased = db.session.get(Comment, kept.id)
    assert (erased.author_name, erased.author_email, erased.author_website, erased.ip_address) == (
        "Anonymous",
        "",
        None,
        None,
    )
    page = _page(client, article)
    assert "Words that stay." in page and "Private Person" not in page
    assert db.session.get(Comment, other.id).author_name == "Someone Else"


def test_erase_by_email_can_delete_every_comment(admin, client, article):
    make_comment(article, author_email="p@example.com", body="Gone soon.")
    make_comment(article, author_email="p@example.com", body="Also gone.", status="pending")
    make_comment(article, author_email="q@example.com", body="Stays.")

    admin.post("/admin/comments/erase", {"email": "p@example.com", "mode": "delete"})

    assert list(db.session.scalars(select(Comment.body))) == ["Stays."]


def test_erase_needs_a_choice(admin, article):
    make_comment(article, author_email="p@example.com")

    response = admin.post("/admin/comments/erase", {"email": "p@example.com"})

    assert response.status_code == 422
    assert db.session.scalar(select(Comment.author_email)) == "p@example.com"


def test_erase_log_keeps_no_personal_data(admin, article):
    make_comment(article, author_name="Private Person", author_email="p@example.com")

    admin.post("/admin/comments/erase", {"email": "p@example.com", "mode": "delete"})

    entry = db.session.scalar(select(AuditEntry))
    assert "p@example.com" not in entry.target and "Private" not in entry.target


def test_every_action_is_logged_with_who_and_what(admin, article):
    comment = make_comment(article, author_name="Rita", status="pending")

    admin.post(f"/admin/comments/{comment.id}/approve")
    admin.post(f"/admin/comments/{comment.id}/spam")
    log = admin.get("/admin/comments/log").text

    entries = db.session.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
    assert [(e.user_name, e.action) for e in entries] == [
        ("Olive Owner", "approve"),
        ("Olive Owner", "spam"),
    ]
    assert f"comment #{comment.id} by Rita" in entries[0].target
    assert "spam" in log and "Olive Owner" in log


def test_queue_shows_pending_first_with_each_commenters_details(admin, article):
    make_comment(article, author_name="Approved Al", status="approved")
    make_comment(
        article,
        author_name="Pending Pat",
        author_email="pat@example.com",
        author_website="https://pat.example",
        ip_address="192.0.2.7",
        body="A long pending comment " * 20,
        status="pending",
    )

    page = admin.get("/admin/comments/").text

    assert "Pending Pat" in page and "Approved Al" not in page
    for detail in ("pat@example.com", "https://pat.example", "IP 192.0.2.7", article.title):
        assert detail in page
    assert "A long pending comment" in page
    assert ("A long pending comment " * 20).strip() not in page  # an excerpt, not all of it


def test_queue_filters_by_article(admin):
    first, second = make_article(title="First story"), make_article(title="Second story")
    make_comment(first, author_name="On first", status="pending")
    make_comment(second, author_name="On second", status="pending")

    page = admin.get(f"/admin/comments/?article={second.id}").text

    assert "On second" in page and "On first" not in page


def test_dashboard_counts_and_approves_the_newest_pending(admin, client, article):
    pending = [make_comment(article, body=f"Pending {n}.", status="pending") for n in range(6)]
    make_comment(article, status="spam")

    dashboard = admin.get("/admin/").text
    admin.post(f"/admin/comments/{pending[-1].id}/approve?next=/admin/")

    assert "Pending 5." in dashboard and "Pending 0." not in dashboard  # the five newest
    assert "<strong>6</strong> pending" in dashboard
    assert "<strong>1</strong> spam" in dashboard
    assert "<strong>1</strong> published" in dashboard
    assert "Pending 5." in _page(client, article)


def test_actions_on_long_titles_and_names_are_logged_in_full_length_columns(admin):
    article = make_article(title="T" * 300)
    comment = make_comment(article, author_name="N" * 100, status="pending")

    response = admin.post(f"/admin/comments/{comment.id}/approve")

    assert response.status_code == 302
    assert len(db.session.scalar(select(AuditEntry.target))) == 300


def test_article_filter_offers_only_articles_with_recent_comments_in_the_queue(admin):
    busy, quiet = make_article(title="Busy story"), make_article(title="Quiet story")
    approved_only = make_article(title="Approved-only story")
    make_comment(busy, status="pending")
    make_comment(approved_only, status="approved")

    page = admin.get("/admin/comments/").text
    chosen = admin.get(f"/admin/comments/?article={quiet.id}").text

    assert f'<option value="{busy.id}">Busy story</option>' in page
    assert "Quiet story" not in page and "Approved-only story" not in page
    assert f'<option value="{quiet.id}" selected>Quiet story</option>' in chosen


def test_each_queued_comment_links_to_its_article_filter(admin):
    article = make_article(title="Linked story")
    make_comment(article, status="pending")

    page = admin.get("/admin/comments/?status=pending").text

    assert f'href="/admin/comments/?status=pending&amp;article={article.id}"' in page
