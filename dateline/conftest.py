"""Fixtures every app's tests share: the two editions of the model agency and their sections,
a real browser, and a real ASGI server."""

import shutil
import socket
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from dateline.editions.factories import english_edition, russian_edition
from dateline.editions.models import Edition, EditionFrontPage
from dateline.photos.factories import PhotoFactory
from dateline.stories.factories import StoryFactory
from dateline.stories.models import Story, TranslationKind
from dateline.stories.page_data import page_data_forget
from dateline.taxonomy.factories import region_add, topic_add


@pytest.fixture(autouse=True)
def _pages_built_afresh():
    """Each test's database starts its change ids over, so pages kept under an earlier test's
    ids must go."""
    page_data_forget()


@pytest.fixture
def en(db) -> Edition:
    return english_edition(agency_name="Caucasian Courier", label_banner="FOREIGN AGENT LABEL")


@pytest.fixture
def ru(db, en) -> Edition:
    return russian_edition(agency_name="Кавказский вестник", label_banner="МАТЕРИАЛ ИНОАГЕНТА")


@pytest.fixture
def en_front(en) -> EditionFrontPage:
    return EditionFrontPage.objects.get(locale=en.locale)


@pytest.fixture
def ru_front(ru) -> EditionFrontPage:
    return EditionFrontPage.objects.get(locale=ru.locale)


@pytest.fixture
def azerbaijan(en_front):
    return region_add(parent=en_front, title="Azerbaijan", slug="azerbaijan")


@pytest.fixture
def courts(en_front):
    return topic_add(parent=en_front, title="Courts", slug="courts")


@pytest.fixture
def photo():
    return PhotoFactory(credit="Aziz Karimov", default_caption="Consequences of the shelling")


@pytest.fixture
def reference_pair(en, ru, photo) -> tuple[Story, Story]:
    """The Russian original at 10:18 MSK and its abridged English version at 20:28 London."""
    original = StoryFactory(
        locale=ru.locale,
        headline="Азербайджанские активисты потребовали объяснений",
        lead_photo=photo,
        published_at=datetime(2021, 4, 7, 7, 18, tzinfo=UTC),
    )
    translation = StoryFactory(
        locale=en.locale,
        headline="Azerbaijan: activists demand explanations from Moscow",
        lead_photo=photo,
        translation_of=original,
        translation_kind=TranslationKind.ABRIDGED,
        published_at=datetime(2021, 4, 7, 19, 28, tzinfo=UTC),
    )
    return original, translation


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def _chromium() -> Iterator:
    if shutil.which(CHROMIUM) is None:
        pytest.fail(f"{CHROMIUM} is missing: apt-get install chromium (make test does this)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()


@pytest.fixture
def browser():
    """Debian's Chromium driven by Playwright. Request it after writing test data: no database
    access works in the test's thread while Playwright runs."""
    yield from _chromium()


@pytest.fixture(scope="module")
def module_browser():
    """Debian's Chromium, driven by Playwright, for one module's tests."""
    yield from _chromium()


@pytest.fixture
def asgi_server(transactional_db, settings):
    """Dateline under uvicorn in this process (so it shares the test database), as `dateline
    serve` runs it: Django's live_server speaks WSGI, which cannot stream live events. The
    server is the main site (BASE_URL), so the absolute links its pages print lead back to it."""
    import uvicorn
    from django.core.asgi import get_asgi_application

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(
            get_asgi_application(), host="127.0.0.1", port=port, lifespan="off", log_level="warning"
        )
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    settings.BASE_URL = f"http://127.0.0.1:{port}"
    yield settings.BASE_URL
    server.should_exit = True
    thread.join(timeout=10)
