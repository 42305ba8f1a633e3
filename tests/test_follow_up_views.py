"""Pledges, technical assistance and evidence in the browser's place: each role, on the real sample data."""

import re
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from tests.conftest import CYCLE4_PATH, DATA, people_login
from uprtrack.models import (
    AuditEntry,
    Evidence,
    Fund,
    IssueTag,
    Organisation,
    Pledge,
    Recommendation,
    Review,
    State,
    TechnicalAssistance,
    User,
)

TEMPLATE = DATA / "template"


def run(runner, path):
    result = runner.invoke(args=["import", str(path)])
    assert result.exit_code == 0, result.output


@pytest.fixture
def data(import_files, ctx):
    """Slovenia's cycle 4 matrix, the template's recommendations (with their institutions), pledges, assistance
    and evidence, and the providers of seed/providers.csv."""
    import_files(
        CYCLE4_PATH,
        *(
            TEMPLATE / n
            for n in ("recommendations.csv", "pledges.csv", "assistance.csv", "evidence.csv")
        ),
    )
    return ctx


# Who signs in, by e-mail: the focal point works for the Ministry of Education, which the template assigns.
PEOPLE = {
    "coord@example.org": ("coordinator", "National mechanism"),
    "admin@example.org": ("admin", "National mechanism"),
    "focal@example.org": ("focal_point", "Ministry of Education"),
    "interior@example.org": ("focal_point", "Ministry of the Interior"),
    "nhri@example.org": ("nhri", "Human Rights Ombudsman"),
    "cso@example.org": ("cso", "Amnesty International Slovenia"),
}


@pytest.fixture
def login(client, login, make_user, data):
    """Sign in as one of PEOPLE (made when first needed), signing out whoever was signed in before."""
    return people_login(client, login, make_user, data, PEOPLE)


def rec(ctx, paragraph, cycle=4):
    return ctx.scalar(
        select(Recommendation)
        .join(Review)
        .where(Recommendation.paragraph == paragraph, Review.cycle == cycle)
    )


def one(ctx, model, **where):
    ctx.expire_all()
    return ctx.scalars(select(model).filter_by(**where)).one()


def audit_actions(ctx, object_type, object_id):
    ctx.expire_all()
    return [
        e.action
        for e in ctx.scalars(
            select(AuditEntry)
            .where(AuditEntry.object_type == object_type, AuditEntry.object_id == str(object_id))
            .order_by(AuditEntry.id)
        )
    ]


def text(response):
    return response.get_data(as_text=True)


def slovenia(ctx):
    return ctx.scalar(select(State).where(State.iso3 == "SVN")).id


def fund_id(ctx, code):
    return ctx.scalar(select(Fund.id).where(Fund.code == code))


# --- Lists and detail pages ------------------------------------------------------------------------------------


def test_public_lists_show_published_records_with_counts(client, data):
    pledge = one(data, Pledge, source="national follow-up plan")
    pledge.published = False
    data.commit()
    page = text(client.get("/pledges"))
    assert "3 pledges" in page and "Enforced Disappearance" in page
    assert "Roma children in pre-school" not in page and "Unpublished" not in page
    page = text(client.get("/assistance"))
    assert "3 records of technical assistance" in page
    # Linked recommendations are counted per record: the training is linked to one, the data work to two.
    training = one(
        data, TechnicalAssistance, title="Training of teachers on human rights education"
    )
    row = re.search(rf'assistance/{training.id}".*?</tr>', page, re.S).group(0)
    assert re.search(r'Linked recommendations">1</td>', row)
    assert "3 pieces of evidence" in text(client.get("/evidence"))
    assert "Not a valid choice" not in page  # filters left out are "any"


def test_staff_see_unpublished_records_marked(client, login, data):
    one(data, Pledge, source="national follow-up plan").published = False
    data.commit()
    login("focal@example.org")
    page = text(client.get("/pledges"))
    assert "4 pledges" in page and "Roma children in pre-school" in page and "Unpublished" in page


