"""Local development: the embedded defaults, with DEBUG from the environment, and the demo agency
(`dateline demo`, `dateline bulk-load`), which production does not install."""

from .base import *  # noqa: F403
from .base import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "dateline.demo"]
