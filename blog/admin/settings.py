"""The owner's Settings page: the spam and abuse rules, kept in the database.

The fields come from blog/settings.py's EDITABLE list, so a new setting appears here by
being listed there; the values saved override config.py's defaults for every worker.
"""

from __future__ import annotations

import ipaddress
import re

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import Field, FloatField, IntegerField, SelectField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange, ValidationError

from blog.admin.audit import record
from blog.cache.versions import bump_site
from blog.comments.forms import NoControlCharacters
from blog.comments.word_lists import entries
from blog.extensions import db
from blog.settings import EDITABLE, SettingSpec, current_settings, save_settings

bp = Blueprint("settings", __name__, url_prefix="/settings")

LIST_MAX = 20_000
LOOKS_LIKE_ADDRESS = re.compile(r"^[0-9a-fA-F:.]+(/\d+)?$")


def valid_list(form: FlaskForm, field: Field) -> None:
    """An entry that looks like an IP address or range must be one, or it would never match."""
    for entry in entries(field.data):
        if LOOKS_LIKE_ADDRESS.match(entry) and ("." in entry or ":" in entry):
            try:
                ipaddress.ip_network(entry, strict=False)
            except ValueError:
                raise ValidationError(f"“{entry}” is not a valid IP address or range.") from None


def _field(spec: SettingSpec) -> Field:
    text = {"label": spec.label, "description": spec.help}
    if spec.kind == "choice":
        return SelectField(choices=[(c, c) for c in spec.choices], **text)
    if spec.kind == "lines":
        limit = Length(max=LIST_MAX, message=f"Keep the list under {LIST_MAX:,} characters.")
        return TextAreaField(
            validators=[limit, NoControlCharacters(multiline=True), valid_list], **text
        )
    number = IntegerField if spec.kind == "int" else FloatField
    message = f"Enter a number from {spec.minimum:g} to {spec.maximum:g}."
    return number(
        validators=[
            InputRequired(message),
            NumberRange(spec.minimum, spec.maximum, message),
        ],
        **text,
    )


SettingsForm = type("SettingsForm", (FlaskForm,), {spec.name: _field(spec) for spec in EDITABLE})


@bp.route("/", methods=["GET", "POST"])
def edit():
    if not current_user.is_owner:
        abort(403, "Only the site's owner can change its settings.")
    values = current_settings()
    form = SettingsForm(data={spec.name: values[spec.name] for spec in EDITABLE})
    if form.validate_on_submit():
        changes = {spec.name: form[spec.name].data for spec in EDITABLE}
        changes = {name: value for name, value in changes.items() if value != values[name]}
        if changes:
            save_settings(changes)
            record(current_user, "settings", ", ".join(sorted(changes)))
            bump_site(db.session)  # comments may have closed, lists changed: re-render
            db.session.commit()
        flash("Settings saved.", "success")
        return redirect(url_for("admin.settings.edit"))
    status = 422 if form.errors else 200
    return render_template("admin/settings.html", form=form, specs=EDITABLE), status
