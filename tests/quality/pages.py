"""One of every page type a reader (and later the owner) can see, as served, for the
validator, the accessibility checker and the inline-code check to judge together."""

from __future__ import annotations

from dataclasses import dataclass

from flask.testing import FlaskClient

from blog.models import CommentStatus
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
    """Seed a small site and fetch home, article with comments, article with a form error,
    tag page, tag index, search results and a 404."""
    article = make_article(
        title="Harbour reopens after storm",
        subtitle="Boats return to the quay",
        body_markdown=ARTICLE_MARKDOWN,
    )
    tag_article(article, "Local News", "Weather")
    make_article(title="An older story")
    first = make_comment(article, body="Great news.\n\nSecond paragraph https://example.org")
    make_comment(article, parent_id=first.id, body="A reply.")
    make_comment(article, status=CommentStatus.PENDING)

    pages = [
        ("home", client.get("/")),
        ("article-with-comments", client.get(f"/{article.slug}/?replyto={first.id}")),
        ("article-with-form-error", post_comment(client, article, body="", author_email="x")),
        ("tag", client.get("/tags/local-news/")),
        ("tags", client.get("/tags/")),
        ("search", client.get("/search?q=harbour")),
        ("search-empty", client.get("/search?q=zzzz")),
        ("not-found", client.get("/no/such/page")),
    ]
    return [Snapshot(name, response.status_code, response.text) for name, response in pages]
