"""ETag and Last-Modified: a reader's copy is confirmed with a 304 until something changes."""

from __future__ import annotations

import pytest

from blog.cache import stamps
from tests.cache.helpers import recorded_queries
from tests.conftest import form_token
from tests.factories import make_article, make_comment

pytestmark = pytest.mark.stamp_readers


@pytest.mark.parametrize("path", ["/", "/{slug}/"])
def test_a_current_copy_is_confirmed_with_304_and_no_rendering(client, path, stamp_queries):
    article = make_article()
    url = path.format(slug=article.slug)
    first = client.get(url)

    with recorded_queries() as queries:
        again = client.get(url, headers={"If-None-Match": first.headers["ETag"]})

    assert first.headers["ETag"].startswith('W/"')
    assert again.status_code == 304
    assert again.data == b""
    assert len(queries) == stamp_queries


def test_a_changed_page_answers_200_to_an_old_etag(client):
    article = make_article()
    etag = client.get(f"/{article.slug}/").headers["ETag"]

    make_comment(article, body="Something new")
    response = client.get(f"/{article.slug}/", headers={"If-None-Match": etag})

    assert response.status_code == 200
    assert "Something new" in response.text
    assert response.headers["ETag"] != etag


def test_if_modified_since_the_last_change_answers_304(client):
    article = make_article()
    last_modified = client.get(f"/{article.slug}/").headers["Last-Modified"]

    response = client.get(f"/{article.slug}/", headers={"If-Modified-Since": last_modified})

    assert response.status_code == 304


def test_pages_differ_in_etag(client):
    first, second = make_article(), make_article()

    etags = {client.get(f"/{a.slug}/").headers["ETag"] for a in (first, second)}

    assert len(etags) == 2


def test_a_cached_copy_is_rendered_again_each_period_so_its_form_token_stays_fresh(
    app, client, monkeypatch
):
    article = make_article()
    now = 1_800_000_000.0
    monkeypatch.setattr(stamps.time, "time", lambda: now)
    first = client.get(f"/{article.slug}/")
    monkeypatch.setattr(stamps.time, "time", lambda: now + app.config["PAGE_CACHE_SECONDS"])

    later = client.get(f"/{article.slug}/")

    assert later.headers["ETag"] != first.headers["ETag"]
    assert form_token(later.text) != form_token(first.text)
    assert app.config["PAGE_CACHE_SECONDS"] * 2 < app.config["COMMENT_FORM_MAX_AGE"]
