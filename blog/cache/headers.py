"""The caching headers of a public page, the same whichever path sends it."""

from __future__ import annotations

import hashlib

from werkzeug.http import http_date

from blog.cache.stamps import Stamp


def page_etag(full_path: str, stamp: Stamp) -> str:
    return hashlib.blake2b(f"{full_path}|{stamp.version}".encode(), digest_size=12).hexdigest()


def cache_headers(etag: str, stamp: Stamp, cdn_seconds: int) -> dict[str, str]:
    """Browsers revalidate every time (a cheap 304); a CDN or nginx may keep it briefly.

    Plain strings: werkzeug's header objects re-serialise on every change, which cost more
    than the whole cache lookup.
    """
    return {
        "ETag": f'W/"{etag}"',
        "Last-Modified": http_date(stamp.changed_at),
        "Cache-Control": f"public, max-age=0, s-maxage={cdn_seconds}",
        "Vary": "Cookie, Accept-Encoding",
    }
