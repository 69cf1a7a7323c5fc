"""Static files under URLs that carry a hash of their content, cached for a year.

`url_for('static', filename='css/site.css')` becomes `/static/css/site.css?v=<hash>`: a
deploy that changes the file changes the URL, so browsers and CDNs may keep each URL
forever. A query string rather than a renamed file needs no build step or manifest, and any
static server (Flask, nginx, WhiteNoise) still finds the file by its plain path.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from flask import Flask, Response, current_app, request

FAR_FUTURE = 365 * 24 * 3600
_digests: dict[tuple[str, int, int], str] = {}


def file_digest(static_folder: str, filename: str) -> str | None:
    """A short hash of the file's bytes, remembered while its size and mtime stay the same."""
    path = Path(static_folder, filename)
    try:
        stat = path.stat()
    except OSError:
        return None
    key = (str(path), stat.st_mtime_ns, stat.st_size)
    if key not in _digests:
        _digests[key] = hashlib.sha256(path.read_bytes()).hexdigest()[:12]
    return _digests[key]


def _static_digest(filename: str) -> str | None:
    return file_digest(current_app.static_folder or "", filename)


def init_app(app: Flask) -> None:
    @app.url_defaults
    def add_content_hash(endpoint: str, values: dict) -> None:
        if endpoint == "static" and "filename" in values and "v" not in values:
            digest = _static_digest(values["filename"])
            if digest:
                values["v"] = digest

    @app.after_request
    def cache_hashed_static(response: Response) -> Response:
        if request.endpoint != "static" or response.status_code not in (200, 304):
            return response
        wanted = request.args.get("v")
        filename = (request.view_args or {}).get("filename", "")
        if wanted and wanted == _static_digest(filename):
            response.cache_control.no_cache = None  # Flask's default for static files
            response.cache_control.public = True
            response.cache_control.max_age = FAR_FUTURE
            response.cache_control.immutable = True
        else:
            # An unhashed or stale URL may change under the same name: always revalidate.
            response.cache_control.no_cache = True
        return response
