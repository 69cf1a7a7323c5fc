"""Faults under load: the database stops and comes back, a worker is killed, Redis goes.

PostgreSQL and Redis here are throwaway servers of this test's own (tests/production/
services.py); the machine's shared ones are never touched. Each test is bounded by
deadlines and finishes in seconds.
"""

from __future__ import annotations

import os
import signal
import time
from collections import Counter
from collections.abc import Iterator

import pytest
from sqlalchemy import select

from blog.extensions import db
from blog.models import Comment
from tests.production.database import ARTICLE_SLUG, app_for, migrate_and_seed
from tests.production.load import Answer, Load
from tests.production.servers import Server, form_token, gunicorn, post_comment, production_env
from tests.production.services import ThrowawayPostgres, throwaway_postgres, throwaway_redis

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def postgres() -> Iterator[ThrowawayPostgres]:
    with throwaway_postgres() as server:
        migrate_and_seed(server.url)
        yield server


@pytest.fixture
def server(postgres, tmp_path) -> Iterator[Server]:
    with gunicorn(production_env(postgres.url), tmp_path) as running:
        yield running


def stored_bodies(url: str, prefix: str) -> Counter[str]:
    with app_for(url).app_context():
        bodies = db.session.scalars(select(Comment.body).where(Comment.body.like(f"{prefix}%")))
        counted = Counter(bodies)
        db.session.remove()
        db.engine.dispose()
    return counted


def assert_each_success_stored_once(answers: list[Answer], stored: Counter[str]) -> None:
    succeeded = [a.body for a in answers if a.kind == "post" and a.status == 303]
    assert succeeded, "no comment was posted successfully"
    assert all(stored[body] == 1 for body in succeeded)
    assert max(stored.values()) == 1, "a comment was stored twice"


def recovered(since: float):
    """At least three posts and three reads succeeded after `since`."""

    def check(answers: list[Answer]) -> bool:
        later = [a for a in answers if a.at > since]
        posts = sum(a.kind == "post" and a.status == 303 for a in later)
        reads = sum(a.kind == "read" and a.status == 200 for a in later)
        return posts >= 3 and reads >= 3

    return check


def test_the_site_survives_postgresql_stopping_and_recovers_without_restart(postgres, server):
    token = form_token(server.request("GET", f"/{ARTICLE_SLUG}/").text)
    workers_before = server.worker_pids()

    with Load(server, token, prefix="pg-outage") as load:
        assert load.wait_for(recovered(0), timeout=15)
        postgres.stop()
        down_at = time.monotonic()
        assert load.wait_for(
            lambda answers: sum(a.status == 503 and a.at > down_at for a in answers) >= 6,
            timeout=15,
        )
        postgres.start()
        back_at = time.monotonic()
        assert load.wait_for(recovered(back_at), timeout=30), "the site did not recover"

    unavailable = [a for a in load.answers if a.status == 503]
    refused_reads = [a for a in unavailable if a.kind == "read"]
    refused_posts = [a for a in unavailable if a.kind == "post"]
    assert refused_reads and refused_posts
    for read in refused_reads:
        assert int(read.response.headers["retry-after"]) > 0
        assert "Back in a moment" in read.response.text
    for post in refused_posts:
        assert f"{post.body}</textarea>" in post.response.text
        assert "please try again in 30 seconds" in post.response.text
    assert {a.status for a in load.answers} <= {200, 303, 503}
    assert server.process.poll() is None
    assert server.worker_pids() == workers_before, "a worker died"
    assert server.request("GET", "/readyz").status == 200
    assert_each_success_stored_once(load.answers, stored_bodies(postgres.url, "pg-outage"))


def test_a_worker_killed_mid_load_is_replaced_and_no_comment_is_doubled(postgres, server):
    token = form_token(server.request("GET", f"/{ARTICLE_SLUG}/").text)
    workers_before = server.worker_pids()

    with Load(server, token, prefix="worker-kill") as load:
        assert load.wait_for(recovered(0), timeout=15)
        victim = sorted(workers_before)[0]
        os.kill(victim, signal.SIGKILL)
        killed_at = time.monotonic()
        assert load.wait_for(recovered(killed_at + 1), timeout=30)

    workers_after = server.worker_pids()
    assert victim not in workers_after
    assert len(workers_after) == len(workers_before), "the master did not replace the worker"
    assert server.process.poll() is None
    failed = [a for a in load.answers if a.status is None]
    assert len(failed) <= 2, "only requests held by the killed worker may fail"
    assert {a.status for a in load.answers} <= {200, 303, None}
    assert_each_success_stored_once(load.answers, stored_bodies(postgres.url, "worker-kill"))


def test_the_site_keeps_working_when_redis_goes_away(shared_database, tmp_path):
    with throwaway_redis() as redis_server:
        env = production_env(
            shared_database.url,
            REDIS_URL=redis_server.url,
            RATELIMIT_ENABLED="1",
            RATELIMIT_POST="1000 per minute",
        )
        with gunicorn(env, tmp_path, workers=1) as server:
            token = form_token(server.request("GET", f"/{ARTICLE_SLUG}/").text)
            before = post_comment(server, token, "redis-up")
            redis_server.stop()

            during = [post_comment(server, token, f"redis-down {n}") for n in range(3)]
            page = server.request("GET", f"/{ARTICLE_SLUG}/")
        log = server.log()

    assert before.status == 303
    assert [answer.status for answer in during] == [303, 303, 303]
    assert page.status == 200
    assert "redis-down 2" in page.text
    assert "WARNING" in log and "Rate limit storage unreachable - falling back" in log
