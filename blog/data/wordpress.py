"""`flask import-wordpress`: posts and their comments from a WordPress export.

WordPress stores post bodies as HTML with bare line breaks (it adds <p> when it displays
them). Here that HTML is given its paragraphs, cleaned by `sanitize_html`, and converted to
Markdown, which becomes the article's `body_markdown`; the model then renders and
sanitizes it like any other article. So the one renderer stays the only producer of
article HTML, and the owner can edit an imported post in the admin like one written here.
Comments become plain text, as all comments are. Categories and tags both become tags,
under the same rules as tags typed in the admin.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit

import nh3
from markdownify import markdownify

from blog.articles.slugs import RESERVED_SLUGS, make_slug, slug_taken
from blog.data.wxr import WPComment, WPItem, WXRFile
from blog.extensions import db
from blog.models import Article, ArticleStatus, Comment, CommentStatus
from blog.models.types import utcnow
from blog.rendering import sanitize_html
from blog.tags.names import MAX_TAGS, TagError, split_tag_names, tags_named

ARTICLE_STATUSES = {
    "publish": ArticleStatus.PUBLISHED,
    "draft": ArticleStatus.DRAFT,
    "pending": ArticleStatus.DRAFT,
    "private": ArticleStatus.DRAFT,
    "future": ArticleStatus.DRAFT,  # scheduled: the owner publishes it when due
}
COMMENT_STATUSES = {
    "1": CommentStatus.APPROVED,
    "0": CommentStatus.PENDING,
    "spam": CommentStatus.SPAM,
}
BLOCK_START = re.compile(
    r"^\s*<(p|div|h[1-6]|ul|ol|li|blockquote|pre|table|figure|hr|dl|address)\b", re.I
)
LINE_BREAK = re.compile(r"<br\s*/?>\n?", re.I)
# WordPress files every post without a category here; as a tag it would say nothing.
DEFAULT_CATEGORY = "uncategorized"
SHORTCODE = re.compile(r"\[/?[a-z_][\w-]*(\s[^\]]*)?\]")


@dataclass
class ImportReport:
    articles: int = 0
    comments: int = 0
    tags: set[str] = field(default_factory=set)
    skipped: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def wp_html_to_markdown(content: str) -> str:
    """WordPress post HTML (paragraphs as blank lines) to Markdown, cleaned on the way."""
    blocks = []
    for chunk in re.split(r"\n\s*\n", content.replace("\r\n", "\n").strip()):
        if BLOCK_START.match(chunk):
            blocks.append(chunk)
        elif chunk.strip():
            blocks.append("<p>" + chunk.strip().replace("\n", "<br>\n") + "</p>")
    clean = sanitize_html("\n".join(blocks))
    return markdownify(clean, heading_style="ATX", bullets="-").strip() + "\n"


def plain_text(comment_html: str) -> str:
    """Comment HTML to the plain text our comments hold (links keep their text)."""
    text = nh3.clean(LINE_BREAK.sub("\n", comment_html), tags=set())
    return html.unescape(text).strip()


def _slug_for(item: WPItem, report: ImportReport) -> str | None:
    """The post's own slug, else one from its title; None (skipped) if an article has it.

    Deriving a missing or reserved slug from the title, rather than numbering it, keeps a
    second import of the same file from adding the post again.
    """
    own = make_slug(unquote(item.slug)) if item.slug else None
    slug = own if own and own not in RESERVED_SLUGS else make_slug(plain_text(item.title))
    if slug in RESERVED_SLUGS:
        slug = f"{slug}-post"
    if slug_taken(slug):
        report.skipped.append(f"post {item.wp_id} {item.title!r}: slug {slug!r} exists")
        return None
    if own and own != slug:
        report.notes.append(f"post {item.wp_id}: slug {own!r} is the site's own, used {slug!r}")
    return slug


def _article(item: WPItem, slug: str, authors: dict[str, str]) -> Article:
    status = ARTICLE_STATUSES[item.status]
    when = item.date or utcnow()
    article = Article(
        slug=slug,
        title=(plain_text(item.title) or "Untitled")[:300],  # WordPress titles may hold HTML
        subtitle=plain_text(item.excerpt)[:500],
        author_name=(authors.get(item.creator) or item.creator or "Staff")[:100],
        status=status,
        published_at=when if status is ArticleStatus.PUBLISHED else None,
        created_at=when,
    )
    article.body_markdown = wp_html_to_markdown(item.content)
    return article


def _url(value: str) -> str | None:
    parts = urlsplit(value)
    ok = parts.scheme in ("http", "https") and parts.hostname and len(value) <= 200
    return value if ok else None


def _comments(article: Article, item: WPItem, report: ImportReport) -> None:
    by_wp_id: dict[str, Comment] = {}
    for wp in item.comments:
        status = COMMENT_STATUSES.get(wp.approved)
        body = plain_text(wp.content)
        why = _comment_skip_reason(wp, status, body)
        if why:
            report.skipped.append(f"comment {wp.wp_id} on post {item.wp_id}: {why}")
            continue
        email = wp.author_email.strip().lower()
        comment = Comment(
            article=article,
            author_name=(wp.author_name or "Anonymous")[:100],
            author_email=email if len(email) <= 254 else "",
            author_website=_url(wp.author_url),
            body=body,
            status=status,
            created_at=wp.date or utcnow(),
            ip_address=wp.author_ip[:45] or None,
        )
        db.session.add(comment)
        by_wp_id[wp.wp_id] = comment
    db.session.flush()
    for wp in item.comments:
        child, parent = by_wp_id.get(wp.wp_id), by_wp_id.get(wp.parent_wp_id)
        if child is not None and parent is not None:
            child.parent_id = parent.id
    report.comments += len(by_wp_id)


def _comment_skip_reason(wp: WPComment, status: CommentStatus | None, body: str) -> str:
    if wp.comment_type not in ("comment", ""):
        return f"a {wp.comment_type}"
    if status is None:
        return f"status {wp.approved!r}"
    if not body:
        return "empty"
    return ""


def _tag_names(item: WPItem, report: ImportReport) -> list[str]:
    """Categories first, then tags, one per slug; terms that break the tag rules are left
    out and noted rather than failing the import (WordPress allows any number, any length).
    WordPress stores term names HTML-escaped ("Arts &amp; Culture"), so they are unescaped.
    """
    categories = [c for c in item.categories if c.casefold() != DEFAULT_CATEGORY]
    names: list[str] = []
    over: list[str] = []
    for raw in map(plain_text, categories + item.tags):
        try:
            split_tag_names([raw])
        except TagError as error:
            report.notes.append(f"post {item.wp_id}: {error}, left out")
            continue
        try:
            names = split_tag_names([*names, raw])
        except TagError:
            over.append(raw)
    if over:
        report.notes.append(
            f"post {item.wp_id}: at most {MAX_TAGS} tags, left out {', '.join(over)}"
        )
    return names


def import_wxr(export: WXRFile) -> ImportReport:
    """Add the export's posts and comments; the caller commits."""
    report = ImportReport()
    for item in export.items:
        if item.post_type != "post":
            report.skipped.append(f"{item.post_type or 'item'} {item.wp_id} {item.title!r}")
            continue
        if item.status not in ARTICLE_STATUSES:
            report.skipped.append(f"post {item.wp_id} {item.title!r}: status {item.status!r}")
            continue
        slug = _slug_for(item, report)
        if slug is None:
            continue
        if item.status != "publish":
            report.notes.append(f"post {item.wp_id}: {item.status}, imported as a draft")
        if SHORTCODE.search(item.content):
            report.notes.append(f"post {item.wp_id}: has [shortcodes], kept as text")
        article = _article(item, slug, export.authors)
        article.tags = tags_named(_tag_names(item, report))
        db.session.add(article)
        _comments(article, item, report)
        report.articles += 1
        report.tags.update(tag.name for tag in article.tags)
    return report
