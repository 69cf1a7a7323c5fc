"""The WSGI entry point: `gunicorn wsgi:app`."""

from blog import create_app

app = create_app()
