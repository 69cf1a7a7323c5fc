"""Every admin change a reader could see goes through `reader_visible_change`, so page
caches can rely on it; changes no reader can see do not."""

from __future__ import annotations

import pytest

from blog.admin import moderation, publishing
from tests.admin.conftest import CONFIRMED
from tests.factories import make_article, make_comment


@pytest.fixture
def changes(monkeypatch) -> list[int]:
    seen: list[int] = []

    def spy(article) -> None:
        seen.append(article.id)

    monkeypatch.setattr(moderation, "reader_visible_change", spy)
    monkeypatch.setattr(publishing, "reader_visible_change", spy)
    return seen


@pytest.mark.parametrize(
    ("status", "action", "visible"),
    [
        ("pending", "approve", True),
        ("approved", "unapprove", True),
        ("approved", "spam", True),
        ("approved", "delete", True),
        ("pending", "spam", False),
        ("pending", "delete", False),
        ("spam", "not-spam", False),
    ],
)
def test_moderation_reports_exactly_the_changes_readers_see(
    admin, changes, status, action, visible
):
    article = make_article()
    comment = make_comment(article, status=status)

    admin.post(f"/admin/comments/{comment.id}/{action}", CONFIRMED)  # one-click: ignored

    assert changes == ([article.id] if visible else [])


def test_edit_reply_and_erase_report_the_article(admin, changes):
    article = make_article()
    comment = make_comment(article, author_email="p@example.com")

    admin.post(f"/admin/comments/{comment.id}/edit", {"body": "Edited."})
    admin.post(f"/admin/comments/{comment.id}/reply", {"reply-body": "Reply."})
    admin.post("/admin/comments/erase", {"email": "p@example.com", "mode": "anonymise"})

    assert changes == [article.id, article.id, article.id]


def test_saving_and_deleting_an_article_report_it(admin, changes):
    article = make_article(slug="hooked")

    admin.post(
        f"/admin/articles/{article.id}/edit",
        {
            "title": "Hooked",
            "slug": "hooked",
            "author_name": "A",
            "state": "draft",
            "save": "Save",
        },
    )
    admin.post(f"/admin/articles/{article.id}/delete")

    assert changes == [article.id, article.id]