def test_lists_filter_on_the_server(client, data):
    assert "2 records of technical assistance" in text(client.get("/assistance?direction=received"))
    implementation = fund_id(data, "UPR-IMPLEMENTATION")
    page = text(client.get(f"/assistance?fund={implementation}"))
    assert "1 record of technical assistance" in page and "Training of teachers" in page
    unicef = one(data, Organisation, acronym="UNICEF").id
    assert "Roma children" in text(client.get(f"/assistance?provider={unicef}&status=requested"))
    assert "1 record of technical assistance" in text(
        client.get("/assistance?kind=data&status=delivered")
    )
    assert "No technical assistance matches these filters." in text(
        client.get("/assistance?kind=financial")
    )
    assert "3 pledges" in text(client.get(f"/pledges?cycle=1&state={slovenia(data)}"))
    education = data.scalar(select(IssueTag.id).where(IssueTag.name == "Right to education"))
    assert "1 pledge" in text(client.get(f"/pledges?issue={education}"))
    assert "1 pledge" in text(client.get("/pledges?source=national+follow-up+plan"))
    assert "1 piece of evidence" in text(client.get("/evidence?kind=law"))
    # A value that is not one of the choices is ignored, with a note by its field.
    page = text(client.get("/pledges?cycle=abc&state=999999"))
    assert "4 pledges" in page and page.count("Not a valid choice") == 2


def test_lists_page_through_many_records(client, data):
    state = slovenia(data)
    data.add_all(
        Evidence(state_id=state, title=f"School statistics {n:02d}", kind="statistic", cycle=4)
        for n in range(30)
    )
    data.commit()
    first = text(client.get("/evidence?kind=statistic"))
    assert "31 pieces of evidence" in first and "Page 1 of 2" in first
    second = text(client.get("/evidence?kind=statistic&page=2"))
    assert "Page 2 of 2" in second and "kind=statistic" in second


def test_detail_pages_link_recommendations_and_hide_unpublished(client, login, data):
    training = one(
        data, TechnicalAssistance, title="Training of teachers on human rights education"
    )
    page = text(client.get(f"/assistance/{training.id}"))
    assert "140.31" in page and "Voluntary Fund for Financial and Technical Assistance" in page
    assert "Link recommendations" not in page and "Edit" not in page
    training.published = False
    data.commit()
    assert client.get(f"/assistance/{training.id}").status_code == 404
    assert client.get("/assistance/999999").status_code == 404
    login("nhri@example.org")
    assert client.get(f"/assistance/{training.id}").status_code == 404
    login("focal@example.org")
    page = text(client.get(f"/assistance/{training.id}"))
    assert (
        "Unpublished" in page and "Link recommendations" not in page
    )  # imported: not the ministry's record
    login("coord@example.org")
    page = text(client.get(f"/assistance/{training.id}"))
    assert (
        "Link recommendations" in page
        and "Withdraw from public view" not in page
        and ">Publish<" in page
    )


def test_detail_shows_only_published_recommendations_to_the_public(client, data):
    evidence = one(data, Evidence, title="Organisation and Financing of Education Act (ZOFVI)")
    rec(data, "140.132").published = False
    data.commit()
    page = text(client.get(f"/evidence/{evidence.id}"))
    assert "140.131" in page and "140.132" not in page
    client.get("/language/zh")
    chinese = text(client.get(f"/evidence/{evidence.id}"))
    assert (
        '<td data-label="立场">支持</td>' in chinese
    )  # the position's label, in the reader's language


# --- Create and edit -------------------------------------------------------------------------------------------


def pledge_form(ctx, **values):
    return {
        "state_id": slovenia(ctx),
        "text": "Provide free school meals to every child in primary school",
        "made_on": "2025-06-01",
        "source": "Transforming Education Summit",
        "session": "48",
        "cycle": "",
        "follow_up": "",
        **values,
    }


