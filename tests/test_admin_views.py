"""Administration by role: users, roles, organisations, deactivation that ends sessions, and the audit log."""

import pytest
from sqlalchemy import func, select

from uprtrack.models import AuditEntry, Organisation, State, User

ADMIN = "admin@example.org"
PASSWORD = "correct horse battery"


@pytest.fixture
def admin(make_user, login):
    make_user(ADMIN, role="admin", org="Government Office for Human Rights")
    return login(ADMIN)


def user_id(ctx, email):
    return ctx.scalar(select(User.id).where(User.email == email))


def audit(ctx, action):
    return ctx.scalars(
        select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)
    ).all()


@pytest.mark.parametrize("role", ["coordinator", "focal_point", "nhri", "cso"])
def test_only_admins_administer(client, make_user, login, role):
    user = make_user(f"{role}@example.org", role=role, org=f"{role} organisation")
    login(f"{role}@example.org")
    for url in ("/admin/users", "/admin/users/new", "/admin/organisations", "/admin/audit"):
        assert client.get(url).status_code == 403, url
    assert client.post(f"/admin/users/{user.id}/deactivate").status_code == 403


def test_users_list(admin, make_user):
    make_user("focal@example.org", role="focal_point", org="Ministry of Education")
    page = admin.get("/admin/users").get_data(as_text=True)
    assert "2 users" in page and "focal@example.org" in page and "Ministry of Education" in page
    assert "Focal point (responsible institution)" in page
    assert "Deactivate<span" in page  # for the other user; never for oneself
    assert page.count("Deactivate<span") == 1
    assert "focal@example.org" not in admin.get("/admin/users?role=admin").get_data(as_text=True)


def test_create_a_user_for_an_existing_or_a_new_organisation(admin, ctx):
    ministry = Organisation(name="Ministry of Education", kind="ministry")
    ctx.add(ministry)
    ctx.commit()
    response = admin.post(
        "/admin/users/new",
        data={
            "email": "Focal@Example.org",
            "role": "focal_point",
            "organisation": ministry.id,
            "new_organisation": "",
            "password": "a long enough secret",
        },
    )
    assert response.status_code == 302
    admin.post(
        "/admin/users/new",
        data={
            "email": "cso@example.org",
            "role": "cso",
            "organisation": 0,
            "new_organisation": "Roma Education Network",
            "password": "a long enough secret",
        },
    )
    focal = ctx.scalar(select(User).where(User.email == "focal@example.org"))
    assert focal.organisation.name == "Ministry of Education"
    network = ctx.scalar(select(Organisation).where(Organisation.name == "Roma Education Network"))
    assert network.kind == "cso"
    assert [(e.detail["email"], e.detail["role"], e.actor) for e in audit(ctx, "create-user")] == [
        ("focal@example.org", "focal_point", ADMIN),
        ("cso@example.org", "cso", ADMIN),
    ]
    signed = admin.application.test_client().post(
        "/sign-in", data={"email": "cso@example.org", "password": "a long enough secret"}
    )
    assert signed.status_code == 302


def test_bad_new_user_is_explained_and_nothing_is_created(admin, ctx):
    response = admin.post(
        "/admin/users/new",
        data={
            "email": "admin@example.org",
            "role": "nhri",
            "organisation": 0,
            "new_organisation": "",
            "password": "short",
        },
    )
    page = response.get_data(as_text=True)
    assert "Use at least 12 characters." in page
    assert "acts for an organisation" in page
    assert 'value="admin@example.org"' in page  # what was typed stays
    response = admin.post(
        "/admin/users/new",
        data={
            "email": "ADMIN@example.org",
            "role": "admin",
            "organisation": 0,
            "password": "a long enough secret",
        },
    )
    assert "A user with this e-mail already exists." in response.get_data(as_text=True)
    response = admin.post(
        "/admin/users/new",
        data={
            "email": "not an address",
            "role": "admin",
            "organisation": 0,
            "password": "a long enough secret",
        },
    )
    assert "Give an e-mail address" in response.get_data(as_text=True)
    assert ctx.scalar(select(func.count()).select_from(User)) == 1


def test_role_and_organisation_changes_are_audited(admin, ctx, make_user):
    user = make_user("officer@example.org", role="focal_point", org="Ministry of Education")
    form = admin.get(f"/admin/users/{user.id}/edit").get_data(as_text=True)
    assert '<option selected value="focal_point">' in form or 'value="focal_point" selected' in form
    response = admin.post(
        f"/admin/users/{user.id}/edit",
        data={"role": "coordinator", "organisation": 0, "new_organisation": "Government Office"},
    )
    assert response.status_code == 302
    ctx.expire_all()
    changed = ctx.get(User, user.id)
    assert (changed.role, changed.organisation.name) == ("coordinator", "Government Office")
    (role,) = audit(ctx, "change-role")
    assert (role.object_id, role.actor, role.detail["before"], role.detail["after"]) == (
        str(user.id),
        ADMIN,
        "focal_point",
        "coordinator",
    )
    (organisation,) = audit(ctx, "change-organisation")
    assert (organisation.detail["before"], organisation.detail["after"]) == (
        "Ministry of Education",
        "Government Office",
    )


