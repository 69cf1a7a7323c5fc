"""Structural checks of a page as a browser and a screen reader would meet it."""

from __future__ import annotations

from collections import Counter
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}  # fmt: skip
UNLABELLED_INPUTS = {"hidden", "submit", "button", "reset", "image"}


class _PageChecker(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.stack: list[str] = []
        self.ids: Counter[str] = Counter()
        self.label_for: set[str] = set()
        self.controls: list[tuple[str, str | None, bool]] = []
        self.h1 = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "script":
            self.problems.append("a <script> (the CSP allows none)")
        for name in attributes:
            if name == "style" or name.startswith("on"):
                self.problems.append(f"inline {name} on <{tag}>")
        if "id" in attributes:
            self.ids[attributes["id"] or ""] += 1
        if tag == "label" and attributes.get("for"):
            self.label_for.add(attributes["for"] or "")
        if tag == "h1":
            self.h1 += 1
        control = tag in ("select", "textarea") or (
            tag == "input" and attributes.get("type", "text") not in UNLABELLED_INPUTS
        )
        if control:
            self.controls.append((tag, attributes.get("id"), "aria-label" in attributes))
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.problems.append(f"</{tag}> closes <{self.stack[-1] if self.stack else ''}>")
            return
        self.stack.pop()


def page_problems(html: str) -> list[str]:
    """Unclosed or crossed tags, inline script or style, duplicate ids, unlabelled fields."""
    checker = _PageChecker()
    checker.feed(html)
    checker.close()
    problems = list(checker.problems)
    problems += [f"unclosed <{tag}>" for tag in checker.stack]
    problems += [f"duplicate id {name!r}" for name, n in checker.ids.items() if n > 1]
    problems += [
        f"<{tag} id={control_id!r}> has no label"
        for tag, control_id, aria in checker.controls
        if not aria and control_id not in checker.label_for
    ]
    if checker.h1 != 1:
        problems.append(f"{checker.h1} <h1> elements")
    return problems
