"""Finds what a strict Content-Security-Policy (no 'unsafe-inline') would block."""

from __future__ import annotations

from html.parser import HTMLParser

DATA_SCRIPT_TYPES = {"application/ld+json", "application/json"}


class _InlineCode(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = dict(attrs)
        if tag == "style":
            self.found.append("<style>")
        if tag == "script" and "src" not in named and named.get("type") not in DATA_SCRIPT_TYPES:
            self.found.append("inline <script>")
        for name, value in attrs:
            if name == "style":
                self.found.append(f"<{tag} style>")
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}>")
            if name in ("href", "src", "action") and (value or "").strip().lower().startswith(
                "javascript:"
            ):
                self.found.append(f"<{tag} {name}=javascript:>")


def inline_code(html: str) -> list[str]:
    parser = _InlineCode()
    parser.feed(html)
    parser.close()
    return parser.found
