"""A kept page is sent before Flask dispatches, with exactly the headers Flask would send."""

from __future__ import annotations

import pytest

from blog.proxy import register_proxy_fix
from tests.cache.helpers import recorded_queries
from tests.conftest import form_token
from tests.factories import make_article, tag_article

pytestmark = pytest.mark.stamp_readers

PER_RESPONSE = {"X-Request-ID", "Date"}  # gunicorn dates every response itself


@pytest.mark.parametrize("path", ["/", "/{slug}/", "/feeds/atom.xml", "/tags/news/", "/?page=1"])
def test_a_kept_page_carries_the_headers_of_the_rendered_one(client, path, stamp_queries):
    article = tag_article(make_article(), "News")
    url = path.format(slug=article.slug)
    rendered = client.get(url)

    with recorded_queries() as queries:
        kept = client.get(url)

    assert rendered.status_code == kept.status_code == 200
    assert len(queries) == stamp_queries  # the stamp: nothing rendered
    assert _headers(kept) == _headers(rendered)
    assert kept.headers["X-Request-ID"] != rendered.headers["X-Request-ID"]
    if "form_token" in rendered.text:
        assert kept.text.replace(form_token(kept.text), "") == rendered.text.replace(
            form_token(rendered.text), ""
        )
    else:
        assert kept.data == rendered.data


def test_a_kept_page_answers_head_with_headers_only(client):
    article = make_article()
    rendered = client.get(f"/{article.slug}/")

    head = client.head(f"/{article.slug}/")

    assert head.status_code == 200 and head.data == b""
    assert head.headers["Content-Length"] == rendered.headers["Content-Length"]
    assert head.headers["ETag"] == rendered.headers["ETag"]


def test_a_kept_page_sent_over_https_behind_a_proxy_carries_hsts(app, client, stamp_queries):
    app.config["TRUSTED_PROXY_COUNT"] = 1
    register_proxy_fix(app)  # as create_app does: outside the shortcut
    article = make_article()
    client.get(f"/{article.slug}/")

    with recorded_queries() as queries:
        kept = client.get(f"/{article.slug}/", headers={"X-Forwarded-Proto": "https"})

    assert len(queries) == stamp_queries
    assert kept.headers["Strict-Transport-Security"].startswith("max-age=")


def test_a_reader_with_a_cookie_is_never_sent_the_kept_copy(client):
    article = make_article()
    client.get(f"/{article.slug}/")
    client.set_cookie("anything", "1")

    response = client.get(f"/{article.slug}/")

    assert "no-store" in response.headers["Cache-Control"]
    assert "ETag" not in response.headers


def _headers(response) -> dict[str, str]:  # noqa: ANN001
    return {name: value for name, value in response.headers if name not in PER_RESPONSE}
