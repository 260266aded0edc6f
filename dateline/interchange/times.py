"""Times as a stories file writes and compares them: aware, in UTC.

Pure functions: no database, no settings.
"""

from datetime import UTC, datetime

from django.utils.dateparse import parse_datetime


def time_format(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat()


def note_time(value: str | datetime) -> datetime:
    """A note's stored time as an aware datetime (notes typed without a zone count as UTC)."""
    moment = value if isinstance(value, datetime) else parse_datetime(value)
    if moment is None:
        raise ValueError(f"not a time: {value!r}")
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
