"""Stories in from a JSON Lines file (docs/import-format.md): each line creates, updates or
leaves alone one story, on its own, and a bad line is reported without stopping the rest."""

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.images import ImageFile
from django.db import DatabaseError, transaction
from PIL import Image
from wagtail.images.utils import get_allowed_image_extensions
from wagtail.models import Locale
from wagtail.rich_text import expand_db_html
from wagtail.utils.file import hash_filelike

from dateline.editions.models import Edition
from dateline.editions.registry import all_editions, edition_for_slug
from dateline.photos.models import Photo, PhotoWording
from dateline.photos.services import photo_wordings_set
from dateline.stories.models import Author, Story
from dateline.stories.services import story_create, story_publish, story_update
from dateline.taxonomy.models import RegionPage, SectionPage, TopicPage

from .body import UNEXPORTED_BLOCKS, body_blocks, body_items
from .parser import LineError, PhotoLine, StoryLine, story_line_parse
from .times import note_time


class LineStatus(StrEnum):
    IMPORTED = "imported"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    FAILED = "failed"


@dataclass(frozen=True)
class LineOutcome:
    number: int
    status: LineStatus
    external_id: str
    detail: str


@dataclass
class ImportCounts:
    imported: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: int = 0

    def add(self, status: LineStatus) -> None:
        setattr(self, str(status), getattr(self, str(status)) + 1)

    @property
    def lines(self) -> int:
        return self.imported + self.updated + self.unchanged + self.failed

    def __str__(self) -> str:
        return (
            f"{self.imported} imported, {self.updated} updated, "
            f"{self.unchanged} unchanged, {self.failed} failed"
        )


@dataclass(frozen=True)
class _PhotoFile:
    path: Path
    sha1: str


@dataclass
class _Content:
    """What an import compares to tell an unchanged line from an update."""

    headline: str
    lead: str
    body: list[dict]
    authors: tuple[str, ...]
    regions: frozenset[int]
    topics: frozenset[int]
    sources: tuple[tuple[str, str], ...]
    notes: tuple[tuple, ...]
    translation_of: int | None
    translation_kind: str
    photo: tuple[str, str, str, str] | None


def _edition(name: str) -> Edition:
    edition = edition_for_slug(name) or next(
        (e for e in all_editions() if e.language.lower() == name.lower()), None
    )
    if edition is None:
        known = ", ".join(e.slug for e in all_editions()) or "none"
        raise LineError(f"unknown edition “{name}” (editions: {known})")
    return edition


def _sections(
    kind: type[SectionPage], edition: Edition, slugs: Sequence[str], label: str
) -> list[SectionPage]:
    pages: dict[str, list[SectionPage]] = {}
    for page in kind.objects.filter(locale_id=edition.locale_id, slug__in=slugs):
        pages.setdefault(page.slug, []).append(page)
    for slug in slugs:
        if slug not in pages:
            raise LineError(f"unknown {label} “{slug}” in edition “{edition.slug}”")
        if len(pages[slug]) > 1:
            raise LineError(f"{label} “{slug}” is ambiguous in edition “{edition.slug}”")
    return [pages[slug][0] for slug in slugs]


def _original(external_id: str) -> Story:
    original = Story.objects.filter(external_id=external_id).first()
    if original is None:
        raise LineError(f"“translation_of”: no story has the external id “{external_id}”")
    return original


def _photo_file(base_dir: Path, photo: PhotoLine) -> _PhotoFile:
    path = base_dir / photo.file
    if not path.is_file():
        raise LineError(f"photo file “{photo.file}” not found")
    if path.suffix.lower().lstrip(".") not in get_allowed_image_extensions():
        raise LineError(f"photo file “{photo.file}” is not a kind of picture the site takes")
    # verify() finds a broken structure, load() a truncated picture; a bad file raises
    # whichever error its format's decoder likes, so any of them means "broken".
    try:
        with Image.open(path) as picture:
            picture.verify()
        with Image.open(path) as picture:
            picture.load()
            pixels = picture.width * picture.height
    except Exception as error:  # noqa: BLE001
        raise LineError(f"photo file “{photo.file}” is not a readable picture ({error})") from None
    # The limit the admin's upload form applies, so an import cannot bring in what it refuses.
    if pixels > getattr(settings, "WAGTAILIMAGES_MAX_IMAGE_PIXELS", 128_000_000):
        raise LineError(f"photo file “{photo.file}” has more pixels than the site takes")
    with path.open("rb") as file:
        return _PhotoFile(path=path, sha1=hash_filelike(file))


