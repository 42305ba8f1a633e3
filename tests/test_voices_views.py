"""The NHRI's and civil society's comments and assessments, by role, and their moderation by the national mechanism.

The rule tested here: the NHRI's items are published at once (it is independent of the government); civil
society's wait for moderation; the public sees only published ones; nobody speaks for another organisation.
"""

from datetime import date, timedelta

import pytest
from flask import render_template
from flask_login import login_user
from sqlalchemy import func, select

from tests.conftest import CYCLE4_PATH
from uprtrack.extensions import db
from uprtrack.models import Assessment, AuditEntry, Comment, Organisation, Recommendation, User

NHRI = "ombudsman@example.org"
CSO = "coalition@example.org"
OTHER_CSO = "parents@example.org"
COORDINATOR = "nmrf@example.org"
FOCAL = "focal@example.org"


@pytest.fixture
def imported(import_files, ctx):
    """Slovenia's cycle 4 matrix, as OHCHR published it; return the id of its first education recommendation."""
    import_files(CYCLE4_PATH)
    return ctx.scalar(
        select(Recommendation.id)
        .where(Recommendation.education.is_(True))
        .order_by(Recommendation.id)
        .limit(1)
    )


@pytest.fixture
def people(make_user):
    """One account per role that speaks or moderates, each with its organisation."""
    make_user(NHRI, role="nhri", org="Human Rights Ombudsman")
    make_user(CSO, role="cso", org="Coalition for the Right to Education")
    make_user(OTHER_CSO, role="cso", org="Parents' Association")
    make_user(COORDINATOR, role="coordinator", org="Government Office for Human Rights")
    make_user(FOCAL, role="focal_point", org="Ministry of Education")


def voices_section(app, rec_id, email=None):
    """Render the recommendation page's voices section as this person (or the public) sees it."""
    with app.app_context(), app.test_request_context("/"):
        if email:
            login_user(db.session.scalar(select(User).where(User.email == email)))
        return render_template(
            "voices/_on_recommendation.html", rec=db.session.get(Recommendation, rec_id)
        )


def assessment_data(**changes):
    data = {
        "assessment-rating": "limited_progress",
        "assessment-text": "Roma children still attend segregated classes in two regions.",
        "assessment-sources": "https://www.varuh-rs.si/annual-report-2024\nAnnual report 2024, p. 112",
        "assessment-groups_affected": "Roma children, girls, rural",
        "assessment-assessed_on": date.today().isoformat(),
    }
    data.update(changes)
    return data


def org_id(ctx, name):
    return ctx.scalar(select(Organisation.id).where(Organisation.name == name))


def test_nhri_assessment_is_published_at_once_beside_the_government_status(
    app, client, login, ctx, imported, people
):
    login(NHRI)
    response = client.post(f"/recommendations/{imported}/assessments", data=assessment_data())
    assert response.status_code == 302
    item = ctx.scalar(select(Assessment))
    assert (item.moderation, item.organisation.name, item.rating) == (
        "published",
        "Human Rights Ombudsman",
        "limited_progress",
    )
    assert item.sources.splitlines() == [
        "https://www.varuh-rs.si/annual-report-2024",
        "Annual report 2024, p. 112",
    ]
    entry = ctx.scalar(select(AuditEntry).where(AuditEntry.action == "add-assessment"))
    assert entry.actor == NHRI and entry.detail["moderation"] == "published"

    public = voices_section(app, imported)
    assert "Government status" in public and "Not started" in public
    assert "Human Rights Ombudsman" in public and "Limited progress" in public
    assert "Roma children, girls, rural" in public
    assert (
        '<a href="https://www.varuh-rs.si/annual-report-2024" rel="nofollow noopener noreferrer">'
        in public
    )
    assert "<li>Annual report 2024, p. 112</li>" in public
    assert "<form" not in public  # the public reads; only the NHRI and civil society get the forms


