"""`flask refresh-education` derives the stored flags again with the current rule, keeping flags set by hand."""

from sqlalchemy import select, update

from tests.test_import_command import CYCLE3, run_import
from uprtrack.models import AuditEntry, Recommendation


def by_paragraph(ctx, paragraph):
    return ctx.scalar(select(Recommendation).where(Recommendation.paragraph == paragraph))


def test_refresh_education_fixes_flags_of_an_earlier_rule_and_keeps_hand_flags(
    runner, ctx, tmp_path
):
    run_import(runner, tmp_path, CYCLE3)
    # As a database filled under the rule by theme and SDG 4 holds them: 121.8 (an awareness campaign filed
    # under SDG 4) flagged, 122.95 (equal access to quality education) set to "no" by a coordinator.
    ctx.execute(
        update(Recommendation)
        .where(Recommendation.paragraph == "121.8")
        .values(education_derived=True, education=True)
    )
    ctx.execute(
        update(Recommendation)
        .where(Recommendation.paragraph == "122.95")
        .values(education_override=False, education=False)
    )
    ctx.commit()
    result = runner.invoke(args=["refresh-education"])
    assert result.exit_code == 0, result.output
    assert (
        "215 recommendations checked: 0 now on education, 1 no longer; flags set by hand are kept."
        in result.output
    )
    ctx.expire_all()
    assert (by_paragraph(ctx, "121.8").education_derived, by_paragraph(ctx, "121.8").education) == (
        False,
        False,
    )
    kept = by_paragraph(ctx, "122.95")
    assert (kept.education_derived, kept.education_override, kept.education) == (True, False, False)
    entry = ctx.scalar(select(AuditEntry).where(AuditEntry.action == "refresh-education"))
    assert (
        entry.detail["no_longer"] == [by_paragraph(ctx, "121.8").id]
        and entry.actor == "command line"
    )
    again = runner.invoke(args=["refresh-education"])
    assert "215 recommendations checked: 0 now on education, 0 no longer" in again.output
