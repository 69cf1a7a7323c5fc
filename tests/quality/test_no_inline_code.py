from __future__ import annotations

import pytest

from tests.quality.inline_code import inline_code
from tests.quality.pages import admin_pages, reader_pages


@pytest.mark.parametrize(
    "html",
    [
        '<p style="color:red">x</p>',
        "<style>p{}</style>",
        "<script>alert(1)</script>",
        '<button onclick="x()">b</button>',
        '<a href="javascript:alert(1)">a</a>',
    ],
)
def test_the_check_finds_each_kind_of_inline_code(html):
    assert inline_code(html) != []


def test_json_ld_data_blocks_and_external_scripts_are_allowed():
    assert inline_code('<script type="application/ld+json">{}</script><script src="/a.js">') == []


def test_no_page_has_inline_styles_or_scripts(app, client):
    pages = reader_pages(client) + admin_pages(app)

    found = {page.name: inline_code(page.html) for page in pages}

    assert {name: items for name, items in found.items() if items} == {}