def test_coordinator_creates_a_pledge(client, login, data):
    login("coord@example.org")
    assert client.get("/pledges/new").status_code == 200
    response = client.post("/pledges/new", data=pledge_form(data, published="y"))
    assert response.status_code == 302
    pledge = one(data, Pledge, source="Transforming Education Summit")
    assert (
        pledge.cycle == 4
        and pledge.published
        and response.headers["Location"] == f"/pledges/{pledge.id}"
    )
    assert audit_actions(data, "pledge", pledge.id) == ["create"]
    again = client.post(
        "/pledges/new",
        data=pledge_form(data, text="Provide free school meals to every child in primary school."),
    )
    assert "This State already has this pledge." in text(again)


def test_pledge_validation_keeps_what_was_typed(client, login, data):
    login("coord@example.org")
    before = data.scalar(select(func.count(Pledge.id)))
    page = text(client.post("/pledges/new", data=pledge_form(data, text="", session="999")))
    assert "Write what the State pledged." in page and "There is no UPR session 999." in page
    assert 'value="Transforming Education Summit"' in page
    page = text(client.post("/pledges/new", data=pledge_form(data, session="48", cycle="3")))
    assert "Session 48 belongs to cycle 4." in page
    page = text(client.post("/pledges/new", data=pledge_form(data, state_id="")))
    assert "Choose the State." in page
    assert data.scalar(select(func.count(Pledge.id))) == before


def assistance_form(ctx, **values):
    return {
        "state_id": slovenia(ctx),
        "title": "Inclusive education advisers for Roma settlements",
        "direction": "received",
        "provider_id": "",
        "new_provider": "",
        "new_provider_kind": "donor",
        "fund_id": fund_id(ctx, "UPR-IMPLEMENTATION"),
        "kind": "advisory_services",
        "amount": "120000.5",
        "currency": "eur",
        "start_date": "2025-09-01",
        "end_date": "2026-06-30",
        "status": "agreed",
        "outcome": "",
        "cycle": "4",
        **values,
    }


def test_assistance_validation_messages(client, login, data):
    login("coord@example.org")
    ohchr = one(data, Organisation, acronym="OHCHR").id
    cases = [
        ({"amount": "-5"}, "The amount must be 0 or more."),
        ({"amount": "NaN"}, "Write the amount as a number"),
        ({"amount": "lots"}, "Not a valid decimal value."),
        ({"currency": "EURO"}, "Field cannot be longer than 3 characters."),
        ({"currency": "ABC"}, "Give the three-letter ISO 4217 code of the currency"),
        ({"currency": ""}, "Give the currency of the amount."),
        ({"end_date": "2025-01-01"}, "The end cannot be before the start."),
        (
            {"provider_id": ohchr, "new_provider": "Norway"},
            "Choose a provider from the list or write a new one",
        ),
        ({"status": "lost"}, "Not a valid choice."),
        ({"title": ""}, "Give the assistance a title."),
    ]
    for values, message in cases:
        response = client.post("/assistance/new", data=assistance_form(data, **values))
        assert response.status_code == 200 and message in text(response), (values, message)
    assert data.scalar(select(func.count(TechnicalAssistance.id))) == 3


def test_assistance_with_a_new_provider(client, login, data):
    login("admin@example.org")
    response = client.post(
        "/assistance/new",
        data=assistance_form(data, new_provider="Norwegian Agency for Development Cooperation"),
    )
    assert response.status_code == 302
    item = one(data, TechnicalAssistance, title="Inclusive education advisers for Roma settlements")
    assert item.amount == Decimal("120000.50") and item.currency == "EUR" and not item.published
    assert (
        item.provider.name == "Norwegian Agency for Development Cooperation"
        and item.provider.kind == "donor"
    )
    assert item.fund.code == "UPR-IMPLEMENTATION"


