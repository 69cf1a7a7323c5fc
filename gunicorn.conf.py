"""Production serving defaults for gunicorn, each overridable from the environment.

`gunicorn -c gunicorn.conf.py wsgi:app` (what `make run` and deploy/blog.service do).
"""

from __future__ import annotations

import multiprocessing
import os

from flask import Flask
from gunicorn.arbiter import Arbiter
from gunicorn.workers.base import Worker
from sqlalchemy.exc import SQLAlchemyError

from blog.comments.spam_training import train_before_serving
from blog.extensions import db
from blog.serving.schema import require_current_schema
from config import env_int, gunicorn_threads

bind = os.environ.get(
    "GUNICORN_BIND", f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
)
# Sync workers: one request each at a time, so a slow request never stalls another's, and
# the database pool per worker stays small (blog/serving/database.py).
# 0 workers or threads would serve nothing; a 0 that gunicorn gives a meaning is allowed:
# no timeout, no grace on SIGTERM, no keep-alive, no recycling, no jitter.
workers = env_int("WEB_CONCURRENCY", min(multiprocessing.cpu_count() * 2 + 1, 8), minimum=1)
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "sync")
threads = gunicorn_threads()
timeout = env_int("GUNICORN_TIMEOUT", 30, minimum=0)
# On SIGTERM workers finish the requests they hold for up to this long, then stop.
graceful_timeout = env_int("GUNICORN_GRACEFUL_TIMEOUT", 20, minimum=0)
keepalive = env_int("GUNICORN_KEEPALIVE", 5, minimum=0)
# Recycle workers now and then (with jitter, so they do not all restart together), as a net
# against a slow leak. Not often: a new worker starts with no kept pages and renders each
# again. Every 2,000 requests cost a cached article 43% of its throughput (1,498 req/s
# against 859, wrk on loopback, 5 workers).
max_requests = env_int("GUNICORN_MAX_REQUESTS", 50_000, minimum=0)
max_requests_jitter = env_int("GUNICORN_MAX_REQUESTS_JITTER", 5_000, minimum=0)
# Request line and header limits well below gunicorn's maximums: a blog needs no more.
limit_request_line = 4094
limit_request_fields = 100

accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = os.environ.get("GUNICORN_ERROR_LOG", "-")
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# The request id is the response's X-Request-ID, the same one the app's log lines carry.
access_log_format = (
    '%(h)s "%(r)s" %(s)s %(B)s %(M)sms "%(f)s" "%(a)s" request_id=%({x-request-id}o)s'
)
# Trust X-Forwarded-* (for https detection) only from these addresses.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
proc_name = "blog"
# Load the app once in the master, so a broken config fails before any worker forks.
preload_app = True


def _blog(server: Arbiter) -> Flask | None:
    """The blog; None for the benchmark's hello-world and floors, served with this file too."""
    app = server.app.wsgi()
    return app if isinstance(app, Flask) and app.import_name == "blog" else None


def on_starting(server: Arbiter) -> None:
    """Refuse to serve a database that is behind the code, with a one-line error.

    Here and not in create_app: `flask db upgrade` builds the same app and must still run
    against an unmigrated database. A RuntimeError from this hook is printed by gunicorn as
    "Error: ..." and the master exits with status 1.

    The spam filter is trained here too, once: every worker forked from the master starts
    with the model, where each used to train it on its first comment (half a second).
    """
    app = _blog(server)
    if app is None:
        return
    if app.config.get("REQUIRE_CURRENT_SCHEMA"):
        require_current_schema(app)
    try:
        train_before_serving(app)
    except SQLAlchemyError as error:  # the first post in each worker trains instead
        server.log.warning("Spam filter not trained before serving: %s", error)


def post_fork(server: Arbiter, worker: Worker) -> None:
    """Connections opened in the master (by the schema check) must not be shared by forks."""
    app = _blog(server)
    if app is not None:
        with app.app_context():
            db.engine.dispose(close=False)