def _photo(
    photo_line: PhotoLine, photo_file: _PhotoFile, current: Photo | None, new_photos: list[Photo]
) -> Photo:
    """The same picture with the same credit is one photo, however many stories use it."""
    wanted = (photo_file.sha1, photo_line.credit, photo_line.copyright_holder)
    # The story's own photo may predate stored hashes, so the lookup below would miss it.
    if (
        current is not None
        and (current.get_file_hash(), current.credit, current.copyright_holder) == wanted
    ):
        return current
    existing = (
        Photo.objects.filter(
            file_hash=photo_file.sha1,
            credit=photo_line.credit,
            copyright_holder=photo_line.copyright_holder,
        )
        .order_by("pk")
        .first()
    )
    if existing is not None:
        return existing
    photo = Photo(
        title=(photo_line.caption or photo_file.path.name)[:255],
        credit=photo_line.credit,
        copyright_holder=photo_line.copyright_holder,
        default_caption=photo_line.caption,
    )
    with photo_file.path.open("rb") as file:
        photo.file.save(photo_file.path.name, ImageFile(file), save=False)
    new_photos.append(photo)
    photo._set_image_file_metadata()
    photo.save()
    return photo


def _authors(locale: Locale, names: Sequence[str]) -> list[Author]:
    found: dict[str, Author] = {}
    for author in Author.objects.filter(locale=locale, name__in=names).order_by("pk"):
        found.setdefault(author.name, author)
    return [found.get(name) or Author.objects.create(name=name, locale=locale) for name in names]


def _body_items(story: Story) -> list[str]:
    """The stored body as the items a line would carry. Links to pages are stored by id; a file
    carries their addresses instead."""
    blocks = [
        {**block, "value": expand_db_html(block["value"])}
        if block["type"] == "paragraph"
        else block
        for block in story.body.raw_data
    ]
    return body_items(blocks)


def _photo_caption(story: Story) -> str:
    """The caption readers see: the story's own, else the photo's in the story's language,
    else the photo's default."""
    if story.lead_photo is None:
        return ""
    if story.lead_photo_caption:
        return story.lead_photo_caption
    wording = PhotoWording.objects.filter(photo=story.lead_photo, locale_id=story.locale_id).first()
    return (wording.caption if wording else "") or story.lead_photo.default_caption


def _photo_wordings(photo: PhotoLine | None) -> dict[int, tuple[str, str]] | None:
    """The photo's caption and credit per language (locale id) as the line gives them; None
    when it gives none."""
    if photo is None or photo.wordings is None:
        return None
    wordings: dict[int, tuple[str, str]] = {}
    for name, caption, credit in photo.wordings:
        edition = _edition(name)
        if edition.locale_id in wordings:
            raise LineError(f"“wordings” name the edition “{edition.slug}” twice")
        wordings[edition.locale_id] = (caption, credit)
    return wordings


def _wordings_differ(photo: Photo | None, wordings: dict[int, tuple[str, str]] | None) -> bool:
    """Whether `photo` says anything else in a language of `wordings` (no wording says "")."""
    if photo is None or wordings is None:
        return False
    stored = {w.locale_id: (w.caption, w.credit) for w in PhotoWording.objects.filter(photo=photo)}
    return any(
        stored.get(locale_id, ("", "")) != wording for locale_id, wording in wordings.items()
    )


