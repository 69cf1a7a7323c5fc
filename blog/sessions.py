"""The session cookie: Secure on every https request, not only when the config says so.

Most requests are readers with no cookie at all; they get an empty session without the
signing serializer being built (Flask builds it first, for every request).
"""

from __future__ import annotations

from flask import Flask, Request, has_request_context, request
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface


class SessionInterface(SecureCookieSessionInterface):
    def get_cookie_secure(self, app: Flask) -> bool:
        # A site reached over https behind a proxy (ProxyFix) gets Secure even if
        # PREFERRED_URL_SCHEME was left at http.
        secure_request = has_request_context() and request.is_secure
        return super().get_cookie_secure(app) or secure_request

    def open_session(self, app: Flask, request: Request) -> SecureCookieSession | None:
        if app.secret_key and not request.cookies.get(self.get_cookie_name(app)):
            return self.session_class()
        return super().open_session(app, request)
