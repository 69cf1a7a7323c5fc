"""Response headers that tell browsers to run nothing but our own files.

A small after_request hook rather than flask-talisman: Talisman is barely maintained, and
these are a handful of fixed strings that tests check one by one. The site has no inline
script or style anywhere, so the policy needs no 'unsafe-inline' and no nonces.
"""

from __future__ import annotations

from flask import Flask, Response, request

CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' https: data:",  # articles may show images hosted elsewhere
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "camera",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
)
HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "DENY",
    "Permissions-Policy": PERMISSIONS_POLICY,
}
HSTS = "max-age=31536000; includeSubDomains"


def add_security_headers(response: Response) -> Response:
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    # Only over https: a browser ignores it on http, and a local http setup must keep working.
    if request.is_secure:
        response.headers.setdefault("Strict-Transport-Security", HSTS)
    return response


def register_security_headers(app: Flask) -> None:
    app.after_request(add_security_headers)
