"""Every route of the URL map declares who may use it, and the server enforces it for every role.

The matrix is generated from `app.url_map`: a new route without `allow(...)` fails here, and so does a route that
lets a role through that it does not declare.
"""

from datetime import date

import pytest
from sqlalchemy import select

from uprtrack.core import audit
from uprtrack.core.vocabulary import Role
from uprtrack.models import (
    Assessment,
    Assignment,
    Comment,
    Evidence,
    ImplementationAction,
    Organisation,
    Pledge,
    Recommendation,
    Review,
    State,
    TechnicalAssistance,
    User,
)
from uprtrack.notifications.unsubscribe import token_for
from uprtrack.web.permissions import PUBLIC, SIGNED_IN

PASSWORD = "correct horse battery"


def rules(app):
    return [r for r in app.url_map.iter_rules() if r.endpoint != "static"]


@pytest.fixture
def samples(ctx):
    """One record of each kind a URL can name, keyed by the URL argument's name (views use these names)."""
    state = ctx.scalar(select(State).where(State.iso3 == "SVN"))
    review = Review(state=state, cycle=4, session=48)
    rec = Recommendation(
        review=review, paragraph="140.1", text="Ensure inclusive education", text_key="x"
    )
    org = Organisation(name="Sample ministry", kind="ministry")
    author = User(email="sample@example.org", role="nhri", password_hash="x", organisation=org)
    pledge = Pledge(state=state, text="Free meals", text_key="p", recommendations=[rec])
    assistance = TechnicalAssistance(
        state=state, title="Advice", direction="received", recommendations=[rec]
    )
    evidence = Evidence(state=state, title="Act", kind="law", recommendations=[rec])
    comment = Comment(recommendation=rec, organisation=org, author=author, body="Good")
    assessment = Assessment(
        recommendation=rec,
        organisation=org,
        author=author,
        rating="some_progress",
        assessed_on=date(2025, 1, 1),
    )
    institution = Organisation(name="focal_point organisation", kind="ministry")
    action = ImplementationAction(
        recommendation=rec, organisation=institution, taken_on=date(2025, 1, 1), description="Law"
    )
    # The focal point of the matrix (its organisation is made here, then found by name) is assigned the recommendation
    # and its organisation created the assistance and evidence (as the audit log says), so object-level rules let it
    # do what its role may.
    assignment = Assignment(recommendation=rec, organisation=institution)
    ctx.add_all(
        [
            rec,
            org,
            author,
            pledge,
            assistance,
            evidence,
            comment,
            assessment,
            action,
            institution,
            assignment,
        ]
    )
    ctx.flush()
    for object_type, item in (("assistance", assistance), ("evidence", evidence)):
        audit.record(
            ctx, "create", object_type, item.id, actor="sample", organisation_id=institution.id
        )
    ctx.commit()
    return {
        "review_id": review.id,
        "rec_id": rec.id,
        "code": "en",
        "pledge_id": pledge.id,
        "assistance_id": assistance.id,
        "evidence_id": evidence.id,
        "user_id": author.id,
        "org_id": org.id,
        "comment_id": comment.id,
        "assessment_id": assessment.id,
        "action_id": action.id,
        # Validation names an entry by its kind and id: the sample action, recorded for the focal point's
        # institution (so that the focal point may withdraw it), and a bulk step by its batch.
        "entry_kind": "action",
        "entry_id": action.id,
        "batch": "0" * 36,
        "import_key": "0" * 32,
        "notice_id": 1,
        "name": "status-by-theme",
        "fmt": "xlsx",
        "token": token_for(author),
        "view_id": 1,
        "section": "introduction",
        "document": "ohchr-matrix",
        "job_id": "0" * 32,  # no such job: its owner alone would see it
    }


def url_for_rule(rule, samples):
    missing = [a for a in rule.arguments if a not in samples]
    assert not missing, (
        f"add a sample value for {missing} of {rule.rule} in tests/test_route_matrix.py"
    )
    return rule.build({a: samples[a] for a in rule.arguments})[1]


def test_every_route_declares_its_audience(app):
    undeclared = [
        r.endpoint
        for r in rules(app)
        if not hasattr(app.view_functions[r.endpoint], "allowed_roles")
    ]
    assert undeclared == []


@pytest.mark.parametrize("role", [None, *Role.codes()])
def test_routes_by_role(app, make_user, samples, role):
    client = app.test_client()
    if role:
        make_user(f"{role}@example.org", role=role, org=f"{role} organisation")
        assert (
            client.post(
                "/sign-in", data={"email": f"{role}@example.org", "password": PASSWORD}
            ).status_code
            == 302
        )
    checked = 0
    for rule in rules(app):
        allowed = app.view_functions[rule.endpoint].allowed_roles
        if rule.endpoint in (
            "auth.sign_out",
            "auth.sign_in",
            "auth.language",
            "auth.second_factor",
        ):
            continue  # they change the session itself; test_auth covers them
        url = url_for_rule(rule, samples)
        may = PUBLIC in allowed or (role is not None and (SIGNED_IN in allowed or role in allowed))
        for method in sorted(rule.methods & {"GET", "POST"}):
            response = client.open(url, method=method)
            response.close()  # a download's file is closed by the server after sending it
            checked += 1
            if may:
                assert response.status_code != 403, (method, url, role)
                assert "/sign-in" not in response.headers.get("Location", ""), (method, url, role)
                if method == "GET":
                    assert response.status_code in (200, 302, 404), (
                        method,
                        url,
                        role,
                        response.status_code,
                    )
            elif role is None:
                assert response.status_code == 302 and "/sign-in" in response.headers["Location"], (
                    method,
                    url,
                )
            else:
                assert response.status_code == 403, (method, url, role, response.status_code)
    assert checked > 0
