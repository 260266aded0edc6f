"""Keyset cursors for the feed: a story's place in (published time, id) order, as URL text.

A cursor names a position, not an offset, so its URL keeps meaning the same stories however
many are published after it was made."""

from dataclasses import dataclass
from datetime import UTC, datetime

from dateline.stories.models import Story

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


class BadCursor(ValueError):
    pass


@dataclass(frozen=True)
class Cursor:
    published_at: datetime
    story_id: int

    @classmethod
    def of(cls, story: Story) -> "Cursor":
        return cls(story.first_published_at, story.pk)

    @classmethod
    def parse(cls, text: str) -> "Cursor":
        """From "<microseconds since 1970>-<story id>"; anything else is a BadCursor."""
        micros, _, story_id = text.partition("-")
        if not (micros.isdigit() and story_id.isdigit()) or len(micros) > 18:
            raise BadCursor(f"not a feed position: {text[:40]!r}")
        seconds, micro = divmod(int(micros), 1_000_000)
        try:
            moment = datetime.fromtimestamp(seconds, UTC).replace(microsecond=micro)
        except (OverflowError, OSError, ValueError) as error:
            raise BadCursor(f"not a feed position: {text[:40]!r}") from error
        return cls(moment, int(story_id))

    def __str__(self) -> str:
        delta = self.published_at - _EPOCH
        micros = (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds
        return f"{micros}-{self.story_id}"
