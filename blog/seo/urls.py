"""Absolute URLs for canonical links, feeds and the sitemap.

`SITE_URL` (e.g. https://news.example.org) pins them to the public address, so a forged
Host header can never leak into a page that caches and feed readers keep; without it the
request's own host is used, which suits development.
"""

from __future__ import annotations

from urllib.parse import urljoin

from flask import current_app, request, url_for


def site_root() -> str:
    configured = current_app.config.get("SITE_URL")
    return (configured.rstrip("/") + "/") if configured else request.host_url


def absolute_url(endpoint: str, **values: object) -> str:
    return urljoin(site_root(), url_for(endpoint, **values).lstrip("/"))


def absolute(path_or_url: str) -> str:
    """An image src from an article (relative or absolute) as an absolute URL."""
    return urljoin(site_root(), path_or_url)
