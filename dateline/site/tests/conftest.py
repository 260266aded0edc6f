"""One demo agency for every check of whole reader pages in a test session: it takes seconds to
build, and the checks only read it."""

from collections.abc import Iterator

import pytest

from .reader_pages import DemoSite, demo_served


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoSite]:
    with demo_served(tmp_path_factory.mktemp("demo-site")) as site:
        yield site
