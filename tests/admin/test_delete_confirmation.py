"""Deleting a comment cannot be undone, so it takes a confirmation page, alone or in bulk;
the other moderation actions stay one click."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from blog.extensions import db
from blog.models import AuditEntry, Comment
from tests.admin.conftest import CONFIRMED
from tests.factories import make_article, make_comment

QUEUE = "/admin/comments/?status=approved"


@pytest.fixture
def article(app):
    return make_article(slug="story", title="The story")


def _exists(comment: Comment) -> bool:
    db.session.expire_all()
    return db.session.get(Comment, comment.id) is not None


def _form_fields(html: str) -> MultiDict:
    """What the page's confirmation form sends: it has no action, so it posts to its URL."""
    start = html.index('<form method="post">')
    form = html[start : html.index("</form>", start)]
    return MultiDict(re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', form))


def _href(html: str, label: str) -> str:
    match = re.search(rf'<a [^>]*href="([^"]+)"[^>]*>{label}</a>', html)
    assert match, f"no {label} link"
    return match.group(1).replace("&amp;", "&")


@pytest.mark.parametrize("where", ["queue", "comment page"])
def test_delete_is_a_link_to_the_confirmation_page_not_a_button(admin, article, where):
    comment = make_comment(article)
    url = QUEUE if where == "queue" else f"/admin/comments/{comment.id}"

    page = admin.get(url).text

    buttons = re.findall(r'formaction="([^"?]+)', page)
    assert buttons and not any(target.endswith("/delete") for target in buttons)
    assert _href(page, "Delete").startswith(f"/admin/comments/{comment.id}/delete")


def test_one_click_actions_stay_one_click(admin, article):
    comment = make_comment(article, status="pending")

    response = admin.post(f"/admin/comments/{comment.id}/spam")

    assert response.status_code == 302
    assert db.session.get(Comment, comment.id).status == "spam"


def test_confirmation_page_shows_the_comment_and_deletes_nothing(admin, article):
    comment = make_comment(article, author_name="Rita Reader", body="Word " * 200)

    response = admin.get(f"/admin/comments/{comment.id}/delete")

    html = response.text
    assert response.status_code == 200
    assert "Delete the comment by Rita Reader?" in html
    assert "The story" in html
    assert comment.created_at.strftime("%Y-%m-%d %H:%M") in html
    assert "Word Word" in html and ("Word " * 200).strip() not in html  # an excerpt
    assert "cannot be undone" in html
    assert _exists(comment)


def test_confirmation_page_form_posts_the_csrf_token_and_confirm_back_to_itself(admin, article):
    comment = make_comment(article)
    url = f"/admin/comments/{comment.id}/delete?next=/admin/"
    fields = _form_fields(admin.get(url).text)

    # Only what the page's form sends; CSRF is on, so its token must be a valid one (it is
    # signed as the page renders: not byte-equal to another page's within the same second).
    response = admin.client.post(url, data=fields)

    assert fields["csrf_token"]
    assert "confirm" in fields
    assert response.headers["Location"] == "/admin/"
    assert not _exists(comment)


def test_confirmed_delete_removes_the_comment_and_returns_to_the_queue(admin, client, article):
    comment = make_comment(article, body="Delete me.")

    response = admin.post(f"/admin/comments/{comment.id}/delete?next=/admin/", CONFIRMED)

    assert response.status_code == 302
    assert response.headers["Location"] == "/admin/"
    assert not _exists(comment)
    assert "Delete me." not in client.get("/story/").text


def test_confirmed_delete_from_the_comments_own_page_returns_to_its_queue(admin, article):
    comment = make_comment(article, status="spam")

    response = admin.post(f"/admin/comments/{comment.id}/delete", CONFIRMED)

    assert response.headers["Location"] == "/admin/comments/?status=spam"


def test_confirmed_delete_is_logged_as_before(admin, article):
    comment = make_comment(article, author_name="Rita")

    admin.post(f"/admin/comments/{comment.id}/delete", CONFIRMED)

    entry = db.session.scalar(select(AuditEntry))
    assert (entry.user_name, entry.action) == ("Olive Owner", "delete")
    assert entry.target == f"comment #{comment.id} by Rita on “The story”"


def test_delete_without_confirmation_is_refused_and_deletes_nothing(admin, client, article):
    comment = make_comment(article, body="Keep me.")

    response = admin.post(f"/admin/comments/{comment.id}/delete")

    assert response.status_code == 422
    assert "Nothing was deleted" in response.text
    assert "Delete the comment by" in response.text  # the page to confirm on
    assert _exists(comment)
    assert db.session.scalar(select(AuditEntry)) is None
    assert "Keep me." in client.get("/story/").text


def test_delete_without_the_csrf_token_is_refused(admin, article):
    comment = make_comment(article)

    response = admin.client.post(f"/admin/comments/{comment.id}/delete", data=CONFIRMED)

    assert response.status_code == 400
    assert _exists(comment)


def test_cancel_returns_to_the_queue_it_came_from(admin, article):
    comment = make_comment(article)
    queue = admin.get(QUEUE).text

    page = admin.get(_href(queue, "Delete")).text

    assert _href(page, "Cancel") == QUEUE
    assert admin.get(_href(page, "Cancel")).status_code == 200
    assert _exists(comment)


def test_cancel_from_the_comments_own_page_returns_there(admin, article):
    comment = make_comment(article)
    detail = admin.get(f"/admin/comments/{comment.id}").text

    page = admin.get(_href(detail, "Delete")).text

    assert _href(page, "Cancel") == f"/admin/comments/{comment.id}"


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "/\\evil.example"])
def test_confirmation_ignores_a_next_on_another_site(admin, article, target):
    comment = make_comment(article)
    url = f"/admin/comments/{comment.id}/delete"

    page = admin.get(url, query_string={"next": target}).text
    response = admin.post(url, CONFIRMED, query_string={"next": target})

    assert _href(page, "Cancel") == f"/admin/comments/{comment.id}"
    assert response.headers["Location"] == "/admin/comments/?status=approved"


