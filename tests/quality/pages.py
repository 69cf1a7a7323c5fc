"""One of every page type a reader (and later the owner) can see, as served, for the
validator, the accessibility checker and the inline-code check to judge together."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Flask
from flask.testing import FlaskClient

from blog.models import CommentStatus
from tests.admin.conftest import AdminClient, BrowserLikeClient, make_user
from tests.comments.helpers import post_comment
from tests.factories import make_article, make_comment, tag_article

ARTICLE_MARKDOWN = """Opening paragraph with a [link](https://example.org/) and `code`.

## A section

![A harbour at dawn](/static/none.png "The harbour")

> A quotation.

| Year | Boats |
| ---- | ----: |
| 2025 | 12    |

1. First
2. Second

```python
print("hello")
```
"""


@dataclass(frozen=True)
class Snapshot:
    name: str
    status: int
    html: str


def reader_pages(client: FlaskClient) -> list[Snapshot]:
    """Seed a small site and fetch home (pages 1 and 2), article with comments (both pages of
    them), article with a form error, tag page, tag index, search results and a 404."""
    article = make_article(
        title="Harbour reopens after storm",
        subtitle="Boats return to the quay",
        body_markdown=ARTICLE_MARKDOWN,
    )
    tag_article(article, "Local News", "Weather")
    make_article(title="An older story")
    client.application.config["ARTICLES_PER_PAGE"] = 1
    first = make_comment(article, body="Great news.\n\nSecond paragraph https://example.org")
    make_comment(article, parent_id=first.id, body="A reply.")
    make_comment(article, status=CommentStatus.PENDING)
    make_comment(article, body="A newer thread.")
    client.application.config["COMMENTS_PER_PAGE"] = 1

    pages = [
        ("home", client.get("/")),
        ("home-page-2", client.get("/?page=2")),
        ("article-newest-comments", client.get(f"/{article.slug}/")),
        ("article-with-comments", client.get(f"/{article.slug}/?page=2&replyto={first.id}")),
        ("article-with-form-error", post_comment(client, article, body="", author_email="x")),
        ("tag", client.get("/tags/local-news/")),
        ("tags", client.get("/tags/")),
        ("search", client.get("/search?q=harbour")),
        ("search-empty", client.get("/search?q=zzzz")),
        ("not-found", client.get("/no/such/page")),
    ]
    return [Snapshot(name, response.status_code, response.text) for name, response in pages]


def admin_pages(app: Flask) -> list[Snapshot]:
    """Sign-in (blank and refused), dashboard, article editor (blank, with errors, with
    preview), the moderation queue with pending comments, and the delete confirmations
    (one comment, one refused for want of confirmation, and bulk)."""
    app.test_client_class = BrowserLikeClient
    client = app.test_client()
    article = tag_article(make_article(title="Queue article"), "Arts")
    held = make_comment(article, status=CommentStatus.PENDING, body="Held for review.")
    spam = make_comment(article, status=CommentStatus.SPAM, body="Buy now")
    login = client.get("/admin/login")
    refused = client.post("/admin/login", data={"email": "nobody@example.com", "password": "x"})
    admin = AdminClient(client, make_user("quality@example.com"))
    fields = {"title": "", "author_name": "A", "state": "draft", "tag_names": "a, b"}
    preview = {**fields, "body_markdown": "# Hi", "preview": "Preview"}
    delete = f"/admin/comments/{held.id}/delete"
    bulk_delete = {"action": "delete", "ids": [held.id, spam.id]}
    pages = [
        ("admin-login", login),
        ("admin-login-refused", refused),
        ("admin-dashboard", admin.get("/admin/")),
        ("admin-editor", admin.get("/admin/articles/new")),
        ("admin-editor-existing", admin.get(f"/admin/articles/{article.id}/edit")),
        ("admin-editor-errors", admin.post("/admin/articles/new", {**fields, "save": "Save"})),
        ("admin-editor-preview", admin.post("/admin/articles/new", preview)),
        ("admin-articles", admin.get("/admin/articles/")),
        ("admin-moderation-queue", admin.get("/admin/comments/")),
        ("admin-comment-delete", admin.get(f"{delete}?next=/admin/comments/")),
        ("admin-comment-delete-refused", admin.post(delete)),
        ("admin-bulk-delete", admin.post("/admin/comments/bulk", bulk_delete)),
    ]  # fmt: skip
    return [Snapshot(name, response.status_code, response.text) for name, response in pages]


def report(problems: dict[str, list[str]]) -> str:
    """Every problem on its own line, under its page, for a failing test's message."""
    return "\n".join(f"{page}:\n  " + "\n  ".join(items) for page, items in problems.items())
