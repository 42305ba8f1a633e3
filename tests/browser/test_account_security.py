"""Accounts in Chromium: a forgotten password set again from the e-mailed link; two-factor sign-in turned on,
made compulsory for staff and used to sign in. axe-core finds no violation on each new page."""

import re
import time

import pyotp
import pytest
from playwright.sync_api import expect

from tests.conftest import axe_violations

pytestmark = pytest.mark.browser
PASSWORD = "correct horse battery"
NEW = "a longer passphrase of 2026"


def accessible(page):
    """No axe violation at 1280 px, nor on a phone 390 px wide."""
    for size in (1280, 390):
        page.set_viewport_size({"width": size, "height": 900})
        expect(page.locator("main h1")).to_have_count(1)
        assert axe_violations(page) == [], page.url
    page.set_viewport_size({"width": 1280, "height": 900})


def test_a_forgotten_password_is_set_again_from_the_e_mailed_link(
    page, live_server, make_user, smtp_server
):
    make_user("focal@example.org", role="focal_point", org="Ministry of Education")
    page.goto(f"{live_server}/sign-in")
    page.get_by_role("link", name="Forgot your password?").click()
    expect(page.locator("main h1")).to_have_text("Forgot your password?")
    accessible(page)
    page.get_by_label("E-mail").fill("focal@example.org")
    page.get_by_role("button", name="Send me a link").click()
    expect(page.locator("main h1")).to_have_text("Check your e-mail")
    accessible(page)
    [message] = smtp_server.to("focal@example.org")
    text = message.get_body(preferencelist=("plain",)).get_content()
    link = re.search(r"http://\S+/password/reset/\S+", text).group(0)
    page.goto(live_server + link[link.index("/password/reset/") :])
    expect(page.locator("main h1")).to_have_text("Set a new password")
    accessible(page)
    page.locator("#new").fill(NEW)
    page.locator("#confirm").fill(NEW)
    page.get_by_role("button", name="Set the password").click()
    expect(page.locator(".flash.success")).to_contain_text("Your password is set")
    page.get_by_label("E-mail").fill("focal@example.org")
    page.get_by_label("Password").fill(NEW)
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator(".account")).to_contain_text("focal@example.org")
    page.goto(live_server + link[link.index("/password/reset/") :])  # used: it works no more
    expect(page.locator("main h1")).to_have_text("This link no longer works")
    accessible(page)


def set_up_two_factor(page) -> str:
    """On the set-up page: read the key, type the app's code, check the recovery codes; return the key."""
    expect(page.locator("main h1")).to_have_text("Turn on two-factor sign-in")
    expect(page.get_by_role("img", name=re.compile("QR code"))).to_be_visible()
    accessible(page)
    secret = page.locator("#secret").inner_text().replace(" ", "")
    page.get_by_label("Code from the app").fill("000000")
    page.get_by_role("button", name="Turn on two-factor sign-in").click()
    expect(page.locator("#code-error")).to_contain_text("This code is wrong.")
    accessible(page)
    page.get_by_label("Code from the app").fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="Turn on two-factor sign-in").click()
    expect(page.locator("main h1")).to_have_text("Your recovery codes")
    expect(page.locator(".recovery-codes li")).to_have_count(10)
    accessible(page)
    page.get_by_role("link", name="I have kept them").click()
    return secret


def sign_in_with_code(page, live_server, email, secret):
    page.goto(f"{live_server}/sign-in")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("main h1")).to_have_text("Two-factor sign-in")
    accessible(page)
    # The code that turned it on is spent; the app's next one is accepted a step early.
    page.get_by_label("Code").fill(pyotp.TOTP(secret).at(time.time() + 30))
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator(".account")).to_contain_text(email)


def test_two_factor_sign_in_turned_on_made_compulsory_and_used(
    page, live_server, make_user, sign_in_as
):
    make_user("admin@example.org", role="admin")
    make_user("focal@example.org", role="focal_point", org="Ministry of Education")
    sign_in_as("admin@example.org", PASSWORD)
    page.get_by_role("link", name="Two-factor sign-in").click()
    set_up_two_factor(page)
    expect(page.locator("main h1")).to_have_text("Two-factor sign-in")
    expect(page.locator("main")).to_contain_text("10 recovery codes are left.")
    accessible(page)
    page.goto(f"{live_server}/admin/settings")
    accessible(page)
    page.get_by_label("Administrators, coordinators and focal points must use").check()
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".flash.success")).to_have_text("Settings saved.")
    page.goto(f"{live_server}/admin/users")
    expect(
        page.get_by_role("button", name="Send a password link focal@example.org")
    ).to_be_visible()
    accessible(page)
    page.get_by_role("button", name="Sign out").click()

    page.goto(f"{live_server}/sign-in")
    page.get_by_label("E-mail").fill("focal@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator(".flash.info")).to_contain_text("Your administrator requires")
    secret = set_up_two_factor(page)
    page.goto(f"{live_server}/my-work")
    expect(page.locator("main h1")).not_to_have_text("Turn on two-factor sign-in")
    page.get_by_role("button", name="Sign out").click()
    sign_in_with_code(page, live_server, "focal@example.org", secret)

    page.goto(f"{live_server}/account/two-factor")
    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_role("button", name="Turn off two-factor sign-in").click()
    expect(page.locator("main h1")).to_contain_text("Turn off two-factor sign-in?")
    accessible(page)
    page.get_by_role("button", name="Yes, turn it off").click()
    expect(page.locator(".flash.success")).to_have_text("Two-factor sign-in is off.")
    # Compulsory for a focal point: the set-up page comes back at once.
    expect(page.locator("main h1")).to_have_text("Turn on two-factor sign-in")


@pytest.mark.parametrize("path", ["/password/forgot", "/password/reset/not-a-token"])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_password_pages_have_no_accessibility_violations(page, live_server, path, lang):
    page.goto(f"{live_server}/language/{lang}")
    page.goto(f"{live_server}{path}")
    accessible(page)
