"""Saved views: a user names the current filter, finds it in the list's menu and on the work page, shares it with
the colleagues of the same organisation, and deletes only their own (after confirming)."""

import re

import pytest
from sqlalchemy import select

from tests.conftest import people_login
from tests.test_import_command import CYCLE4
from uprtrack.models import AuditEntry, SavedView

PEOPLE = {
    "coord@example.org": ("coordinator", "Government Office for Human Rights"),
    "colleague@example.org": ("coordinator", "Government Office for Human Rights"),
    "focal@example.org": ("focal_point", "Ministry of Education"),
    "nhri@example.org": ("nhri", "Human Rights Ombudsman"),
}
FILTERED = "/recommendations?cycle=4&status=not_started&sort=paragraph&page=2"


@pytest.fixture
def data(import_files, ctx):
    import_files(CYCLE4)
    return ctx


@pytest.fixture
def sign_in(client, login, make_user, data):
    return people_login(client, login, make_user, data, PEOPLE)


def saved_links(page):
    menu = page[page.index('class="saved-views"') :]
    menu = menu[: menu.index("</details>")]
    return re.findall(r'<a href="([^"]+)"[^>]*>([^<]+)</a>', menu)


def save(client, name, query, shared=False, back=FILTERED):
    data = {"name": name, "query": query, "next": back}
    if shared:
        data["shared"] = "y"
    return client.post("/saved-views", data=data)


def test_save_the_current_filter_and_open_it_from_the_menu(client, sign_in, data):
    sign_in("coord@example.org")
    page = client.get(FILTERED).get_data(as_text=True)
    # The form keeps the filter and the order, not the page.
    assert (
        'name="query" type="hidden" value="cycle=4&amp;status=not_started&amp;sort=paragraph"'
        in page
    )
    response = save(
        client, "  Not started,   cycle 4 ", "cycle=4&status=not_started&sort=paragraph"
    )
    assert response.status_code == 302
    assert (
        response.headers["Location"] == "/recommendations?cycle=4&status=not_started&sort=paragraph"
    )
    view = data.scalar(select(SavedView))
    assert (view.name, view.shared, view.organisation.name) == (
        "Not started, cycle 4",
        False,
        "Government Office for Human Rights",
    )
    entry = data.scalar(select(AuditEntry).where(AuditEntry.action == "save-view"))
    assert entry.detail["query"] == view.query
    links = saved_links(client.get("/recommendations").get_data(as_text=True))
    assert links == [
        (
            "/recommendations?cycle=4&amp;status=not_started&amp;sort=paragraph",
            "Not started, cycle 4",
        )
    ]
    # The same name again replaces the view.
    save(client, "Not started, cycle 4", "cycle=4&status=planned")
    data.expire_all()
    assert [v.query for v in data.scalars(select(SavedView))] == ["cycle=4&status=planned"]


def test_a_shared_view_reaches_colleagues_of_the_same_organisation_only(client, sign_in, data):
    sign_in("coord@example.org")
    save(client, "Shared", "cycle=4&status=planned", shared=True)
    save(client, "Mine", "cycle=4")
    sign_in("colleague@example.org")
    page = client.get("/recommendations").get_data(as_text=True)
    assert [name for _, name in saved_links(page)] == ["Shared"]
    assert "shared by coord@example.org" in page
    assert "Delete<span" not in page[page.index('class="saved-views"') :][:2000]
    view = data.scalar(select(SavedView).where(SavedView.name == "Shared"))
    refused = client.post(f"/saved-views/{view.id}/delete", data={"confirmed": "yes"})
    assert refused.status_code == 403 and data.get(SavedView, view.id) is not None
    sign_in("focal@example.org")
    assert "Shared" not in client.get("/recommendations").get_data(as_text=True)
    assert (
        client.post(f"/saved-views/{view.id}/delete", data={"confirmed": "yes"}).status_code == 404
    )


def test_delete_asks_first_then_deletes_only_its_own(client, sign_in, data):
    sign_in("coord@example.org")
    save(client, "Mine", "cycle=4")
    view = data.scalar(select(SavedView))
    ask = client.post(f"/saved-views/{view.id}/delete", data={"next": "/recommendations"})
    assert "Delete the saved view “Mine”?" in ask.get_data(as_text=True)
    data.expire_all()
    assert data.get(SavedView, view.id) is not None
    done = client.post(
        f"/saved-views/{view.id}/delete", data={"next": "/recommendations", "confirmed": "yes"}
    )
    assert done.status_code == 302 and done.headers["Location"] == "/recommendations"
    data.expire_all()
    assert data.scalars(select(SavedView)).all() == []
    assert data.scalar(select(AuditEntry).where(AuditEntry.action == "delete-saved-view"))


def test_the_work_page_menu_opens_views_on_the_work_page(client, sign_in, data):
    sign_in("nhri@example.org")
    save(client, "Planned", "status=planned&sort=status", back="/my-work?status=planned")
    page = client.get("/my-work").get_data(as_text=True)
    assert saved_links(page) == [("/my-work?status=planned&amp;sort=status", "Planned")]
    assert "Share with my colleagues" in page


def test_a_view_needs_a_name_and_the_public_has_none(client, sign_in, data):
    sign_in("coord@example.org")
    response = save(client, "   ", "cycle=4")
    assert response.status_code == 302 and data.scalars(select(SavedView)).all() == []
    assert "Give the view a name." in client.get(response.headers["Location"]).get_data(
        as_text=True
    )
    client.post("/sign-out")
    assert 'class="saved-views"' not in client.get("/recommendations").get_data(as_text=True)
    assert "/sign-in" in client.post("/saved-views").headers["Location"]
