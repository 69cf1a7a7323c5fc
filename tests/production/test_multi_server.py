"""Two gunicorn servers on one database and one Redis behave as one site.

This is what a load balancer in front of N app servers needs: nothing that matters lives in
one process. Runs on your PostgreSQL test database when TEST_DATABASE_URL names one, and
on a SQLite file shared by both servers otherwise.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
import redis

from tests.production.database import ARTICLE_SLUG, OWNER_EMAIL, OWNER_PASSWORD
from tests.production.servers import (
    Server,
    csrf_token,
    form_token,
    gunicorn,
    post_comment,
    production_env,
)
from tests.production.services import throwaway_redis

pytestmark = pytest.mark.slow
SHARED_REDIS = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/5")


@pytest.fixture(scope="module")
def redis_url() -> Iterator[str]:
    """The machine's Redis (this project's test db number), emptied first; or our own."""
    try:
        client = redis.Redis.from_url(SHARED_REDIS, socket_connect_timeout=1)
        client.flushdb()
        client.close()
    except redis.RedisError:
        with throwaway_redis() as own:
            yield own.url
        return
    yield SHARED_REDIS


@pytest.fixture(scope="module")
def two_servers(shared_database, redis_url, tmp_path_factory) -> Iterator[tuple[Server, Server]]:
    """Started once for the tests below; each test speaks for its own client addresses."""
    logs = tmp_path_factory.mktemp("logs")
    env = production_env(
        shared_database.url,
        REDIS_URL=redis_url,
        COMMENT_MODERATION="all",
        RATELIMIT_ENABLED="1",
        RATELIMIT_POST="3 per minute",
        # The tests send X-Forwarded-For, as a load balancer would, to be distinct clients.
        TRUSTED_PROXY_COUNT="1",
    )
    with gunicorn(env, logs) as first, gunicorn(env, logs) as second:
        yield first, second


def client_from(address: str) -> dict[str, str]:
    return {"X-Forwarded-For": address}


def sign_in(server: Server, cookies: dict[str, str], address: str) -> None:
    page = server.request("GET", "/admin/login", cookies=cookies, headers=client_from(address))
    answer = server.request(
        "POST",
        "/admin/login",
        form={
            "email": OWNER_EMAIL,
            "password": OWNER_PASSWORD,
            "csrf_token": csrf_token(page.text),
        },
        cookies=cookies,
        headers=client_from(address),
    )
    assert answer.status in (302, 303), answer.text


def test_a_sign_in_on_one_server_is_valid_on_the_other(two_servers):
    first, second = two_servers
    cookies: dict[str, str] = {}

    sign_in(first, cookies, "192.0.2.10")
    dashboard = second.request(
        "GET", "/admin/", cookies=cookies, headers=client_from("192.0.2.10")
    )

    assert dashboard.status == 200
    assert "Sign in" not in dashboard.text.split("<main", 1)[1][:300]
    assert second.request("GET", "/admin/").status in (302, 303)  # and not without the cookie


def test_a_comment_approved_through_one_server_shows_at_once_on_the_other(two_servers):
    first, second = two_servers
    token = form_token(second.request("GET", f"/{ARTICLE_SLUG}/").text)
    posted = post_comment(
        second, token, "Seen everywhere, once approved.", client_from("192.0.2.20")
    )
    assert posted.status == 303
    comment_id = posted.headers["location"].rsplit("comment-", 1)[1]
    assert "Seen everywhere" not in second.request("GET", f"/{ARTICLE_SLUG}/").text
    cookies: dict[str, str] = {}
    sign_in(first, cookies, "192.0.2.21")
    queue = first.request(
        "GET", "/admin/comments/", cookies=cookies, headers=client_from("192.0.2.21")
    )

    approved = first.request(
        "POST",
        f"/admin/comments/{comment_id}/approve",
        form={"csrf_token": csrf_token(queue.text)},
        cookies=cookies,
        headers=client_from("192.0.2.21"),
    )

    assert approved.status in (302, 303)
    assert "Seen everywhere, once approved." in second.request("GET", f"/{ARTICLE_SLUG}/").text
    assert "Seen everywhere, once approved." in first.request("GET", f"/{ARTICLE_SLUG}/").text


def test_a_rate_limit_is_counted_across_both_servers(two_servers):
    first, second = two_servers
    token = form_token(first.request("GET", f"/{ARTICLE_SLUG}/").text)

    statuses = [
        post_comment(server, token, f"Comment {n}", client_from("192.0.2.30")).status
        for n, server in enumerate([first, second, first, second])
    ]

    assert statuses == [303, 303, 303, 429]
    assert post_comment(first, token, "From elsewhere", client_from("192.0.2.31")).status == 303
