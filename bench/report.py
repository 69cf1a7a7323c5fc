"""The verdicts against the issue's targets, as a table, a JSON file and the README."""

from __future__ import annotations

import json
import os
import platform
import re
from datetime import UTC, datetime
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"
README = Path(__file__).resolve().parent.parent / "README.md"
README_START, README_END = "<!-- bench-table:start -->", "<!-- bench-table:end -->"

# Minimum share of the hello-world rate, per page (the targets).
RATE_TARGETS = {"article": 0.8, "home": 0.7, "tag": 0.7, "feed": 0.7, "search": 0.3, "post": 0.25}
ARTICLE_P99_LIMIT = 3.0
LARGE_VS_SMALL_LIMIT = 1.25
RSS_LIMIT_MB = 80.0
RSS_GROWTH_LIMIT = 0.10
# The post floors (bench/run.py), by where a report keeps them, and their rows' names.
# Runs before a floor was measured have none; the bare floor's description is the one
# its runs had before the report carried it.
FLOOR_ROWS = {"post_floors": "post floor", "stack_floors": "stack floor"}
BARE_FLOOR = "a bare Flask view committing one row"


def machine() -> dict[str, object]:
    cpu = ""
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "kernel": platform.release(),
        "note": os.environ.get("BENCH_MACHINE_NOTE", ""),
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
    }


def _rows(report: dict) -> list[list[str]]:
    hello = report["ceilings"]["hello"]
    small = {r["backend"]: r for r in report["runs"] if r["size"] == "small"}
    rows = []
    for name in ("hello", "static"):
        c = report["ceilings"][name]
        ratio = "1" if name == "hello" else _x(c["rps"] / hello["rps"])
        rows.append(
            [
                "ceiling",
                "-",
                name,
                _n(c["rps"]),
                _n(c["p50_ms"]),
                _n(c["p99_ms"]),
                ratio,
                "",
                "",
                "",
            ]
        )
    for key, row_name in FLOOR_ROWS.items():
        for backend, floor in report.get(key, {}).items():
            rates = [_n(floor[name]) for name in ("rps", "p50_ms", "p99_ms")]
            ratio = f"{_share(floor, hello):.2f}× of {floor['hello_rps']:,.0f}"
            what = floor.get("what", BARE_FLOOR)
            rows.append([backend, "-", row_name, *rates, ratio, "", what, ""])
    for run in report["runs"]:
        base = small.get(run["backend"], {}).get("pages", {})
        floors = {
            row_name: report[key][run["backend"]]
            for key, row_name in FLOOR_ROWS.items()
            if run["backend"] in report.get(key, {})
        }
        for name, page in run["pages"].items():
            where = [run["backend"], run["size"], name]
            if page.get("available") is False:
                rows.append([*where, "not available: " + page["reason"], "", "", "", "", "", ""])
                continue
            measured = _measured(name, page, hello, base.get(name, {}), run["size"], floors)
            rows.append([*where, *measured])
        rows.append(_memory_row(run))
    return rows


def _share(page: dict, hello: dict) -> float:
    """The page's rate as a share of the hello-world rate measured beside it."""
    return page["rps"] / (page.get("hello_rps") or hello["rps"])


def _measured(
    name: str, page: dict, hello: dict, small: dict, size: str, floors: dict[str, dict]
) -> list[str]:
    rps = page["acknowledged_rps"] if name == "post" else page["rps"]
    hello_rps = page.get("hello_rps") or hello["rps"]
    ratio = rps / hello_rps
    p99_ratio = page["p99_ms"] / (page.get("hello_p99_ms") or hello["p99_ms"])
    target, met = _verdict(name, page, ratio, p99_ratio)
    if name == "post":
        for row_name, floor in floors.items():
            target += f"; {rps / floor['rps']:.2f}× the {row_name}"
    if size == "large" and small.get("rps") and name != "post":
        # Compared as shares of hello-world, so a busier minute does not count as slower.
        slower = _share(small, hello) / _share(page, hello)
        target += f"; large/small {slower:.2f}× (≤ {LARGE_VS_SMALL_LIMIT}×)"
        met = met and slower <= LARGE_VS_SMALL_LIMIT
        if small.get("render_ms") and page.get("render_ms"):
            target += f", uncached render {page['render_ms'] / small['render_ms']:.2f}×"
    render = _n(page["render_ms"]) if page.get("render_ms") else ""
    values = [_n(rps), _n(page["p50_ms"]), _n(page["p99_ms"]), f"{ratio:.2f}× of {hello_rps:,.0f}"]
    values.append(render)
    return [*values, target, "yes" if met else "NO"]


