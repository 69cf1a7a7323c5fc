"""Which pages this build has: the benchmark measures what exists and says what does not."""

from __future__ import annotations

from flask import url_for

from bench.bodies import SEARCHED_PLACE
from bench.dataset import READ_SLUG
from blog import create_app
from config import TestingConfig

SEARCH_WORDS = SEARCHED_PLACE  # in 1 of 500 articles (titles): 2 small, 200 large
TAG_SLUG = "council"

# page name: (endpoint, its arguments)
PAGES: dict[str, tuple[str, dict[str, str]]] = {
    "home": ("articles.index", {}),
    "article": ("articles.detail", {"slug": READ_SLUG}),
    "tag": ("tags.detail", {"slug": TAG_SLUG}),
    "search": ("search.results", {"q": SEARCH_WORDS}),
    "feed": ("feeds.site_atom", {}),
}


def page_paths() -> dict[str, str | None]:
    """Path of each measured page, or None when this build has no such page."""
    app = create_app(TestingConfig)
    with app.test_request_context():
        return {
            name: url_for(endpoint, **args) if endpoint in app.view_functions else None
            for name, (endpoint, args) in PAGES.items()
        }
