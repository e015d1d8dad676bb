"""The language chooser in a real browser: choosing a language switches the page at once (its static
script submits the form; the CSP allows no inline script) and brings the visitor back to the same page."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_choosing_chinese_in_the_header_turns_the_same_page_chinese_under_the_policy(live_server, browser_page):
    violations: list[str] = []
    browser_page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    browser_page.goto(f"{live_server.url}/accounts/password-reset/")
    assert browser_page.locator("h2").inner_text() == "Reset your password"
    assert browser_page.locator(".language-chooser button").is_hidden()  # the script submits on change

    with browser_page.expect_navigation():
        browser_page.select_option("#language-select", "zh-hans")

    assert browser_page.url == f"{live_server.url}/accounts/password-reset/"
    assert browser_page.locator("h2").inner_text() == "重置密码"
    assert browser_page.locator("html").get_attribute("lang") == "zh-hans"
    assert violations == []
