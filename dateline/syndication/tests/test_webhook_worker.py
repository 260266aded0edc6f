"""Webhooks as production sends them: `dateline worker` running, a story published by another
process. Publishing does not wait for any endpoint, and a slow and a dead endpoint do not hold
up a healthy one."""

from dateline.stories.tests.processes import installation, stop, wait_for

from .webhook_receivers import Receiver, dead_url, serving

ENDPOINTS = """
from dateline.editions.models import Edition
from dateline.syndication.models import WebhookEndpoint
for name, url in {endpoints!r}.items():
    endpoint = WebhookEndpoint.objects.create(name=name, url=url, events=["published"])
    endpoint.editions.set(Edition.objects.filter(slug="en"))
"""
PUBLISH = """
import time
from wagtail.models import Locale
from dateline.stories.services import story_create, story_publish
story = story_create(locale=Locale.objects.get(language_code="en"), headline={headline!r})
started = time.monotonic()
story_publish(story=story)  # returns once committed and the outbox's reactions have run
print(story.pk, time.monotonic() - started, time.time())
"""
# The sender waits this long for an answer (sending.TIMEOUT_SECONDS); the slow endpoint longer.
TIMEOUT = 5.0


def publish(site, headline: str) -> tuple[int, float, float]:
    """The story's id, how long publishing took, and when it returned (time.time())."""
    story_id, seconds, returned_at = site.run(PUBLISH.format(headline=headline)).split()
    return int(story_id), float(seconds), float(returned_at)


def test_a_slow_and_a_dead_endpoint_hold_up_neither_publishing_nor_a_healthy_endpoint(tmp_path):
    slow, fast = Receiver(delay=TIMEOUT + 3), Receiver()
    with (
        serving(slow) as slow_url,
        serving(fast) as fast_url,
        installation(tmp_path, WEBHOOKS_ALLOW_HTTP_LOCAL="true") as site,
    ):
        endpoints = {"slow": slow_url, "dead": dead_url(), "fast": fast_url}
        site.run(ENDPOINTS.format(endpoints=endpoints))
        worker = site.start("worker", name="worker")
        try:
            wait_for(
                lambda: site.query("SELECT holder FROM stories_schedulerlease WHERE holder <> ''"),
                timeout=60,
                what="the worker starting",
            )
            first, first_seconds, _returned_at = publish(site, "Court frees journalist")
            assert fast.wait_for(1, timeout=5), site.log("worker")
            assert slow.wait_for(1, timeout=5)  # it holds its request open from now on

            second, second_seconds, returned_at = publish(site, "Parliament passes the budget")
            assert fast.wait_for(2, timeout=TIMEOUT / 2), "held up by the slow endpoint"
            told_after = fast.received[1].at - returned_at

            def attempted() -> list[tuple]:
                rows = site.query(
                    "SELECT e.name, d.story_id, d.status, d.last_error "
                    "FROM syndication_webhookdelivery d "
                    "JOIN syndication_webhookendpoint e ON e.id = d.endpoint_id "
                    "WHERE d.attempts > 0 ORDER BY e.name, d.story_id"
                )
                return rows if {row[0] for row in rows} == set(endpoints) else []

            outcomes = wait_for(
                attempted, timeout=TIMEOUT + 3, every=0.2, what="every endpoint's first attempt"
            )
            assert worker.poll() is None, site.log("worker")
        finally:
            stop_seconds = stop(worker, within=10)
    print(
        f"\npublishing took {first_seconds * 1000:.0f} and {second_seconds * 1000:.0f} ms; "
        f"the healthy endpoint heard of the second {told_after * 1000:.0f} ms after it returned; "
        f"the worker stopped in {stop_seconds:.1f} s"
    )
    assert first_seconds < 1 and second_seconds < 1
    assert told_after < 1  # the worker's sender looks four times a second
    assert [p["story"]["id"] for p in fast.payloads] == [first, second]
    assert ("fast", first, "delivered", "") in outcomes
    assert ("fast", second, "delivered", "") in outcomes
    dead = [row for row in outcomes if row[0] == "dead"]
    assert dead and all(r[2] == "pending" and "ConnectionRefusedError" in r[3] for r in dead)
    assert ("slow", first, "pending", f"no answer within {TIMEOUT:g} s") in outcomes
    assert stop_seconds < 3  # an attempt in flight does not hold up the exit
