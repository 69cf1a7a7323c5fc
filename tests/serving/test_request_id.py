from __future__ import annotations

import io
import logging

import pytest

from blog.serving.request_id import RequestIdHandler


def test_every_response_carries_a_new_request_id(client):
    first = client.get("/healthz").headers["X-Request-ID"]
    second = client.get("/healthz").headers["X-Request-ID"]

    assert len(first) == 32
    assert first != second


def test_a_sane_incoming_request_id_is_kept(client):
    response = client.get("/healthz", headers={"X-Request-ID": "nginx-4f1c2a9b7e"})

    assert response.headers["X-Request-ID"] == "nginx-4f1c2a9b7e"


@pytest.mark.parametrize(
    "incoming", ["short", "has spaces in it", "x" * 200, "evil\\nINFO forged", "<script>1234"]
)
def test_an_unsafe_incoming_request_id_is_replaced(client, incoming):
    response = client.get("/healthz", headers={"X-Request-ID": incoming})

    assert response.headers["X-Request-ID"] != incoming
    assert len(response.headers["X-Request-ID"]) == 32


def test_app_log_lines_carry_the_request_id(app):
    stream = io.StringIO()
    handler = RequestIdHandler()
    handler.setStream(stream)
    logger = logging.getLogger("blog.test-request-id")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)

    @app.get("/_log-something")
    def log_something() -> str:
        logger.info("something happened")
        return "ok"

    try:
        app.test_client().get("/_log-something", headers={"X-Request-ID": "req-12345678"})
        logger.info("outside any request")
    finally:
        logger.removeHandler(handler)

    first, second = stream.getvalue().splitlines()
    assert "[req-12345678] blog.test-request-id: something happened" in first
    assert "[-] blog.test-request-id: outside any request" in second
