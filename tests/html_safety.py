"""Checks that HTML carries no executable markup, by parsing it as a browser would."""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import urlsplit

EXECUTABLE_TAGS = {
    "script", "iframe", "object", "embed", "svg", "math", "style", "link", "meta", "base",
    "form", "input", "button", "textarea", "select", "video", "audio", "source", "body",
    "frame", "frameset", "applet", "template",
}  # fmt: skip
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster"}
SAFE_SCHEMES = {"", "http", "https", "mailto"}


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in EXECUTABLE_TAGS:
            self.problems.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"{tag}[{name}]")
            if name == "style":
                self.problems.append(f"{tag}[style]")
            if name in URL_ATTRIBUTES and value is not None:
                scheme = urlsplit(value.strip()).scheme.lower()
                if scheme not in SAFE_SCHEMES:
                    self.problems.append(f"{tag}[{name}={value!r}]")


def executable_markup(html: str) -> list[str]:
    """Every tag, handler attribute or URL in `html` that could run script or restyle."""
    collector = _Collector()
    collector.feed(html)
    collector.close()
    return collector.problems
