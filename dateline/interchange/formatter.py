"""A story document written as one line of a stories file: the format parser.py reads.

Pure: formats the document and the interchange ids it is given; no database.
"""

from typing import Any

from dateline.stories.document import BodyBlock, StoryDocument

from .body import body_items
from .times import note_time, time_format


def _body_items(blocks: tuple[BodyBlock, ...]) -> list[str]:
    # Inline photos and see-also links name records of this database: the format leaves them out.
    return body_items(
        [
            {"type": "paragraph", "value": block.html}
            if block.kind == "paragraph"
            else {
                "type": "quote",
                "value": {"text": block.text, "attribution": block.attribution},
            }
            for block in blocks
            if block.kind in ("paragraph", "quote")
        ]
    )


def story_line_format(
    document: StoryDocument,
    *,
    external_id: str,
    original_external_id: str = "",
    photo_file: str | None = None,
) -> dict[str, Any]:
    """The line of a public story. `external_id` is the story's, `original_external_id` that of
    the original it translates (written only when the document names the original);
    `photo_file` is the copied lead photo's path relative to the stories file."""
    line: dict[str, Any] = {
        "external_id": external_id,
        "edition": document.edition,
        "headline": document.headline,
        "lead": document.lead,
        "body": _body_items(document.body),
        "published_at": time_format(document.published_at),
    }
    if document.updated_at != document.published_at:
        line["updated_at"] = time_format(document.updated_at)
    line |= {
        "regions": sorted(tag.slug for tag in document.regions),
        "topics": sorted(tag.slug for tag in document.topics),
        "authors": [author.name for author in document.byline],
        "sources": [{"name": source.name, "url": source.url} for source in document.sources],
    }
    if (photo := document.photo) is not None and photo_file is not None:
        # The photographer, not the edition's credit line: an import phrases that again.
        line["photo"] = {"file": photo_file, "caption": photo.caption, "credit": photo.photographer}
        if photo.copyright_holder:
            line["photo"]["copyright_holder"] = photo.copyright_holder
        if photo.wordings:
            line["photo"]["wordings"] = {
                w.edition: {"caption": w.caption, "credit": w.credit} for w in photo.wordings
            }
    if document.translation is not None and original_external_id:
        line["translation_of"] = original_external_id
        line["translation_kind"] = document.translation.kind
    if document.notes:
        line["notes"] = [
            {
                "kind": note.kind,
                "at": time_format(note_time(note.noted_at)),
                "text": note.text,
                **({"reason": note.reason} if note.reason else {}),
            }
            for note in document.notes
        ]
    return line
