"""A server-side cache of public pages, exact to the request.

A view opts in with `@cached_page(stamp_function)`. For a GET from a reader who carries no
cookie, the stamp (one indexed query) decides everything:

- the reader's copy is current (If-None-Match / If-Modified-Since): 304, nothing rendered;
- this worker holds a copy rendered at the same stamp: it is sent as is;
- otherwise the view renders, and the page is kept if nothing in it was personal.

A request that carries any cookie (a pending comment, saved details, a flash message, a
signed-in owner) is rendered for that reader alone: it is never served from the cache,
never stored, and marked `private, no-store` so no proxy keeps it either.
"""

from __future__ import annotations

import gzip
import hashlib
from collections.abc import Callable
from typing import TypeVar

from flask import Flask, Response, current_app, g, request, session
from werkzeug.http import http_date, is_resource_modified

from blog.cache.stamps import Stamp
from blog.cache.store import CachedPage, PageStore
from blog.cache.versions import track_changes
from blog.comments.protection import restamp_form_token

StampFunction = Callable[..., Stamp | None]
View = TypeVar("View", bound=Callable[..., object])


def cached_page(stamp: StampFunction) -> Callable[[View], View]:
    """Mark a view as a public page whose content depends only on `stamp(**view_args)`."""

    def mark(view: View) -> View:
        view.page_stamp = stamp  # type: ignore[attr-defined]
        return view

    return mark


def register_page_cache(app: Flask) -> None:
    track_changes()
    app.extensions["page_store"] = PageStore(app.config["PAGE_CACHE_MAX_BYTES"])
    app.before_request(serve_cached_page)
    app.after_request(finish_page)


def _stamp_function() -> StampFunction | None:
    if request.method not in ("GET", "HEAD") or not current_app.config["PAGE_CACHE_ENABLED"]:
        return None
    view = current_app.view_functions.get(request.endpoint or "")
    return getattr(view, "page_stamp", None)


def serve_cached_page() -> Response | None:
    stamp_for = _stamp_function()
    if stamp_for is None:
        return None
    if request.cookies:
        g.page_private = True
        return None
    stamp = stamp_for(**(request.view_args or {}))
    if stamp is None:
        return None  # no such page: the view answers (404)
    g.page_stamp = stamp
    if not is_resource_modified(
        request.environ, etag=_etag(stamp), last_modified=stamp.changed_at
    ):
        g.page_served = True
        return _public(Response(status=304), stamp)
    page = current_app.extensions["page_store"].get(request.full_path, stamp.version)
    if page is None:
        return None
    g.page_served = True
    return _public(_send(page), stamp)


def _send(page: CachedPage) -> Response:
    body, gzipped = page.body, page.gzipped
    if page.form_token is not None:
        fresh = restamp_form_token(page.form_token.decode()).encode()
        body = body.replace(page.form_token, fresh)
        gzipped = b""
    if "gzip" not in request.accept_encodings:
        return Response(body, content_type=page.content_type)
    response = Response(
        gzipped or gzip.compress(body, compresslevel=1, mtime=0), content_type=page.content_type
    )
    response.content_encoding = "gzip"
    return response


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
        page = CachedPage.make(stamp.version, response.get_data(), response.content_type or "")
        current_app.extensions["page_store"].put(request.full_path, page)
    return _public(response, stamp)


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


def _etag(stamp: Stamp) -> str:
    key = f"{request.full_path}|{stamp.version}".encode()
    return hashlib.blake2b(key, digest_size=12).hexdigest()


def _public(response: Response, stamp: Stamp) -> Response:
    """Browsers revalidate every time (a cheap 304); a CDN or nginx may keep it briefly.

    Headers are written as plain strings: werkzeug's header objects re-serialise on every
    change, which cost more than the whole cache lookup.
    """
    headers = response.headers
    headers["ETag"] = f'W/"{_etag(stamp)}"'
    headers["Last-Modified"] = http_date(stamp.changed_at)
    headers["Cache-Control"] = (
        f"public, max-age=0, s-maxage={current_app.config['PAGE_CDN_SECONDS']}"
    )
    response.vary.update(("Cookie", "Accept-Encoding"))
    return response


def _private(response: Response) -> None:
    response.cache_control.private = True
    response.cache_control.no_store = True
    response.cache_control.public = False
    response.vary.add("Cookie")