def evidence_form(ctx, **values):
    return {
        "state_id": slovenia(ctx),
        "title": "Act amending the Primary School Act",
        "kind": "law",
        "date": "2025-04-10",
        "source": "Official Gazette",
        "url": "https://pisrs.si/",
        "verified_by": "",
        "cycle": "4",
        **values,
    }


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "ftp://example.org/act.pdf", "www.example.org", "https://"]
)
def test_evidence_links_are_web_addresses_only(client, login, data, url):
    login("coord@example.org")
    page = text(client.post("/evidence/new", data=evidence_form(data, url=url)))
    assert "Give a web address that starts with http:// or https://." in page


def test_focal_point_creates_and_edits_assistance_for_its_state(client, login, data):
    login("focal@example.org")
    assert client.get("/pledges/new").status_code == 403
    form = text(client.get("/assistance/new"))
    assert (
        re.findall(r'<select[^>]*name="state_id".*?</select>', form, re.S)[0].count("<option") == 2
    )
    assert 'name="published"' not in form
    croatia = data.scalar(select(State.id).where(State.iso3 == "HRV"))
    refused = client.post("/assistance/new", data=assistance_form(data, state_id=croatia))
    assert "Not a valid choice." in text(refused)
    response = client.post("/assistance/new", data=assistance_form(data, published="y"))
    assert response.status_code == 302
    item = one(data, TechnicalAssistance, title="Inclusive education advisers for Roma settlements")
    assert not item.published  # the national mechanism publishes it
    entry = data.scalar(
        select(AuditEntry).where(
            AuditEntry.action == "create",
            AuditEntry.object_type == "assistance",
            AuditEntry.object_id == str(item.id),
        )
    )
    assert entry.detail["organisation_id"] == entry.user.organisation_id
    edited = client.post(
        f"/assistance/{item.id}/edit",
        data=assistance_form(data, status="under_way", version=item.version),
    )
    assert (
        edited.status_code == 302
        and one(data, TechnicalAssistance, id=item.id).status == "under_way"
    )
    assert client.post(f"/assistance/{item.id}/publish").status_code == 403
    # Another institution neither edits it nor links it; the NHRI and civil society cannot create.
    login("interior@example.org")
    assert client.get(f"/assistance/{item.id}/edit").status_code == 403
    assert (
        client.post(
            f"/assistance/{item.id}/link", data={"link-paragraphs": "140.31", "link-cycle": "4"}
        ).status_code
        == 403
    )
    for role in ("nhri", "cso"):
        login(f"{role}@example.org")
        assert client.get("/assistance/new").status_code == 403
        assert client.post("/evidence/new", data=evidence_form(data)).status_code == 403
        assert client.get(f"/assistance/{item.id}/edit").status_code == 403


def attach_link(client, target, title):
    response = client.post(
        f"/recommendations/{target.id}/evidence",
        data={
            "evidence-title": title,
            "evidence-kind": "report",
            "evidence-url": "https://www.gov.si/en/",
        },
    )
    assert response.status_code == 302


def test_focal_point_edits_what_its_organisation_created(client, login, data, make_user):
    login("focal@example.org")
    attach_link(client, rec(data, "140.31"), "Roma assistants in primary schools: 2025 report")
    mine = one(data, Evidence, title="Roma assistants in primary schools: 2025 report")
    imported = one(data, Evidence, title="Organisation and Financing of Education Act (ZOFVI)")
    assert client.get(f"/evidence/{mine.id}/edit").status_code == 200
    assert (
        client.get(f"/evidence/{imported.id}/edit").status_code == 403
    )  # the audit log names no creator of theirs
    make_user("colleague@example.org", role="focal_point", org="Ministry of Education")
    login("colleague@example.org")
    assert client.get(f"/evidence/{mine.id}/edit").status_code == 200
    login("interior@example.org")
    assert client.get(f"/evidence/{mine.id}/edit").status_code == 403


