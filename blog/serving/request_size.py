"""The 413 page's message: how much the site accepts, in words a writer can act on.

Flask refuses a body over MAX_CONTENT_LENGTH before reading it (by its Content-Length, or
as soon as a chunked body passes the limit), so a huge POST costs no memory or parsing.
"""

from __future__ import annotations

KIB = 1024
MIB = KIB * KIB


def readable_size(size: int) -> str:
    if size >= MIB:
        return f"{size / MIB:.1f}".removesuffix(".0") + " MB"
    if size >= KIB:
        return f"{size / KIB:.1f}".removesuffix(".0") + " KB"
    return f"{size} bytes"


def too_large_message(limit: int | None) -> str:
    accepted = f"the {readable_size(limit)} " if limit else ""
    return (
        f"What you sent is larger than {accepted}this site accepts, so it was not read. "
        "Shorten it and try again."
    )
