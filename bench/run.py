"""One benchmark run: the ceilings, then the blog on every data set, then the verdicts."""

from __future__ import annotations

import functools
import os
import tempfile
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
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
from bench.load import Load, Result, combine, run_wrk
from bench.pages import page_paths
from bench.render import render_times_ms
from bench.server import fetch, gunicorn, worker_private_mb, worker_rss_mb

# Rate limits, flood control and the minimum form age would refuse a burst of posts from
# one address (the spam rules' ABUSE_LIMITS switch turns them all off at once).
ABUSE_LIMITS_OFF: dict[str, str] = {"ABUSE_LIMITS": "off"}
POST_CLIENTS = 16
POST_MIN_SECONDS = 3.0
# Every GET asks for gzip, as browsers, feed readers and CDNs do.
GET_HEADERS = {"Accept-Encoding": "gzip"}


@dataclass(frozen=True)
class Plan:
    mode: str
    backends: list[str]
    sizes: list[Size]
    warm: Load
    load: Load  # one round; each page is measured in `rounds` rounds, each after hello
    rounds: int
    workdir: Path


def make_plan(quick: bool, seconds: float | None) -> Plan:
    backends = ["sqlite"] + (["postgresql"] if os.environ.get("BENCH_DATABASE_URL") else [])
    measure = seconds or (1.0 if quick else 12.0)
    rounds = 1 if quick else 3
    return Plan(
        mode="quick" if quick else "full",
        backends=backends,
        sizes=[SIZES["small"]] if quick else [SIZES["small"], SIZES["large"]],
        warm=Load(2, 16, 1 if quick else 3),
        load=Load(2, 16, measure / rounds),
        rounds=rounds,
        workdir=Path(tempfile.mkdtemp(prefix="blog-bench-")),
    )


@contextmanager
def hello_server(plan: Plan) -> Iterator[tuple[str, dict[str, dict[str, object]]]]:
    """A bare Flask hello-world and a static file, under the same gunicorn settings.

    It keeps running while the blog is measured: the machine's load changes from minute
    to minute, so each page is measured right after hello-world, round by round, and its
    ratio is to that hello-world figure.
    """
    with gunicorn("bench.hello:app", {}, plan.workdir / "hello.log") as (base, pid):
        urls = {"hello": base + "/", "static": base + "/static/css/site.css"}
        for url in urls.values():
            run_wrk(url, plan.warm, headers=GET_HEADERS)
        ceilings = {
            name: combine(
                [run_wrk(url, plan.load, headers=GET_HEADERS) for _ in range(plan.rounds)]
            ).as_dict()
            for name, url in urls.items()
        }
        for result in ceilings.values():
            result["rss_mb"] = worker_rss_mb(pid)
        yield base + "/", ceilings


def _paired(plan: Plan, hello: str, measure: Callable[[], Result]) -> dict[str, object]:
    hellos, results = [], []
    for _ in range(plan.rounds):
        hellos.append(run_wrk(hello, plan.load, headers=GET_HEADERS))
        results.append(measure())
    ceiling = combine(hellos)
    return {**combine(results).as_dict(), "hello_rps": ceiling.rps, "hello_p99_ms": ceiling.p99_ms}


def change_signal(backend: str) -> dict[str, str]:
    """The blog's change signal (blog/cache/changes.py): SQLite's own, and on PostgreSQL the
    Redis token when BENCH_REDIS_URL is set, else none, whatever REDIS_URL says."""
    if backend == "sqlite":
        return {"PAGE_CHANGE_WATCH": "data_version"}
    if os.environ.get("BENCH_REDIS_URL"):
        return {
            "PAGE_CHANGE_WATCH": "redis",
            "PAGE_CHANGE_REDIS_URL": os.environ["BENCH_REDIS_URL"],
        }
    return {"PAGE_CHANGE_WATCH": "none"}


@dataclass(frozen=True)
class PostFloor:
    """A view that posts the comment form more cheaply than the blog can, served beside
    hello-world on the blog's database: how far the blog is from what its posts must cost."""

    key: str  # where the report keeps its results, by database
    app: str
    what: str


POST_FLOORS = (
    PostFloor("post_floors", "bench.floor:app", "a bare Flask view committing one row"),
    PostFloor(
        "stack_floors",
        "bench.stack_floor:app",
        "the blog's form (Flask-WTF), one row through Flask-SQLAlchemy's session",
    ),
)


def measure_post_floor(
    plan: Plan, hello: str, backend: str, floor: PostFloor
) -> dict[str, object]:
    if backend == "sqlite":
        url = f"sqlite:///{plan.workdir / f'{floor.key}.sqlite3'}"
    else:
        url = database_url(backend, SIZES["small"])
    log = plan.workdir / f"{floor.key}-{backend}.log"
    with gunicorn(floor.app, {"FLOOR_DATABASE_URL": url}, log) as (base, _):
        post = functools.partial(run_wrk, base + "/post", plan.load, script="post_floor.lua")
        post()  # warm-up
        return {**_paired(plan, hello, post), "what": floor.what}


