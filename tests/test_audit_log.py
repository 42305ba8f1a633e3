"""The audit log's page: each entry names its record in words and links to it, actions and details in words,
filters by person, record, action and date, pages read by key, and the CSV of the current filter."""

import re
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import event, select

from uprtrack.accounts import administration, audit_log
from uprtrack.accounts.audit_names import Names
from uprtrack.core import audit
from uprtrack.extensions import db
from uprtrack.follow_up import operations as follow_up
from uprtrack.follow_up.kinds import EVIDENCE
from uprtrack.models import (
    AuditEntry,
    Organisation,
    Pledge,
    Recommendation,
    Review,
    State,
    User,
)
from uprtrack.recommendations import operations
from uprtrack.voices import operations as voices

ADMIN = "admin@example.org"


def text(response) -> str:
    return response.get_data(as_text=True)


def actions_of(page: str) -> set[str]:
    """The actions in the table (the filter's select lists every action too)."""
    return set(re.findall(r'<td data-label="Action">([^<]*)</td>', page))


@pytest.fixture
def admin(make_user, login):
    make_user(ADMIN, role="admin", org="Government Office for Human Rights")
    return login(ADMIN)


@pytest.fixture
def log(ctx, admin):
    """A recommendation of Slovenia's cycle 4 and what people did to it and around it, through the operations."""
    acting = ctx.scalar(select(User).where(User.email == ADMIN))
    state = ctx.scalar(select(State).where(State.iso3 == "SVN"))
    rec = Recommendation(
        review=Review(state=state, cycle=4, session=48),
        paragraph="115.30",
        text="Ensure inclusive education",
        text_key="x",
    )
    ministry = Organisation(name="Ministry of Education", kind="ministry")
    ombudsman = Organisation(name="Human Rights Ombudsman", kind="nhri")
    pledge = Pledge(state=state, text="Free school meals for every pupil", text_key="p")
    ctx.add_all([rec, ministry, ombudsman, pledge])
    ctx.flush()
    focal = administration.create_user(
        ctx, "focal@example.org", "focal_point", "a long enough secret", ministry, None, acting
    )
    administration.change_user(ctx, focal, "coordinator", ministry, None, acting)
    operations.change_status(ctx, rec, "planned", date(2025, 3, 1), "Budget adopted", acting)
    operations.change_status(ctx, rec, "in_progress", date(2025, 6, 1), "Started", acting)
    operations.assign(ctx, rec, ministry, date(2026, 6, 30), acting)
    evidence = follow_up.create_record(
        ctx,
        EVIDENCE,
        {"state_id": state.id, "title": "Education Act", "kind": "law"},
        [rec],
        user=acting,
    )
    nhri = administration.create_user(
        ctx, "nhri@example.org", "nhri", "a long enough secret", ombudsman, None, acting
    )
    comment = voices.add_comment(ctx, rec, nhri, "Transport to school is missing.")
    voices.moderate(ctx, comment, "hidden", acting)
    audit.record(ctx, "import", "file", "upr48-slovenia.docx", user=acting, rows=163, created=160)
    ctx.commit()
    return {
        "rec": rec,
        "focal": focal,
        "evidence": evidence,
        "ministry": ministry,
        "pledge": pledge,
    }


def test_each_entry_names_its_record_and_links_to_it(admin, log):
    page = text(admin.get("/admin/audit"))
    rec = log["rec"]
    assert f'<a href="/recommendations/{rec.id}">Slovenia, cycle 4, 115.30</a>' in page
    assert f'<a href="/admin/users/{log["focal"].id}/edit">focal@example.org</a>' in page
    assert f'<a href="/evidence/{log["evidence"].id}">Education Act</a>' in page
    assert (
        f'<a href="/recommendations/{rec.id}#comments-heading">Comment of Human Rights Ombudsman on '
        "Slovenia, cycle 4, 115.30</a>"
    ) in page
    assert "upr48-slovenia.docx" in page
    # The organisation an assignment names is a link too, in the detail.
    assert (
        f'<a href="/admin/organisations/{log["ministry"].id}/edit">Ministry of Education</a>'
        in page
    )