def test_second_save_is_refused_with_409_and_keeps_the_input(client, login, data, app, make_user):
    item = one(data, TechnicalAssistance, title="Training of teachers on human rights education")
    seen = item.version
    login("coord@example.org")
    other = app.test_client()
    make_user("admin@example.org", role="admin")
    other.post("/sign-in", data={"email": "admin@example.org", "password": "correct horse battery"})
    values = {
        "title": item.title,
        "state_id": item.state_id,
        "fund_id": item.fund_id,
        "provider_id": item.provider_id,
        "amount": "45000",
        "currency": "USD",
        "start_date": "2025-10-01",
        "end_date": "2026-03-31",
        "version": seen,
    }
    assert (
        other.post(
            f"/assistance/{item.id}/edit", data=assistance_form(data, **values, status="delivered")
        ).status_code
        == 302
    )
    response = client.post(
        f"/assistance/{item.id}/edit",
        data=assistance_form(data, **values, status="declined", outcome="Cancelled by donor"),
    )
    page = text(response)
    assert response.status_code == 409
    assert "Someone else saved this record after you opened it" in page
    assert "Cancelled by donor" in page and "Delivered" in page
    saved = one(data, TechnicalAssistance, id=item.id)
    assert saved.status == "delivered" and saved.outcome == ""
    # The form now carries the saved version: saving again, knowingly, goes through.
    assert f'name="version" type="hidden" value="{saved.version}"' in page
    again = client.post(
        f"/assistance/{item.id}/edit",
        data=assistance_form(
            data,
            **dict(values, version=saved.version),
            status="declined",
            outcome="Cancelled by donor",
        ),
    )
    assert (
        again.status_code == 302 and one(data, TechnicalAssistance, id=item.id).status == "declined"
    )


def test_publication_is_for_the_national_mechanism_and_audited(client, login, data):
    pledge = one(data, Pledge, source="national follow-up plan")
    login("coord@example.org")
    assert (
        client.post(f"/pledges/{pledge.id}/withdraw", data={"confirmed": "yes"}).status_code == 302
    )
    assert client.get(f"/pledges/{pledge.id}").status_code == 200
    assert audit_actions(data, "pledge", pledge.id) == ["withdraw"]
    anonymous = client.application.test_client()
    assert anonymous.get(f"/pledges/{pledge.id}").status_code == 404
    client.post(f"/pledges/{pledge.id}/publish")
    assert anonymous.get(f"/pledges/{pledge.id}").status_code == 200
    # Publishing through the edit form is audited the same way.
    edit = client.get(f"/pledges/{pledge.id}/edit")
    version = re.search(r'name="version" type="hidden" value="(\d+)"', text(edit)).group(1)
    client.post(
        f"/pledges/{pledge.id}/edit", data=pledge_form(data, text=pledge.text, version=version)
    )
    assert audit_actions(data, "pledge", pledge.id) == ["withdraw", "publish", "edit", "withdraw"]
    login("focal@example.org")
    assert client.post(f"/pledges/{pledge.id}/publish").status_code == 403


# --- Links to recommendations ----------------------------------------------------------------------------------


