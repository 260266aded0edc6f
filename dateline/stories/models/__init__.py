from .author import Author, StoryAuthor
from .story import Story, TranslationKind

__all__ = ["Author", "Story", "StoryAuthor", "TranslationKind"]
