"""Staff accounts: only owners may see or change them."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import select
from werkzeug.wrappers import Response

from blog.admin.audit import record
from blog.admin.forms import UserForm
from blog.extensions import db
from blog.models import User, UserRole

bp = Blueprint("users", __name__, url_prefix="/users")


@bp.before_request
def require_owner() -> None:
    # The parent blueprint has already sent anonymous visitors to the sign-in page.
    if not current_user.is_authenticated or not current_user.is_owner:
        abort(403)


@bp.route("/", methods=["GET", "POST"])
def index():
    form = UserForm()
    if form.validate_on_submit():
        if db.session.scalar(select(User.id).where(User.email == form.email.data)):
            form.email.errors.append("An account with this email exists.")
        else:
            user = User(email=form.email.data, name=form.name.data, role=UserRole(form.role.data))
            user.set_password(form.password.data)
            db.session.add(user)
            record(current_user, "create account", f"{user.name} ({user.role})")
            db.session.commit()
            flash(f"Account created for {user.name}.", "success")
            return redirect(url_for("admin.users.index"))
    users = db.session.scalars(select(User).order_by(User.name)).all()
    status = 422 if form.errors else 200
    return render_template("admin/users.html", users=users, form=form), status


@bp.post("/<int:user_id>/delete")
def delete(user_id: int) -> Response:
    user = db.get_or_404(User, user_id)
    if user.id == current_user.id:
        flash("You cannot delete your own account.", "error")
        return redirect(url_for("admin.users.index"))
    record(current_user, "delete account", f"{user.name} ({user.role})")
    db.session.delete(user)
    db.session.commit()
    flash(f"Deleted the account of {user.name}.", "success")
    return redirect(url_for("admin.users.index"))
