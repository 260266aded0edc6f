from .author import Author, StoryAuthor
from .change import OutboxPosition, StoryChange
from .story import Story, StoryQuerySet, TranslationKind

__all__ = [
    "Author",
    "OutboxPosition",
    "Story",
    "StoryAuthor",
    "StoryChange",
    "StoryQuerySet",
    "TranslationKind",
]