def test_actions_and_details_are_words_not_codes(admin, log):
    page = text(admin.get("/admin/audit"))
    for label in (
        "Changed the status",
        "Created a user",
        "Changed a user&#39;s role",
        "Made an institution responsible",
        "Hid a comment",
        "Imported a file",
        "Linked to a recommendation",
    ):
        assert f'<td data-label="Action">{label}</td>' in page, label
    assert "<dt>Status</dt><dd>Planned → In progress</dd>" in page
    assert "<dt>Date of the status</dt><dd>Jun 1, 2025</dd>" in page
    assert (
        "<dt>Role</dt><dd>Focal point (responsible institution) → Coordinator (national mechanism)</dd>"
    ) in page
    assert "<dt>Moderation</dt><dd>Published → Not published by the national mechanism</dd>" in page
    assert "<dt>Due date</dt><dd>Jun 30, 2026</dd>" in page
    assert "<dt>Rows read</dt><dd>163</dd>" in page
    for code in ("in_progress", "focal_point", "change-status", "hide-comment", ">hidden<"):
        assert code not in page.split("<tbody>")[1], code


def test_a_removed_record_is_named_from_its_entries(admin, ctx):
    audit.record(ctx, "deactivate-user", "user", 999999, actor="x", email="gone@example.org")
    audit.record(ctx, "withdraw", "pledge", 888888, actor="x")
    ctx.commit()
    page = text(admin.get("/admin/audit"))
    assert 'gone@example.org <span class="muted">(removed)</span>' in page
    assert 'Pledge #888888 <span class="muted">(removed)</span>' in page


def test_records_are_named_with_one_query_per_kind(app, ctx, log):
    for _ in range(30):  # many entries on the same kinds of record must not mean more queries
        audit.record(ctx, "publish", "pledge", log["pledge"].id, actor="x")
        audit.record(ctx, "edit", "recommendation", log["rec"].id, actor="x", fields=["text"])
        audit.record(ctx, "activate-user", "user", log["focal"].id, actor="x")
    ctx.commit()
    entries = ctx.scalars(select(AuditEntry)).all()
    statements = []

    def count(*args):
        statements.append(args[2])

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        with app.test_request_context():
            names = Names(ctx, entries)
            named = {names.of(e).text for e in entries}
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    assert "Free school meals for every pupil" in named and "Slovenia, cycle 4, 115.30" in named
    # comments, recommendations, users, organisations, evidence, pledges, States: one query each at most
    assert len(statements) <= 7, statements


@pytest.mark.parametrize(
    ("query", "expected", "absent"),
    [
        ("action=change-status", {"Changed the status"}, {"Created a user", "Imported a file"}),
        ("kind=user", {"Created a user", "Changed a user&#39;s role"}, {"Changed the status"}),
        ("kind=user&record=focal", {"Changed a user&#39;s role"}, {"Changed the status"}),
        (
            "record=115.30",
            {"Changed the status", "Made an institution responsible"},
            {"Created a user"},
        ),
        (
            "kind=recommendation&record=Slovenia%2C+cycle+4%2C+115.30",
            {"Changed the status"},
            {"Created a user"},
        ),
        ("kind=recommendation&record=Slovenia%2C+cycle+3%2C+115.30", set(), {"Changed the status"}),
        ("kind=file&record=slovenia.docx", {"Imported a file"}, {"Changed the status"}),
        ("kind=evidence&record=education+act", {"Linked to a recommendation"}, {"Imported a file"}),
        ("kind=comment&record=ombudsman", {"Hid a comment", "Commented"}, {"Imported a file"}),
        ("record=nothing+like+this", set(), {"Changed the status", "Imported a file"}),
    ],
)
def test_filters_by_record_and_action(admin, log, query, expected, absent):
    page = text(admin.get(f"/admin/audit?{query}"))
    actions = actions_of(page)
    assert expected <= actions and not (absent & actions), actions


