"""Browser tests: Playwright driving the system's Chromium (Debian's package; no browser download)."""

import os
import shutil

import pytest

from tests.conftest import missing

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _chromium_path() -> str | None:
    return os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture
def browser_page():
    """A fresh page in headless Chromium; skips (fails under CI) where no Chromium is installed."""
    executable = _chromium_path()
    if not executable:
        missing("needs Chromium (apt-get install chromium) for browser tests")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.set_default_timeout(30_000)
        try:
            yield page
        finally:
            browser.close()
