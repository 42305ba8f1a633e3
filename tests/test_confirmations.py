"""Every destructive button asks first, without JavaScript: the first POST changes nothing and asks a question
that names the record, with a "Yes" button that repeats the form; only the confirmed POST acts."""

from datetime import date

import pytest
from sqlalchemy import select

from uprtrack.models import (
    Assessment,
    Assignment,
    AuditEntry,
    Comment,
    Evidence,
    Organisation,
    Pledge,
    Recommendation,
    Review,
    State,
    TechnicalAssistance,
    User,
)

ADMIN = "admin@example.org"


@pytest.fixture
def records(ctx, make_user, login):
    """A recommendation of Slovenia's cycle 4 with one of everything a destructive button acts on."""
    make_user(ADMIN, role="admin", org="Government Office for Human Rights")
    state = ctx.scalar(select(State).where(State.iso3 == "SVN"))
    rec = Recommendation(
        review=Review(state=state, cycle=4, session=48),
        paragraph="115.30",
        text="Ensure inclusive education",
        text_key="x",
        published=True,
    )
    ministry = Organisation(name="Ministry of Education", kind="ministry")
    ombudsman = Organisation(name="Human Rights Ombudsman", kind="nhri")
    author = User(email="nhri@example.org", role="nhri", password_hash="x", organisation=ombudsman)
    target = User(email="focal@example.org", role="focal_point", password_hash="x")
    items = {
        "rec": rec,
        "ministry": ministry,
        "target": target,
        "pledge": Pledge(
            state=state,
            text="Free school meals",
            text_key="p",
            published=True,
            recommendations=[rec],
        ),
        "assistance": TechnicalAssistance(
            state=state, title="Advice on curricula", direction="received", published=True
        ),
        "evidence": Evidence(
            state=state, title="Education Act", kind="law", published=True, recommendations=[rec]
        ),
        "comment": Comment(
            recommendation=rec,
            organisation=ombudsman,
            author=author,
            body="Good",
            moderation="published",
        ),
        "assessment": Assessment(
            recommendation=rec,
            organisation=ombudsman,
            author=author,
            rating="some_progress",
            assessed_on=date(2025, 1, 1),
            moderation="published",
        ),
        "assignment": Assignment(recommendation=rec, organisation=ministry),
    }
    ctx.add_all(items.values())
    ctx.commit()
    login(ADMIN)
    return items


def _state(ctx, items, name):
    """What the button changes, read again from the database."""
    ctx.expire_all()
    return {
        "deactivate": lambda: ctx.get(User, items["target"].id).active,
        "unassign": lambda: len(ctx.scalars(select(Assignment)).all()),
        "withdraw-rec": lambda: ctx.get(Recommendation, items["rec"].id).published,
        "withdraw-pledge": lambda: ctx.get(Pledge, items["pledge"].id).published,
        "withdraw-assistance": lambda: (
            ctx.get(TechnicalAssistance, items["assistance"].id).published
        ),
        "unlink-evidence": lambda: len(ctx.get(Evidence, items["evidence"].id).recommendations),
        "hide-comment": lambda: ctx.get(Comment, items["comment"].id).moderation,
        "hide-assessment": lambda: ctx.get(Assessment, items["assessment"].id).moderation,
    }[name]()


BUTTONS = {
    # name: (url, words of the question, the confirming button)
    "deactivate": (
        lambda i: f"/admin/users/{i['target'].id}/deactivate",
        "Deactivate focal@example.org?",
        "Yes, deactivate",
    ),
    "unassign": (
        lambda i: f"/recommendations/{i['rec'].id}/assignments/{i['ministry'].id}/delete",
        "Remove Ministry of Education from Slovenia, cycle 4, 115.30?",
        "Yes, remove",
    ),
    "withdraw-rec": (
        lambda i: f"/recommendations/{i['rec'].id}/withdraw",
        "Withdraw Slovenia, cycle 4, 115.30 from public view?",
        "Yes, withdraw",
    ),
    "withdraw-pledge": (
        lambda i: f"/pledges/{i['pledge'].id}/withdraw",
        "Withdraw “Free school meals” from public view?",
        "Yes, withdraw",
    ),
    "withdraw-assistance": (
        lambda i: f"/assistance/{i['assistance'].id}/withdraw",
        "Withdraw “Advice on curricula” from public view?",
        "Yes, withdraw",
    ),
    "unlink-evidence": (
        lambda i: f"/evidence/{i['evidence'].id}/unlink/{i['rec'].id}",
        "Remove the link between “Education Act” and Slovenia, cycle 4, 115.30?",
        "Yes, unlink",
    ),
    "hide-comment": (
        lambda i: f"/comments/{i['comment'].id}/hide",
        "Hide the comment of Human Rights Ombudsman on Slovenia, cycle 4, 115.30 from the public?",
        "Yes, hide",
    ),
    "hide-assessment": (
        lambda i: f"/assessments/{i['assessment'].id}/hide",
        "Hide the assessment of Human Rights Ombudsman on Slovenia, cycle 4, 115.30 from the public?",
        "Yes, hide",
    ),
}


@pytest.mark.parametrize("name", BUTTONS)
def test_a_destructive_button_asks_first_then_acts(client, ctx, records, name):
    url, question, yes = BUTTONS[name]
    url = url(records)
    before = _state(ctx, records, name)
    audited = ctx.scalar(select(AuditEntry.id).order_by(AuditEntry.id.desc()).limit(1))
    response = client.post(url, data={"next": "/recommendations"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert question in page and f">{yes}</button>" in page and "Nothing has changed yet." in page
    # The question repeats the form and goes back where the button was.
    assert f'action="{url}"' in page
    assert '<input type="hidden" name="next" value="/recommendations">' in page
    assert '<input type="hidden" name="confirmed" value="yes">' in page
    assert 'href="/recommendations" class="button secondary"' in page
    assert _state(ctx, records, name) == before
    assert ctx.scalar(select(AuditEntry.id).order_by(AuditEntry.id.desc()).limit(1)) == audited

    response = client.post(url, data={"next": "/recommendations", "confirmed": "yes"})
    assert response.status_code == 302
    assert _state(ctx, records, name) != before


def test_the_question_of_a_missing_record_is_not_found(client, records):
    assert client.post("/admin/users/999999/deactivate").status_code == 404
    assert client.post("/pledges/999999/withdraw").status_code == 404


def test_pages_with_destructive_buttons_keep_them_as_plain_forms(client, records):
    """The buttons stay forms that post without JavaScript; the question comes from the server."""
    page = client.get(f"/recommendations/{records['rec'].id}").get_data(as_text=True)
    url = f"/recommendations/{records['rec'].id}/assignments/{records['ministry'].id}/delete"
    assert f'<form method="post" action="{url}" class="inline">' in page