def test_cso_items_wait_for_moderation_and_only_their_organisation_sees_them(
    app, client, login, ctx, imported, people
):
    login(CSO)
    client.post(f"/recommendations/{imported}/assessments", data=assessment_data())
    client.post(
        f"/recommendations/{imported}/comments",
        data={"comment-body": "Transport to school is missing."},
    )
    assert {
        i.moderation for i in [*ctx.scalars(select(Assessment)), *ctx.scalars(select(Comment))]
    } == {"pending"}

    public = voices_section(app, imported)
    assert "Transport to school is missing." not in public and "Limited progress" not in public
    assert "No independent assessment is published yet." in public
    own = voices_section(app, imported, CSO)
    assert own.count("Awaiting moderation") == 2 and "Transport to school is missing." in own
    other = voices_section(app, imported, OTHER_CSO)
    assert "Transport to school is missing." not in other and "Awaiting moderation" not in other


def test_a_cso_cannot_post_as_another_organisation(client, login, ctx, imported, people):
    nhri = org_id(ctx, "Human Rights Ombudsman")
    login(CSO)
    client.post(
        f"/recommendations/{imported}/assessments",
        data=assessment_data(organisation_id=nhri, **{"assessment-organisation_id": nhri}),
    )
    client.post(
        f"/recommendations/{imported}/comments",
        data={"comment-body": "Ours", "organisation_id": nhri, "comment-organisation_id": nhri},
    )
    coalition = org_id(ctx, "Coalition for the Right to Education")
    assert ctx.scalar(select(Assessment.organisation_id)) == coalition
    assert ctx.scalar(select(Comment.organisation_id)) == coalition
    assert (
        ctx.scalar(select(Assessment.moderation)) == "pending"
    )  # and it does not borrow the NHRI's rule


def test_an_organisation_updates_its_own_assessment_and_keeps_its_history(
    app, client, login, ctx, imported, people
):
    login(NHRI)
    client.post(
        f"/recommendations/{imported}/assessments",
        data=assessment_data(
            **{"assessment-assessed_on": (date.today() - timedelta(days=200)).isoformat()}
        ),
    )
    client.post(
        f"/recommendations/{imported}/assessments",
        data=assessment_data(
            **{"assessment-rating": "some_progress", "assessment-text": "New law adopted."}
        ),
    )
    assert ctx.scalar(select(func.count()).select_from(Assessment)) == 2
    page = voices_section(app, imported)
    latest = page.index("Some progress")
    assert (
        latest
        < page.index("Earlier assessment by this organisation (1)")
        < page.index("Limited progress")
    )


def test_nhri_first_then_civil_society(app, client, login, ctx, imported, people):
    login(CSO)
    client.post(f"/recommendations/{imported}/assessments", data=assessment_data())
    client.post("/sign-out")
    login(NHRI)
    client.post(
        f"/recommendations/{imported}/assessments",
        data=assessment_data(**{"assessment-rating": "no_progress"}),
    )
    client.post("/sign-out")
    login(COORDINATOR)
    pending = ctx.scalar(select(Assessment.id).where(Assessment.moderation == "pending"))
    client.post(f"/assessments/{pending}/publish")
    page = voices_section(app, imported)
    assert (
        page.index("Government status")
        < page.index("Human Rights Ombudsman")
        < page.index("Coalition for the Right to Education")
    )


