"""Local development: the embedded defaults, with DEBUG from the environment."""

from .base import *  # noqa: F403