def test_unknown_comment_has_no_confirmation_page(admin):
    assert admin.get("/admin/comments/999/delete").status_code == 404
    assert admin.post("/admin/comments/999/delete", CONFIRMED).status_code == 404


def test_bulk_delete_first_lists_the_ticked_comments_and_deletes_nothing(admin, article):
    ticked = [make_comment(article, author_name=f"Ticked {n}") for n in (1, 2)]
    other = make_comment(article, author_name="Not ticked")

    response = admin.post(
        "/admin/comments/bulk?next=/admin/comments/%3Fstatus%3Dall",
        {"action": "delete", "ids": [c.id for c in ticked]},
    )

    html = response.text
    assert response.status_code == 200
    assert "Delete 2 comments?" in html
    assert "Ticked 1" in html and "Ticked 2" in html and "Not ticked" not in html
    assert all(f'name="ids" value="{c.id}"' in html for c in ticked)
    assert f'name="ids" value="{other.id}"' not in html
    assert 'name="action" value="delete"' in html
    assert re.search(r'<input[^>]*name="confirm"[^>]*type="submit"', html)
    assert _href(html, "Cancel") == "/admin/comments/?status=all"
    assert all(_exists(c) for c in [*ticked, other])


def test_confirmed_bulk_delete_removes_only_the_ticked_comments(admin, article):
    ticked = [make_comment(article) for _ in range(2)]
    other = make_comment(article)
    url = "/admin/comments/bulk?next=/admin/"
    page = admin.post(url, {"action": "delete", "ids": [c.id for c in ticked]}).text

    response = admin.client.post(url, data=_form_fields(page))  # the page's button

    assert response.headers["Location"] == "/admin/"
    assert [_exists(c) for c in [*ticked, other]] == [False, False, True]
    actions = db.session.scalars(select(AuditEntry.action)).all()
    assert actions == ["delete", "delete"]


def test_bulk_delete_confirmation_without_the_csrf_token_is_refused(admin, article):
    comment = make_comment(article)

    response = admin.client.post(
        "/admin/comments/bulk", data={"action": "delete", "ids": comment.id, **CONFIRMED}
    )

    assert response.status_code == 400
    assert _exists(comment)


def test_bulk_approve_stays_one_click(admin, article):
    comment = make_comment(article, status="pending")

    response = admin.post("/admin/comments/bulk", {"action": "approve", "ids": comment.id})

    assert response.status_code == 302
    assert db.session.get(Comment, comment.id).status == "approved"
