"""URL segments with control characters match no route at all.

A slug or a tag name never contains one, and PostgreSQL refuses a NUL byte in text
outright, so `/tags/%00/` reached the database and failed there. Refused by the router,
such a path is a plain 404 before any view or query runs, for every route at once.
"""

from __future__ import annotations

from flask import Flask
from werkzeug.routing import Map, UnicodeConverter


class PrintableConverter(UnicodeConverter):
    def __init__(
        self,
        map: Map,  # noqa: A002 (werkzeug's own parameter name)
        minlength: int = 1,
        maxlength: int | None = None,
        length: int | None = None,
    ) -> None:
        super().__init__(map, minlength, maxlength, length)
        self.regex = self.regex.replace("[^/]", r"[^/\x00-\x1f\x7f]")


def register_printable_segments(app: Flask) -> None:
    """Call before any route is added: rules pick their converter when they are made."""
    app.url_map.converters["default"] = PrintableConverter
    app.url_map.converters["string"] = PrintableConverter
