"""Routes of pledges, technical assistance and evidence: the same pages for every kind, from its declaration."""

from __future__ import annotations

from functools import partial

from flask import (
    Blueprint,
    abort,
    flash,
    redirect,
    render_template,
    request,
)
from flask_babel import gettext as _
from flask_login import current_user

from uprtrack.core.storage import storage
from uprtrack.core.visibility import published_only
from uprtrack.extensions import db
from uprtrack.follow_up import access, lists
from uprtrack.follow_up import operations as follow_up
from uprtrack.follow_up.form_pages import (
    attach,
    create,
    edit,
    flash_linked,
    link_form_for,
    links_context,
    recommendation_url,
    show_url,
)
from uprtrack.follow_up.forms import LinkForm
from uprtrack.follow_up.kinds import EVIDENCE, KINDS, FollowUpKind
from uprtrack.models import Recommendation
from uprtrack.web.confirm import confirm_first
from uprtrack.web.flashes import flash_publication
from uprtrack.web.languages import recommendation_name, state_name
from uprtrack.web.permissions import MANAGERS, PUBLIC, STAFF, allow, can_update

bp = Blueprint("follow_up", __name__)
PAGE_SIZE = 25


@bp.app_context_processor
def follow_up_helpers() -> dict:
    """Give every template what follow_up/_on_recommendation.html needs, whichever view includes it."""

    def follow_up_on(rec: Recommendation) -> dict[str, list]:
        """The records of each kind linked to the recommendation that the reader may see, by URL segment."""
        reader = published_only(current_user)
        return {kind.segment: lists.linked_to(db.session, kind, rec, reader) for kind in KINDS}

    def follow_up_attaching(rec: Recommendation) -> dict | None:
        """For those who may update the recommendation: whether what they attach is public at once."""
        if not (
            current_user.is_authenticated
            and current_user.role in STAFF
            and can_update(current_user, rec)
        ):
            return None
        return {"publishes": access.manages(current_user)}

    return {
        "follow_up_on": follow_up_on,
        "follow_up_attaching": follow_up_attaching,
        "follow_up_rec_url": recommendation_url,
    }


def visible_or_404(kind: FollowUpKind, record_id: int):
    """Load a record; an unpublished one does not exist for those who may not see it."""
    record = db.get_or_404(kind.model, record_id)
    if not access.may_see(current_user, record):
        abort(404)
    return record


def editable_or_403(kind: FollowUpKind, record_id: int):
    record = db.get_or_404(kind.model, record_id)
    if not access.may_edit(db.session, current_user, record):
        abort(403)
    return record


def updatable_or_403(rec_id: int) -> Recommendation:
    """Load a recommendation the person may update: a focal point only those assigned to its institution."""
    rec = db.get_or_404(Recommendation, rec_id)
    if not can_update(current_user, rec):
        abort(403)
    return rec


# --- The pages of every kind ----------------------------------------------------------------------------------


def list_page(kind: FollowUpKind):
    reader = published_only(current_user)
    form = kind.filter_form(request.args)
    form.offer(lists.filter_options(db.session, kind, reader))
    filters = form.filters()
    page = db.paginate(lists.filtered(kind, filters, reader), per_page=PAGE_SIZE, error_out=False)
    counts = lists.linked_counts(db.session, kind, [item.id for item in page.items], reader)
    return render_template(
        f"follow_up/{kind.name}_list.html",
        kind=kind,
        form=form,
        page=page,
        counts=counts,
        filtered=bool(filters),
        may_create=access.may_create(current_user, kind),
    )


def show(kind: FollowUpKind, record_id: int, link_form: LinkForm | None = None):
    record = visible_or_404(kind, record_id)
    related = getattr(record, kind.related) if kind.related else []
    return render_template(
        f"follow_up/{kind.name}.html",
        kind=kind,
        record=record,
        related=[item for item in related if access.may_see(current_user, item)],
        may_edit=access.may_edit(db.session, current_user, record),
        manages=access.manages(current_user),
        **links_context(record, link_form),
    )


def link(kind: FollowUpKind, record_id: int):
    """Link the record to recommendations given by paragraph number or chosen from the list."""
    record = editable_or_403(kind, record_id)
    form = link_form_for(record, formdata=request.form)
    if form.validate_on_submit():
        paragraphs = follow_up.split_paragraphs(form.paragraphs.data)
        found, missing = follow_up.find_recommendations(
            db.session, record.state_id, form.cycle.data or 0, paragraphs
        )
        recs = found + [form.candidates[rec_id] for rec_id in form.recommendations.data or []]
        refused = [
            rec.paragraph or str(rec.id)
            for rec in recs
            if not access.may_link(db.session, current_user, record, rec)
        ]
        if missing:
            form.paragraphs.errors.append(
                _(
                    "Not found for %(state)s in cycle %(cycle)s: %(paragraphs)s.",
                    state=state_name(record.state),
                    cycle=form.cycle.data,
                    paragraphs=", ".join(missing),
                )
            )
        elif refused:
            form.paragraphs.errors.append(
                _(
                    "Not assigned to your institution: %(paragraphs)s.",
                    paragraphs=", ".join(refused),
                )
            )
        elif not recs:
            form.paragraphs.errors.append(
                _("Give at least one paragraph number or choose a recommendation.")
            )
        else:
            added = follow_up.link(db.session, record, recs, user=current_user)
            db.session.commit()
            flash_linked(added)
            return redirect(show_url(record, _anchor="links"))
    return show(kind, record_id, link_form=form)


