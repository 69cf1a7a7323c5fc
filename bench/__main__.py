"""`python -m bench [--quick]`: the benchmark's one entry point (`make bench`, `make bench-quick`).

Full mode: small and large data sets, 10 s per page after a 3 s warm-up, and the README's
table is updated. Quick mode (CI): the small set on SQLite, 1.5 s per page; it proves the
benchmark works, not how fast the machine is.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
from pathlib import Path

from bench.load import ensure_wrk
from bench.report import header_text, machine, save, table, update_readme
from bench.run import (
    ABUSE_LIMITS_OFF,
    POST_FLOORS,
    hello_server,
    make_plan,
    measure_blog,
    measure_post_floor,
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="small data set, short runs")
    parser.add_argument("--seconds", type=float, help="measured seconds per page")
    parser.add_argument("--report", type=Path, help="print (and put in the README) a saved run")
    args = parser.parse_args(argv)
    if args.report:
        return _reprint(json.loads(args.report.read_text()))

    ensure_wrk()
    plan = make_plan(args.quick, args.seconds)
    limits = ", ".join(f"{k}={v}" for k, v in ABUSE_LIMITS_OFF.items())
    print(f"Abuse limits are OFF for this run ({limits}): 16 clients post from one address.")
    report: dict = {
        "mode": plan.mode,
        "machine": machine(),
        "workers": os.environ.get("WEB_CONCURRENCY", f"min(2 × {os.cpu_count()} + 1, 8)"),
        "abuse_limits": limits,
        "load": {
            "threads": plan.load.threads,
            "connections": plan.load.connections,
            "seconds": plan.load.seconds,
            "rounds": plan.rounds,
            "warm_up_seconds": plan.warm.seconds,
            "post_clients": 16,
        },
    }
    try:
        print("Ceilings: Flask hello-world and a static file")
        with hello_server(plan) as (hello, ceilings):
            report["ceilings"] = ceilings
            report["runs"] = []
            for backend in plan.backends:
                for floor in POST_FLOORS:
                    print(f"Post floor on {backend}: {floor.what}")
                    measured = measure_post_floor(plan, hello, backend, floor)
                    report.setdefault(floor.key, {})[backend] = measured
                for size in plan.sizes:
                    print(f"Blog on {backend}, {size.name} data set")
                    report["runs"].append(measure_blog(plan, hello, backend, size))
    except BaseException:
        print(f"The benchmark failed; server logs kept in {plan.workdir}", file=sys.stderr)
        raise
    shutil.rmtree(plan.workdir, ignore_errors=True)

    print()
    saved = save(report)
    print(header_text(report))
    print(table(report))
    print(f"\nJSON: {saved}")
    if plan.mode == "full" and not args.seconds:
        update_readme(report)
        print("README.md: table updated")
    return 1 if _lost_or_doubled(report) else 0


def _reprint(report: dict) -> int:
    print(header_text(report))
    print(table(report))
    if report["mode"] == "full":
        update_readme(report)
    return 0


def _lost_or_doubled(report: dict) -> bool:
    """The one correctness check: every acknowledged comment stored exactly once."""
    posts = [run["pages"]["post"] for run in report["runs"]]
    bad = [p for p in posts if p.get("lost") or p.get("duplicated")]
    if bad:
        print("FAILED: acknowledged comments were lost or stored twice", file=sys.stderr)
    return bool(bad)


if __name__ == "__main__":
    sys.exit(main())
