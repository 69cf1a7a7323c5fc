"""Static files served from memory-mapped, pre-compressed copies by WhiteNoise.

Flask's own static view reads the file through the whole request stack; WhiteNoise answers
before Flask, with gzip/brotli variants, ETags and cache headers. Behind nginx set
SERVE_STATIC=0 and let nginx serve `blog/static/` itself (deploy/nginx-blog.conf).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import parse_qs
from wsgiref.headers import Headers

from flask import Flask
from whitenoise import WhiteNoise
from whitenoise.string_utils import decode_path_info

from blog.assets import FAR_FUTURE, file_digest
from blog.security_headers import HEADERS

IMMUTABLE = f"public, max-age={FAR_FUTURE}, immutable"
CACHEABLE = ("200", "206", "304")


def _security_headers(headers: Headers, path: str, url: str) -> None:
    """Static answers skip Flask's after_request hooks, so they get the same headers here."""
    for name, value in HEADERS.items():
        headers.setdefault(name, value)


class HashedWhiteNoise(WhiteNoise):
    """WhiteNoise that keeps a URL carrying the file's current hash (`?v=`, blog/assets.py)
    for a year.

    WhiteNoise fixes each file's headers once, by path, and never looks at the query
    string; so the hash is checked here, per request, against the same digest `url_for`
    used. Unhashed and stale URLs keep WhiteNoise's short `max_age`.
    """

    def __init__(self, application: Any, root: str, prefix: str, **options: Any) -> None:
        self.static_root = root
        self.static_prefix = prefix.rstrip("/") + "/"
        super().__init__(application, root=root, prefix=prefix, **options)

    def _hash_matches(self, environ: dict[str, Any]) -> bool:
        wanted = parse_qs(environ.get("QUERY_STRING", "")).get("v", [""])[0]
        path = decode_path_info(environ.get("PATH_INFO", ""))
        if not wanted or not path.startswith(self.static_prefix):
            return False
        return wanted == file_digest(self.static_root, path[len(self.static_prefix) :])

    def serve(  # type: ignore[override]
        self, static_file: Any, environ: dict[str, Any], start_response: Callable[..., Any]
    ) -> Iterable[bytes]:
        if not self._hash_matches(environ):
            return WhiteNoise.serve(static_file, environ, start_response)

        def start_immutable(status: str, headers: list[tuple[str, str]], *exc: Any) -> Any:
            if status.startswith(CACHEABLE):
                headers = [(k, v) for k, v in headers if k.lower() != "cache-control"]
                headers.append(("Cache-Control", IMMUTABLE))
            return start_response(status, headers, *exc)

        return WhiteNoise.serve(static_file, environ, start_immutable)


def register_static(app: Flask) -> None:
    if not app.config["SERVE_STATIC"] or app.static_folder is None:
        return
    app.wsgi_app = HashedWhiteNoise(  # type: ignore[method-assign]
        app.wsgi_app,
        root=app.static_folder,
        prefix=app.static_url_path or "/static",
        max_age=app.config["STATIC_MAX_AGE"],
        add_headers_function=_security_headers,
    )
