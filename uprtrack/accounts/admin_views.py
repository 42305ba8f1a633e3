"""Administration: users, roles and organisations, and the audit log with its CSV download."""

from __future__ import annotations

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    stream_with_context,
    url_for,
)
from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from uprtrack.accounts import administration, audit_filters, audit_log
from uprtrack.accounts.admin_forms import EditUserForm, NewUserForm, OrganisationForm
from uprtrack.accounts.administration import AdministrationError
from uprtrack.accounts.audit_filters import AuditFilterForm
from uprtrack.accounts.users import AccountError
from uprtrack.core.csv_cells import csv_pieces
from uprtrack.core.storage import content_disposition
from uprtrack.core.vocabulary import OrganisationKind, Role
from uprtrack.extensions import db
from uprtrack.models import Organisation, State, User
from uprtrack.models.base import utcnow
from uprtrack.web.confirm import confirm_first
from uprtrack.web.permissions import allow
from uprtrack.web.redirects import safe_next

bp = Blueprint("admin", __name__, url_prefix="/admin")
PAGE_SIZE = 50


def all_organisations() -> list[Organisation]:
    return db.session.scalars(select(Organisation).order_by(Organisation.name)).all()


@bp.get("/users")
@allow(Role.ADMIN)
def users():
    query = select(User).options(selectinload(User.organisation)).order_by(User.email)
    role = request.args.get("role")
    if role in Role.codes():
        query = query.where(User.role == role)
    active = request.args.get("active")
    if active in ("1", "0"):
        query = query.where(User.active.is_(active == "1"))
    page = db.paginate(query, per_page=PAGE_SIZE, error_out=False)
    return render_template("admin/users.html", page=page, role=role, active=active)


@bp.route("/users/new", methods=["GET", "POST"])
@allow(Role.ADMIN)
def new_user():
    # The account made most often; never an administrator by default.
    form = NewUserForm(role=Role.FOCAL_POINT)
    form.set_organisations(all_organisations())
    if form.validate_on_submit():
        org = (
            db.session.get(Organisation, form.organisation.data) if form.organisation.data else None
        )
        try:
            user = administration.create_user(
                db.session,
                form.email.data,
                form.role.data,
                form.password.data,
                org,
                form.new_organisation.data,
                current_user,
            )
        except AdministrationError:
            form.email.errors.append(_("A user with this e-mail already exists."))
        except AccountError as error:
            # The form checks the same rules first; this is the last guard.
            form.email.errors.append(str(error))
        else:
            db.session.commit()
            flash(
                _(
                    "The account %(email)s is created. Give its initial password to its owner in person or "
                    "by another channel than e-mail.",
                    email=user.email,
                ),
                "success",
            )
            return redirect(url_for("admin.users"))
        db.session.rollback()
    return render_template("admin/user_form.html", form=form, user=None)


@bp.route("/users/<int:user_id>/edit", methods=["GET", "POST"])
@allow(Role.ADMIN)
def edit_user(user_id: int):
    user = db.get_or_404(User, user_id)
    form = EditUserForm(
        data=None
        if request.method == "POST"
        else {"role": user.role, "organisation": user.organisation_id or 0}
    )
    form.set_organisations(all_organisations())
    if form.validate_on_submit():
        if user.id == current_user.id and form.role.data != user.role:
            # An administrator who demotes themself may leave nobody able to undo it.
            form.role.errors.append(
                _("You cannot change your own role: ask another administrator.")
            )
        else:
            org = (
                db.session.get(Organisation, form.organisation.data)
                if form.organisation.data
                else None
            )
            changes = administration.change_user(
                db.session, user, form.role.data, org, form.new_organisation.data, current_user
            )
            db.session.commit()
            flash(
                _("Saved: %(email)s.", email=user.email) if changes else _("Nothing changed."),
                "success",
            )
            return redirect(url_for("admin.users"))
    return render_template("admin/user_form.html", form=form, user=user)


def _set_active(user_id: int, active: bool):
    user = db.get_or_404(User, user_id)
    try:
        administration.set_active(db.session, user, active, current_user)
    except AdministrationError:
        abort(403)  # an administrator cannot lock themself out
    db.session.commit()
    if active:
        flash(_("%(email)s can sign in again.", email=user.email), "success")
    else:
        flash(_("%(email)s is deactivated and signed out everywhere.", email=user.email), "success")
    return redirect(safe_next(request.form.get("next"), url_for("admin.users")))


