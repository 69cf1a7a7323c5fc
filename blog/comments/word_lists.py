"""The owner's hold and block lists: words, emails, IP addresses and CIDR ranges.

Like WordPress's lists, one entry a line and words match anywhere (case-insensitively) in
the comment's text, name, email or website, so "casino" also catches "online-casino".
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Author:
    """What a list entry can match: the comment and where it came from."""

    body: str
    name: str
    email: str
    website: str
    ip_address: str | None


def entries(text: str | None) -> list[str]:
    """The list's entries: one a line, blank lines and `#` comments skipped."""
    lines = (line.strip() for line in (text or "").splitlines())
    return [line for line in lines if line and not line.startswith("#")]


def first_match(text: str | None, author: Author) -> str | None:
    """The first entry that matches, described for the moderation queue, or None."""
    for entry in entries(text):
        described = _match(entry, author)
        if described:
            return described
    return None


def _match(entry: str, author: Author) -> str | None:
    network = _network(entry)
    if network is not None:
        address = _address(author.ip_address)
        return f"IP {entry}" if address is not None and address in network else None
    lowered = entry.lower()
    if "@" in lowered:
        email = author.email.lower()
        hit = email.endswith(lowered) if lowered.startswith("@") else email == lowered
        return f"email {entry}" if hit else None
    fields: Iterable[str] = (author.body, author.name, author.email, author.website)
    return f'"{entry}"' if any(lowered in field.lower() for field in fields) else None


def _network(entry: str) -> ipaddress.IPv4Network | ipaddress.IPv6Network | None:
    try:
        return ipaddress.ip_network(entry, strict=False)
    except ValueError:
        return None


def _address(value: str | None) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(value or "")
    except ValueError:
        return None
