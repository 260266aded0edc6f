"""The labels in a story's document: the story's applied labels as the edition prints them
(text in the edition's language or the label's fixed one, letter case applied), registered with
the story document so that pages, feeds, the API and OpenGraph all carry the same."""

import re
from collections.abc import Sequence

from dateline.editions.models import Edition
from dateline.stories.document import DocumentLabel
from dateline.stories.models import Story

from .models import Label, Placement, RegistryEntity, StoryLabel

_LATIN = re.compile(r"[A-Za-z]")
# What a note about an entity says where its label has no text of its own.
DEFAULT_TEXTS: dict[str, str] = {
    Placement.MENTION: "{note}",
    Placement.END: "*{name} {note}",
    Placement.TOP: "{name} {note}",
    Placement.BANNER: "{name} {note}",
}


def label_language(label: Label, edition: Edition) -> str:
    return label.fixed_language or edition.language


def label_text(label: Label, language: str) -> str:
    for text in label.texts.all():
        if text.language == language:
            return text.text
    return ""


def entity_name(entity: RegistryEntity, language: str) -> str:
    """The entity's name as an edition in `language` writes it: the registry's own name, or in a
    language of Latin script its first Latin alias."""
    if language != "ru":
        for alias in entity.aliases:
            if _LATIN.search(alias) and not re.search(r"[А-Яа-яЁё]", alias):
                return alias
    return entity.name


def printed(text: str, label: Label) -> str:
    return text.upper() if label.upper_case else text


def _labels(row: StoryLabel, edition: Edition) -> list[DocumentLabel]:
    label = row.label
    language = label_language(label, edition)
    text = label_text(label, language)
    placement = Placement.TOP if label.placement == Placement.BANNER else label.placement
    scale = float(label.font_scale)
    entity = row.entity
    if entity is None:
        if not text or placement == Placement.MENTION:
            return []  # nothing to print, or nothing to print it after
        return [DocumentLabel(printed(text, label), language, placement, scale)]
    note = entity.kind.mention_notes.get(language, "")
    filled = (text or DEFAULT_TEXTS[label.placement]).format(
        name=entity_name(entity, language), note=note
    )
    filled = printed(filled.strip(), label)
    if not filled:
        return []
    if placement == Placement.MENTION:
        return [DocumentLabel(filled, language, "mention", scale, row.mention)]
    if placement == Placement.END and filled.startswith("*") and row.mention:
        # The asterisk after the mention, the footnote at the end.
        return [
            DocumentLabel("*", language, "mention", scale, row.mention),
            DocumentLabel(filled, language, "end", scale),
        ]
    return [DocumentLabel(filled, language, placement, scale)]


def story_document_labels(
    stories: Sequence[Story], edition: Edition
) -> dict[int, tuple[DocumentLabel, ...]]:
    """The labels of each of `stories` as `edition` prints them, in one query for all (a
    preview's unsaved story has none yet)."""
    ids = [story.pk for story in stories if story.pk]
    if not ids:
        return {}
    rows = (
        StoryLabel.objects.filter(story_id__in=ids)
        .select_related("label", "entity__kind")
        .prefetch_related("label__texts")
        .order_by("id")
    )
    found: dict[int, list[DocumentLabel]] = {}
    for row in rows:
        labels = found.setdefault(row.story_id, [])
        for label in _labels(row, edition):
            if label not in labels:  # two rules for one label print it once
                labels.append(label)
    return {story_id: tuple(labels) for story_id, labels in found.items()}
