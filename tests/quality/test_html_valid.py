"""Every page type passes the Nu HTML Checker (vnu.jar from npm's vnu-jar) with no errors.

One Java process checks all pages in one call: starting the JVM costs more than checking.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from tests.quality.pages import Snapshot, admin_pages, reader_pages, report

ROOT = Path(__file__).resolve().parents[2]
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def nu_errors(snapshots: list[Snapshot], directory: Path) -> dict[str, list[str]]:
    """Error messages per page name; a page with none is left out."""
    java = shutil.which("java")
    assert java, "no Java runtime: apt-get install default-jre-headless"
    assert VNU_JAR.is_file(), f"no {VNU_JAR}: run `npm ci` (make test does)"
    for snapshot in snapshots:
        path = directory / f"{snapshot.name}.html"
        path.write_text(snapshot.html, encoding="utf-8")
    result = subprocess.run(
        [java, "-Xss1m", "-jar", str(VNU_JAR), "--format", "json", "--errors-only",
         "--exit-zero-always", *(str(directory / f"{s.name}.html") for s in snapshots)],
        capture_output=True, text=True, timeout=300, check=True,
    )  # fmt: skip
    errors: dict[str, list[str]] = {}
    for message in json.loads(result.stderr)["messages"]:
        name = Path(message.get("url", "?")).stem
        where = f"line {message.get('lastLine', '?')}: " if "lastLine" in message else ""
        errors.setdefault(name, []).append(f"{where}{message['message']}")
    return errors


# Checked in the same run, to prove the checker is running and its errors are read.
BROKEN = Snapshot("known-broken", 200, "<!doctype html><title>x</title><p><div>no</p><img>")


def test_every_page_type_is_valid_html(app, client, tmp_path):
    snapshots = reader_pages(client) + admin_pages(app)

    errors = nu_errors([*snapshots, BROKEN], tmp_path)

    assert errors.pop(BROKEN.name), "the checker did not flag a known-broken page"
    assert errors == {}, report(errors)
