"""Reference and demo data load from seed/, and loading them again changes nothing."""

import json
import re
from datetime import date
from urllib.parse import urlsplit

import pytest
from sqlalchemy import func, select

from tests.conftest import SEED
from uprtrack.core.vocabulary import Rating
from uprtrack.extensions import db
from uprtrack.follow_up.operations import is_received
from uprtrack.imports.lookup import Lookup
from uprtrack.models import (
    Assessment,
    Assignment,
    Comment,
    Cycle,
    Evidence,
    Fund,
    ImplementationAction,
    Organisation,
    Pledge,
    Recommendation,
    Review,
    Sdg,
    State,
    StatusChange,
    TechnicalAssistance,
    Theme,
    User,
)
from uprtrack.recommendations.operations import change_status
from uprtrack.seed import reference as seed
from uprtrack.seed.demo_follow_up import FollowUpDataError, load_follow_up


def count(model, *where):
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def test_reference_data(ctx):
    assert count(State, State.status == "member") == 193
    assert count(State, State.status == "observer") == 2
    assert [c.number for c in ctx.scalars(select(Cycle).order_by(Cycle.number))] == [1, 2, 3, 4]
    assert ctx.get(Sdg, "4.a").goal == 4
    assert ctx.get(Sdg, "4").title == "Quality education"
    assert count(Fund) == 4
    lookup = Lookup(ctx)
    assert lookup.state("Türkiye") is lookup.state("Turkey") is lookup.state("TUR")
    assert lookup.state("bolivia").iso3 == "BOL"
    assert lookup.state("Viet Nam") is lookup.state("Vietnam")
    assert lookup.state("Holy See").status == "observer"
    assert lookup.state("Slovenia").regional_group == "Eastern European"


def test_reference_load_is_idempotent(ctx):
    before = {m: count(m) for m in (State, Cycle, Sdg, Fund)}
    seed.load_reference(ctx, SEED)
    ctx.commit()
    assert {m: count(m) for m in (State, Cycle, Sdg, Fund)} == before
    assert count(Theme) > 0 and count(Organisation, Organisation.kind == "un_entity") > 0


def test_demo_seed_through_the_command(runner, ctx):
    result = runner.invoke(args=["seed", "--demo"])
    assert result.exit_code == 0, result.output
    assert count(Recommendation) == 632
    assert count(Review) == 3
    assert count(User) == 5
    ministry = ctx.scalar(
        select(Organisation).where(Organisation.name == "Ministry of Education (demo)")
    )
    # Cycle 4's 36 education recommendations (core/education.py reads the text: the 9 awareness campaigns,
    # officials' training and ICESCR protocol ratifications filed under SDG 4 are not), of which 35 were supported,
    # go to the demo ministry.
    assert count(Assignment, Assignment.organisation_id == ministry.id) == 35
    assert "the passwords are shown this once" in result.output
    assert "coordinator@demo.uprtrack.org" in result.output
    again = runner.invoke(args=["seed", "--demo"])
    assert again.exit_code == 0, again.output
    assert "0 created, 0 updated, 254 unchanged" in again.output
    assert "demo follow-up: 195 rows read; 0 created, 0 updated, 195 unchanged" in again.output
    assert "passwords" not in again.output
    assert count(Recommendation) == 632 and count(User) == 5
    assert count(Assignment) == 35
    first_run_only = runner.invoke(args=["seed", "--demo", "--if-empty"])
    assert "nothing seeded" in first_run_only.output


FOLLOW_UP = json.loads((SEED / "demo" / "follow_up.json").read_text(encoding="utf-8"))
FOLLOW_UP_MODELS = (
    StatusChange,
    ImplementationAction,
    Pledge,
    TechnicalAssistance,
    Evidence,
    Assessment,
    Comment,
    Organisation,
)


def seed_demo(runner):
    result = runner.invoke(args=["seed", "--demo"])
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture
def demo(build_once, runner):
    """The database as `flask seed --demo` leaves it (seeded once per session, then restored)."""
    build_once(("seed", "--demo"), lambda: seed_demo(runner))


