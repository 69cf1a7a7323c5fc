"""The reader's real address behind a reverse proxy.

X-Forwarded-For is trusted only when TRUSTED_PROXY_COUNT says how many proxies set it:
with the default 0 the header is ignored, since anyone can send it, and rate limits, flood
control and IP lists would otherwise be keyed on a value the poster chose.
"""

from __future__ import annotations

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix


def register_proxy_fix(app: Flask) -> None:
    count = int(app.config.get("TRUSTED_PROXY_COUNT", 0))
    if count > 0:
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=count, x_proto=count, x_host=count, x_port=count
        )
