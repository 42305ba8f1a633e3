"""In Chromium: a focal point chooses what it hears of on the settings page; a civil society reader follows a
recommendation; the unsubscribe link of a digest works without signing in; each page passes axe-core and reads
at 1280 and 390 px wide, in English and Chinese."""

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from tests.conftest import axe_violations
from tests.notices_data import cast, recommendation
from uprtrack.core.vocabulary import Delivery, NoticeKind
from uprtrack.models import Follow, NotificationPreference, User
from uprtrack.notifications.unsubscribe import token_for

pytestmark = pytest.mark.browser
PASSWORD = "correct horse battery"


def fits(page) -> bool:
    """Tell whether the page needs no sideways scrolling."""
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize("lang, width", [("en", 1280), ("zh", 390)])
def test_the_settings_page(
    app, ctx, page, live_server, sign_in_as, make_user, lang, width, tmp_path
):
    people = cast(make_user)
    page.set_viewport_size({"width": width, "height": 900})
    sign_in_as("focal@example.org", PASSWORD)
    page.goto(f"{live_server}/language/{lang}?next=/notifications/")
    page.locator("a[href='/notifications/settings']").first.click()
    page.wait_for_url(
        f"{live_server}/notifications/settings"
    )  # the click's page, not the one before
    expect(page.locator("h1")).to_have_count(1)
    assert axe_violations(page) == []
    assert fits(page)
    page.screenshot(path=str(tmp_path / f"settings-{lang}-{width}.png"), full_page=True)
    page.locator("#overdue-0").check()  # immediately
    page.locator("#assigned-2").check()  # not at all
    page.locator("main input[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator("#overdue-0").is_checked() and page.locator("#assigned-2").is_checked()
    ctx.expire_all()
    rows = dict(
        ctx.execute(
            select(NotificationPreference.kind, NotificationPreference.delivery).where(
                NotificationPreference.user_id == people["focal"].id
            )
        ).all()
    )
    assert (
        rows[NoticeKind.OVERDUE] == Delivery.IMMEDIATELY
        and rows[NoticeKind.ASSIGNED] == Delivery.OFF
    )
    assert ctx.get(User, people["focal"].id).language == lang


@pytest.mark.parametrize("lang, width", [("en", 1280), ("zh", 390)])
def test_following_and_unsubscribing(
    app, ctx, page, live_server, sign_in_as, make_user, lang, width, tmp_path
):
    people = cast(make_user)
    rec = recommendation(ctx)
    ctx.commit()
    page.set_viewport_size({"width": width, "height": 900})
    sign_in_as("coalition@example.org", PASSWORD)
    page.goto(f"{live_server}/language/{lang}?next=/recommendations/{rec.id}")
    page.locator(f"form[action='/notifications/follow/{rec.id}'] button").click()
    expect(page.locator(f"form[action='/notifications/stop-following/{rec.id}']")).to_be_visible()
    assert axe_violations(page) == [] and fits(page)
    page.locator("#follow").screenshot(path=str(tmp_path / f"follow-{lang}-{width}.png"))
    ctx.expire_all()
    assert ctx.get(Follow, (people["cso"].id, rec.id)) is not None
    page.locator("form[action='/sign-out'] button").click()
    page.wait_for_load_state()

    page.goto(f"{live_server}/notifications/unsubscribe/{token_for(people['focal'])}")
    assert axe_violations(page) == [] and fits(page)
    page.locator("main input[type=submit]").click()
    page.wait_for_load_state()
    assert "focal@example.org" in page.locator("main").inner_text()
    assert axe_violations(page) == []
    page.goto(f"{live_server}/notifications/unsubscribe/tampered")
    assert page.locator("h1").count() == 1 and axe_violations(page) == []