def unlink(kind: FollowUpKind, record_id: int, rec_id: int):
    record = db.get_or_404(kind.model, record_id)
    rec = db.get_or_404(Recommendation, rec_id)
    if not access.may_link(db.session, current_user, record, rec):
        abort(403)
    if follow_up.unlink(db.session, record, rec, user=current_user):
        db.session.commit()
        flash(
            _(
                "Recommendation %(paragraph)s is no longer linked.",
                paragraph=rec.paragraph or rec.id,
            ),
            "success",
        )
    return redirect(show_url(record, _anchor="links"))


def publish(kind: FollowUpKind, record_id: int, published: bool = True):
    record = db.get_or_404(kind.model, record_id)
    if follow_up.set_published(db.session, record, published, user=current_user):
        db.session.commit()
    flash_publication(published)
    return redirect(show_url(record))


def withdraw(kind: FollowUpKind, record_id: int):
    return publish(kind, record_id, published=False)


def unlink_question(kind: FollowUpKind, record_id: int, rec_id: int) -> str:
    record, rec = db.get_or_404(kind.model, record_id), db.get_or_404(Recommendation, rec_id)
    if not access.may_link(db.session, current_user, record, rec):
        abort(403)  # no question about a link this user may not remove
    return _(
        "Remove the link between “%(record)s” and %(recommendation)s?",
        record=kind.name_of(record),
        recommendation=recommendation_name(rec),
    )


def withdraw_question(kind: FollowUpKind, record_id: int) -> str:
    record = db.get_or_404(kind.model, record_id)
    return _("Withdraw “%(record)s” from public view?", record=kind.name_of(record))


def edit_page(kind: FollowUpKind, record_id: int):
    return edit(kind, editable_or_403(kind, record_id))


def attach_page(kind: FollowUpKind, rec_id: int):
    return attach(kind, updatable_or_403(rec_id))


# --- The routes of every kind: the same URLs, endpoints and audiences for each -----------------------------


def _route(kind: FollowUpKind, rule: str, endpoint: str, page, roles, methods=("GET",)) -> None:
    """Serve a page of the kind at the rule, for these roles; the record's id arrives as `record_id`."""

    def view(**ids):
        if kind.arg in ids:
            ids["record_id"] = ids.pop(kind.arg)
        return page(kind, **ids)

    bp.add_url_rule(rule, endpoint, allow(*roles)(view), methods=list(methods))


def _register(kind: FollowUpKind) -> None:
    """Declare the kind's pages: its list and records for everyone, changes for its editors and managers."""
    one, name, post = f"/{kind.segment}/<int:{kind.arg}>", kind.name, ("POST",)
    _route(kind, f"/{kind.segment}", kind.segment, list_page, (PUBLIC,))
    _route(kind, one, f"show_{name}", show, (PUBLIC,))
    _route(kind, f"{one}/link", f"link_{name}", link, kind.editors, post)
    unlink_first = confirm_first(
        partial(unlink_question, kind), button=lambda **_ids: _("Yes, unlink")
    )
    withdraw_first = confirm_first(
        partial(withdraw_question, kind), button=lambda **_ids: _("Yes, withdraw")
    )
    _route(
        kind,
        f"{one}/unlink/<int:rec_id>",
        f"unlink_{name}",
        unlink_first(unlink),
        kind.editors,
        post,
    )
    _route(kind, f"{one}/publish", f"publish_{name}", publish, MANAGERS, post)
    _route(kind, f"{one}/withdraw", f"withdraw_{name}", withdraw_first(withdraw), MANAGERS, post)
    _route(kind, f"/{kind.segment}/new", f"new_{name}", create, kind.editors, ("GET", "POST"))
    _route(kind, f"{one}/edit", f"edit_{name}", edit_page, kind.editors, ("GET", "POST"))
    if kind.attaches:
        # Its own page (GET) keeps the long form off the recommendation's page.
        rule = f"/recommendations/<int:rec_id>/{kind.segment}"
        _route(kind, rule, f"attach_{name}", attach_page, kind.editors, ("GET", "POST"))


for each in KINDS:
    _register(each)


# --- The evidence file -----------------------------------------------------------------------------------------


@bp.get("/evidence/<int:evidence_id>/file")
@allow(PUBLIC)
def evidence_file(evidence_id: int):
    item = visible_or_404(EVIDENCE, evidence_id)
    if not item.file_key:
        abort(404)
    try:
        response = storage().send(
            item.file_key,
            mimetype=item.file_type or "application/octet-stream",
            download_name=item.file_name or "evidence",
        )
    except (FileNotFoundError, ValueError):  # a key that is gone, or not one of ours
        abort(404)
    response.headers["X-Content-Type-Options"] = "nosniff"
    if not item.published:
        response.headers["Cache-Control"] = "private, no-store"
    return response
