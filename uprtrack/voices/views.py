"""Comments and independent assessments by the NHRI and civil society, and their moderation."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from uprtrack.core.vocabulary import Moderation
from uprtrack.extensions import db
from uprtrack.models import Assessment, Comment, Recommendation
from uprtrack.voices import operations as voices
from uprtrack.voices.forms import AssessmentForm, CommentForm, is_link, source_lines
from uprtrack.web.confirm import confirm_first
from uprtrack.web.languages import recommendation_name
from uprtrack.web.permissions import MANAGERS, VOICES, allow, can_speak, manages
from uprtrack.web.redirects import safe_next

bp = Blueprint("voices", __name__)
PAGE_SIZE = 25
KINDS = {"assessments": Assessment, "comments": Comment}
# The moderation page's tabs: a moderator's short word for the hidden items, where their organisation reads the
# longer label of the vocabulary.
STATE_TABS = {
    Moderation.PENDING: Moderation.PENDING.label,
    Moderation.PUBLISHED: Moderation.PUBLISHED.label,
    Moderation.HIDDEN: _l("Hidden"),
}


def recommendation_url(rec: Recommendation) -> str:
    """Link to what the NHRI and civil society said on the recommendation's page."""
    return url_for("recommendations.show", rec_id=rec.id, _anchor="voices")


@bp.app_context_processor
def voice_helpers() -> dict:
    """Give every template what the partial voices/_on_recommendation.html needs, whichever view includes it."""

    def voices_on(rec: Recommendation):
        return voices.on_recommendation(
            db.session, rec, current_user, moderator=manages(current_user)
        )

    def voice_forms(rec: Recommendation | None = None):
        """Return fresh forms for the NHRI and civil society (never bound to another form's POST), else None;
        the assessment form starts from the organisation's latest assessment of `rec`."""
        if not can_speak(current_user):
            return None
        previous = (
            voices.latest_of_organisation(db.session, rec, current_user.organisation_id)
            if rec is not None
            else None
        )
        return {
            "comment": CommentForm(prefix="comment", formdata=None),
            "assessment": revision_form(previous),
            "previous": previous,
            "at_once": voices.publishes_at_once(current_user),
        }

    return {
        "voices_on": voices_on,
        "voice_forms": voice_forms,
        "assessment_sources": source_lines,
        "is_web_link": is_link,
        "voices_rec_url": recommendation_url,
    }


def revision_form(previous: Assessment | None) -> AssessmentForm:
    """A fresh assessment form, filled with the previous assessment when there is one."""
    return AssessmentForm(prefix="assessment", formdata=None, data=voices.revision_of(previous))


def speakable(rec_id: int) -> Recommendation:
    """Load a published recommendation the person may speak on: unpublished ones do not exist for them."""
    rec = db.get_or_404(Recommendation, rec_id)
    if not rec.published:
        abort(404)
    if not can_speak(current_user):
        abort(403)
    return rec


@bp.post("/recommendations/<int:rec_id>/comments")
@allow(*VOICES)
def comment(rec_id: int):
    rec = speakable(rec_id)
    form = CommentForm(prefix="comment")
    if not form.validate_on_submit():
        return render_template(
            "voices/comment.html",
            rec=rec,
            form=form,
            at_once=voices.publishes_at_once(current_user),
        )
    item = voices.add_comment(db.session, rec, current_user, form.body.data)
    db.session.commit()
    flash(
        _("Your comment is published.")
        if item.moderation == Moderation.PUBLISHED
        else _(
            "Your comment is saved. It will be public once the national mechanism has moderated it."
        ),
        "success",
    )
    return redirect(recommendation_url(rec))


@bp.route("/recommendations/<int:rec_id>/assessments", methods=["GET", "POST"])
@allow(*VOICES)
def assess(rec_id: int):
    """Assess on a page of its own; a revision starts from the organisation's latest assessment."""
    rec = speakable(rec_id)
    previous = voices.latest_of_organisation(db.session, rec, current_user.organisation_id)
    form = (
        AssessmentForm(prefix="assessment") if request.method == "POST" else revision_form(previous)
    )
    if not form.validate_on_submit():
        return render_template(
            "voices/assess.html",
            rec=rec,
            form=form,
            previous=previous,
            history=voices.history_of_organisation(db.session, rec, current_user.organisation_id),
            at_once=voices.publishes_at_once(current_user),
        )
    item = voices.add_assessment(
        db.session,
        rec,
        current_user,
        rating=form.rating.data,
        text=form.text.data,
        sources=form.sources.data or "",
        groups_affected=form.groups_affected.data or "",
        assessed_on=form.assessed_on.data,
    )
    db.session.commit()
    flash(
        _("Your assessment is published.")
        if item.moderation == Moderation.PUBLISHED
        else _(
            "Your assessment is saved. It will be public once the national mechanism has moderated it."
        ),
        "success",
    )
    return redirect(recommendation_url(rec))


@bp.get("/moderation")
@allow(*MANAGERS)
def moderation():
    kind = request.args.get("kind", "assessments")
    state = request.args.get("state", Moderation.PENDING)
    if kind not in KINDS or state not in STATE_TABS:
        abort(404)
    page = db.paginate(voices.queue(KINDS[kind], state), per_page=PAGE_SIZE, error_out=False)
    return render_template(
        "voices/moderation.html",
        page=page,
        kind=kind,
        state=state,
        tabs=STATE_TABS,
        counts=voices.pending_counts(db.session),
    )


def _moderate(model: type[Comment] | type[Assessment], item_id: int, decision: Moderation):
    item = db.get_or_404(model, item_id)
    voices.moderate(db.session, item, decision, current_user)
    db.session.commit()
    if decision == Moderation.PUBLISHED:
        flash(_("Published: %(organisation)s.", organisation=item.organisation.name), "success")
    else:
        flash(
            _("Hidden from the public: %(organisation)s.", organisation=item.organisation.name),
            "success",
        )
    return redirect(safe_next(request.form.get("next"), url_for("voices.moderation")))


@bp.post("/comments/<int:comment_id>/publish")
@allow(*MANAGERS)
def publish_comment(comment_id: int):
    return _moderate(Comment, comment_id, Moderation.PUBLISHED)


def _hide_comment_question(comment_id: int) -> str:
    item = db.get_or_404(Comment, comment_id)
    return _(
        "Hide the comment of %(organisation)s on %(recommendation)s from the public?",
        organisation=item.organisation.name,
        recommendation=recommendation_name(item.recommendation),
    )


def _hide_assessment_question(assessment_id: int) -> str:
    item = db.get_or_404(Assessment, assessment_id)
    return _(
        "Hide the assessment of %(organisation)s on %(recommendation)s from the public?",
        organisation=item.organisation.name,
        recommendation=recommendation_name(item.recommendation),
    )


def _hide_button(**_ids) -> str:
    return _("Yes, hide")


@bp.post("/comments/<int:comment_id>/hide")
@allow(*MANAGERS)
@confirm_first(_hide_comment_question, button=_hide_button)
def hide_comment(comment_id: int):
    return _moderate(Comment, comment_id, Moderation.HIDDEN)


@bp.post("/assessments/<int:assessment_id>/publish")
@allow(*MANAGERS)
def publish_assessment(assessment_id: int):
    return _moderate(Assessment, assessment_id, Moderation.PUBLISHED)


@bp.post("/assessments/<int:assessment_id>/hide")
@allow(*MANAGERS)
@confirm_first(_hide_assessment_question, button=_hide_button)
def hide_assessment(assessment_id: int):
    return _moderate(Assessment, assessment_id, Moderation.HIDDEN)
