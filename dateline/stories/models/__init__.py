from .author import Author, StoryAuthor
from .change import OutboxPosition, StoryChange
from .lease import SchedulerLease
from .story import Story, StoryQuerySet, TranslationKind

__all__ = [
    "Author",
    "OutboxPosition",
    "SchedulerLease",
    "Story",
    "StoryAuthor",
    "StoryChange",
    "StoryQuerySet",
    "TranslationKind",
]
