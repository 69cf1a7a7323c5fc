"""Per-IP limits on POSTs (Flask-Limiter): memory by default, Redis when configured."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
import redis
from flask import Flask

from blog import create_app
from blog.extensions import db
from config import TestingConfig

REDIS_DB_URL = "redis://127.0.0.1:6379/6"  # this project's test Redis database


@contextmanager
def app_with(**settings: object) -> Iterator[Flask]:
    overrides = {"RATELIMIT_ENABLED": True, "RATELIMIT_POST": "3 per minute", **settings}
    config = type("LimitedConfig", (TestingConfig,), overrides)
    app = create_app(config)
    with app.app_context():
        db.create_all()
        yield app
        db.session.remove()
        db.engine.dispose()


def post_many(app: Flask, count: int, address: str = "192.0.2.1") -> list[int]:
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return [client.post("/no-such-article/comments").status_code for _ in range(count)]


def test_posts_beyond_the_limit_get_429_with_retry_after_and_a_clear_message():
    with app_with() as app:
        client = app.test_client()
        codes = [client.post("/no-such-article/comments").status_code for _ in range(3)]

        response = client.post("/no-such-article/comments")

    assert codes == [404, 404, 404]
    assert response.status_code == 429
    assert 1 <= int(response.headers["Retry-After"]) <= 61  # the window, rounded up
    assert "Please wait" in response.text


def test_reading_is_never_limited():
    with app_with() as app:
        client = app.test_client()

        codes = {client.get("/no-such-article/").status_code for _ in range(10)}

    assert codes == {404}


def test_each_address_has_its_own_allowance():
    with app_with() as app:
        post_many(app, 3, "192.0.2.1")

        assert post_many(app, 1, "192.0.2.2") == [404]


def test_limits_can_be_switched_off():
    with app_with(RATELIMIT_ENABLED=False) as app:
        assert set(post_many(app, 6)) == {404}


def test_limits_are_on_by_default():
    from config import Config

    assert Config.RATELIMIT_ENABLED is True
    assert Config.RATELIMIT_POST


@pytest.fixture
def redis_prefix() -> Iterator[str]:
    server = redis.Redis.from_url(REDIS_DB_URL, socket_connect_timeout=1)
    try:
        server.ping()
    except redis.RedisError:
        pytest.skip("no Redis server on 127.0.0.1:6379")
    prefix = f"test-{uuid.uuid4().hex}"
    yield prefix
    for key in server.scan_iter(f"*{prefix}*"):
        server.delete(key)
    server.close()


def test_redis_storage_shares_the_count_between_workers(redis_prefix):
    shared = {"RATELIMIT_STORAGE_URI": REDIS_DB_URL, "RATELIMIT_KEY_PREFIX": redis_prefix}
    with app_with(**shared) as first_worker:
        post_many(first_worker, 3)
    with app_with(**shared) as second_worker:
        assert post_many(second_worker, 1) == [429]


def test_unreachable_redis_falls_back_to_memory_and_logs_an_error(caplog):
    unreachable = "redis://127.0.0.1:1/6"  # nothing listens on port 1
    with caplog.at_level(logging.ERROR):
        with app_with(RATELIMIT_STORAGE_URI=unreachable) as app:
            codes = post_many(app, 4)

    assert codes == [404, 404, 404, 429]
    assert "Rate-limit storage redis://127.0.0.1:1/6 is unreachable" in caplog.text