def education(ctx, cycle):
    return ctx.scalars(
        select(Recommendation)
        .join(Review)
        .where(Review.cycle == cycle, Recommendation.education.is_(True))
    ).all()


def test_demo_follow_up_counterparts_and_status_histories(demo, ctx):
    linked = ctx.scalars(
        select(Recommendation).where(Recommendation.previous_id.is_not(None))
    ).all()
    assert len(linked) == len(FOLLOW_UP["counterparts"]) == 30
    for rec in linked:
        assert (
            rec.previous.review.state_id
            == rec.review.state_id
            == ctx.scalar(select(State.id).where(State.iso3 == "SVN"))
        )
        assert rec.previous.review.cycle == rec.review.cycle - 1
    assert 15 <= sum(rec.review.cycle == 4 and rec.education for rec in linked) <= 25
    assert (
        ctx.scalars(
            select(Recommendation)
            .join(Review)
            .where(Review.cycle == 4, Recommendation.paragraph == "140.215")
        )
        .one()
        .previous.paragraph
        == "121.48"
    )

    for cycle, ends in (
        (3, {"partially_implemented", "fully_implemented"}),
        (4, {"planned", "in_progress"}),
    ):
        recs = education(ctx, cycle)
        followed = [rec for rec in recs if rec.status_changes]
        # Some, not all, have a history: 14 of cycle 3's 17 and 24 of cycle 4's 36 since the education rule reads
        # the text (the demo also follows a few awareness and training recommendations that are not education).
        assert 0.5 <= len(followed) / len(recs) <= 0.85
        assert sum(rec.status in ends for rec in followed) > len(followed) / 2
        for rec in followed:
            assert 1 <= len(rec.status_changes) <= 4
            history = sorted(rec.status_changes, key=lambda c: (c.changed_on, c.id))
            assert [c.id for c in history] == [
                c.id for c in rec.status_changes
            ]  # appended in date order
            assert (rec.status, rec.status_date) == (history[-1].status, history[-1].changed_on)
            assert all(
                date(2020, 1, 1) <= c.changed_on <= date(2026, 12, 31) and c.note for c in history
            )
        assert all(
            rec.status == "not_started" and rec.status_date is None
            for rec in recs
            if not rec.status_changes
        )
    assert count(StatusChange) == sum(len(h) for h in FOLLOW_UP["status_histories"].values()) == 85


def test_demo_follow_up_records(demo, ctx):
    ministry = ctx.scalar(
        select(Organisation).where(Organisation.name == "Ministry of Education (demo)")
    )
    actions = ctx.scalars(select(ImplementationAction)).all()
    assert len(actions) == 22 and {a.organisation_id for a in actions} == {ministry.id}

    pledges = ctx.scalars(select(Pledge)).all()
    assert len(pledges) == 5 and sum(p.published for p in pledges) == 4
    assert all(p.recommendations and p.state.iso3 == "SVN" for p in pledges)

    assistance = ctx.scalars(select(TechnicalAssistance)).all()
    assert len(assistance) == 9 and sum(not a.published for a in assistance) == 1
    assert sum(map(is_received, assistance)) == 5
    assert {a.status for a in assistance if not is_received(a)} == {"requested", "agreed"}
    assert all(
        2 <= len(a.recommendations) <= 8 and a.provider.kind in ("un_entity", "donor", "other")
        for a in assistance
    )
    assert {a.provider.acronym for a in assistance} == {"CoE", "EU", "UNICEF", "UNESCO", "OHCHR"}
    assert {a.fund.code for a in assistance if a.fund} == {"VFTC", "UPR-IMPLEMENTATION"}
    assert {a.currency for a in assistance if a.amount} == {"EUR", "USD"}
    assert sum(bool(a.pledges) for a in assistance) == 5

    evidence = ctx.scalars(select(Evidence)).all()
    assert len(evidence) == 13 and sum(not e.published for e in evidence) == 1
    assert {e.kind for e in evidence} == {
        "law",
        "policy",
        "budget_line",
        "statistic",
        "programme",
        "report",
    }
    assert all(e.recommendations and e.date and e.source for e in evidence)
    # Only the roots of real public sites, never an invented deep link.
    assert all(
        urlsplit(e.url).path in ("", "/") and not urlsplit(e.url).query for e in evidence if e.url
    )

    # Invented records say so.
    assert all(p.text.endswith("(demo)") for p in pledges)
    assert all(r.title.endswith("(demo)") for r in [*assistance, *evidence])
    organisations = {
        o.name for o in [ministry, *(a.organisation for a in ctx.scalars(select(Assessment)))]
    }
    assert all("(demo" in name and name.endswith(")") for name in organisations)


