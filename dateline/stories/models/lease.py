from django.db import models


class SchedulerLease(models.Model):
    """Which process runs the story scheduler: the holder of this row's lease, which it renews
    every few seconds and another process takes once it has lapsed, so however many servers
    and workers run, stories are scheduled in one place. The row also keeps how far the
    scheduler has looked for stories whose first-published time has come, so that a scheduler
    taking over (or starting after downtime) goes on from there."""

    name = models.CharField(max_length=50, unique=True)
    holder = models.CharField(max_length=200, blank=True)
    expires_at = models.DateTimeField()
    arrivals_until = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.name}: {self.holder or 'nobody'} until {self.expires_at:%H:%M:%S}"