def test_bad_input_is_explained_and_nothing_is_saved(client, login, ctx, imported, people):
    login(CSO)
    response = client.post(
        f"/recommendations/{imported}/assessments",
        data=assessment_data(
            **{
                "assessment-rating": "",
                "assessment-assessed_on": (date.today() + timedelta(days=3)).isoformat(),
                "assessment-sources": "javascript://alert(1)",
            }
        ),
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Choose a rating." in page and "The date cannot be in the future." in page
    assert "Links must start with http:// or https://" in page
    assert (
        "Roma children still attend segregated classes in two regions." in page
    )  # what was typed is kept
    response = client.post(f"/recommendations/{imported}/comments", data={"comment-body": "  "})
    assert "Write the comment." in response.get_data(as_text=True)
    assert ctx.scalar(select(func.count()).select_from(Assessment)) == 0
    assert ctx.scalar(select(func.count()).select_from(Comment)) == 0


def test_unpublished_recommendations_do_not_exist_for_voices(client, login, ctx, imported, people):
    rec = ctx.get(Recommendation, imported)
    rec.published = False
    ctx.commit()
    login(NHRI)
    assert (
        client.post(f"/recommendations/{imported}/comments", data={"comment-body": "x"}).status_code
        == 404
    )
    assert (
        client.post(f"/recommendations/{imported}/assessments", data=assessment_data()).status_code
        == 404
    )
    assert (
        client.post("/recommendations/999999/comments", data={"comment-body": "x"}).status_code
        == 404
    )


@pytest.mark.parametrize("email", [FOCAL, COORDINATOR])
def test_government_users_do_not_speak_as_civil_society(client, login, imported, people, email):
    login(email)
    assert (
        client.post(f"/recommendations/{imported}/comments", data={"comment-body": "x"}).status_code
        == 403
    )
    assert (
        client.post(f"/recommendations/{imported}/assessments", data=assessment_data()).status_code
        == 403
    )


def test_a_voice_without_an_organisation_cannot_speak(client, make_user, login, imported):
    make_user("loose@example.org", role="cso")
    login("loose@example.org")
    assert (
        client.post(f"/recommendations/{imported}/comments", data={"comment-body": "x"}).status_code
        == 403
    )


def test_the_public_is_sent_to_sign_in(client, imported):
    response = client.post(f"/recommendations/{imported}/comments", data={"comment-body": "x"})
    assert response.status_code == 302 and "/sign-in" in response.headers["Location"]


def test_cso_cannot_moderate(client, login, ctx, imported, people):
    login(CSO)
    client.post(
        f"/recommendations/{imported}/comments", data={"comment-body": "Please publish me."}
    )
    comment = ctx.scalar(select(Comment.id))
    assert client.get("/moderation").status_code == 403
    assert client.post(f"/comments/{comment}/publish").status_code == 403
    assert ctx.scalar(select(Comment.moderation)) == "pending"


def test_coordinator_publishes_and_hides_with_an_audit_trail(
    app, client, login, ctx, imported, people
):
    login(CSO)
    client.post(f"/recommendations/{imported}/assessments", data=assessment_data())
    client.post(
        f"/recommendations/{imported}/comments",
        data={"comment-body": "Transport to school is missing."},
    )
    client.post("/sign-out")
    login(COORDINATOR)
    page = client.get("/moderation").get_data(as_text=True)
    assert "Assessments (1 awaiting)" in page and "Comments (1 awaiting)" in page
    assert (
        "Roma children still attend segregated classes" in page
        and "Coalition for the Right to Education" in page
    )
    assert "Transport to school is missing." in client.get("/moderation?kind=comments").get_data(
        as_text=True
    )

    assessment, comment = ctx.scalar(select(Assessment.id)), ctx.scalar(select(Comment.id))
    response = client.post(
        f"/assessments/{assessment}/publish", data={"next": "/moderation?kind=comments"}
    )
    assert response.headers["Location"] == "/moderation?kind=comments"
    client.post(f"/comments/{comment}/hide", data={"confirmed": "yes"})
    public = voices_section(app, imported)
    assert "Limited progress" in public and "Transport to school is missing." not in public
    assert "Not published by the national mechanism" in voices_section(app, imported, CSO)
    entries = ctx.execute(
        select(AuditEntry.action, AuditEntry.object_id, AuditEntry.actor, AuditEntry.detail)
        .where(AuditEntry.action.in_(["publish-assessment", "hide-comment"]))
        .order_by(AuditEntry.id)
    ).all()
    assert [(a, o, who, d["before"]) for a, o, who, d in entries] == [
        ("publish-assessment", str(assessment), COORDINATOR, "pending"),
        ("hide-comment", str(comment), COORDINATOR, "pending"),
    ]
    assert "Nothing awaits moderation here." in client.get("/moderation").get_data(as_text=True)
    assert "Transport to school is missing." in client.get(
        "/moderation?kind=comments&state=hidden"
    ).get_data(as_text=True)


def test_the_coordinator_may_hide_an_nhri_item_afterwards(
    app, client, login, ctx, imported, people
):
    login(NHRI)
    client.post(
        f"/recommendations/{imported}/comments",
        data={"comment-body": "Name and address of a pupil."},
    )
    assert "Name and address of a pupil." in voices_section(app, imported)
    client.post("/sign-out")
    login(COORDINATOR)
    assert "Name and address of a pupil." in client.get(
        "/moderation?kind=comments&state=published"
    ).get_data(as_text=True)
    client.post(f"/comments/{ctx.scalar(select(Comment.id))}/hide", data={"confirmed": "yes"})
    assert "Name and address of a pupil." not in voices_section(app, imported)


def test_moderation_of_a_missing_item_or_unknown_list(client, login, people):
    login(COORDINATOR)
    assert client.post("/comments/999999/publish").status_code == 404
    assert client.get("/moderation?kind=users").status_code == 404


def test_speakers_get_the_forms_with_the_rule_that_applies_to_them(app, imported, people):
    nhri = voices_section(app, imported, NHRI)
    assert "Your assessment is published at once" in nhri and 'name="assessment-rating"' in nhri
    cso = voices_section(app, imported, CSO)
    assert "Your assessment will be public once the national mechanism has moderated it." in cso
    assert "<form" not in voices_section(app, imported, FOCAL)


def test_the_recommendation_page_shows_the_public_only_what_is_published(
    client, login, imported, people
):
    login(NHRI)
    client.post(f"/recommendations/{imported}/assessments", data=assessment_data())
    client.post("/sign-out")
    login(CSO)
    response = client.post(
        f"/recommendations/{imported}/comments", data={"comment-body": "Buses are missing."}
    )
    assert response.headers["Location"] == f"/recommendations/{imported}#voices"
    assert "Buses are missing." in client.get(f"/recommendations/{imported}").get_data(as_text=True)
    client.post("/sign-out")
    page = client.get(f"/recommendations/{imported}").get_data(as_text=True)
    assert 'id="voices"' in page and "Human Rights Ombudsman" in page and "Limited progress" in page
    assert "Buses are missing." not in page


def test_moderation_pages_through_a_long_queue(client, login, ctx, imported, people):
    coalition = ctx.scalar(
        select(Organisation).where(Organisation.name == "Coalition for the Right to Education")
    )
    ctx.add_all(
        [
            Comment(recommendation_id=imported, organisation=coalition, body=f"Comment number {n}.")
            for n in range(30)
        ]
    )
    ctx.commit()
    login(COORDINATOR)
    first = client.get("/moderation?kind=comments").get_data(as_text=True)
    assert "Comments: Awaiting moderation (30)" in first and "Page 1 of 2" in first
    assert "Comment number 0." in first and "Comment number 29." not in first
    assert "Comment number 29." in client.get("/moderation?kind=comments&page=2").get_data(
        as_text=True
    )


def test_only_web_addresses_become_links(app, client, login, imported, people):
    login(NHRI)
    client.post(
        f"/recommendations/{imported}/assessments",
        data=assessment_data(
            **{
                "assessment-sources": "javascript:alert(1)\nhttps://www.gov.si/en/ report of the ministry"
            }
        ),
    )
    page = voices_section(app, imported)
    assert "<li>javascript:alert(1)</li>" in page and 'href="javascript' not in page
    assert "<li>https://www.gov.si/en/ report of the ministry</li>" in page
