"""Public stories out to a JSON Lines file (docs/import-format.md), each line formatted from the
story's document (stories.document), lead photos copied beside the file."""

import json
import shutil
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import batched
from pathlib import Path, PurePosixPath
from typing import TextIO

from django.core.files.storage import Storage

from dateline.editions.models import Edition
from dateline.editions.registry import all_editions, edition_for_locale
from dateline.photos.models import Photo
from dateline.stories.document import StoryDocument, story_documents
from dateline.stories.models import Story
from dateline.stories.selectors import stories_for_documents
from dateline.stories.services import story_external_ids_assign

from .body import UNEXPORTED_BLOCKS
from .formatter import story_line_format

_CHUNK = 500


@dataclass
class ExportReport:
    stories: int = 0
    photos: int = 0
    # Stories whose body had blocks the format leaves out (inline photos, galleries, see-also).
    stories_with_unexported_blocks: int = 0
    missing_photo_files: list[str] = field(default_factory=list)


def _edition_slug(locale_id: int) -> str:
    if (edition := edition_for_locale(locale_id)) is None:
        raise LookupError(f"no edition has the locale {locale_id}")
    return edition.slug


def _photo_copy(storage: Storage, name: str, target: Path) -> bool:
    """Copies the original in media storage to `target` unless an earlier export did; False when
    storage has no such file."""
    if target.exists():
        return True
    try:
        source = storage.open(name, "rb")
    except OSError:
        return False
    target.parent.mkdir(parents=True, exist_ok=True)
    with source, target.open("wb") as copy:
        shutil.copyfileobj(source, copy)
    return True


def _documents(stories: Sequence[Story], editions: Sequence[Edition]) -> list[StoryDocument]:
    """The stories' documents in their order, each as its own edition shows it."""
    edition_of = {edition.locale_id: edition for edition in editions}
    by_locale: dict[int, list[Story]] = {}
    for story in stories:
        by_locale.setdefault(story.locale_id, []).append(story)
    documents = {
        document.id: document
        for locale_id, group in by_locale.items()
        for document in story_documents(group, edition_of[locale_id], with_renditions=False)
    }
    return [documents[story.pk] for story in stories]


def stories_export(
    *,
    output: TextIO,
    base_dir: Path,
    photos_dir: Path,
    edition_slugs: Sequence[str] = (),
) -> ExportReport:
    """Writes every public story (its live version, never a draft) as a line to `output`,
    copying lead photos into `photos_dir`, which must be inside `base_dir`, the folder that
    photo paths are relative to."""
    editions = [e for e in all_editions() if not edition_slugs or e.slug in edition_slugs]
    stories = stories_for_documents(*editions)
    story_external_ids_assign(stories=stories)
    storage = Photo._meta.get_field("file").storage
    report = ExportReport()
    copied: set[int] = set()
    rows = stories.order_by("first_published_at", "pk").iterator(chunk_size=_CHUNK)
    for chunk in batched(rows, _CHUNK):
        for story, document in zip(chunk, _documents(chunk, editions), strict=True):
            photo_file = None
            if (photo := document.photo) is not None:
                target = photos_dir / f"{photo.id}-{PurePosixPath(photo.file).name}"
                if photo.id not in copied:
                    copied.add(photo.id)
                    if _photo_copy(storage, photo.file, target):
                        report.photos += 1
                    else:
                        # Still named in the line, so importing it fails loudly rather than
                        # quietly taking the photo off the story.
                        report.missing_photo_files.append(photo.file)
                photo_file = target.relative_to(base_dir).as_posix()
            if any(block.kind in UNEXPORTED_BLOCKS for block in document.body):
                report.stories_with_unexported_blocks += 1
            # The ids are the file's names for stories, read from the rows: not content.
            original = story.translation_of
            line = story_line_format(
                document,
                external_id=story.external_id,
                original_external_id=original.external_id if original is not None else "",
                photo_file=photo_file,
            )
            output.write(json.dumps(line, ensure_ascii=False) + "\n")
            report.stories += 1
    return report
