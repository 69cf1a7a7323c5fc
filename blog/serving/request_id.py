"""A request id on every response and every log line, so one request can be followed.

The id comes from the proxy's `X-Request-ID` when that looks like an id (nginx's
`$request_id`, a UUID), and is made here otherwise: a client cannot inject log lines or
huge values. gunicorn's access log prints the response header; the app's own log lines get
it through `RequestIdFilter`.
"""

from __future__ import annotations

import logging
import re
import uuid

from flask import Flask, Response, g, has_request_context, request
from flask.logging import default_handler

HEADER = "X-Request-ID"
SANE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{7,99}")
LOG_FORMAT = "%(asctime)s [%(process)d] [%(levelname)s] [%(request_id)s] %(name)s: %(message)s"


def incoming_or_new_id(value: str | None) -> str:
    if value and SANE_ID.fullmatch(value):
        return value
    return uuid.uuid4().hex


class RequestIdFilter(logging.Filter):
    """Adds `request_id` to every record: the current request's, or "-" outside one."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = g.get("request_id", "-") if has_request_context() else "-"
        return True


class RequestIdHandler(logging.StreamHandler):
    """stderr, like gunicorn's own log, with the request id in every line."""

    def __init__(self) -> None:
        super().__init__()
        self.addFilter(RequestIdFilter())
        self.setFormatter(logging.Formatter(LOG_FORMAT, "[%Y-%m-%d %H:%M:%S %z]"))


def register_request_id(app: Flask) -> None:
    @app.before_request
    def assign_request_id() -> None:
        g.request_id = incoming_or_new_id(request.headers.get(HEADER))

    @app.after_request
    def send_request_id(response: Response) -> Response:
        response.headers[HEADER] = g.get("request_id") or incoming_or_new_id(None)
        return response

    if not app.testing:
        _log_through_root(app)


def _log_through_root(app: Flask) -> None:
    """One handler on the root logger, so library warnings (the rate limiter's, SQLAlchemy's)
    carry the request id too; the app logger then propagates instead of printing twice."""
    root = logging.getLogger()
    if not any(isinstance(handler, RequestIdHandler) for handler in root.handlers):
        root.addHandler(RequestIdHandler())
    app.logger.removeHandler(default_handler)
    if app.logger.level == logging.NOTSET:
        app.logger.setLevel(logging.INFO)
