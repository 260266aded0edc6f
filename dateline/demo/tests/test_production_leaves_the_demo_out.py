"""Production installs neither the demo agency nor the factories it shares with the tests."""

import os
import subprocess
import sys

PROBE = """
import sys
import django
from django.conf import settings
django.setup()
from django.urls import get_resolver
get_resolver().url_patterns
print("demo" if "dateline.demo" in settings.INSTALLED_APPS else "no demo")
print("factory" if "factory" in sys.modules else "no factory")
"""


def test_production_settings_load_no_demo_and_no_factories(tmp_path):
    env = os.environ | {
        "DJANGO_SETTINGS_MODULE": "dateline.settings.production",
        "SECRET_KEY": "a-production-secret-that-is-long-enough-for-the-checks-0123456789",
        "DATA_DIR": str(tmp_path),
    }
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, check=True
    )
    assert result.stdout.split("\n")[:2] == ["no demo", "no factory"]


def test_development_settings_have_the_demo(settings):
    assert "dateline.demo" in settings.INSTALLED_APPS
