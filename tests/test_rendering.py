"""The one renderer: Markdown to safe HTML, plain comment text to safe HTML."""

from __future__ import annotations

import pytest

from blog.rendering import render_comment, render_markdown
from tests.html_safety import executable_markup
from tests.xss_payloads import XSS_PAYLOADS


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_markdown_renderer_removes_every_script_vector(payload):
    html = render_markdown(f"Intro\n\n{payload}\n\nOutro")

    assert executable_markup(html) == [], html


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_comment_renderer_escapes_every_payload(payload):
    html = render_comment(payload)

    assert executable_markup(html) == [], html


def test_markdown_headings_get_anchors_and_the_h1_is_kept_for_the_headline():
    html = render_markdown("# Top\n\n## Section two\n\n### Sub part\n\n## Section two")

    assert '<h2 id="top">Top</h2>' in html
    assert '<h2 id="section-two">Section two</h2>' in html
    assert '<h3 id="sub-part">Sub part</h3>' in html
    assert '<h2 id="section-two-1">' in html
    assert "<h1" not in html


def test_emoji_only_heading_still_gets_an_anchor():
    assert '<h2 id="section">🚀</h2>' in render_markdown("## 🚀")


def test_markdown_keeps_lists_quotes_links_code_and_lazy_images():
    html = render_markdown(
        "- one\n- two\n\n> quoted\n\n[link](https://example.com)\n\n`code`\n\n![alt text](/p.png)"
    )

    assert "<ul>" in html and "<li>one</li>" in html
    assert "<blockquote>" in html
    assert '<a href="https://example.com" rel="noopener noreferrer">link</a>' in html
    assert "<code>code</code>" in html
    assert '<img src="/p.png" alt="alt text" loading="lazy">' in html


def test_comment_text_keeps_paragraphs_and_makes_links_clickable():
    html = render_comment("First para\nline two\n\nSecond https://example.com/x")

    assert "<p>First para<br>\nline two</p>" in html
    assert (
        '<a href="https://example.com/x" rel="nofollow ugc noopener">https://example.com/x</a>'
        in html
    )


def test_comment_markdown_syntax_stays_literal():
    html = render_comment("# not a heading *not bold* <b>tag</b>")

    assert "# not a heading *not bold* &lt;b&gt;tag&lt;/b&gt;" in html
