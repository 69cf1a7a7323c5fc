"""The one place where text becomes HTML.

Article bodies are CommonMark, rendered when an article is saved and then cleaned by an
allow-list sanitizer (ammonia, through nh3). Comment bodies are plain text: escaped, with
paragraphs kept and bare links made clickable; a reader's HTML is never passed through.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import nh3
from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.anchors import anchors_plugin
from mdit_py_plugins.attrs import attrs_plugin

from blog.slugging import slugify

ARTICLE_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "del", "dd", "dl", "dt", "em", "figcaption",
    "figure", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "kbd", "li", "mark", "ol",
    "p", "pre", "q", "s", "small", "strong", "sub", "sup", "table", "tbody", "td", "tfoot",
    "th", "thead", "tr", "ul",
}  # fmt: skip
HEADING_TAGS = {"h2", "h3", "h4", "h5", "h6"}
ARTICLE_ATTRIBUTES = {
    **{tag: {"id"} for tag in HEADING_TAGS},
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height", "loading"},
    "code": {"class"},
    "td": {"align"},
    "th": {"align"},
    "ol": {"start"},
    "abbr": {"title"},
}
URL_SCHEMES = {"http", "https", "mailto"}
IMAGE_SIZE_ATTRIBUTES = ("width", "height")


def _heading_slug(text: str) -> str:
    return slugify(text) or "section"


def _demote_h1(tokens: list[Token]) -> None:
    """The page's only <h1> is the headline, so a Markdown `#` becomes a section <h2>."""
    for token in tokens:
        if token.type in ("heading_open", "heading_close") and token.tag == "h1":
            token.tag = "h2"


def _lazy_images(tokens: list[Token]) -> None:
    """Images load lazily; an author's `{width=640 height=480}` is kept when it is a number,
    so the browser reserves the space and the text does not jump as the image arrives."""
    for token in tokens:
        for child in token.children or ():
            if child.type == "image":
                child.attrSet("loading", "lazy")
                for name in IMAGE_SIZE_ATTRIBUTES:
                    if not str(child.attrs.get(name, "0")).isdigit():
                        del child.attrs[name]


def _article_markdown() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": True, "typographer": True})
    md.enable(["table", "strikethrough", "linkify", "replacements", "smartquotes"])
    md.use(anchors_plugin, min_level=1, max_level=3, slug_func=_heading_slug)
    # `![alt](src){width=640 height=480}`: only image sizes, nothing else an author could set.
    md.use(attrs_plugin, after=("image",), allowed=IMAGE_SIZE_ATTRIBUTES)
    md.core.ruler.push("demote_h1", lambda state: _demote_h1(state.tokens))
    md.core.ruler.push("lazy_images", lambda state: _lazy_images(state.tokens))
    return md


def _comment_markdown() -> MarkdownIt:
    # "zero" knows only paragraphs and text; everything else stays literal, escaped.
    md = MarkdownIt("zero", {"linkify": True, "breaks": True})
    md.enable(["linkify", "newline"])
    return md


_ARTICLE_MD = _article_markdown()
_COMMENT_MD = _comment_markdown()


# Built once: nh3.clean() builds its sanitizer from these sets on every call, which cost a
# comment post more than the sanitizing.
_ARTICLE_CLEANER = nh3.Cleaner(
    tags=ARTICLE_TAGS,
    attributes=ARTICLE_ATTRIBUTES,
    url_schemes=URL_SCHEMES,
    link_rel="noopener noreferrer",
    strip_comments=True,
)
_COMMENT_CLEANER = nh3.Cleaner(
    tags={"p", "br", "a"},
    attributes={"a": {"href"}},
    url_schemes={"http", "https"},
    link_rel="nofollow ugc noopener",
)


def sanitize_html(html: str) -> str:
    """Reduce any HTML to the tags and attributes an article may carry."""
    return _ARTICLE_CLEANER.clean(html)


def render_markdown(text: str) -> str:
    """Article Markdown to safe HTML: the admin preview and the public page both use this."""
    return sanitize_html(_ARTICLE_MD.render(text))


def render_comment(text: str) -> str:
    """A reader's plain text to safe HTML: paragraphs, line breaks and clickable links."""
    return _COMMENT_CLEANER.clean(_COMMENT_MD.render(text))


# Control characters never belong in text; search uses two of them to mark highlights.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
# Tags that separate words; inline ones (a, em, code ...) do not: "a <em>b</em>." stays "a b."
_BLOCK_TAGS = {
    "blockquote", "br", "dd", "dl", "dt", "figcaption", "figure", "h2", "h3", "h4", "h5",
    "h6", "hr", "img", "li", "ol", "p", "pre", "table", "td", "th", "tr", "ul",
}  # fmt: skip


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCK_TAGS:
            self.parts.append(" ")  # "<p>a</p><p>b</p>" reads "a b", not "ab"

    def handle_endtag(self, tag: str) -> None:
        if tag in _BLOCK_TAGS:
            self.parts.append(" ")


def html_to_text(html: str) -> str:
    """The words of rendered HTML on one line, for search, excerpts and reading time."""
    collector = _TextCollector()
    collector.feed(html)
    collector.close()
    return " ".join(_CONTROL.sub(" ", "".join(collector.parts)).split())