def test_link_by_paragraph_and_unlink(client, login, data):
    report = one(
        data, Evidence, title="National report for the fourth UPR cycle (A/HRC/WG.6/48/SVN/1)"
    )
    login("coord@example.org")
    page = text(
        client.post(
            f"/evidence/{report.id}/link",
            data={"link-paragraphs": "140.31; 999.1", "link-cycle": "4"},
        )
    )
    assert "Not found for Slovenia in cycle 4: 999.1." in page
    assert one(data, Evidence, id=report.id).recommendations == []
    page = text(
        client.post(
            f"/evidence/{report.id}/link", data={"link-paragraphs": "140.31", "link-cycle": ""}
        )
    )
    assert "Choose the cycle of these paragraphs." in page
    target = rec(data, "140.215")
    response = client.post(
        f"/evidence/{report.id}/link",
        data={
            "link-paragraphs": "140.31, 140.2",
            "link-cycle": "4",
            "link-recommendations": target.id,
        },
    )
    assert response.status_code == 302
    linked = {r.paragraph for r in one(data, Evidence, id=report.id).recommendations}
    assert linked == {"140.31", "140.2", "140.215"}
    assert audit_actions(data, "evidence", report.id) == ["link", "link", "link"]
    assert "3 recommendations" in text(client.get(f"/evidence/{report.id}"))
    response = client.post(f"/evidence/{report.id}/unlink/{target.id}", data={"confirmed": "yes"})
    assert response.status_code == 302
    assert {r.paragraph for r in one(data, Evidence, id=report.id).recommendations} == {
        "140.31",
        "140.2",
    }
    entry = data.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    assert entry.action == "unlink" and entry.detail["paragraph"] == "140.215"


def test_focal_point_links_only_its_own_recommendations(client, login, data):
    login("focal@example.org")
    attach_link(client, rec(data, "140.31"), "Roma assistants in primary schools: 2025 report")
    mine = one(data, Evidence, title="Roma assistants in primary schools: 2025 report")
    page = text(client.get(f"/evidence/{mine.id}"))
    assert (
        page.count('name="link-recommendations"') == 4
    )  # the other education recommendations assigned to it
    page = text(
        client.post(
            f"/evidence/{mine.id}/link", data={"link-paragraphs": "140.2", "link-cycle": "4"}
        )
    )
    assert "Not assigned to your institution: 140.2." in page
    ok = client.post(
        f"/evidence/{mine.id}/link", data={"link-recommendations": rec(data, "140.215").id}
    )
    assert ok.status_code == 302
    login("coord@example.org")
    client.post(f"/evidence/{mine.id}/link", data={"link-paragraphs": "140.2", "link-cycle": "4"})
    login("focal@example.org")
    assert client.post(f"/evidence/{mine.id}/unlink/{rec(data, '140.2').id}").status_code == 403
    assert (
        client.post(
            f"/evidence/{mine.id}/unlink/{rec(data, '140.215').id}", data={"confirmed": "yes"}
        ).status_code
        == 302
    )
    assert {r.paragraph for r in one(data, Evidence, id=mine.id).recommendations} == {
        "140.31",
        "140.2",
    }


# --- On a recommendation's page --------------------------------------------------------------------------------


def test_focal_point_attaches_a_link_to_an_assigned_recommendation(client, login, data):
    target, other = rec(data, "140.31"), rec(data, "140.2")  # 140.2 is assigned to no institution
    login("focal@example.org")
    response = client.post(
        f"/recommendations/{target.id}/evidence",
        data={
            "evidence-title": "Roma assistants in primary schools: 2025 report",
            "evidence-kind": "report",
            "evidence-url": "https://www.gov.si/en/",
            "evidence-date": "2025-05-01",
        },
    )
    assert response.status_code == 302
    item = one(data, Evidence, title="Roma assistants in primary schools: 2025 report")
    assert item.recommendations == [one(data, Recommendation, id=target.id)] and not item.published
    assert item.cycle == 4 and item.state.iso3 == "SVN"
    assert audit_actions(data, "evidence", item.id) == ["create", "link"]
    refused = client.post(
        f"/recommendations/{other.id}/evidence",
        data={
            "evidence-title": "Other",
            "evidence-kind": "report",
            "evidence-url": "https://www.gov.si/",
        },
    )
    assert refused.status_code == 403
    page = text(
        client.post(
            f"/recommendations/{target.id}/evidence",
            data={"evidence-title": "No link", "evidence-kind": "report"},
        )
    )
    assert "Give a link or choose a file." in page and 'value="No link"' in page


