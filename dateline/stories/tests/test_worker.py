"""`dateline worker` as production runs it: two of them on one database, a story scheduled a
few seconds ahead goes out once, within a second of its time, and SIGTERM stops them cleanly."""

import time

import pytest
from django.utils import timezone

from .processes import installation, stop, wait_for

SCHEDULE = """
from datetime import timedelta
from django.utils import timezone
from wagtail.models import Locale
from dateline.stories.services import story_create
story = story_create(locale=Locale.objects.get(language_code="en"), headline="Embargoed")
story.go_live_at = timezone.now() + timedelta(seconds=3)
story.save_revision().publish()
print(story.pk)
"""


@pytest.mark.parametrize("backend", ["immediate", "database"])
def test_two_workers_publish_a_scheduled_story_once_within_a_second_of_its_time(tmp_path, backend):
    with installation(tmp_path, TASK_BACKEND=backend) as site:
        workers = [site.start("worker", name=f"worker-{n}") for n in range(2)]
        try:
            wait_for(
                lambda: site.query("SELECT holder FROM stories_schedulerlease WHERE holder <> ''"),
                timeout=60,
                what="a worker taking the scheduler's lease",
            )
            story_id = int(site.run(SCHEDULE).strip())

            def story() -> tuple | None:
                [row] = site.query(
                    "SELECT live, go_live_at, first_published_at FROM stories_story WHERE id = %s",
                    story_id,
                )
                return row if row[0] else None

            _live, go_live_at, first_published_at = wait_for(
                story, timeout=15, what="the scheduled publication"
            )
            lateness = first_published_at - go_live_at
            print(f"{backend}: published {lateness.total_seconds() * 1000:.0f} ms after its time")
            assert lateness.total_seconds() < 1

            time.sleep(2)  # whatever a second worker, or a second look, might do meanwhile
            kinds = site.query("SELECT kind FROM stories_storychange WHERE story_id = %s", story_id)
            assert kinds == [("published",)]
            [(logged,)] = site.query(
                "SELECT count(*) FROM wagtailcore_modellogentry WHERE object_id = %s "
                "AND action = 'wagtail.publish.scheduled'",
                str(story_id),
            )
            assert logged == 1
            if backend == "database":  # it went through the queue
                assert site.query(
                    "SELECT status FROM django_tasks_database_dbtaskresult "
                    "WHERE task_path = 'dateline.stories.schedule.story_publish_due'"
                ) == [("SUCCESSFUL",)]
            for worker in workers:
                assert worker.poll() is None, site.log(f"worker-{workers.index(worker)}")
        finally:
            seconds = [stop(worker, within=10) for worker in workers]
        assert all(worker.returncode == 0 for worker in workers), [
            site.log(f"worker-{n}") for n in range(2)
        ]
        assert max(seconds) < 3
        # The holder let go of its lease on the way out.
        [(expires_at,)] = site.query("SELECT expires_at FROM stories_schedulerlease")
        assert expires_at < timezone.now()
