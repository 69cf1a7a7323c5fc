"""The one renderer: Markdown to safe HTML, plain comment text to safe HTML."""

from __future__ import annotations

import pytest

from blog.rendering import html_to_text, render_comment, render_markdown
from tests.html_safety import executable_markup

XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<iframe src=javascript:alert(1)></iframe>",
    '<a href="javascript:alert(1)">x</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href="&#106;avascript:alert(1)">x</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    "[click](javascript:alert(1))",
    "[click](JAVASCRIPT:alert(1))",
    "[click](data:text/html,<script>alert(1)</script>)",
    "![img](javascript:alert(1))",
    '![x](x" onerror="alert(1))',
    "<body onload=alert(1)>",
    '<div style="background:url(javascript:alert(1))">x</div>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<object data=javascript:alert(1)></object>",
    "<embed src=javascript:alert(1)>",
    "<form action=javascript:alert(1)><button>x</button></form>",
    "<input autofocus onfocus=alert(1)>",
    "<details open ontoggle=alert(1)>",
    '<meta http-equiv=refresh content="0;url=javascript:alert(1)">',
    "<link rel=stylesheet href=javascript:alert(1)>",
    "<style>*{background:red}</style>",
    '"><script>alert(1)</script>',
    "'><img src=x onerror=alert(1)>",
    "</textarea><script>alert(1)</script>",
    '<!--<img src="--><img src=x onerror=alert(1)//">',
    "<base href=javascript:alert(1)//>",
    "<video><source onerror=alert(1)></video>",
    '<a href="vbscript:msgbox(1)">x</a>',
    "{{7*7}}<%= 7*7 %>${7*7}",
]


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


def test_plain_text_keeps_words_apart_across_blocks_but_not_inline_tags():
    html = render_markdown("# Head\n\nOne *two*, [three](/x).\n\n- four\n- five &amp; six")

    assert html_to_text(html) == "Head One two, three. four five & six"


def test_plain_text_drops_control_characters():
    assert html_to_text("<p>a\x02b\x03c\x00d</p>") == "a b c d"


def test_image_keeps_its_alt_text_and_loads_lazily():
    html = render_markdown('![A boat at dawn](/static/boat.jpg "The boat")')

    assert html == (
        '<p><img src="/static/boat.jpg" alt="A boat at dawn" title="The boat" loading="lazy">'
        "</p>\n"
    )


def test_author_given_image_size_is_kept():
    html = render_markdown("![A boat](/b.png){width=640 height=480}")

    assert '<img src="/b.png" alt="A boat" width="640" height="480" loading="lazy">' in html


def test_only_numeric_image_sizes_and_no_other_attributes_are_kept():
    html = render_markdown("![A](/b.png){width=wide height=480 id=x .big}")

    assert '<img src="/b.png" alt="A" height="480" loading="lazy">' in html
    assert "wide" not in html and "big" not in html
