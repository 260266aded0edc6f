import os

import pytest

from dateline.editions import registry
from dateline.editions.models import Edition


@pytest.fixture
def shared_cache(settings):
    """The cache several server processes share: Redis when REDIS_URL is set, as in production."""
    if redis_url := os.environ.get("REDIS_URL"):
        settings.CACHES = {
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": redis_url,
                "KEY_PREFIX": f"dateline-test-{os.getpid()}",
            }
        }
    from django.core.cache import cache

    cache.clear()
    yield cache
    cache.clear()


@pytest.mark.django_db
def test_an_edition_saved_anywhere_is_seen_by_every_process(shared_cache, en):
    assert registry.edition_for_slug("en").agency_name == "Caucasian Courier"

    # Another process writes: this one keeps its copy until told the editions changed.
    Edition.objects.filter(pk=en.pk).update(agency_name="Renamed Courier")
    assert registry.edition_for_slug("en").agency_name == "Caucasian Courier"
    registry.editions_changed()
    assert registry.edition_for_slug("en").agency_name == "Renamed Courier"


@pytest.mark.django_db
def test_saving_an_edition_reloads_the_registry(shared_cache, en, client):
    registry.edition_for_slug("en")
    en.label_banner = "NEW LEGAL LABEL"
    en.save()
    assert "NEW LEGAL LABEL" in client.get("/en/").content.decode()