def _content_of_story(story: Story) -> _Content:
    photo = story.lead_photo
    return _Content(
        headline=story.headline,
        lead=story.lead,
        # Through the export format and back, so both sides are in the same canonical form.
        body=body_blocks(_body_items(story)),
        authors=tuple(credit.author.name for credit in story.byline.select_related("author")),
        regions=frozenset(story.regions.values_list("pk", flat=True)),
        topics=frozenset(story.topics.values_list("pk", flat=True)),
        sources=tuple(
            (source["value"]["name"], source["value"].get("url") or "")
            for source in story.sources.raw_data
        ),
        notes=tuple(
            (
                note["type"],
                note_time(note["value"]["noted_at"]),
                note["value"]["text"],
                note["value"].get("reason") or "",
            )
            for note in story.notes.raw_data
        ),
        translation_of=story.translation_of_id,
        translation_kind=story.translation_kind,
        photo=(
            (
                photo.get_file_hash(),
                photo.credit,
                photo.copyright_holder,
                _photo_caption(story),
            )
            if photo is not None
            else None
        ),
    )


def _content_of_line(
    line: StoryLine,
    regions: Sequence[SectionPage],
    topics: Sequence[SectionPage],
    original: Story | None,
    photo_file: _PhotoFile | None,
) -> _Content:
    return _Content(
        headline=line.headline,
        lead=line.lead,
        body=line.body,
        authors=line.authors,
        regions=frozenset(page.pk for page in regions),
        topics=frozenset(page.pk for page in topics),
        sources=line.sources,
        notes=tuple((note.kind, note.at, note.text, note.reason) for note in line.notes),
        translation_of=original.pk if original is not None else None,
        translation_kind=line.translation_kind,
        photo=(
            (photo_file.sha1, line.photo.credit, line.photo.copyright_holder, line.photo.caption)
            if line.photo is not None and photo_file is not None
            else None
        ),
    )


def _story_import(
    line: StoryLine, base_dir: Path, new_photos: list[Photo]
) -> tuple[LineStatus, Story]:
    edition = _edition(line.edition)
    regions = _sections(RegionPage, edition, line.regions, "region")
    topics = _sections(TopicPage, edition, line.topics, "topic")
    original = _original(line.translation_of) if line.translation_of else None
    photo_file = _photo_file(base_dir, line.photo) if line.photo is not None else None
    wordings = _photo_wordings(line.photo)

    story = Story.objects.filter(external_id=line.external_id).select_related("lead_photo").first()
    if story is not None:
        if story.locale_id != edition.locale_id:
            raise LineError(
                f"external id “{line.external_id}” is already story {story.pk} of another edition"
            )
        # Whoever unpublished it had a reason (a takedown, a legal hold): never republish it.
        if not story.live:
            return LineStatus.UNCHANGED, story
        same_time = line.updated_at is None or line.updated_at == story.last_published_at
        if (
            same_time
            and _content_of_story(story)
            == _content_of_line(line, regions, topics, original, photo_file)
            and not _wordings_differ(story.lead_photo, wordings)
        ):
            return LineStatus.UNCHANGED, story

    if story is not None and any(b["type"] in UNEXPORTED_BLOCKS for b in story.body.raw_data):
        # An update replaces the whole body, and the file cannot say what those blocks were.
        raise LineError(
            f"story {story.pk} has inline photos, galleries or see-also links, which a stories "
            "file cannot carry; updating it would drop them, so change it in the admin"
        )
    fields: dict[str, Any] = {
        "headline": line.headline,
        "lead": line.lead,
        "body": line.body,
        "lead_photo": (
            _photo(line.photo, photo_file, story.lead_photo if story else None, new_photos)
            if line.photo is not None and photo_file is not None
            else None
        ),
        "lead_photo_caption": line.photo.caption if line.photo is not None else "",
        "notes": [
            {
                "type": note.kind,
                "value": {
                    "noted_at": note.at.isoformat(),
                    "text": note.text,
                    "reason": note.reason,
                },
            }
            for note in line.notes
        ],
        "translation_of": original,
        "translation_kind": line.translation_kind,
    }
    if fields["lead_photo"] is not None and wordings is not None:
        photo_wordings_set(photo=fields["lead_photo"], wordings=wordings)
    sources = [{"name": name, "url": url} for name, url in line.sources]
    authors = _authors(edition.locale, line.authors)
    if story is None:
        story = story_create(
            locale=edition.locale,
            authors=authors,
            regions=regions,
            topics=topics,
            sources=sources,
            external_id=line.external_id,
            **fields,
        )
        story = story_publish(story=story, published_at=line.published_at)
        status = LineStatus.IMPORTED
    else:
        fields["sources"] = [{"type": "source", "value": source} for source in sources]
        story = story_update(
            story=story, fields=fields, authors=authors, regions=regions, topics=topics
        )
        status = LineStatus.UPDATED
    if line.updated_at is not None:
        Story.objects.filter(pk=story.pk).update(last_published_at=line.updated_at)
        story.last_published_at = line.updated_at
    return status, story


