"""In Chromium: a destructive button asks first on a page of its own, which passes axe-core at laptop and phone
widths; "No, go back" changes nothing, "Yes" acts."""

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from tests.conftest import axe_violations
from uprtrack.models import User

pytestmark = pytest.mark.browser
PASSWORD = "correct horse battery"


@pytest.mark.parametrize("width", [1280, 390])
def test_deactivating_a_user_asks_first(page, live_server, sign_in_as, make_user, ctx, width):
    make_user("admin@example.org", role="admin", org="Government Office for Human Rights")
    make_user("focal@example.org", role="focal_point", org="Ministry of Education")
    page.set_viewport_size({"width": width, "height": 900})
    sign_in_as("admin@example.org", PASSWORD)
    page.goto(f"{live_server}/admin/users")
    page.get_by_role("button", name="Deactivate focal@example.org").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Deactivate focal@example.org? They are signed out everywhere and can no longer sign in."
    )
    assert axe_violations(page) == []
    page.screenshot(path=f"/tmp/audit-confirm-{width}.png", full_page=True)
    page.get_by_role("link", name="No, go back").click()
    expect(page).to_have_url(re.compile(rf"{live_server}/admin/users\??$"))
    ctx.expire_all()
    assert ctx.scalar(select(User.active).where(User.email == "focal@example.org")) is True

    page.get_by_role("button", name="Deactivate focal@example.org").click()
    page.get_by_role("button", name="Yes, deactivate").click()
    expect(
        page.get_by_text("focal@example.org is deactivated and signed out everywhere.")
    ).to_be_visible()
    ctx.expire_all()
    assert ctx.scalar(select(User.active).where(User.email == "focal@example.org")) is False
