"""Reading a WordPress export (WXR) file into plain records, with no database involved.

The XML goes through defusedxml: no entity expansion, no external entities or DTDs, so a
hostile file can neither read local files (XXE) nor exhaust memory ("billion laughs").
WXR 1.0 to 1.2 differ in the `wp:` namespace URI, so elements are matched by namespace
family and local name, never by a fixed URI.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import parse

# Namespace URI prefixes; the excerpt's (".../export/1.2/excerpt/") is told apart first.
NAMESPACES = {
    "wp": "http://wordpress.org/export/",
    "content": "http://purl.org/rss/1.0/modules/content/",
    "dc": "http://purl.org/dc/elements/1.1/",
}
NO_DATE = "0000-00-00 00:00:00"


class WXRError(ValueError):
    """The file is not a WordPress export we can read; the message says why."""


@dataclass
class WPComment:
    wp_id: str
    parent_wp_id: str
    author_name: str
    author_email: str
    author_url: str
    author_ip: str
    date: datetime | None
    content: str
    approved: str
    comment_type: str


@dataclass
class WPItem:
    wp_id: str
    title: str
    slug: str
    post_type: str
    status: str
    creator: str
    date: datetime | None
    content: str
    excerpt: str
    password: str
    categories: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    comments: list[WPComment] = field(default_factory=list)


@dataclass
class WXRFile:
    authors: dict[str, str]  # login -> display name
    items: list[WPItem]


def _local(element: Element) -> tuple[str, str]:
    """("wp", "post_name") for {http://wordpress.org/export/1.2/}post_name."""
    tag = element.tag
    if not isinstance(tag, str) or not tag.startswith("{"):
        return "", tag if isinstance(tag, str) else ""
    uri, _, name = tag[1:].partition("}")
    if "/excerpt" in uri:
        return "excerpt", name
    for prefix, base in NAMESPACES.items():
        if uri.startswith(base):
            return prefix, name
    return uri, name


def _child(element: Element, prefix: str, name: str) -> str:
    for child in element:
        if _local(child) == (prefix, name):
            # Post and excerpt bodies keep their whitespace: blank lines are paragraphs.
            return (child.text or "").strip() if name != "encoded" else child.text or ""
    return ""


def _children(element: Element, prefix: str, name: str) -> Iterator[Element]:
    return (child for child in element if _local(child) == (prefix, name))


def parse_date(gmt: str, local: str = "") -> datetime | None:
    """WordPress writes "2020-01-02 03:04:05"; drafts carry zeros in the GMT field."""
    for value in (gmt, local):
        if value and value != NO_DATE:
            try:
                return datetime.strptime(value, "%Y-%m-%d %H:%M:%S").replace(tzinfo=UTC)
            except ValueError:
                continue
    return None


def _comment(element: Element) -> WPComment:
    def text(name: str) -> str:
        return _child(element, "wp", name)

    return WPComment(
        wp_id=text("comment_id"),
        parent_wp_id=text("comment_parent"),
        author_name=text("comment_author"),
        author_email=text("comment_author_email"),
        author_url=text("comment_author_url"),
        author_ip=text("comment_author_IP"),
        date=parse_date(text("comment_date_gmt"), text("comment_date")),
        content=text("comment_content"),
        approved=text("comment_approved"),
        comment_type=text("comment_type") or "comment",
    )


def _item(element: Element) -> WPItem:
    def wp(name: str) -> str:
        return _child(element, "wp", name)

    item = WPItem(
        wp_id=wp("post_id"),
        title=_child(element, "", "title"),
        slug=wp("post_name"),
        post_type=wp("post_type"),
        status=wp("status"),
        creator=_child(element, "dc", "creator"),
        date=parse_date(wp("post_date_gmt"), wp("post_date")),
        content=_child(element, "content", "encoded"),
        excerpt=_child(element, "excerpt", "encoded"),
        password=wp("post_password"),
    )
    for category in _children(element, "", "category"):
        name = (category.text or "").strip()
        if category.get("domain") == "category" and name:
            item.categories.append(name)
        elif category.get("domain") == "post_tag" and name:
            item.tags.append(name)
    item.comments = [_comment(c) for c in _children(element, "wp", "comment")]
    return item


def read_wxr(path: Path) -> WXRFile:
    """Parse the file; the XML declaration's encoding (UTF-8, ISO-8859-1, ...) is honoured."""
    try:
        root = parse(str(path), forbid_dtd=True).getroot()
    except (ParseError, DefusedXmlException) as error:
        raise WXRError(f"not readable XML: {error}") from None
    except OSError as error:
        raise WXRError(str(error)) from None
    channel = root.find("channel")
    if root.tag != "rss" or channel is None:
        raise WXRError("not a WordPress export: no <rss><channel>")
    if not any(prefix == "wp" for prefix, _ in map(_local, channel)):
        raise WXRError("not a WordPress export: no wp: elements in the channel")
    authors = {
        _child(a, "wp", "author_login"): _child(a, "wp", "author_display_name")
        for a in _children(channel, "wp", "author")
    }
    return WXRFile(authors=authors, items=[_item(i) for i in channel.findall("item")])