def story_import(*, line: StoryLine, base_dir: Path) -> tuple[LineStatus, Story]:
    """Creates and publishes the line's story, or publishes a new revision of it when its
    content changed; all or nothing. Photo paths are relative to `base_dir`.
    Raises LineError or ValidationError with the reason."""
    new_photos: list[Photo] = []
    try:
        with transaction.atomic():
            return _story_import(line, base_dir, new_photos)
    except BaseException:
        # A rollback takes back the photos' rows, not their files.
        for photo in new_photos:
            photo.file.storage.delete(photo.file.name)
        raise


def _reason(error: Exception) -> str:
    if isinstance(error, ValidationError) and hasattr(error, "error_dict"):
        return "; ".join(
            f"{name}: {' '.join(messages)}" if name != "__all__" else " ".join(messages)
            for name, messages in error.message_dict.items()
        )
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    if isinstance(error, LineError | DatabaseError | OSError):
        return str(error)
    # Nothing checked for this: say what broke rather than stop the import.
    detail = f"{error}".encode("utf-8", "backslashreplace").decode("utf-8")
    return f"cannot be imported ({type(error).__name__}: {detail})"


def _lines(path: Path) -> Iterator[tuple[int, str | LineError]]:
    """The file's non-blank lines with their numbers; a line that is not UTF-8 comes as the
    error to report."""
    with path.open("rb") as file:
        for number, raw in enumerate(file, 1):
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError as error:
                yield number, LineError(f"not UTF-8 text (byte {error.start + 1})")
                continue
            text = text.removeprefix("\ufeff") if number == 1 else text
            if text.strip():
                yield number, text


class _Import:
    def __init__(self, path: Path, on_line: Callable[[LineOutcome], None]) -> None:
        self.path = path
        self.on_line = on_line
        self.counts = ImportCounts()
        # External id → number of the line that failed, to explain a translation of it.
        self.failed_lines: dict[str, int] = {}

    def record(self, number: int, status: LineStatus, external_id: str, detail: str) -> None:
        self.counts.add(status)
        self.on_line(LineOutcome(number, status, external_id, detail))

    def parse(self, number: int, text: str | LineError) -> StoryLine | None:
        try:
            if isinstance(text, LineError):
                raise text
            return story_line_parse(text)
        except Exception as error:  # one bad line never stops the others
            self.record(number, LineStatus.FAILED, "", _reason(error))
            return None

    def story(self, number: int, line: StoryLine) -> None:
        try:
            status, story = story_import(line=line, base_dir=self.path.parent)
        except Exception as error:  # one bad line never stops the others
            reason = _reason(error)
            if line.translation_of in self.failed_lines:
                reason += f" (line {self.failed_lines[line.translation_of]} has that id and failed)"
            self.failed_lines[line.external_id] = number
            self.record(number, LineStatus.FAILED, line.external_id, reason)
            return
        detail = f"story {story.pk}" + ("" if story.live else ", unpublished here: left alone")
        self.record(number, status, line.external_id, detail)

    def run(self) -> ImportCounts:
        # Translations wait for a second pass when their original is further down the file.
        waiting: set[int] = set()
        for number, text in _lines(self.path):
            line = self.parse(number, text)
            if line is None:
                continue
            if (
                line.translation_of
                and not Story.objects.filter(external_id=line.translation_of).exists()
            ):
                waiting.add(number)
                continue
            self.story(number, line)
        if waiting:
            for number, text in _lines(self.path):
                if number in waiting and (line := self.parse(number, text)) is not None:
                    self.story(number, line)
        return self.counts


def stories_import(
    *, path: Path, on_line: Callable[[LineOutcome], None] = lambda outcome: None
) -> ImportCounts:
    """Imports every line of a stories file, each on its own: a bad line is reported (through
    `on_line`, as is every other line) and the import goes on."""
    return _Import(path, on_line).run()