def _deactivate_question(user_id: int) -> str:
    user = db.get_or_404(User, user_id)
    return _(
        "Deactivate %(email)s? They are signed out everywhere and can no longer sign in.",
        email=user.email,
    )


@bp.post("/users/<int:user_id>/deactivate")
@allow(Role.ADMIN)
@confirm_first(_deactivate_question, button=lambda **_ids: _("Yes, deactivate"))
def deactivate_user(user_id: int):
    return _set_active(user_id, False)


@bp.post("/users/<int:user_id>/activate")
@allow(Role.ADMIN)
def activate_user(user_id: int):
    return _set_active(user_id, True)


@bp.get("/organisations")
@allow(Role.ADMIN)
def organisations():
    query = (
        select(Organisation).options(selectinload(Organisation.state)).order_by(Organisation.name)
    )
    kind = request.args.get("kind")
    if kind in OrganisationKind.codes():
        query = query.where(Organisation.kind == kind)
    page = db.paginate(query, per_page=PAGE_SIZE, error_out=False)
    members = dict(
        db.session.execute(
            select(User.organisation_id, func.count())
            .where(User.organisation_id.in_([o.id for o in page.items]))
            .group_by(User.organisation_id)
        ).all()
    )
    return render_template("admin/organisations.html", page=page, kind=kind, members=members)


def _organisation_form(org: Organisation | None):
    form = OrganisationForm(
        data=None
        if request.method == "POST" or org is None
        else {
            "name": org.name,
            "acronym": org.acronym,
            "kind": org.kind,
            "state": org.state_id or 0,
        }
    )
    form.set_states(db.session.scalars(select(State).order_by(State.name)).all())
    if form.validate_on_submit():
        state = db.session.get(State, form.state.data) if form.state.data else None
        try:
            saved, _changes = administration.save_organisation(
                db.session,
                org,
                name=form.name.data,
                acronym=form.acronym.data,
                kind=form.kind.data,
                state=state,
                acting=current_user,
            )
        except AdministrationError:
            db.session.rollback()
            form.name.errors.append(_("An organisation of this name already exists."))
        else:
            db.session.commit()
            flash(_("Saved: %(name)s.", name=saved.name), "success")
            return redirect(url_for("admin.organisations"))
    return render_template("admin/organisation_form.html", form=form, org=org)


@bp.route("/organisations/new", methods=["GET", "POST"])
@allow(Role.ADMIN)
def new_organisation():
    return _organisation_form(None)


@bp.route("/organisations/<int:org_id>/edit", methods=["GET", "POST"])
@allow(Role.ADMIN)
def edit_organisation(org_id: int):
    return _organisation_form(db.get_or_404(Organisation, org_id))


def _audit_filter() -> tuple[AuditFilterForm, list]:
    people = db.session.execute(select(User.id, User.email).order_by(User.email)).all()
    form = AuditFilterForm(request.args, people)
    return form, audit_filters.conditions(form.given())


@bp.get("/audit", endpoint="audit")
@allow(Role.ADMIN)
def audit_page():
    form, where = _audit_filter()
    page = audit_log.read_page(
        db.session,
        where,
        before=request.args.get("before", type=int),
        after=request.args.get("after", type=int),
    )
    # The filter, without the page's position: what the page links, the CSV and "newest" keep.
    kept = {k: v for k, v in request.args.items() if k not in ("before", "after") and v}
    return render_template(
        "admin/audit.html",
        form=form,
        page=page,
        cap=audit_log.COUNT_CAP,
        cap_words=format_decimal(audit_log.COUNT_CAP),
        kept=kept,
    )


@bp.get("/audit.csv")
@allow(Role.ADMIN)
def audit_csv():
    """The entries of the current filter as CSV, streamed: a long log is never held in memory."""
    _form, where = _audit_filter()
    pieces = csv_pieces(audit_log.csv_header(), audit_log.csv_rows(db.session, where))
    response = Response(stream_with_context(pieces), mimetype="text/csv; charset=utf-8")
    name = f"audit-log-{utcnow().date().isoformat()}.csv"
    response.headers["Content-Disposition"] = content_disposition(name)
    response.headers["Cache-Control"] = "private, no-store"
    return response
