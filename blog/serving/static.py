"""Static files served from memory-mapped, pre-compressed copies by WhiteNoise.

Flask's own static view reads the file through the whole request stack; WhiteNoise answers
before Flask, with gzip/brotli variants, ETags and cache headers. Behind nginx set
SERVE_STATIC=0 and let nginx serve `blog/static/` itself (deploy/nginx-blog.conf).
"""

from __future__ import annotations

from wsgiref.headers import Headers

from flask import Flask
from whitenoise import WhiteNoise

from blog.security_headers import HEADERS


def _security_headers(headers: Headers, path: str, url: str) -> None:
    """Static answers skip Flask's after_request hooks, so they get the same headers here."""
    for name, value in HEADERS.items():
        headers.setdefault(name, value)


def register_static(app: Flask) -> None:
    if not app.config["SERVE_STATIC"] or app.static_folder is None:
        return
    app.wsgi_app = WhiteNoise(  # type: ignore[method-assign]
        app.wsgi_app,
        root=app.static_folder,
        prefix=app.static_url_path,
        max_age=app.config["STATIC_MAX_AGE"],
        add_headers_function=_security_headers,
    )
