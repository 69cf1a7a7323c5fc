"""Page numbers from the query string, bounded before any list page reads them.

Flask-SQLAlchemy's `db.paginate` takes `?page=` as any integer; a huge one overflows the
database's OFFSET (a 500 on SQLite, found by tests/test_hostile_input.py). One guard here
covers every list, public and admin.
"""

from __future__ import annotations

from flask import Flask, abort, request

MAX_PAGE = 100_000


def check_page_number() -> None:
    raw = request.args.get("page")
    if raw is None:
        return
    try:
        number = int(raw)
    except ValueError:
        return  # not a number: db.paginate shows the first page, as before
    if not 0 < number <= MAX_PAGE:
        abort(404)


def register_pagination_guard(app: Flask) -> None:
    app.before_request(check_page_number)
