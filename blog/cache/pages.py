"""A server-side cache of public pages, exact to the request.

A view opts in with `@cached_page(stamp_function)`. For a GET from a reader who carries no
cookie, the stamp (one indexed query) decides everything:

- the reader's copy is current (If-None-Match / If-Modified-Since): 304, nothing rendered;
- this worker holds a copy rendered at the same stamp: it is sent as is, before Flask
  dispatches (blog/cache/shortcut.py);
- otherwise the view renders, and the page is kept if nothing in it was personal.

A request that carries any cookie (a pending comment, saved details, a flash message, a
signed-in owner) is rendered for that reader alone: it is never served from the cache,
never stored, and marked `private, no-store` so no proxy keeps it either.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from flask import Flask, Response, current_app, g, request, session
from werkzeug.http import is_resource_modified

from blog.cache.changes import signal_changes
from blog.cache.headers import cache_headers, page_etag
from blog.cache.shortcut import CachedPageShortcut
from blog.cache.stamps import Stamp
from blog.cache.store import CachedPage, PageStore
from blog.cache.versions import track_changes

StampFunction = Callable[..., Stamp | None]
View = TypeVar("View", bound=Callable[..., object])


def cached_page(stamp: StampFunction) -> Callable[[View], View]:
    """Mark a view as a public page whose content depends only on `stamp(**view_args)`."""

    def mark(view: View) -> View:
        view.page_stamp = stamp  # type: ignore[attr-defined]
        return view

    return mark


def register_page_cache(app: Flask) -> None:
    """The hooks that render and keep pages, and the shortcut that sends kept ones.

    Call before any other middleware wraps `app.wsgi_app` (the proxy fix, static files), so
    the shortcut sees the request as Flask would: https behind a proxy included.
    """
    track_changes()
    signal_changes()
    app.extensions["page_store"] = PageStore(app.config["PAGE_CACHE_MAX_BYTES"])
    app.wsgi_app = CachedPageShortcut(app, app.wsgi_app)  # type: ignore[method-assign]
    app.before_request(serve_cached_page)
    app.after_request(finish_page)


def _stamp_function() -> StampFunction | None:
    if request.method not in ("GET", "HEAD") or not current_app.config["PAGE_CACHE_ENABLED"]:
        return None
    view = current_app.view_functions.get(request.endpoint or "")
    return getattr(view, "page_stamp", None)


def serve_cached_page() -> Response | None:
    """What the shortcut could not answer: a reader's own page, a 304, or a page to render.

    A current copy kept by this worker never gets here (CachedPageShortcut sends it), but a
    reader's browser may hold a copy rendered by another worker: that is still a 304.
    """
    stamp_for = _stamp_function()
    if stamp_for is None:
        return None
    if request.cookies:
        g.page_private = True
        return None
    stamp = stamp_for(**(request.view_args or {}))
    if stamp is None:
        return None  # no such page: the view answers (404)
    g.page_stamp, g.page_stamp_for = stamp, stamp_for
    etag = page_etag(request.full_path, stamp)
    headers = cache_headers(etag, stamp, current_app.config["PAGE_CDN_SECONDS"])
    if not is_resource_modified(request.environ, etag=etag, last_modified=stamp.changed_at):
        g.page_served = True
        return Response(status=304, headers=headers)
    g.page_cache_headers = headers
    return None


def finish_page(response: Response) -> Response:
    if g.pop("page_private", False):
        _private(response)
        return response
    stamp: Stamp | None = g.pop("page_stamp", None)
    if stamp is None or g.pop("page_served", False):
        return response
    if not _shareable(response):
        _private(response)
        return response
    if request.method == "GET":
        page = CachedPage.make(
            stamp.version,
            response.get_data(),
            response.content_type or "",
            g.page_stamp_for,
            request.view_args,
        )
        current_app.extensions["page_store"].put(request.full_path, page)
    response.headers.update(g.pop("page_cache_headers"))
    return response


def _shareable(response: Response) -> bool:
    """Only a page with nothing personal in it: 200, sets no cookie, touched no session."""
    return (
        response.status_code == 200
        and not response.is_streamed
        and "Set-Cookie" not in response.headers
        and not session.modified
        and not response.cache_control.private
        and not response.cache_control.no_store
    )


def _private(response: Response) -> None:
    response.cache_control.private = True
    response.cache_control.no_store = True
    response.cache_control.public = False
    response.vary.add("Cookie")
