"""The ceiling: a minimal Flask app, and a static file, served like the blog."""

from __future__ import annotations

from pathlib import Path

from flask import Flask

STATIC = Path(__file__).resolve().parent.parent / "blog" / "static"

app = Flask(__name__, static_folder=str(STATIC), static_url_path="/static")


@app.get("/")
def hello() -> str:
    return "Hello, World!"