def test_demo_follow_up_voices(demo, ctx):
    # The demo NHRI and CSO accounts' organisations speak; no second Ombudsman is made.
    nhri_user = ctx.scalar(select(User).where(User.email == "nhri@demo.uprtrack.org"))
    cso_user = ctx.scalar(select(User).where(User.email == "cso@demo.uprtrack.org"))
    assert count(Organisation, Organisation.kind == "nhri") == 1
    assessments = ctx.scalars(select(Assessment)).all()
    published = [a for a in assessments if a.moderation == "published"]
    assert 20 <= len(published) <= 30 and len({a.recommendation_id for a in published}) >= 20
    assert {a.organisation_id for a in published} >= {
        nhri_user.organisation_id,
        cso_user.organisation_id,
    }
    assert all(a.rating in Rating.codes() and a.text and a.sources for a in assessments)
    pending = [a for a in assessments if a.moderation != "published"]
    assert [a.moderation for a in pending] == ["pending"] and pending[0].organisation.kind == "cso"
    # Beside the government's status, some assessments agree with it and some do not.
    done = [a for a in published if a.recommendation.status == "fully_implemented"]
    assert any(a.rating == "fully_implemented" for a in done)
    assert any(a.rating in ("no_progress", "limited_progress") for a in done)
    comments = ctx.scalars(select(Comment)).all()
    assert sorted(c.moderation for c in comments) == ["pending", "published", "published"]
    assert all(c.organisation.kind == "cso" for c in comments if c.moderation == "pending")


def snapshot(ctx):
    ctx.expire_all()
    recs = ctx.execute(
        select(
            Recommendation.id,
            Recommendation.status,
            Recommendation.status_date,
            Recommendation.previous_id,
            Recommendation.version,
        )
    ).all()
    return {model.__name__: count(model) for model in FOLLOW_UP_MODELS}, sorted(recs)


def test_demo_follow_up_second_run_changes_nothing(demo, runner, ctx):
    before = snapshot(ctx)
    again = seed_demo(runner)
    assert "demo follow-up: 195 rows read; 0 created, 0 updated, 195 unchanged" in again.output
    assert snapshot(ctx) == before
    # A status recorded by a person after the seed stays the current one when the seed runs again.
    rec = ctx.scalars(
        select(Recommendation)
        .join(Review)
        .where(Review.cycle == 4, Recommendation.paragraph == "140.216")
    ).one()
    change_status(
        ctx, rec, "partially_implemented", date(2026, 11, 1), "Checked by the inspectorate.", None
    )
    ctx.commit()
    seed_demo(runner)
    ctx.expire_all()
    assert (rec.status, rec.status_date) == ("partially_implemented", date(2026, 11, 1))
    assert len(rec.status_changes) == 3


def test_follow_up_names_only_existing_recommendations(ctx, tmp_path):
    path = tmp_path / "follow_up.json"
    path.write_text(
        json.dumps(
            {
                "state": "SVN",
                "ministry": "Ministry of Education (demo)",
                "counterparts": {"4:140.999": "3:122.1"},
            }
        ),
        encoding="utf-8",
    )
    with pytest.raises(FollowUpDataError, match=re.escape("SVN has no recommendation 4:140.999")):
        load_follow_up(ctx, path)