def test_admin_cannot_change_own_role_or_deactivate_self(admin, ctx):
    me = user_id(ctx, ADMIN)
    response = admin.post(
        f"/admin/users/{me}/edit",
        data={"role": "cso", "organisation": 0, "new_organisation": "Anything"},
    )
    assert "You cannot change your own role" in response.get_data(as_text=True)
    assert admin.post(f"/admin/users/{me}/deactivate", data={"confirmed": "yes"}).status_code == 403
    ctx.expire_all()
    assert ctx.get(User, me).role == "admin" and ctx.get(User, me).active
    assert audit(ctx, "deactivate-user") == [] and audit(ctx, "change-role") == []


def test_deactivation_ends_the_users_session_at_once(app, admin, ctx, make_user):
    make_user("focal@example.org", role="focal_point", org="Ministry of Education")
    focal = app.test_client()
    assert (
        focal.post(
            "/sign-in", data={"email": "focal@example.org", "password": PASSWORD}
        ).status_code
        == 302
    )
    assert focal.get("/my-work").status_code == 200
    target = user_id(ctx, "focal@example.org")
    assert (
        admin.post(f"/admin/users/{target}/deactivate", data={"confirmed": "yes"}).status_code
        == 302
    )
    response = focal.get("/my-work")
    assert response.status_code == 302 and "/sign-in" in response.headers["Location"]
    assert (
        focal.post(
            "/sign-in", data={"email": "focal@example.org", "password": PASSWORD}
        ).status_code
        == 200
    )
    assert [e.object_id for e in audit(ctx, "deactivate-user")] == [str(target)]

    admin.post(f"/admin/users/{target}/activate")
    assert (
        focal.post(
            "/sign-in", data={"email": "focal@example.org", "password": PASSWORD}
        ).status_code
        == 302
    )
    assert [e.object_id for e in audit(ctx, "activate-user")] == [str(target)]


def test_organisations_are_created_and_edited_with_an_audit_trail(admin, ctx):
    slovenia = ctx.scalar(select(State.id).where(State.iso3 == "SVN"))
    response = admin.post(
        "/admin/organisations/new",
        data={
            "name": "Human Rights Ombudsman",
            "acronym": "HRO",
            "kind": "nhri",
            "state": slovenia,
        },
    )
    assert response.status_code == 302
    org = ctx.scalar(select(Organisation).where(Organisation.name == "Human Rights Ombudsman"))
    assert (org.acronym, org.kind, org.state.iso3) == ("HRO", "nhri", "SVN")
    page = admin.get("/admin/organisations").get_data(as_text=True)
    assert (
        "Human Rights Ombudsman" in page
        and "National human rights institution" in page
        and "Slovenia" in page
    )
    form = admin.get(f"/admin/organisations/{org.id}/edit").get_data(as_text=True)
    assert 'value="HRO"' in form
    admin.post(
        f"/admin/organisations/{org.id}/edit",
        data={
            "name": "Human Rights Ombudsman of Slovenia",
            "acronym": "HRO",
            "kind": "nhri",
            "state": slovenia,
        },
    )
    (created,) = audit(ctx, "create-organisation")
    assert created.detail["name"] == [None, "Human Rights Ombudsman"] and created.detail[
        "state"
    ] == [None, "SVN"]
    (edited,) = audit(ctx, "edit-organisation")
    assert edited.detail == {
        "name": ["Human Rights Ombudsman", "Human Rights Ombudsman of Slovenia"]
    }


def test_duplicate_organisation_name_is_refused(admin, ctx):
    ctx.add(Organisation(name="Ministry of Education", kind="ministry"))
    ctx.commit()
    before = ctx.scalar(select(func.count()).select_from(Organisation))
    response = admin.post(
        "/admin/organisations/new",
        data={"name": "ministry of education", "acronym": "", "kind": "ministry", "state": 0},
    )
    assert "An organisation of this name already exists." in response.get_data(as_text=True)
    # the seeded providers, the admin's own office and the ministry, and no other
    assert ctx.scalar(select(func.count()).select_from(Organisation)) == before


def test_audit_log_filters_by_action_and_user(admin, ctx, make_user):
    other = make_user("other@example.org", role="focal_point", org="Ministry of Education")
    admin.post(f"/admin/users/{other.id}/deactivate", data={"confirmed": "yes"})
    admin.post(f"/admin/users/{other.id}/activate")
    page = admin.get("/admin/audit?action=deactivate-user").get_data(as_text=True)
    assert "1 entry" in page and "Deactivated a user" in page and "other@example.org" in page
    assert "deactivate-user</td>" not in page  # the label, not the code
    mine = admin.get(f"/admin/audit?user={user_id(ctx, ADMIN)}").get_data(as_text=True)
    assert "Reactivated a user" in mine and "Signed in" in mine
    nobody = admin.get(f"/admin/audit?user={other.id}").get_data(as_text=True)
    assert "No entry matches these filters." in nobody
