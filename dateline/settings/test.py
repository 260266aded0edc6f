"""Test settings: locmem cache, fast hasher, immediate tasks, a throwaway data folder."""

import os
import tempfile
from urllib.parse import urlsplit

# Before base reads it: tests never touch a real data folder.
os.environ["DATA_DIR"] = tempfile.mkdtemp(prefix="dateline-test-data-")
# Parallel test workers (gw0, gw1, ...) share one Redis server: each takes a database of its own,
# which the installations its tests start inherit.
if (worker := os.environ.get("PYTEST_XDIST_WORKER", "")) and os.environ.get("REDIS_URL"):
    redis = urlsplit(os.environ["REDIS_URL"])
    os.environ["REDIS_URL"] = redis._replace(
        path=f"/{int(worker.removeprefix('gw')) % 16}"
    ).geturl()

from .base import *  # noqa: E402, F403
from .base import INSTALLED_APPS  # noqa: E402

INSTALLED_APPS = [*INSTALLED_APPS, "dateline.demo"]

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# The test client's host, so the address book's absolute URLs lead back into the test server.
BASE_URL = "http://testserver"
WAGTAILADMIN_BASE_URL = BASE_URL
# Tests log in as they please (client.login, force_login); the lockout test turns django-axes on.
AXES_ENABLED = False
# Tests run their webhook endpoints on 127.0.0.1, over plain HTTP.
WEBHOOKS_ALLOW_HTTP_LOCAL = True
