"""Extension objects, created unbound so that tests can build apps with any config.

Flask-Migrate is not here: it is set up only for `flask db ...` (blog/cli.py).
"""

from __future__ import annotations

from flask_login import LoginManager
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

# Stable constraint names, so Alembic can alter and drop them on every database.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)
csrf = CSRFProtect()

login_manager = LoginManager()
# "strong": a session cookie replayed from another IP or browser is dropped, not just marked
# non-fresh ("basic" would change nothing here, as no admin view asks for a fresh login).
# The price, a new sign-in after a change of network, is small for a handful of staff.
login_manager.session_protection = "strong"
login_manager.login_view = "admin.auth.login"
login_manager.login_message = "Please sign in to see that page."
login_manager.login_message_category = "info"