def measure_blog(plan: Plan, hello: str, backend: str, size: Size) -> dict[str, object]:
    built = ensure_dataset(backend, size)
    how = f"built in {built['seconds']} s" if built["built"] else "reused"
    print(f"  data set {backend}/{size.name}: {how}")
    post_article = clear_posts(backend, size)
    env = {
        "DATABASE_URL": database_url(backend, size),
        **ABUSE_LIMITS_OFF,
        **change_signal(backend),
    }
    log = plan.workdir / f"blog-{backend}-{size.name}.log"
    pages: dict[str, dict[str, object]] = {}
    with gunicorn("wsgi:app", env, log) as (base, pid):
        targets = _available(base, pages)
        paths = {name: url.removeprefix(base) for name, (url, _) in targets.items()}
        paths.pop("not_modified", None)
        render_ms = render_times_ms(database_url(backend, size), paths)
        for url, headers in targets.values():
            run_wrk(url, plan.warm, headers=headers)
        rss_warm, private_warm = worker_rss_mb(pid), worker_private_mb(pid)
        for name, (url, headers) in targets.items():
            get = functools.partial(run_wrk, url, plan.load, headers=headers)
            pages[name] = _paired(plan, hello, get)
            pages[name]["render_ms"] = render_ms.get(name)
            print(f"  {backend}/{size.name} {name}: {pages[name]['rps']} req/s")
        acks = _Acks(plan.workdir / f"acks-{backend}-{size.name}")
        post = _paired(plan, hello, lambda: _post_round(plan, base, acks))
        pages["post"] = {**post, **acks.check(backend, size, post_article, post)}
        rss_end, private_end = worker_rss_mb(pid), worker_private_mb(pid)
    return {
        "backend": backend,
        "size": size.name,
        "change_signal": change_signal(backend)["PAGE_CHANGE_WATCH"],
        "articles": size.articles,
        "comments": size.comments,
        "dataset": built,
        "pages": pages,
        "rss_mb": {"after_warm_up": rss_warm, "after_run": rss_end},
        "private_mb": {"after_warm_up": private_warm, "after_run": private_end},
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
        targets[name] = (base + path, GET_HEADERS)
        if name == "article" and headers.get("ETag"):
            conditional = {**GET_HEADERS, "If-None-Match": headers["ETag"]}
            targets["not_modified"] = (base + path, conditional)
    if "not_modified" in targets:
        status, _, _ = fetch(*targets["not_modified"])
        if status != 304:
            del targets["not_modified"]
            pages["not_modified"] = {"available": False, "reason": f"HTTP {status}, not 304"}
    return targets


class _Acks:
    """The comments wrk saw acknowledged (303), one file per client thread and round."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.run_id = uuid.uuid4().hex[:8]
        self.round = 0
        folder.mkdir()

    def env(self) -> dict[str, str]:
        self.round += 1
        round_folder = self.folder / str(self.round)
        round_folder.mkdir()
        return {
            "BENCH_POST_SLUG": POST_SLUG,
            "BENCH_RUN_ID": f"{self.run_id}-{self.round}",
            "BENCH_POST_EMAIL": REGULAR_EMAIL.replace("@", "%40"),
            "BENCH_ACK_DIR": str(round_folder),
        }

    def check(self, backend: str, size: Size, article_id: int, result: dict) -> dict:
        acked = [m for f in self.folder.glob("*/*.txt") for m in f.read_text().split()]
        prefix = "Benchmark comment "
        stored = [b.removeprefix(prefix) for b in stored_bodies(backend, size, article_id)]
        counts = Counter(stored)
        return {
            # The 16 GETs for the form tokens are not acknowledgements.
            "acknowledged": len(acked),
            "acknowledged_rps": round(len(acked) * result["rps"] / max(result["requests"], 1), 1),
            "stored": len(stored),
            "lost": sum(1 for m in acked if counts[m] == 0),
            "duplicated": sum(1 for n in counts.values() if n > 1),
            "stored_unacknowledged": len(set(counts) - set(acked)),
        }


def _post_round(plan: Plan, base: str, acks: _Acks) -> Result:
    # Each client first opens the article for its form token, which a round's posts keep
    # invalidating: in the quick mode's 1 s rounds that left some runs with no post at all.
    load = Load(POST_CLIENTS, POST_CLIENTS, max(plan.load.seconds, POST_MIN_SECONDS))
    return run_wrk(base + "/", load, script="post_comment.lua", env=acks.env())
