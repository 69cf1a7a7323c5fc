"""How long each page takes to render when no cached copy exists (measured in process).

Cached copies hide the database from the load test; this is what a reader pays right
after a change, and what shows a query that grows with the archive.
"""

from __future__ import annotations

import secrets
import statistics
import time

from blog import create_app
from blog.extensions import db
from config import ProductionConfig

TIMED = 5


def render_times_ms(database_url: str, paths: dict[str, str]) -> dict[str, float]:
    class Uncached(ProductionConfig):
        SQLALCHEMY_DATABASE_URI = database_url
        SECRET_KEY = secrets.token_hex(32)
        PAGE_CACHE_ENABLED = False

    app = create_app(Uncached)
    client = app.test_client()
    times = {}
    for name, path in paths.items():
        client.get(path)  # the first render also warms the database's caches
        samples = []
        for _ in range(TIMED):
            started = time.perf_counter()
            client.get(path)
            samples.append((time.perf_counter() - started) * 1000)
        times[name] = round(statistics.median(samples), 1)
    with app.app_context():
        db.engine.dispose()
    return times
