"""When the database is away: a friendly 503 with Retry-After, and no lost comment.

A reader gets a short page saying to come back in 30 seconds, as Retry-After says. Someone
posting a comment gets their text back in a form that posts to the same place, so nothing
they typed is lost.
Neither page touches the database, and the worker lives on: the pool's pre-ping replaces
dead connections on the next request, so the site recovers without a restart.
"""

from __future__ import annotations

from flask import Flask, current_app, render_template, request
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError

from blog.extensions import db

RETRY_AFTER_SECONDS = 30
COMMENT_FIELDS = ("author_name", "author_email", "author_website", "body", "parent_id")


def _unavailable(error: Exception) -> tuple[str, int, dict[str, str]]:
    current_app.logger.error("database unavailable: %s", str(error).splitlines()[0])
    if request.method == "POST" and request.endpoint == "comments.create":
        template = "errors/comment_unsaved.html"
        fields = {name: request.form.get(name, "") for name in COMMENT_FIELDS}
        context = {"fields": fields, "form_token": request.form.get("form_token", "")}
    else:
        template, context = "errors/unavailable.html", {}
    html = render_template(
        template, action=request.path, retry_after=RETRY_AFTER_SECONDS, **context
    )
    headers = {"Retry-After": str(RETRY_AFTER_SECONDS), "Cache-Control": "no-store"}
    return html, 503, headers


def _close_session_quietly(error: BaseException | None) -> None:
    """End the request's session, even on a connection the server has just cut.

    The answer is already made (and any comment committed), but closing rolls back, and a
    rollback on a terminated connection raises, which gunicorn would turn into a bare 500.
    Registered after Flask-SQLAlchemy's own teardown, so it runs first and leaves that one
    nothing to do; the dead connection is dropped from the pool.
    """
    try:
        db.session.remove()
    except DBAPIError as failure:
        current_app.logger.warning("connection lost at the end of a request: %s", failure.orig)


def register_outage_pages(app: Flask) -> None:
    app.teardown_appcontext(_close_session_quietly)
    app.register_error_handler(OperationalError, _unavailable)
    app.register_error_handler(InterfaceError, _unavailable)
    app.register_error_handler(PoolTimeoutError, _unavailable)
