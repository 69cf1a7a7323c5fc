"""XSS payloads, wherever a writer or a reader can put them, never reach a page as markup.

Each page is parsed as a browser would, and its executable markup (the comment form's own
inputs, the stylesheet link, the meta tags) must be exactly that of the same page without
the payload: anything more came from the payload.
"""

from __future__ import annotations

from collections import Counter

import pytest
from flask.testing import FlaskClient

from blog.models import Article
from tests.comments.helpers import post_comment
from tests.factories import make_article, make_comment
from tests.html_safety import executable_markup
from tests.test_rendering import XSS_PAYLOADS


def markup_of(client: FlaskClient, path: str) -> Counter[str]:
    response = client.get(path)
    assert response.status_code == 200
    return Counter(executable_markup(response.text))


@pytest.fixture
def baseline(client: FlaskClient) -> Counter[str]:
    """The executable markup of an article page with nothing but plain text on it."""
    plain = make_article(body_markdown="Plain words.")
    make_comment(plain, body="Plain comment.")
    return markup_of(client, f"/{plain.slug}/")


@pytest.fixture
def home_baseline(client: FlaskClient, baseline: Counter[str]) -> Counter[str]:
    """The home page's executable markup, listing the plain article only."""
    return markup_of(client, "/")


def page_of(article: Article) -> str:
    return f"/{article.slug}/"


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_payload_in_an_article_body_is_harmless_on_the_article_page(client, baseline, payload):
    article = make_article(body_markdown=f"Intro\n\n{payload}\n\nOutro")
    make_comment(article, body="Plain comment.")

    assert markup_of(client, page_of(article)) == baseline


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_payload_in_title_subtitle_or_author_is_escaped_everywhere(
    client, baseline, home_baseline, payload
):
    article = make_article(title=payload, subtitle=payload, author_name=payload[:100])
    make_comment(article, body="Plain comment.")

    assert markup_of(client, page_of(article)) == baseline
    assert markup_of(client, "/") == home_baseline


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_payload_posted_as_a_comment_is_shown_as_text(client, app, baseline, payload):
    app.config["COMMENT_MODERATION"] = "none"
    article = make_article(body_markdown="Plain words.")

    response = post_comment(client, article, body=payload, author_name=payload[:100])

    assert response.status_code == 303
    assert markup_of(client, page_of(article)) == baseline


@pytest.mark.parametrize(
    "website", ["javascript:alert(1)", "JavaScript:alert(1)", "data:text/html,x", "//evil"]
)
def test_stored_website_that_is_not_http_never_becomes_a_link(client, website):
    article = make_article()
    make_comment(article, author_name="Sneaky", author_website=website)

    html = client.get(page_of(article)).text

    assert executable_markup(html).count(f"a[href={website!r}]") == 0
    assert f'href="{website}"' not in html
    assert ">Sneaky</span>" in html
