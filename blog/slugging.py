"""python-slugify, imported on first use rather than by every web worker at start.

Its transliteration table (text-unidecode, for "Straße" -> "strasse") is ~4 MB of strings
once imported, and only writing needs a slug (saving an article or its tags, rendering
Markdown headings on save); reading a page never does.
"""

from __future__ import annotations


def slugify(text: str, max_length: int = 0, word_boundary: bool = False) -> str:
    from slugify import slugify as python_slugify  # here: see the module docstring

    return python_slugify(text, max_length=max_length, word_boundary=word_boundary)
