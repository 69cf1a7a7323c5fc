"""Whether the browser tests can run here, and what to do when they cannot.

`make test` on a laptop without Chromium skips them and says so; CI sets REQUIRE_BROWSER=1,
so the same missing browser there is a failure instead of a quietly smaller suite.
"""

from __future__ import annotations

import enum
import os
from collections.abc import Mapping
from pathlib import Path

DEFAULT_CHROMIUM = "/usr/bin/chromium"


class Verdict(enum.Enum):
    RUN = "run"
    SKIP = "skip"
    FAIL = "fail"


def chromium_path(environ: Mapping[str, str] = os.environ) -> Path:
    return Path(environ.get("CHROMIUM_PATH") or DEFAULT_CHROMIUM)


def browser_required(environ: Mapping[str, str] = os.environ) -> bool:
    return environ.get("REQUIRE_BROWSER", "").strip().lower() not in ("", "0", "false", "no")


def unavailable_reason(chromium: Path, playwright_installed: bool) -> str | None:
    """Why the browser tests cannot run, in words for the test report; None when they can."""
    if not playwright_installed:
        return "the Playwright package is not installed (pip install -r requirements-test.txt)"
    if not (chromium.is_file() and os.access(chromium, os.X_OK)):
        return f"no Chromium at {chromium} (apt-get install chromium, or set CHROMIUM_PATH)"
    return None


def verdict(reason: str | None, required: bool) -> Verdict:
    if reason is None:
        return Verdict.RUN
    return Verdict.FAIL if required else Verdict.SKIP
