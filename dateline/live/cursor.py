"""Keyset cursors for the feed: a story's place in (published time, id) order, as URL text.

A cursor names a position, not an offset, so its URL keeps meaning the same stories however
many are published after it was made."""

from dataclasses import dataclass
from datetime import UTC, datetime

from dateline.core.params import parsed_id
from dateline.stories.models import Story

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


class BadCursor(ValueError):
    """Text that names no feed position: a malformed address, answered with a 400 page."""


@dataclass(frozen=True)
class Cursor:
    published_at: datetime
    story_id: int

    @classmethod
    def of(cls, story: Story) -> "Cursor":
        return cls(story.first_published_at, story.pk)

    @classmethod
    def parse(cls, text: str) -> "Cursor":
        """From "<microseconds since 1970>-<story id>", both in ASCII digits, the time within
        the years 1970 to 9999 and the id one a database holds; anything else is a BadCursor."""
        micros_text, _, id_text = text.partition("-")
        micros, story_id = parsed_id(micros_text), parsed_id(id_text)
        if micros is None or story_id is None:
            raise BadCursor(f"not a feed position: {text[:40]!r}")
        seconds, micro = divmod(micros, 1_000_000)
        try:
            moment = datetime.fromtimestamp(seconds, UTC).replace(microsecond=micro)
        except (OverflowError, OSError, ValueError) as error:
            raise BadCursor(f"not a feed position: {text[:40]!r}") from error
        return cls(moment, story_id)

    def __str__(self) -> str:
        delta = self.published_at - _EPOCH
        micros = (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds
        return f"{micros}-{self.story_id}"