def test_filters_by_record_number_and_person(admin, ctx, log):
    rec = log["rec"]
    page = text(admin.get(f"/admin/audit?kind=recommendation&record={rec.id}"))
    assert actions_of(page) == {
        "Changed the status",
        "Made an institution responsible",
    }
    audit.record(ctx, "reset-password", "user", log["focal"].id, email="focal@example.org")
    ctx.commit()
    by_command = text(admin.get("/admin/audit?user=cli"))
    assert actions_of(by_command) == {"Reset a password"}
    nhri = ctx.scalar(select(User.id).where(User.email == "nhri@example.org"))
    by_nhri = text(admin.get(f"/admin/audit?user={nhri}"))
    assert actions_of(by_nhri) == {"Commented"}
    # A link from each entry shows the record's own history.
    assert f'href="/admin/audit?kind=recommendation&amp;record={rec.id}"' in page


def test_filters_by_date(admin, ctx):
    for day in (date(2025, 1, 31), date(2025, 2, 1), date(2025, 2, 28), date(2025, 3, 1)):
        entry = AuditEntry(
            actor="x",
            action="import",
            object_type="file",
            object_id=f"{day.isoformat()}.docx",
            detail={},
            at=datetime(day.year, day.month, day.day, 12, tzinfo=UTC),
        )
        ctx.add(entry)
    ctx.commit()
    page = text(admin.get("/admin/audit?action=import&since=2025-02-01&until=2025-02-28"))
    assert "2025-02-01.docx" in page and "2025-02-28.docx" in page
    assert "2025-01-31.docx" not in page and "2025-03-01.docx" not in page
    assert "2 entries" in page
    wrong = text(admin.get("/admin/audit?action=import&since=yesterday"))
    assert "4 entries" in wrong and "Not a valid date value." in wrong


def test_pages_are_read_by_key_and_the_count_is_capped(admin, ctx, monkeypatch):
    for n in range(120):
        audit.record(ctx, "import", "file", f"file{n}.docx", actor="x")
    ctx.commit()
    first = text(admin.get("/admin/audit?action=import"))
    assert "120 entries" in first and "file119.docx" in first and "file70.docx" in first
    assert "file69.docx" not in first and "Newer entries" not in first
    older = re.search(r'href="(/admin/audit\?[^"]*before=\d+[^"]*)" rel="next"', first).group(1)
    second = text(admin.get(older.replace("&amp;", "&")))
    assert "file69.docx" in second and "file20.docx" in second and "file70.docx" not in second
    assert "action=import" in older  # the filter is kept
    newer = re.search(r'href="(/admin/audit\?[^"]*after=\d+[^"]*)" rel="prev"', second).group(1)
    back = text(admin.get(newer.replace("&amp;", "&")))
    assert "file119.docx" in back and "file70.docx" in back and "file69.docx" not in back
    monkeypatch.setattr(audit_log, "COUNT_CAP", 100)
    assert "More than" in text(admin.get("/admin/audit?action=import"))


def test_no_request_counts_the_whole_log(admin, ctx, app):
    for n in range(5):
        audit.record(ctx, "import", "file", f"file{n}.docx", actor="x")
    ctx.commit()
    statements = []

    def keep(_conn, _cursor, statement, *_args):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", keep)
    try:
        admin.get("/admin/audit")
        admin.get("/admin/audit?action=import")
    finally:
        event.remove(db.engine, "before_cursor_execute", keep)
    counts = [s for s in statements if "count(" in s.lower() and "audit_entry" in s]
    assert counts and all("LIMIT" in s.upper() for s in counts), counts


@pytest.mark.parametrize("role", ["coordinator", "focal_point", "nhri", "cso"])
def test_only_admins_read_the_log(client, make_user, login, role):
    make_user(f"{role}@example.org", role=role, org=f"{role} organisation")
    login(f"{role}@example.org")
    assert client.get("/admin/audit.csv").status_code == 403
