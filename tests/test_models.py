"""Rules the models keep: append-only history, the education flag, links between records."""

from datetime import date

import pytest
from sqlalchemy import select

from uprtrack.core import audit
from uprtrack.models import (
    AppendOnlyError,
    AuditEntry,
    Evidence,
    IssueTag,
    Pledge,
    Recommendation,
    Review,
    Sdg,
    State,
    StatusChange,
    TechnicalAssistance,
    Theme,
)


@pytest.fixture
def rec(ctx):
    state = ctx.scalar(select(State).where(State.iso3 == "SVN"))
    review = Review(state=state, cycle=4, session=48)
    item = Recommendation(
        review=review, paragraph="140.31", text="Ensure inclusive education", text_key="k"
    )
    ctx.add(item)
    ctx.flush()
    return item


def test_status_history_is_append_only(ctx, rec):
    change = StatusChange(
        recommendation=rec, status="in_progress", changed_on=date(2025, 3, 1), note="Plan adopted"
    )
    ctx.add(change)
    ctx.flush()
    change.note = "rewritten"
    with pytest.raises(AppendOnlyError):
        ctx.flush()
    ctx.rollback()


def test_audit_log_is_append_only(ctx):
    entry = audit.record(ctx, "publish", "recommendation", 1, detail="x")
    ctx.flush()
    ctx.delete(entry)
    with pytest.raises(AppendOnlyError):
        ctx.flush()
    ctx.rollback()
    assert ctx.scalar(select(AuditEntry)) is None


def test_education_flag_from_text_themes_sdgs_issues_and_by_hand(ctx, rec):
    # The text decides first (core/education.py): "Ensure inclusive education" is on education untagged.
    rec.refresh_education()
    assert rec.education is True
    # Real texts: Slovenia 140.7 (filed under SDG 4, not education) and UPR Info row 1142 (a programme named
    # "Educate your Child", on education only with a tag that says so).
    rec.text = "Ratify the Optional Protocol to the International Covenant on Economic, Social and Cultural Rights"
    rec.sdgs.append(ctx.get(Sdg, "4.5"))
    rec.refresh_education()
    assert rec.education is False
    rec.text = 'Continue the "Educate your Child" programme in the prisons'
    rec.refresh_education()
    assert rec.education is True
    rec.sdgs.clear()
    rec.refresh_education()
    assert rec.education is False
    # A text the rule cannot read is judged by its themes and issues.
    rec.text = "Garantir l'accès à une éducation inclusive pour les enfants roms"
    rec.themes.append(Theme(name="Right to education", code="E51"))
    rec.refresh_education()
    assert rec.education_derived is True
    rec.education_override = False
    rec.refresh_education()
    assert (rec.education_derived, rec.education) == (True, False)
    rec.themes.clear()
    rec.education_override = None
    rec.issues.append(IssueTag(name="Right to education"))
    rec.refresh_education()
    assert rec.education is True
    rec.issues.clear()
    rec.education_override = True  # a person's word wins over the rule both ways
    rec.refresh_education()
    assert (rec.education_derived, rec.education) == (False, True)


def test_follow_up_links(ctx, rec):
    pledge = Pledge(
        state=rec.review.state,
        text="Free school meals for all",
        text_key="p",
        recommendations=[rec],
    )
    help_ = TechnicalAssistance(
        state=rec.review.state,
        title="Inclusive curriculum",
        direction="received",
        recommendations=[rec],
        pledges=[pledge],
    )
    evidence = Evidence(
        state=rec.review.state,
        title="Act on inclusive education",
        kind="law",
        recommendations=[rec],
    )
    ctx.add_all([pledge, help_, evidence])
    ctx.flush()
    assert rec.pledges == [pledge] and rec.assistance == [help_] and rec.evidence == [evidence]
    assert pledge.assistance == [help_]


def test_recommendation_version_counts_updates(ctx, rec):
    assert rec.version == 1
    rec.status = "planned"
    ctx.flush()
    assert rec.version == 2
