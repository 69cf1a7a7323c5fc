"""Realistic article and comment text, made from a fixed seed so every run reads the same.

A pool of ~1,500-word Markdown bodies (headings, lists, links, quotes, emphasis) rendered
once each with blog.rendering, then shared by the articles: rendering 100,000 bodies one
by one would take longer than the whole benchmark.
"""

from __future__ import annotations

import random

from blog.rendering import render_markdown

WORDS = (
    "council harbour bridge budget river station market school library weather street "
    "mayor report election railway hospital museum festival season district village "
    "county project committee housing traffic energy water garden theatre church square "
    "factory village coast island valley forest mountain summer winter autumn spring "
    "morning evening people families workers students visitors residents officials "
    "announced approved reviewed delayed opened closed planned expected reported said "
    "new old large small local national public private early late quiet busy "
    "the a of and to in for on with at by from after before during about"
).split()

BODY_POOL = 32
COMMENT_POOL = 200


def _sentence(rng: random.Random, low: int = 8, high: int = 20) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(low, high))]
    return " ".join(words).capitalize() + "."


def _paragraph(rng: random.Random) -> str:
    sentences = [_sentence(rng) for _ in range(rng.randint(3, 6))]
    if rng.random() < 0.3:
        sentences[0] = f"*{sentences[0]}*"
    if rng.random() < 0.3:
        sentences[-1] += (
            f" See [the {rng.choice(WORDS)} page](https://example.com/{rng.randint(1, 999)})."
        )
    return " ".join(sentences)


def markdown_body(seed: int, words: int = 1500) -> str:
    rng = random.Random(seed)
    parts: list[str] = []
    count = 0
    while count < words:
        if len(parts) % 5 == 0:
            parts.append(f"## {_sentence(rng, 3, 6)[:-1]}")
        block = rng.random()
        if block < 0.1:
            items = [f"- {_sentence(rng, 4, 10)}" for _ in range(rng.randint(3, 5))]
            parts.append("\n".join(items))
        elif block < 0.15:
            parts.append(f"> {_sentence(rng)} {_sentence(rng)}")
        else:
            parts.append(_paragraph(rng))
        count += len(parts[-1].split())
    return "\n\n".join(parts)


def rendered_bodies() -> list[tuple[str, str]]:
    """(markdown, html) pairs, rendered by the blog's one renderer."""
    return [(md, render_markdown(md)) for md in map(markdown_body, range(BODY_POOL))]


def comment_texts() -> list[str]:
    rng = random.Random(7)
    return [
        "\n\n".join(
            " ".join(_sentence(rng) for _ in range(rng.randint(1, 3)))
            for _ in range(rng.randint(1, 3))
        )
        for _ in range(COMMENT_POOL)
    ]


def title(seed: int) -> str:
    rng = random.Random(seed)
    return _sentence(rng, 4, 9)[:-1]
