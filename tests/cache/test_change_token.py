"""The token in Redis that tells workers nothing changed (blog/cache/changes.py): replaced
after every commit that bumps a version, and never trusted past a failure or TRUST_SECONDS.

The cache-correctness modules run in this mode too (the `stamp_readers` marker); these
tests cover what only the token does.
"""

from __future__ import annotations

import logging
import select

import pytest
import redis
from flask import Flask
from sqlalchemy import create_engine, text

from blog import create_app
from blog.cache import changes, reader
from blog.cache.changes import watch
from blog.extensions import db
from blog.models import Comment, CommentStatus
from config import TestingConfig
from tests.cache.helpers import recorded_queries
from tests.factories import make_article, make_comment

through_redis = pytest.mark.parametrize("stamp_reader", ["redis"], indirect=True)
UNREACHABLE = "redis://127.0.0.1:1/6"  # nothing listens on port 1
SHARED_SETTINGS = (
    "SQLALCHEMY_DATABASE_URI",
    "PAGE_STAMP_ENGINE",
    "PAGE_CHANGE_WATCH",
    "PAGE_CHANGE_REDIS_URL",
    "PAGE_CHANGE_KEY",
)


def _token(app: Flask) -> bytes | None:
    with redis.Redis.from_url(app.config["PAGE_CHANGE_REDIS_URL"]) as server:
        return server.get(app.config["PAGE_CHANGE_KEY"])


def _hide_behind_the_apps_back(comment: Comment) -> None:
    """Hide a comment and bump its page's version as the app would, but from outside it:
    no session of the app's commits, so the token is not replaced."""
    engine = create_engine(db.engine.url)
    with engine.begin() as connection:
        connection.execute(
            text("UPDATE comments SET status = 'spam' WHERE id = :id"), {"id": comment.id}
        )
        connection.execute(text("UPDATE cache_versions SET version = version + 1"))
    engine.dispose()


@through_redis
def test_only_a_committed_bump_replaces_the_token(app, client):
    article = make_article()
    client.get(f"/{article.slug}/")
    first = _token(app)
    assert first is not None

    make_comment(article, status=CommentStatus.PENDING)  # held: no reader's page changes
    assert _token(app) == first
    make_comment(article, body="Published")
    after_commit = _token(app)
    assert after_commit != first

    article.title = "A rolled back headline"
    db.session.flush()  # bumps the versions inside the transaction
    db.session.rollback()
    db.session.commit()  # an empty commit must not replace it for the rolled back bump
    assert _token(app) == after_commit


@through_redis
def test_a_change_made_outside_the_app_shows_within_the_trust_period(app, client, monkeypatch):
    article = make_article()
    comment = make_comment(article, body="Soon hidden")
    url = f"/{article.slug}/"
    assert "Soon hidden" in client.get(url).text

    _hide_behind_the_apps_back(comment)
    assert "Soon hidden" in client.get(url).text, "kept on the token's word"
    monkeypatch.setattr(reader, "TRUST_SECONDS", 0.0)

    assert "Soon hidden" not in client.get(url).text


@through_redis
@pytest.mark.parametrize("how", ["key deleted", "database flushed"])
def test_a_token_lost_with_a_redis_restart_is_never_taken_for_the_kept_one(app, client, how):
    article = make_article()
    comment = make_comment(article, body="Soon hidden")
    url = f"/{article.slug}/"
    assert "Soon hidden" in client.get(url).text

    _hide_behind_the_apps_back(comment)
    with redis.Redis.from_url(app.config["PAGE_CHANGE_REDIS_URL"]) as server:
        if how == "key deleted":  # as a restarted Redis holds nothing
            server.delete(app.config["PAGE_CHANGE_KEY"])
        else:  # Redis tells tracking connections of a flush with no key at all
            server.flushdb()
        # Answered once Redis has sent its word to the tracking connection (as the blog's
        # writer does): the reply to the delete alone can come back first.
        server.ping()

    assert "Soon hidden" not in client.get(url).text
    assert _token(app) is not None


@through_redis
def test_a_kept_token_costs_no_round_trip_until_redis_says_it_changed(app, client, monkeypatch):
    monkeypatch.setattr(changes, "TRUST_SECONDS", 60.0)  # no scheduled asking in this test
    article = make_article()
    url = f"/{article.slug}/"
    client.get(url)
    connection = app.extensions["page_change_token"].connection
    sent = _record_commands(connection, monkeypatch)

    for _ in range(5):
        assert client.get(url).status_code == 200
    assert sent == []

    with redis.Redis.from_url(app.config["PAGE_CHANGE_REDIS_URL"]) as server:
        server.set(app.config["PAGE_CHANGE_KEY"], "replaced by another server")
        server.ping()  # as the blog's writer does: answered once the word is sent
    client.get(url)
    client.get(url)
    assert sent == [("GET", app.config["PAGE_CHANGE_KEY"])]


@through_redis
def test_a_connection_redis_closed_is_not_trusted_and_tracking_resumes(app, client):
    """Word of a change could have been lost with the connection: read the stamps."""
    article = make_article()
    comment = make_comment(article, body="Soon hidden")
    url = f"/{article.slug}/"
    assert "Soon hidden" in client.get(url).text
    token = app.extensions["page_change_token"]
    with redis.Redis.from_url(app.config["PAGE_CHANGE_REDIS_URL"]) as server:
        for connected in server.client_list():
            if connected["name"] == changes.CLIENT_NAME:
                server.client_kill_filter(_id=connected["id"])

        _hide_behind_the_apps_back(comment)
        assert "Soon hidden" not in client.get(url).text

        token.resting_until = 0.0  # Redis is tried again: a new connection, tracked
        make_comment(article, body="Kept again")
        assert "Kept again" in client.get(url).text
        client.get(url)
        assert token.known is not None
        server.set(app.config["PAGE_CHANGE_KEY"], "replaced by another server")
        server.ping()
        assert token.read() == b"replaced by another server"


