"""One demo agency for every check of whole reader pages in a test session (it takes seconds to
build, and the checks only read it), and one browser per module of them."""

import shutil
from collections.abc import Iterator

import pytest

from dateline.conftest import CHROMIUM, CHROMIUM_FLAGS

from .reader_pages import DemoSite, demo_served


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoSite]:
    with demo_served(tmp_path_factory.mktemp("demo-site")) as site:
        yield site


@pytest.fixture(scope="module")
def module_browser():
    """Debian's Chromium, driven by Playwright, for one module's tests."""
    if shutil.which(CHROMIUM) is None:
        pytest.fail(f"{CHROMIUM} is missing: apt-get install chromium (make test does this)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()
