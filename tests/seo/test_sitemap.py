"""sitemap.xml is an index of small files, so it stays fast and valid at any archive size."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest

from blog.models import ArticleStatus
from blog.models.types import utcnow
from tests.factories import make_article, tag_article

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


@pytest.fixture
def small_files(app):
    app.config["SITEMAP_PAGE_SIZE"] = 2


def _locs(client, path: str, element: str) -> list[str]:
    response = client.get(path)
    assert response.status_code == 200
    assert response.mimetype == "application/xml"
    root = ET.fromstring(response.data)
    return [node.findtext("s:loc", namespaces=NS) for node in root.findall(f"s:{element}", NS)]


def test_the_index_names_the_pages_file_and_one_file_per_page_of_articles(client, small_files):
    for _ in range(3):
        make_article()

    files = _locs(client, "/sitemap.xml", "sitemap")

    assert files == [
        "http://localhost/sitemaps/pages.xml",
        "http://localhost/sitemaps/articles-1.xml",
        "http://localhost/sitemaps/articles-2.xml",
    ]


def test_every_visible_article_is_listed_once_across_the_files_with_lastmod(client, small_files):
    visible = [make_article() for _ in range(5)]
    make_article(slug="a-draft", status=ArticleStatus.DRAFT)
    make_article(slug="scheduled", published_at=utcnow() + timedelta(days=1))

    listed: list[str] = []
    for n in (1, 2, 3):
        response = client.get(f"/sitemaps/articles-{n}.xml")
        root = ET.fromstring(response.data)
        for url in root.findall("s:url", NS):
            listed.append(url.findtext("s:loc", namespaces=NS))
            assert url.findtext("s:lastmod", namespaces=NS)

    assert sorted(listed) == sorted(f"http://localhost/{a.slug}/" for a in visible)


@pytest.mark.parametrize("page", [0, 4])
def test_a_file_past_the_last_page_is_not_found(client, small_files, page):
    for _ in range(5):
        make_article()

    assert client.get(f"/sitemaps/articles-{page}.xml").status_code == 404


def test_the_pages_file_lists_the_home_page_and_tags_in_use(client):
    tag_article(make_article(), "Arts")

    assert _locs(client, "/sitemaps/pages.xml", "url") == [
        "http://localhost/",
        "http://localhost/tags/arts/",
    ]


def test_a_site_with_no_articles_has_an_index_with_the_pages_file_only(client):
    assert _locs(client, "/sitemap.xml", "sitemap") == ["http://localhost/sitemaps/pages.xml"]
