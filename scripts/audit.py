"""Lighthouse scores for the demo article, on mobile and desktop: `make audit`.

Serves a fresh demo database with gunicorn in production mode on a free loopback port, runs
Lighthouse from node_modules against Debian's Chromium (CHROME_PATH), prints the four
category scores and leaves the full JSON reports in instance/lighthouse/. The server and
browser are always stopped; every step has a time limit.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
REPORTS = ROOT / "instance" / "lighthouse"
CHROME = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-background-networking "
    "--disable-component-update --disable-sync"
)
ARTICLE_PATH = "/welcome/"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(url: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"the blog did not answer at {url} within {seconds}s")


def lighthouse(url: str, preset: str, output: Path) -> dict[str, int]:
    command = [
        str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={output}",
        f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={CHROME_FLAGS}",
    ]  # fmt: skip
    if preset == "desktop":
        command.append("--preset=desktop")
    subprocess.run(command, check=True, timeout=240, env={**os.environ, "CHROME_PATH": CHROME})
    report = json.loads(output.read_text(encoding="utf-8"))
    return {name: round(report["categories"][name]["score"] * 100) for name in CATEGORIES}


def main() -> None:
    if not LIGHTHOUSE.exists():
        raise SystemExit("Lighthouse is missing: run `npm ci`")
    if not shutil.which(CHROME):
        raise SystemExit(f"no Chromium at {CHROME}: apt-get install chromium, or set CHROME_PATH")
    REPORTS.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as workdir:
        port = free_port()
        env = {
            **os.environ,
            "BLOG_ENV": "production",
            "SECRET_KEY": secrets.token_hex(32),
            "DATABASE_URL": f"sqlite:///{workdir}/audit.sqlite3",
            "PORT": str(port),
            "GUNICORN_ACCESS_LOG": "/dev/null",
            "GUNICORN_LOG_LEVEL": "warning",
        }
        env.pop("REDIS_URL", None)
        flask = [str(BIN / "flask"), "--app", "wsgi"]
        subprocess.run([*flask, "db", "upgrade"], env=env, cwd=ROOT, check=True, timeout=120)
        subprocess.run([*flask, "load-demo"], env=env, cwd=ROOT, check=True, timeout=120)
        server = subprocess.Popen(
            [str(BIN / "gunicorn"), "--bind", f"127.0.0.1:{port}", "--workers", "2", "wsgi:app"],
            env=env,
            cwd=ROOT,
        )
        try:
            url = f"http://127.0.0.1:{port}{ARTICLE_PATH}"
            wait_until_up(url)
            print(f"{'form factor':<12}" + "".join(f"{name:>16}" for name in CATEGORIES))
            for preset in ("mobile", "desktop"):
                scores = lighthouse(url, preset, REPORTS / f"article-{preset}.json")
                print(f"{preset:<12}" + "".join(f"{scores[name]:>16}" for name in CATEGORIES))
        finally:
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    main()
