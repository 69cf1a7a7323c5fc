"""wrk, the HTTP load generator, run as its own process, bounded in time."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

LUA_DIR = Path(__file__).resolve().parent / "lua"
INSTALL_HINT = (
    "wrk is needed: on Debian/Ubuntu `sudo apt-get install wrk`; on macOS `brew install wrk`; "
    "elsewhere build it from its source (it is a small C program)."
)


@dataclass(frozen=True)
class Load:
    threads: int
    connections: int
    seconds: float


@dataclass(frozen=True)
class Result:
    requests: int
    rps: float
    p50_ms: float
    p99_ms: float
    errors: int

    def as_dict(self) -> dict[str, float | int]:
        return {
            "requests": self.requests,
            "rps": self.rps,
            "p50_ms": self.p50_ms,
            "p99_ms": self.p99_ms,
            "errors": self.errors,
        }


def ensure_wrk() -> str:
    """Find wrk, or install Debian's package when we can (root with apt-get)."""
    found = shutil.which("wrk")
    if found:
        return found
    if shutil.which("apt-get") and os.geteuid() == 0:
        print("wrk is missing: installing Debian's package (apt-get install wrk)")
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=True, env=env)
        found = shutil.which("wrk")
    if not found:
        raise SystemExit(INSTALL_HINT)
    return found


def run_wrk(
    url: str,
    load: Load,
    script: str = "get.lua",
    headers: dict[str, str] | None = None,
    env: dict[str, str] | None = None,
) -> Result:
    command = [
        ensure_wrk(),
        f"-t{load.threads}",
        f"-c{load.connections}",
        f"-d{max(1, round(load.seconds))}s",
        "--timeout",
        "10s",
        "-s",
        str(LUA_DIR / script),
    ]
    for name, value in (headers or {}).items():
        command += ["-H", f"{name}: {value}"]
    completed = subprocess.run(
        [*command, url],
        capture_output=True,
        text=True,
        timeout=load.seconds + 60,
        env={**os.environ, "BENCH_LUA_DIR": str(LUA_DIR), **(env or {})},
        check=False,
    )
    line = next((x for x in completed.stdout.splitlines() if x.startswith("BENCH_JSON ")), None)
    if completed.returncode != 0 or line is None:
        raise RuntimeError(f"wrk failed ({completed.returncode}): {completed.stderr.strip()}")
    data = json.loads(line.removeprefix("BENCH_JSON "))
    seconds = data["duration_us"] / 1e6
    return Result(
        requests=data["requests"],
        rps=round(data["requests"] / seconds, 1),
        p50_ms=round(data["p50_us"] / 1000, 2),
        p99_ms=round(data["p99_us"] / 1000, 2),
        errors=data["status_errors"] + data["socket_errors"],
    )
