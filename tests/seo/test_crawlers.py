from __future__ import annotations

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def test_robots_txt_names_the_sitemap_and_keeps_crawlers_out_of_admin(client):
    text = client.get("/robots.txt").text

    assert "Sitemap: http://localhost/sitemap.xml" in text
    assert "Disallow: /admin/" in text
