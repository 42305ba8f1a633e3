"""Reference and demo data load from seed/, and loading them again changes nothing."""
from sqlalchemy import func, select

from uprtrack import seed
from uprtrack.extensions import db
from uprtrack.models import Assignment, Cycle, Fund, Organisation, Recommendation, Review, Sdg, State, Theme, User
from uprtrack.importers.lookup import Lookup
from tests.conftest import SEED


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
    ministry = ctx.scalar(select(Organisation).where(Organisation.name == "Ministry of Education (demo)"))
    # Cycle 4's 45 education recommendations, of which 44 were supported, go to the demo ministry.
    assert count(Assignment, Assignment.organisation_id == ministry.id) == 44
    assert "the passwords are shown this once" in result.output
    assert "coordinator@demo.uprtrack.org" in result.output
    again = runner.invoke(args=["seed", "--demo"])
    assert again.exit_code == 0, again.output
    assert "0 created, 0 updated, 254 unchanged" in again.output
    assert "passwords" not in again.output
    assert count(Recommendation) == 632 and count(User) == 5
    assert count(Assignment) == 44
    first_run_only = runner.invoke(args=["seed", "--demo", "--if-empty"])
    assert "nothing seeded" in first_run_only.output
