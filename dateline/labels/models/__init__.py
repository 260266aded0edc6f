from .label import Label, LabelText, Placement
from .registry import EntityKind, RegistryEntity
from .rule import LabelRule
from .story_label import DayChecked, MentionDecision, Relabelling, StoryLabel

__all__ = [
    "DayChecked",
    "EntityKind",
    "Label",
    "LabelRule",
    "LabelText",
    "MentionDecision",
    "Placement",
    "Relabelling",
    "RegistryEntity",
    "StoryLabel",
]
