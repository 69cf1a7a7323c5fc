from __future__ import annotations

import json
import re

from tests.factories import make_article, tag_article


def meta_content(html: str, attribute: str, name: str) -> str | None:
    match = re.search(rf'<meta {attribute}="{re.escape(name)}" content="([^"]*)">', html)
    return match.group(1) if match else None


def json_ld(html: str) -> dict:
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert match, "no JSON-LD block"
    return json.loads(match.group(1))


def test_article_page_has_title_description_canonical_and_cards(client):
    article = make_article(title="Harbour reopens", subtitle="Boats return")

    html = client.get(f"/{article.slug}/").text

    assert "<title>Harbour reopens – The Flask Courier</title>" in html
    assert meta_content(html, "name", "description") == "Boats return"
    assert f'<link rel="canonical" href="http://localhost/{article.slug}/">' in html
    assert meta_content(html, "property", "og:type") == "article"
    assert meta_content(html, "property", "og:title") == "Harbour reopens"
    assert meta_content(html, "property", "og:url") == f"http://localhost/{article.slug}/"
    assert meta_content(html, "property", "article:published_time").startswith(
        article.published_at.date().isoformat()
    )
    assert meta_content(html, "name", "twitter:card") == "summary"


def test_description_falls_back_to_an_excerpt_of_the_body(client):
    article = make_article(subtitle="", body_markdown="First words of the body. " * 20)

    description = meta_content(client.get(f"/{article.slug}/").text, "name", "description")

    assert description.startswith("First words of the body.")
    assert len(description) <= 160 and description.endswith("…")


def test_first_image_becomes_the_preview_image(client):
    article = make_article(body_markdown="![A boat](/static/boat.jpg)\n\n![Two](/b.png)")

    html = client.get(f"/{article.slug}/").text

    assert meta_content(html, "property", "og:image") == "http://localhost/static/boat.jpg"
    assert meta_content(html, "name", "twitter:card") == "summary_large_image"


def test_article_has_news_article_json_ld(client):
    article = make_article(title="Harbour", author_name="Sam Writer")
    tag_article(article, "Ports")

    data = json_ld(client.get(f"/{article.slug}/").text)

    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "Harbour"
    assert data["author"] == {"@type": "Person", "name": "Sam Writer"}
    assert data["publisher"]["name"] == "The Flask Courier"
    assert data["datePublished"] == article.published_at.isoformat()
    assert data["dateModified"] == article.updated_at.isoformat()
    assert data["keywords"] == ["Ports"]


def test_json_ld_cannot_be_broken_out_of(client):
    hostile = '</script><script>alert(1)</script><!-- & "quoted"'
    article = make_article(title=hostile, subtitle=hostile)

    html = client.get(f"/{article.slug}/").text

    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert "<" not in block.group(1) and ">" not in block.group(1) and "&" not in block.group(1)
    assert json_ld(html)["headline"] == hostile
    assert html.count("<script") == 1


def test_home_page_has_site_title_description_and_canonical(client):
    html = client.get("/").text

    assert "<title>The Flask Courier</title>" in html
    assert meta_content(html, "property", "og:type") == "website"
    assert '<link rel="canonical" href="http://localhost/">' in html
    assert "application/ld+json" not in html


def test_older_home_pages_have_their_own_title_and_canonical(app, client):
    app.config["ARTICLES_PER_PAGE"] = 1
    for _ in range(3):
        make_article()

    first, second, third = (client.get(f"/?page={n}").text for n in (1, 2, 3))

    assert "<title>The Flask Courier</title>" in first
    assert "<title>Latest articles, page 2 – The Flask Courier</title>" in second
    assert "<title>Latest articles, page 3 – The Flask Courier</title>" in third
    assert meta_content(second, "property", "og:title") == "Latest articles, page 2"
    assert '<link rel="canonical" href="http://localhost/?page=2">' in second
    assert '<link rel="canonical" href="http://localhost/">' in first


def test_site_url_setting_pins_canonical_urls(app, client):
    app.config["SITE_URL"] = "https://news.example.org/"
    article = make_article()

    html = client.get(f"/{article.slug}/", headers={"Host": "evil.example"}).text

    assert f'<link rel="canonical" href="https://news.example.org/{article.slug}/">' in html
    assert "evil.example" not in html


def test_missing_page_is_not_indexed_and_has_no_canonical(client):
    html = client.get("/no/such/page").text

    assert '<meta name="robots" content="noindex">' in html
    assert 'rel="canonical"' not in html


def test_every_public_page_type_has_the_full_set_of_metadata(client):
    article = tag_article(make_article(title="Harbour"), "Ports")
    urls = ["/", f"/{article.slug}/", "/tags/", "/tags/ports/", "/search?q=harbour"]

    for url in urls:
        html = client.get(url).text
        assert re.search(r"<title>[^<]+</title>", html), url
        assert meta_content(html, "name", "description"), url
        assert '<link rel="canonical" href="http://localhost/' in html, url
        for name in ("og:title", "og:description", "og:type", "og:url", "og:site_name"):
            assert meta_content(html, "property", name), (url, name)
        assert meta_content(html, "name", "twitter:card"), url
