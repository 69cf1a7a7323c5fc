"""The session cookie: Secure on every https request, not only when the config says so."""

from __future__ import annotations

from flask import Flask, has_request_context, request
from flask.sessions import SecureCookieSessionInterface


class SessionInterface(SecureCookieSessionInterface):
    def get_cookie_secure(self, app: Flask) -> bool:
        # A site reached over https behind a proxy (ProxyFix) gets Secure even if
        # PREFERRED_URL_SCHEME was left at http.
        secure_request = has_request_context() and request.is_secure
        return super().get_cookie_secure(app) or secure_request
