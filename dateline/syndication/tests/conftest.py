"""Fixtures of the wire's tests."""

import pytest


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Runs what it is given to its commit: the outbox's reactions, and the webhooks' rows
    they write, follow."""

    def run(act):
        with django_capture_on_commit_callbacks(execute=True):
            return act()

    return run
