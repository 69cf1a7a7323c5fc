"""Probes for a load balancer or systemd: cheap, never cached, never setting a cookie.

/healthz says the process answers (no database: a slow database must not get healthy
workers killed). /readyz says this server can take traffic: the database answers and is
at the migration head, so a server with new code waits until `flask db upgrade` has run.
"""

from __future__ import annotations

from flask import Blueprint, Response, current_app, jsonify
from sqlalchemy.exc import SQLAlchemyError

from blog.serving.schema import schema_problem

bp = Blueprint("health", __name__)


def _probe(body: dict[str, str], status: int) -> Response:
    response = jsonify(body)
    response.status_code = status
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/healthz")
def healthz() -> Response:
    return _probe({"status": "ok"}, 200)


@bp.get("/readyz")
def readyz() -> Response:
    try:
        problem = schema_problem()
    except SQLAlchemyError as error:
        current_app.logger.warning("not ready: %s", str(error).splitlines()[0])
        return _probe({"status": "unavailable", "reason": "database unreachable"}, 503)
    if problem:
        current_app.logger.warning("not ready: %s", problem)
        return _probe({"status": "unavailable", "reason": problem}, 503)
    return _probe({"status": "ok"}, 200)
