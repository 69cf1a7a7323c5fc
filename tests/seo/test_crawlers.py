from __future__ import annotations

import xml.etree.ElementTree as ET

from blog.models import ArticleStatus
from tests.factories import make_article, tag_article

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def test_sitemap_lists_home_articles_with_lastmod_and_tags(client):
    article = tag_article(make_article(), "Arts")
    make_article(slug="draft-one", status=ArticleStatus.DRAFT)

    response = client.get("/sitemap.xml")

    assert response.mimetype == "application/xml"
    root = ET.fromstring(response.data)
    entries = {
        url.findtext("s:loc", namespaces=NS): url.findtext("s:lastmod", namespaces=NS)
        for url in root.findall("s:url", NS)
    }
    assert set(entries) == {
        "http://localhost/",
        f"http://localhost/{article.slug}/",
        "http://localhost/tags/arts/",
    }
    assert entries[f"http://localhost/{article.slug}/"].startswith(
        article.updated_at.date().isoformat()
    )


def test_robots_txt_names_the_sitemap_and_keeps_crawlers_out_of_admin(client):
    text = client.get("/robots.txt").text

    assert "Sitemap: http://localhost/sitemap.xml" in text
    assert "Disallow: /admin/" in text