def test_focal_point_records_assistance_on_a_recommendation(client, login, data):
    target = rec(data, "140.138")
    login("focal@example.org")
    response = client.post(
        f"/recommendations/{target.id}/assistance",
        data={
            "assistance-title": "Inclusive classrooms for girls with disabilities",
            "assistance-direction": "requested",
            "assistance-provider_id": one(data, Organisation, acronym="UNICEF").id,
            "assistance-fund_id": "",
            "assistance-kind": "training",
            "assistance-status": "requested",
            "assistance-new_provider_kind": "donor",
        },
    )
    assert response.status_code == 302
    item = one(data, TechnicalAssistance, title="Inclusive classrooms for girls with disabilities")
    assert [r.paragraph for r in item.recommendations] == [
        "140.138"
    ] and item.provider.acronym == "UNICEF"
    login("nhri@example.org")
    assert client.post(f"/recommendations/{target.id}/assistance", data={}).status_code == 403


def render_on_recommendation(app, rec_id, email=None):
    """Render the partial as the recommendation page includes it, for a person (or the public)."""
    from flask import render_template_string
    from flask_login import login_user

    from uprtrack.extensions import db

    with app.test_request_context():
        if email:
            login_user(db.session.scalar(select(User).where(User.email == email)))
        rec_ = db.session.get(Recommendation, rec_id)
        return render_template_string('{% include "follow_up/_on_recommendation.html" %}', rec=rec_)


def test_partial_on_the_recommendation_page(app, client, login, data):
    target = rec(data, "140.31")
    one(data, Pledge, source="national follow-up plan").published = False
    data.commit()
    public = render_on_recommendation(app, target.id)
    assert (
        "Training of teachers on human rights education" in public
        and "Roma children in pre-school" not in public
    )
    assert "No evidence is linked to this recommendation." in public and "<form" not in public
    login("focal@example.org")
    focal = render_on_recommendation(app, target.id, "focal@example.org")
    assert "Roma children in pre-school" in focal and "Unpublished" in focal
    # The forms have pages of their own; the recommendation's page links to them.
    assert (
        f'href="/recommendations/{target.id}/evidence"' in focal
        and f'href="/recommendations/{target.id}/assistance"' in focal
        and "<form" not in focal
        and "public once the national mechanism publishes it" in focal
    )
    login("interior@example.org")
    assert '/evidence"' not in render_on_recommendation(app, target.id, "interior@example.org")
    login("coord@example.org")
    assert "public once" not in render_on_recommendation(app, target.id, "coord@example.org")


def test_assistance_and_evidence_forms_have_their_own_pages(client, login, data):
    target, other = rec(data, "140.31"), rec(data, "140.2")  # 140.2 is assigned to no institution
    login("focal@example.org")
    evidence = text(client.get(f"/recommendations/{target.id}/evidence"))
    assert 'name="evidence-file"' in evidence and 'name="evidence-published"' not in evidence
    assert f'action="/recommendations/{target.id}/evidence"' in evidence
    assistance = text(client.get(f"/recommendations/{target.id}/assistance"))
    assert 'name="assistance-title"' in assistance and "Record technical assistance" in assistance
    assert client.get(f"/recommendations/{other.id}/assistance").status_code == 403
    login("coord@example.org")
    assert 'name="assistance-published"' in text(
        client.get(f"/recommendations/{target.id}/assistance")
    )


def test_only_web_addresses_become_links(client, data):
    report = one(
        data, Evidence, title="National report for the fourth UPR cycle (A/HRC/WG.6/48/SVN/1)"
    )
    assert 'href="https://www.ohchr.org/en/hr-bodies/upr/si-index"' in text(
        client.get(f"/evidence/{report.id}")
    )
    report.url = "javascript:alert(document.cookie)"  # as a careless import could store it
    data.commit()
    for path in (f"/evidence/{report.id}", "/evidence"):
        page = text(client.get(path))
        assert "javascript:alert" in page and 'href="javascript:' not in page
