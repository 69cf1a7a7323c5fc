"""What each page tells search engines and link previews: title, description, canonical URL,
Open Graph and Twitter cards, and JSON-LD for articles."""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from datetime import datetime

from flask import current_app, request
from markupsafe import Markup

from blog.models import Article
from blog.seo.urls import absolute, absolute_url, site_root

DESCRIPTION_LENGTH = 160
_FIRST_IMAGE = re.compile(r'<img\b[^>]*?\ssrc="([^"]+)"')
# Inside <script> only "</script" and "<!--" matter, but escaping every <, > and & as JSON
# escapes keeps the data block inert whatever a headline contains, and it stays valid JSON.
_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"}


@dataclass(frozen=True)
class PageMeta:
    title: str
    description: str
    canonical: str | None
    og_type: str = "website"
    image: str | None = None
    published: datetime | None = None
    modified: datetime | None = None
    json_ld: Markup | None = None
    noindex: bool = False

    @property
    def twitter_card(self) -> str:
        return "summary_large_image" if self.image else "summary"

    @property
    def document_title(self) -> str:
        """The <title>: the page's own title, then the site's name."""
        site = current_app.config["SITE_NAME"]
        return self.title if self.title == site else f"{self.title} – {site}"


def excerpt(text: str, limit: int = DESCRIPTION_LENGTH) -> str:
    """The first words of `text`, cut at a word boundary."""
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:.") + "…"


def default_meta() -> PageMeta:
    """For pages that set nothing: the site's name and description, this URL as canonical.

    A request that matched no route (a 404) gets no canonical URL and asks not to be indexed.
    """
    config = current_app.config
    canonical = None
    if request.endpoint and request.endpoint != "static":
        values = dict(request.view_args or {})
        page = request.args.get("page", type=int)
        if page and page > 1:
            values["page"] = page
        canonical = absolute_url(request.endpoint, **values)
    return PageMeta(
        title=config["SITE_NAME"],
        description=config["SITE_DESCRIPTION"],
        canonical=canonical,
        noindex=canonical is None,
    )


def listing_meta(
    title: str, description: str, endpoint: str, page: int, **values: object
) -> PageMeta:
    """A paginated list: page 2 onwards says so in its title and is its own canonical URL."""
    if page > 1:
        values["page"] = page
        title = f"{title}, page {page}"
    return PageMeta(
        title=title, description=description, canonical=absolute_url(endpoint, **values)
    )


def home_meta(page: int) -> PageMeta:
    """The site's name alone on the front page; older pages are named like any listing, so
    no two home pages share a <title>."""
    config = current_app.config
    if page > 1:
        return listing_meta("Latest articles", config["SITE_DESCRIPTION"], "articles.index", page)
    return PageMeta(
        title=config["SITE_NAME"],
        description=config["SITE_DESCRIPTION"],
        canonical=absolute_url("articles.index"),
    )


def first_image(body_html: str) -> str | None:
    match = _FIRST_IMAGE.search(body_html)
    return absolute(html.unescape(match.group(1))) if match else None


def json_ld(data: dict) -> Markup:
    """JSON for a <script type="application/ld+json"> block that no text can break out of."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for char, escape in _JSON_ESCAPES.items():
        text = text.replace(char, escape)
    return Markup(text)


def article_meta(article: Article) -> PageMeta:
    url = absolute_url("articles.detail", slug=article.slug)
    description = article.subtitle or excerpt(article.body_text) or article.title
    image = first_image(article.body_html)
    site = current_app.config["SITE_NAME"]
    data: dict = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title,
        "description": description,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "url": url,
        "datePublished": article.published_at.isoformat() if article.published_at else None,
        "dateModified": article.updated_at.isoformat(),
        "author": {"@type": "Person", "name": article.author_name},
        "publisher": {"@type": "Organization", "name": site, "url": site_root()},
        "keywords": [tag.name for tag in article.tags],
    }
    if image:
        data["image"] = [image]
    return PageMeta(
        title=article.title,
        description=description,
        canonical=url,
        og_type="article",
        image=image,
        published=article.published_at,
        modified=article.updated_at,
        json_ld=json_ld(data),
    )