def _verdict(name: str, page: dict, ratio: float, p99_ratio: float) -> tuple[str, bool]:
    if name == "post":
        ok = ratio >= RATE_TARGETS["post"] and page["lost"] == 0 and page["duplicated"] == 0
        counts = f"{page['acknowledged']} acked, {page['lost']} lost, {page['duplicated']} doubled"
        return (f"≥ {RATE_TARGETS['post']}×; {counts}", ok)
    if name == "article":
        return (
            f"≥ 0.8×, p99 < 3× ({p99_ratio:.2f}×)",
            ratio >= 0.8 and p99_ratio < ARTICLE_P99_LIMIT,
        )
    if name in RATE_TARGETS:
        return (f"≥ {RATE_TARGETS[name]}×", ratio >= RATE_TARGETS[name])
    return ("", True)


def _memory_row(run: dict) -> list[str]:
    warm, end = run["rss_mb"]["after_warm_up"], run["rss_mb"]["after_run"]
    growth = max(end) / max(warm) - 1 if warm and end else 0.0
    met = bool(end) and max(end) <= RSS_LIMIT_MB and growth <= RSS_GROWTH_LIMIT
    private = run.get("private_mb", {}).get("after_run", [])
    text = (
        f"RSS {min(end, default=0)}–{max(end, default=0)} MB (own {max(private, default=0)} MB),"
        f" growth {growth:+.0%}"
    )
    return [
        run["backend"],
        run["size"],
        "memory (RSS)",
        text,
        "",
        "",
        "",
        "",
        f"≤ {RSS_LIMIT_MB:.0f} MB, ≤ +10%",
        "yes" if met else "NO",
    ]


def _n(value: float) -> str:
    return f"{value:,.1f}" if value < 100 else f"{value:,.0f}"


def _x(value: float) -> str:
    return f"{value:.2f}×"


def table(report: dict) -> str:
    header = [
        "database",
        "size",
        "page",
        "req/s",
        "p50 ms",
        "p99 ms",
        "× hello req/s (hello measured beside it)",
        "render ms, uncached",
        "target",
        "met",
    ]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in _rows(report)]
    return "\n".join(lines)


def header_text(report: dict) -> str:
    m = report["machine"]
    shared = f" {m['note']}" if m["note"] else ""
    return (
        f"Run {m['date']} ({report['mode']} mode) on {m['cores']} × {m['cpu']}, Python "
        f"{m['python']}, gunicorn.conf.py defaults ({report['workers']} sync workers).{shared} "
        f"Each ratio is to the hello-world rate measured just before that page, round by "
        f"round ({report['load']['rounds']} × {report['load']['seconds']:g} s). "
        f"Abuse limits off for the run: {report['abuse_limits']}.{_signals(report)}"
    )


def _signals(report: dict) -> str:
    """Which change signal each database ran with (runs before it was recorded: none)."""
    runs = [run for run in report.get("runs", []) if "change_signal" in run]
    signals = {run["backend"]: run["change_signal"] for run in runs}
    if not signals:
        return ""
    named = ", ".join(f"{backend}: {signal}" for backend, signal in signals.items())
    return f" Change signal (PAGE_CHANGE_WATCH): {named}."


def save(report: dict) -> Path:
    RESULTS.mkdir(exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    path = RESULTS / f"{stamp}-{report['mode']}.json"
    path.write_text(json.dumps(report, indent=2) + "\n")
    return path


def update_readme(report: dict) -> None:
    text = README.read_text()
    block = f"{README_START}\n{header_text(report)}\n\n{table(report)}\n{README_END}"
    pattern = re.compile(re.escape(README_START) + ".*?" + re.escape(README_END), re.S)
    if pattern.search(text):
        README.write_text(pattern.sub(lambda _: block, text))
