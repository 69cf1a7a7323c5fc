"""Kept pages sent before Flask dispatches the request.

A kept page is the same bytes for every reader without a cookie, so once its stamp says it
is current there is nothing left to decide, yet Flask's dispatch (a request context, the
session, the rate limiter, a dozen hooks, werkzeug's header objects) cost more than the
stamp query and the send together: 0.86 ms of CPU against 0.22 ms for a hello-world app
(bench/, in-process). This middleware answers those requests itself, with the headers the
full path sends; anything else (a cookie, no copy, an old copy, a database error) goes on
to Flask untouched, which renders, answers 304, or shows the outage page.
"""

from __future__ import annotations

import gzip
import time
from collections.abc import Iterable
from typing import TYPE_CHECKING

from sqlalchemy.exc import SQLAlchemyError
from werkzeug.http import is_resource_modified
from werkzeug.wrappers import Request

from blog.cache.headers import cache_headers, page_etag
from blog.cache.store import Copy
from blog.comments.protection import restamp_form_token
from blog.security_headers import HEADERS, HSTS
from blog.serving.request_id import HEADER as REQUEST_ID
from blog.serving.request_id import incoming_or_new_id

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment
    from flask import Flask

    from blog.cache.store import CachedPage


class CachedPageShortcut:
    def __init__(self, app: Flask, wsgi_app: WSGIApplication) -> None:
        self.app = app
        self.wsgi_app = wsgi_app

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        if environ.get("REQUEST_METHOD") in ("GET", "HEAD") and not environ.get("HTTP_COOKIE"):
            with self.app.app_context():  # the stamp and the form token read the config
                answer = self._answer(Request(environ))
            if answer is not None:
                status, headers, body = answer
                start_response(status, headers)
                return [body]
        return self.wsgi_app(environ, start_response)

    def _answer(self, request: Request) -> tuple[str, list[tuple[str, str]], bytes] | None:
        page = self.app.extensions["page_store"].get(request.full_path)
        if page is None:
            return None
        try:
            stamp = page.stamp_for(**page.view_args)
        except SQLAlchemyError:
            return None  # Flask answers: the outage page, with its logging
        if stamp is None or stamp.version != page.stamp:
            return None
        etag = page_etag(request.full_path, stamp)
        cache = cache_headers(etag, stamp, self.app.config["PAGE_CDN_SECONDS"])
        headers = [*cache.items(), *HEADERS.items()]
        if request.is_secure:
            headers.append(("Strict-Transport-Security", HSTS))
        headers.append((REQUEST_ID, incoming_or_new_id(request.headers.get(REQUEST_ID))))
        if not is_resource_modified(request.environ, etag=etag, last_modified=stamp.changed_at):
            return "304 NOT MODIFIED", headers, b""
        body, encoding = _body(page, "gzip" in request.accept_encodings)
        headers += [("Content-Type", page.content_type), ("Content-Length", str(len(body)))]
        if encoding:
            headers.append(("Content-Encoding", encoding))
        return "200 OK", headers, b"" if request.method == "HEAD" else body


def _body(page: CachedPage, gzip_accepted: bool) -> tuple[bytes, str | None]:
    copy = page.copy if page.copy.form_token is None else _with_fresh_token(page)
    return (copy.gzipped, "gzip") if gzip_accepted else (copy.body, None)


def _with_fresh_token(page: CachedPage) -> Copy:
    """The page with its form token signed now: signed and compressed once a second.

    A token signed earlier in the same second is byte for byte the one signing now would
    give (its timestamp is whole seconds), so this saves the work, never the freshness.
    """
    now = int(time.time())
    copy = page.copy
    if copy.signed_at != now and copy.form_token is not None:
        token = restamp_form_token(copy.form_token.decode()).encode()
        body = copy.body.replace(copy.form_token, token)
        copy = page.copy = Copy(body, gzip.compress(body, compresslevel=1, mtime=0), token, now)
    return copy