@through_redis
def test_the_writer_answers_only_once_every_worker_has_word_of_its_change(app):
    """Without the writer's PING after its SET, about 1 in 100 of these readers' sockets
    was still empty when the SET's reply came back (measured on a 2-core machine)."""
    token = changes.change_token(app)
    pool = redis.ConnectionPool.from_url(app.config["PAGE_CHANGE_REDIS_URL"], protocol=3)
    other_workers = [pool.make_connection() for _ in range(4)]
    for worker in other_workers:
        worker.send_command("CLIENT", "TRACKING", "ON")
        worker.read_response()
    without_word = 0
    for _ in range(300):
        for worker in other_workers:
            worker.send_command("GET", app.config["PAGE_CHANGE_KEY"])
            worker.read_response()
        token.replace()
        for worker in other_workers:
            readable, _, _ = select.select([worker._sock], [], [], 0)
            without_word += not readable
            while worker.can_read(timeout=0):
                worker.read_response(push_request=True)
    pool.disconnect()

    assert without_word == 0


def _record_commands(connection: redis.Connection, monkeypatch) -> list[tuple]:
    sent: list[tuple] = []
    send = connection.send_command

    def recording(*args, **options):
        sent.append(args)
        return send(*args, **options)

    monkeypatch.setattr(connection, "send_command", recording)
    return sent


@through_redis
def test_an_unreachable_redis_costs_a_stamp_query_per_page_and_nothing_else(app, client, caplog):
    app.config["PAGE_CHANGE_REDIS_URL"] = UNREACHABLE  # before the token's client is made
    caplog.set_level(logging.WARNING)
    article = make_article()
    url = f"/{article.slug}/"
    client.get(url)

    with recorded_queries() as statements:
        assert client.get(url).status_code == 200
    make_comment(article, body="Seen at once")

    assert len(statements) == 1
    assert "Seen at once" in client.get(url).text
    assert "the page change token in Redis" in caplog.text


@through_redis
def test_stamps_kept_before_a_redis_outage_are_not_trusted_after_it(app, client):
    """During the outage a writer could not replace the token, so when Redis answers
    again with the token from before, a worker must not take it as 'nothing changed'."""
    article = make_article()
    url = f"/{article.slug}/"
    client.get(url)
    token = app.extensions["page_change_token"]
    working = token.connection

    token.connection = redis.Connection(port=1, socket_connect_timeout=0.25)
    client.get(url)  # the outage, as a reader sees it
    make_comment(article, body="Written during the outage")  # its token replace fails
    token.connection, token.resting_until = working, 0.0

    assert "Written during the outage" in client.get(url).text


@through_redis
def test_a_change_through_one_worker_shows_on_the_next_request_to_another(app, client):
    same_settings = {key: app.config[key] for key in SHARED_SETTINGS}
    other_worker = create_app(type("OtherWorker", (TestingConfig,), same_settings))
    other_client = other_worker.test_client()
    article = make_article()
    url = f"/{article.slug}/"
    with other_worker.app_context():
        assert "First reply" not in other_client.get(url).text
        other_client.get(url)  # kept by the other worker

    make_comment(article, body="First reply")

    with other_worker.app_context():
        assert "First reply" in other_client.get(url).text
        db.session.remove()
        reader.dispose_stamp_engine(other_worker)
        db.engine.dispose()


@pytest.mark.parametrize(
    ("database", "choice", "redis_url", "expected"),
    [
        ("sqlite:///blog.sqlite3", "auto", "redis://127.0.0.1:6379/0", "data_version"),
        ("postgresql+psycopg://db/blog", "auto", "redis://127.0.0.1:6379/0", "redis"),
        ("postgresql+psycopg://db/blog", "auto", None, None),
        ("sqlite:///blog.sqlite3", "redis", "redis://127.0.0.1:6379/0", "redis"),
        ("postgresql+psycopg://db/blog", "none", "redis://127.0.0.1:6379/0", None),
    ],
)
def test_the_change_signal_is_chosen_from_the_database_and_settings(
    database, choice, redis_url, expected
):
    app = Flask(__name__)
    app.config.update(
        SQLALCHEMY_DATABASE_URI=database, PAGE_CHANGE_WATCH=choice, PAGE_CHANGE_REDIS_URL=redis_url
    )
    assert watch(app) == expected


@pytest.mark.parametrize(
    ("database", "choice", "redis_url"),
    [
        ("postgresql+psycopg://db/blog", "data_version", None),
        ("postgresql+psycopg://db/blog", "redis", None),
        ("postgresql+psycopg://db/blog", "sometimes", None),
    ],
)
def test_a_change_signal_that_cannot_work_is_refused(database, choice, redis_url):
    app = Flask(__name__)
    app.config.update(
        SQLALCHEMY_DATABASE_URI=database, PAGE_CHANGE_WATCH=choice, PAGE_CHANGE_REDIS_URL=redis_url
    )
    with pytest.raises(ValueError, match="PAGE_CHANGE_WATCH"):
        watch(app)
