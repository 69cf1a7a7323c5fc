"""One benchmark run: the ceilings, then the blog on every data set, then the verdicts."""

from __future__ import annotations

import os
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path

from bench.dataset import (
    POST_SLUG,
    REGULAR_EMAIL,
    SIZES,
    Size,
    clear_posts,
    database_url,
    stored_bodies,
)
from bench.dataset import ensure as ensure_dataset
from bench.load import Load, Result, run_wrk
from bench.pages import page_paths
from bench.server import fetch, gunicorn, worker_rss_mb

# What the app would otherwise refuse or slow down during a burst of posts from one
# address. Nothing in this build limits posting rates; the spam rules will add limits, and
# their switches belong here so that the output can say they were off.
ABUSE_LIMITS_OFF: dict[str, str] = {
    "COMMENT_FORM_MIN_AGE": "0",
    "COMMENT_RATE_LIMIT": "0",
    "SPAM_RULES_ENABLED": "0",
}
POST_CLIENTS = 16


@dataclass(frozen=True)
class Plan:
    mode: str
    backends: list[str]
    sizes: list[Size]
    warm: Load
    load: Load
    workdir: Path


def make_plan(quick: bool, seconds: float | None) -> Plan:
    backends = ["sqlite"] + (["postgresql"] if os.environ.get("BENCH_DATABASE_URL") else [])
    measure = seconds or (1.5 if quick else 10.0)
    return Plan(
        mode="quick" if quick else "full",
        backends=backends,
        sizes=[SIZES["small"]] if quick else [SIZES["small"], SIZES["large"]],
        warm=Load(2, 16, 1 if quick else 3),
        load=Load(2, 16, measure),
        workdir=Path(tempfile.mkdtemp(prefix="blog-bench-")),
    )


def measure_ceilings(plan: Plan) -> dict[str, dict[str, object]]:
    """A bare Flask hello-world and a static file, under the same gunicorn settings."""
    with gunicorn("bench.hello:app", {}, plan.workdir / "hello.log") as (base, pid):
        urls = {"hello": base + "/", "static": base + "/static/css/site.css"}
        for url in urls.values():
            run_wrk(url, plan.warm)
        results = {name: run_wrk(url, plan.load).as_dict() for name, url in urls.items()}
        for result in results.values():
            result["rss_mb"] = worker_rss_mb(pid)
    return results


def measure_blog(plan: Plan, backend: str, size: Size) -> dict[str, object]:
    built = ensure_dataset(backend, size)
    how = f"built in {built['seconds']} s" if built["built"] else "reused"
    print(f"  data set {backend}/{size.name}: {how}")
    post_article = clear_posts(backend, size)
    env = {"DATABASE_URL": database_url(backend, size), **ABUSE_LIMITS_OFF}
    log = plan.workdir / f"blog-{backend}-{size.name}.log"
    pages: dict[str, dict[str, object]] = {}
    with gunicorn("wsgi:app", env, log) as (base, pid):
        targets = _available(base, pages)
        for url, headers in targets.values():
            run_wrk(url, plan.warm, headers=headers)
        rss_warm = worker_rss_mb(pid)
        for name, (url, headers) in targets.items():
            pages[name] = run_wrk(url, plan.load, headers=headers).as_dict()
            print(f"  {backend}/{size.name} {name}: {pages[name]['rps']} req/s")
        pages["post"] = _measure_posts(plan, base, backend, size, post_article)
        rss_end = worker_rss_mb(pid)
    return {
        "backend": backend,
        "size": size.name,
        "articles": size.articles,
        "comments": size.comments,
        "dataset": built,
        "pages": pages,
        "rss_mb": {"after_warm_up": rss_warm, "after_run": rss_end},
    }


def _available(
    base: str, pages: dict[str, dict[str, object]]
) -> dict[str, tuple[str, dict[str, str]]]:
    """Each page that answers 200, plus the conditional GET; the others are reported."""
    targets: dict[str, tuple[str, dict[str, str]]] = {}
    for name, path in page_paths().items():
        if path is None:
            pages[name] = {"available": False, "reason": "no such page in this build"}
            continue
        status, headers, _ = fetch(base + path)
        if status != 200:
            pages[name] = {"available": False, "reason": f"HTTP {status}"}
            continue
        targets[name] = (base + path, {})
        if name == "article" and headers.get("ETag"):
            targets["not_modified"] = (base + path, {"If-None-Match": headers["ETag"]})
    if "not_modified" in targets:
        status, _, _ = fetch(*targets["not_modified"])
        if status != 304:
            del targets["not_modified"]
            pages["not_modified"] = {"available": False, "reason": f"HTTP {status}, not 304"}
    return targets


def _measure_posts(
    plan: Plan, base: str, backend: str, size: Size, article_id: int
) -> dict[str, object]:
    run_id = uuid.uuid4().hex[:8]
    acks = plan.workdir / f"acks-{backend}-{size.name}"
    acks.mkdir()
    env = {
        "BENCH_POST_SLUG": POST_SLUG,
        "BENCH_RUN_ID": run_id,
        "BENCH_POST_EMAIL": REGULAR_EMAIL.replace("@", "%40"),
        "BENCH_ACK_DIR": str(acks),
    }
    load = Load(POST_CLIENTS, POST_CLIENTS, plan.load.seconds)
    result: Result = run_wrk(base + "/", load, script="post_comment.lua", env=env)
    acked = [m for f in acks.glob("*.txt") for m in f.read_text().split()]
    prefix = "Benchmark comment "
    stored = [b.removeprefix(prefix) for b in stored_bodies(backend, size, article_id)]
    stored_count = {marker: stored.count(marker) for marker in set(stored)}
    missing = [m for m in acked if stored_count.get(m, 0) == 0]
    duplicated = [m for m, n in stored_count.items() if n > 1]
    return {
        **result.as_dict(),
        # A post answered 303 is acknowledged; the GETs for the form tokens are excluded.
        "acknowledged": len(acked),
        "acknowledged_rps": round(len(acked) * result.rps / max(result.requests, 1), 1),
        "stored": len(stored),
        "lost": len(missing),
        "duplicated": len(duplicated),
        "stored_unacknowledged": len(set(stored_count) - set(acked)),
    }
