"""Many synthetic published stories at once, for load tests and for trying the archive at scale.

The demo builder writes each story through the services: a save, a revision and a publish, one
story at a time. This writes the same rows in batches of a few thousand, one insert per table:
the stories, their bylines, regions and topics, one revision each as the admin's save would store
it, the publish entry of the history log, Wagtail's reference index rows, the admin's search
index through the backend's bulk call, and the entries of dateline.search. Stories made here
are then read, searched, edited and republished like any other.

What it leaves out: the live event log (these stories are dated in the past and no reader is
waiting for them), and the `published` signal in general.

The stories' words come from the demo's small bank of headlines and paragraphs, so a million
stories share a few hundred bodies. With `varied_text` each story gets its own headline, lead and
body of at least 2,000 characters in its edition's language instead (demo.wordsmith), from a
random generator of its own: the stories' dates, sections, people and translations stay the same
with and without it. `mentions` plants a sentence naming each given name in a known number of
stories (from yet another generator, so the rest of the text does not change either).
"""

import json
import uuid
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cache, partial
from math import sqrt
from random import Random
from time import perf_counter
from typing import Any

from anyascii import anyascii
from django.core.serializers.json import DjangoJSONEncoder
from django.db import (
    DEFAULT_DB_ALIAS,
    NotSupportedError,
    connections,
    models,
    transaction,
)
from django.utils import timezone
from django.utils.encoding import is_protected_type
from django.utils.html import escape
from django.utils.text import slugify
from modelcluster.models import get_all_child_m2m_relations, get_all_child_relations
from wagtail.fields import StreamField
from wagtail.models import ModelLogEntry, ReferenceIndex, Revision
from wagtail.search.backends import get_search_backends

from dateline.core.html import safe_rich_text
from dateline.core.planner import planner_statistics_refresh
from dateline.editions.models import Edition
from dateline.labels.relabelling import rule_passes_start
from dateline.photos.factories import PhotoFactory
from dateline.photos.models import Photo
from dateline.search.index import stories_index
from dateline.stories.models import Author, Story, StoryAuthor, TranslationKind
from dateline.taxonomy.models import RegionPage, TopicPage

from . import content, wordsmith
from .builder import DemoNewsroom

BATCH_SIZE = 2000
YEARS = 20
# The newest year has this many times the stories of the oldest: the agency grew.
GROWTH = 3.0
TRANSLATED_SHARE = 1 / 3
PHOTO_POOL = 24
SEE_ALSO_WINDOW = 30
# With varied text: a body's paragraphs are this long at least, a full one up to about twice
# that (the longer, the fewer: 2,350 on average), an abridged translation's a little over it.
VARIED_MIN_CHARS = 2000
MENTION_SHARE = 0.001


@dataclass
class BulkLoad:
    stories: int = 0
    translations: int = 0
    indexed: bool = True
    seconds: float = 0.0
    index_seconds: float = 0.0
    # Each name asked for, and how many stories got a sentence naming it.
    mentions: dict[str, int] = field(default_factory=dict)
    # How many other stories' text holds the name all the same (a word of the bank or of the
    # generated text that happens to be spelt the same).
    unplanted_mentions: dict[str, int] = field(default_factory=dict)

    @property
    def stories_per_second(self) -> float:
        return self.stories / self.seconds if self.seconds else 0.0


@dataclass
class _Desk:
    """One edition as the loader writes for it: its sections, people and recent stories."""

    edition: Edition
    side: int  # which half of the content bank's (English, Russian) pairs it writes in
    regions: list[RegionPage]
    topics: list[TopicPage]
    authors: list[Author]
    recent: deque[int] = field(default_factory=lambda: deque(maxlen=SEE_ALSO_WINDOW))

    @property
    def locale_id(self) -> int:
        return self.edition.locale_id


@dataclass
class _Draft:
    """A story about to be written, with what goes into other tables once it has an id."""

    story: Story
    streams: dict[str, list[dict]]  # the StreamFields' stored form, by field name
    authors: list[Author]
    regions: list[RegionPage]
    topics: list[TopicPage]
    desk: _Desk
    original: "_Draft | None" = None
    bylines: list[tuple[int, int, int]] = field(default_factory=list)  # id, author id, order


class _Agency:
    """The editions the stories go to, with their sections, authors and a pool of photos."""

    def __init__(self, rng: Random) -> None:
        if not Edition.objects.exists():
            DemoNewsroom(rng)  # the demo's editions, regions, topics, authors and photos
        editions = list(Edition.objects.select_related("locale").order_by("sort_order", "pk"))
        self.desks = [self._desk(edition) for edition in editions]
        photos = list(Photo.objects.order_by("pk")[:PHOTO_POOL])
        if not photos:
            photos = [PhotoFactory(credit=rng.choice(content.PHOTOGRAPHERS)[0]) for _ in range(6)]
        self.photo_ids = [photo.pk for photo in photos]

    @staticmethod
    def _desk(edition: Edition) -> _Desk:
        locale_id = edition.locale_id
        return _Desk(
            edition=edition,
            side=1 if edition.language == "ru" else 0,
            regions=list(RegionPage.objects.live().filter(locale_id=locale_id).order_by("pk")),
            topics=list(TopicPage.objects.live().filter(locale_id=locale_id).order_by("pk")),
            authors=list(Author.objects.filter(locale_id=locale_id).order_by("pk")),
        )


def _counterpart(item, desk: _Desk, pool_name: str):
    """The version of a region, topic or author in `desk`'s edition, if it has one."""
    return next(
        (
            other
            for other in getattr(desk, pool_name)
            if other.translation_key == item.translation_key
        ),
        None,
    )


def _slug_of(headline: str) -> str:
    # As Story.save() computes it; bulk_create does not call save(). anyascii transliterates
    # each character on its own, so word by word is the same, and the words repeat.
    ascii_headline = " ".join(map(_ascii_word, headline.split(" ")))
    return slugify(ascii_headline)[:100].strip("-") or "story"


def _html_of(text: str) -> str:
    # As Story.save() stores a paragraph: escaped, then cleaned to the paragraph features.
    if _is_plain(text):
        return f"<p>{text}</p>"  # what the two would make of it, ten times faster
    return safe_rich_text(f"<p>{escape(text)}</p>")


def _is_plain(text: str) -> bool:
    """Whether escape() leaves `text` as it is and nh3 gives it back as it was: no markup
    characters, and only printable ones (no controls, no no-break space, which nh3 writes as an
    entity)."""
    return text.isprintable() and not any(character in text for character in "&<>\"'")


# The content bank's texts repeat: worked out once each. Varied text is not kept (its words
# are: a few thousand).
_slug = cache(_slug_of)
_paragraph_html = cache(_html_of)
_ascii_word = cache(anyascii)


def _block(block_type: str, value) -> dict:
    return {"type": block_type, "value": value, "id": str(uuid.uuid4())}


def _note_time(moment: datetime) -> str:
    # How a DateTimeBlock's value is stored when an editor saves it in the admin.
    return DjangoJSONEncoder().default(moment.replace(second=0, microsecond=0))


def _moments(count: int, rng: Random, now: datetime, years: int) -> Iterator[datetime]:
    """`count` publication times, oldest first, over `years` up to `now`, denser lately.

    Sorted uniform samples come one by one (each the previous one times a random power), so a
    million stories need no list of a million times; then a linear growth in density."""
    span = timedelta(days=round(365.25 * years))
    top = 1.0
    a = GROWTH - 1
    for remaining in range(count, 0, -1):
        top *= rng.random() ** (1 / remaining)
        u = 1 - top  # ascending
        # Inverse of the distribution with density proportional to 1 + a*x on [0, 1].
        x = (sqrt(1 + a * (a + 2) * u) - 1) / a if a else u
        yield now - span * (1 - x)


class _Mentions:
    """Which stories name which names: for each name, `share` of the stories (rounded), chosen
    by selection sampling as the stories are drafted, with a sentence that names it."""

    def __init__(self, names: Sequence[str], *, share: float, stories: int, seed: int) -> None:
        self.rng = Random(f"{seed}-mentions")
        self.wanted = {name: round(share * stories) for name in names}
        self.planted = dict.fromkeys(self.wanted, 0)
        self.elsewhere = dict.fromkeys(self.wanted, 0)
        self.stories_left = stories
        self.copywriters: dict[str, wordsmith.Copywriter] = {}

    def for_next_story(self) -> list[str]:
        """The names the next story drafted is to name (of `stories` in all)."""
        random, left = self.rng.random, self.stories_left
        names = [
            name
            for name, wanted in self.wanted.items()
            if random() * left < wanted - self.planted[name]
        ]
        for name in names:
            self.planted[name] += 1
        self.stories_left -= 1
        return names

    def plant(
        self, paragraphs: list[list[str]], names: list[str], language: str, place: wordsmith.Place
    ) -> None:
        if language not in self.copywriters:
            self.copywriters[language] = wordsmith.copywriter(language, self.rng)
        for name in names:
            self.copywriters[language].plant(paragraphs, name, place)

    def count_elsewhere(self, texts: Sequence[str], names: list[str]) -> None:
        """Counts the names this story was not given that its `texts` hold all the same."""
        for name in self.wanted:
            if name not in names and any(name in text for text in texts):
                self.elsewhere[name] += 1


class _Writer:
    def __init__(
        self,
        rng: Random,
        agency: _Agency,
        now: datetime,
        *,
        text_rng: Random | None = None,
        mentions: _Mentions | None = None,
    ) -> None:
        self.rng = rng
        self.agency = agency
        self.now = now
        self.text_rng = text_rng
        self.mentions = mentions
        self.copywriters: dict[str, wordsmith.Copywriter] = {}

    def plan(self, desk: _Desk) -> dict:
        """What a story is about, in both languages of the content bank (as the demo plans)."""
        rng = self.rng
        photos = self.agency.photo_ids
        notes = []
        if rng.random() < 0.06:
            notes.append(("update", rng.choice(content.UPDATES)))
        if rng.random() < 0.03:
            notes.append(("correction", rng.choice(content.CORRECTIONS)))
        region = rng.choice(desk.regions) if desk.regions else None
        return {
            "region": region,
            "place": _place_names(region, rng),
            "topics": rng.sample(desk.topics, min(len(desk.topics), rng.randint(1, 2))),
            "authors": rng.sample(desk.authors, min(len(desk.authors), rng.randint(0, 2))),
            "headline": rng.choice(content.HEADLINES),
            "lead": rng.choice(content.LEADS),
            "paragraphs": tuple(
                zip(*rng.sample(content.PARAGRAPHS, rng.randint(3, 6)), strict=True)
            ),
            "quote": rng.choice(content.QUOTES) if rng.random() < 0.3 else None,
            "photo": rng.choice(photos) if photos and rng.random() < 0.7 else None,
            "inline_photo": rng.choice(photos) if photos and rng.random() < 0.15 else None,
            "see_also": rng.random() < 0.3,
            "sources": rng.sample(content.SOURCES, rng.randint(0, 2)),
            "notes": notes,
        }

    def draft(
        self,
        *,
        plan: dict,
        desk: _Desk,
        when: datetime,
        original: _Draft | None = None,
        kind: str = "",
    ) -> _Draft:
        """The story `plan` describes, written for `desk`'s edition (as the demo writes it)."""
        side = desk.side
        region = plan["region"]
        topics, authors = plan["topics"], plan["authors"]
        if original is not None:
            # The original's sections and people as this edition has them (copy_for_translation).
            region = region and _counterpart(region, desk, "regions")
            topics = [t for t in (_counterpart(t, desk, "topics") for t in topics) if t]
            authors = [a for a in (_counterpart(a, desk, "authors") for a in authors) if a]
        place = region.title if region is not None else plan["place"][side]
        language = desk.edition.language
        where = wordsmith.place_for(
            language, slug=region.slug if region is not None else "", title=place
        )
        names = self.mentions.for_next_story() if self.mentions is not None else []
        quote = plan["quote"] and plan["quote"][side]
        if self.text_rng is not None:
            copywriter = self._copywriter(language, self.text_rng)
            headline, lead = copywriter.headline(where), copywriter.lead(where)
            least = VARIED_MIN_CHARS + int(
                (400 if kind == TranslationKind.ABRIDGED else 2000) * self.text_rng.random() ** 5
            )
            paragraphs = copywriter.body(where, min_chars=least)
            if quote:
                quote = copywriter.quote(where)
        else:
            headline = plan["headline"][side].format(place=place)
            lead = plan["lead"][side]
            paragraphs = [[text] for text in plan["paragraphs"][side]]
            if kind == TranslationKind.ABRIDGED:
                paragraphs = paragraphs[:2]
        if names and self.mentions is not None:
            self.mentions.plant(paragraphs, names, language, where)
        texts = [" ".join(sentences) for sentences in paragraphs]
        if self.mentions is not None:
            self.mentions.count_elsewhere([headline, lead, quote or "", *texts], names)
        # The bank's paragraphs repeat and are worked out once each; generated ones are not kept.
        html = _html_of if self.text_rng is not None or names else _paragraph_html
        body = [_block("paragraph", html(text)) for text in texts]
        if quote:
            body.insert(1, _block("quote", {"text": quote, "attribution": ""}))
        if plan["inline_photo"] is not None:
            body.insert(2, _block("photo", {"image": plan["inline_photo"], "caption": ""}))
        if plan["see_also"] and desk.recent:
            body.append(_block("see_also", {"story": self.rng.choice(desk.recent)}))
        noted_at = min(when + timedelta(hours=3), self.now)
        streams = {
            "body": body,
            "sources": [_block("source", {"name": n, "url": u}) for n, u in plan["sources"]],
            "notes": [
                _block(
                    note_type,
                    {"noted_at": _note_time(noted_at), "text": text[side]},
                )
                for note_type, text in plan["notes"]
            ],
        }
        story = Story(
            locale_id=desk.locale_id,
            headline=headline,
            slug=_slug_of(headline) if self.text_rng is not None else _slug(headline),
            lead=lead,
            lead_photo_id=plan["photo"],
            lead_photo_caption="",
            translation_kind=kind,
            live=True,
            has_unpublished_changes=False,
            first_published_at=when,
            last_published_at=when,
            **streams,
        )
        if original is not None:
            story.translation_key = original.story.translation_key
        return _Draft(
            story=story,
            streams=streams,
            authors=authors,
            regions=[region] if region is not None else [],
            topics=topics,
            desk=desk,
            original=original,
        )

    def _copywriter(self, language: str, rng: Random) -> wordsmith.Copywriter:
        if language not in self.copywriters:
            self.copywriters[language] = wordsmith.copywriter(language, rng)
        return self.copywriters[language]


def _place_names(region: RegionPage | None, rng: Random) -> tuple[str, str]:
    """The region's name in the content bank's two languages, for an edition that lacks it."""
    rows = [row for row in content.REGIONS if region is not None and row[0] == region.slug]
    if rows:
        return rows[0][1], rows[0][2]
    if region is not None:
        return region.title, region.title
    row = rng.choice(content.REGIONS)
    return row[1], row[2]


class _Table:
    """Rows of one model written in one go (`executemany`, or COPY on PostgreSQL): Django's
    bulk_create spends far more time compiling each value into SQL than the database spends
    storing it."""

    def __init__(self, model: type[models.Model], field_names: Sequence[str] = ()) -> None:
        meta = model._meta
        fields: list[Any] = [meta.get_field(name) for name in field_names] or list(
            meta.concrete_fields
        )
        self.model = model
        self.attnames = [f.attname for f in fields]
        self.connection = connections[DEFAULT_DB_ALIAS]
        quote = self.connection.ops.quote_name
        self.sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608 (names from models)
            quote(meta.db_table),
            ", ".join(quote(f.column) for f in fields),
            ", ".join(["%s"] * len(fields)),
        )
        self.copy_sql = "COPY {} ({}) FROM STDIN".format(
            quote(meta.db_table), ", ".join(quote(f.column) for f in fields)
        )
        self.converters = [self._converter(f) for f in fields]

    def _converter(self, field: models.Field) -> Callable | None:
        """How a value of `field` becomes what the database driver takes: JSON as text or jsonb,
        UUIDs as text or uuid, times naive or aware; ints, strings and booleans as they are."""
        if isinstance(field, StreamField):
            # StreamField.get_db_prep_value, without the JSONField it builds on every call.
            adapt = partial(self.connection.ops.adapt_json_value, encoder=DjangoJSONEncoder)
            return lambda value: adapt(field.get_prep_value(value))
        if isinstance(field, models.JSONField | models.DateTimeField | models.UUIDField):
            return partial(field.get_db_prep_save, connection=self.connection)
        return None

    def insert(self, rows: Iterable[Sequence]) -> None:
        converters = self.converters
        prepared = [
            [
                value if convert is None else convert(value)
                for value, convert in zip(row, converters, strict=True)
            ]
            for row in rows
        ]
        if not prepared:
            return
        with self.connection.cursor() as cursor:
            if self.connection.vendor == "postgresql":
                # COPY: one stream instead of a statement per row, several times faster.
                with cursor.cursor.copy(self.copy_sql) as copy:
                    for row in prepared:
                        copy.write_row(row)
            else:
                cursor.executemany(self.sql, prepared)

    def insert_objects(self, objects: Iterable[models.Model]) -> None:
        self.insert([getattr(obj, name) for name in self.attnames] for obj in objects)

    def reserve_ids(self, count: int) -> list[int]:
        """`count` new primary keys, so rows can point at each other before they are written."""
        table, column = self.model._meta.db_table, str(self.model._meta.pk.column)
        connection = self.connection
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(
                    "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                    [table, column, count],
                )
                return [row[0] for row in cursor.fetchall()]
            if connection.vendor == "sqlite":
                # AUTOINCREMENT never reuses an id, even a deleted one (whose history log entries
                # remain), so start after the sequence. The transaction already holds the write
                # lock (settings: transaction_mode IMMEDIATE), so no one else takes these ids.
                quote = connection.ops.quote_name
                newest = f"SELECT max({quote(column)}) FROM {quote(table)}"  # noqa: S608
                sequence = "SELECT seq FROM sqlite_sequence WHERE name = %s"
                cursor.execute(
                    f"SELECT max(coalesce(({sequence}), 0), coalesce(({newest}), 0))", [table]
                )
                first = cursor.fetchone()[0] + 1
                return list(range(first, first + count))
        raise NotSupportedError(
            f"bulk-load does not know how to reserve ids on {connection.vendor}"
        )


class _RevisionContent:
    """What `story.serializable_data()` returns once the story and its bylines, regions and
    topics are saved, i.e. what the admin stores in a revision, without building each value
    through the model's fields (which costs more than writing the story)."""

    def __init__(self) -> None:
        self.fields = [
            (f.name, f.attname, f.remote_field is None and not isinstance(f, StreamField))
            for f in Story._meta.fields
            if f.serialize
        ]
        self.empty_relations = [rel.get_accessor_name() for rel in get_all_child_relations(Story)]
        self.empty_relations += [f.name for f in get_all_child_m2m_relations(Story) if f.serialize]

    def of(self, draft: _Draft) -> dict:
        story = draft.story
        data: dict = {"pk": story.pk}
        for name, attname, plain in self.fields:
            value = getattr(story, attname)
            if name in draft.streams:
                # StreamField.value_to_string: the stream's JSON as a string inside the JSON.
                value = json.dumps(draft.streams[name], cls=DjangoJSONEncoder)
            elif plain and not is_protected_type(value):
                value = str(value)
            data[name] = value
        data |= dict.fromkeys(self.empty_relations, [])
        data["byline"] = [
            {"pk": pk, "sort_order": order, "story": story.pk, "author": author_id}
            for pk, author_id, order in draft.bylines
        ]
        data["regions"] = [region.pk for region in draft.regions]
        data["topics"] = [topic.pk for topic in draft.topics]
        return data


class _BatchStore:
    """Writes one batch of drafts and everything that hangs off them, in one transaction."""

    def __init__(self, *, index: bool) -> None:
        self.story_type_id = Story.get_base_content_type().pk
        self.photo_type_id = ReferenceIndex._get_base_content_type(Photo).pk
        self.author_type_id = ReferenceIndex._get_base_content_type(Author).pk
        self.index = index
        self.search_backends = list(get_search_backends(with_auto_update=True)) if index else []
        self.revision_content = _RevisionContent()
        self.stories = _Table(Story)
        self.bylines = _Table(StoryAuthor, ["id", "story", "author", "sort_order"])
        self.sections = []
        for name in ("regions", "topics"):
            m2m = Story._meta.get_field(name)
            through = m2m.remote_field.through
            columns = [m2m.m2m_field_name(), m2m.m2m_reverse_field_name()]
            self.sections.append((name, _Table(through, columns)))
        self.revisions = _Table(
            Revision,
            [
                "id",
                "content_type",
                "base_content_type",
                "object_id",
                "created_at",
                "user",
                "object_str",
                "content",
                "approved_go_live_at",
            ],
        )
        self.log = _Table(
            ModelLogEntry,
            [
                "content_type",
                "object_id",
                "label",
                "action",
                "data",
                "timestamp",
                "uuid",
                "user",
                "revision",
                "content_changed",
                "deleted",
            ],
        )
        self.references = _Table(
            ReferenceIndex,
            [
                "content_type",
                "base_content_type",
                "object_id",
                "to_content_type",
                "to_object_id",
                "model_path",
                "content_path",
                "content_path_hash",
            ],
        )
        self.index_seconds = 0.0

    @transaction.atomic
    def store(self, originals: list[_Draft], translations: list[_Draft]) -> None:
        drafts = originals + translations
        for draft, pk in zip(drafts, self.stories.reserve_ids(len(drafts)), strict=True):
            draft.story.pk = pk
        for draft in translations:
            draft.story.translation_of_id = draft.original.story.pk  # type: ignore[union-attr]
        byline_ids = iter(self.bylines.reserve_ids(sum(len(d.authors) for d in drafts)))
        for draft in drafts:
            draft.bylines = [(next(byline_ids), a.pk, n) for n, a in enumerate(draft.authors)]
        revision_ids = self._revisions(drafts)
        # Foreign keys are checked at commit, so stories may go in before their revisions.
        self.stories.insert_objects(d.story for d in drafts)
        self.bylines.insert(
            (pk, d.story.pk, author_id, order) for d in drafts for pk, author_id, order in d.bylines
        )
        for name, table in self.sections:
            table.insert((d.story.pk, section.pk) for d in drafts for section in getattr(d, name))
        self._publish_log(drafts, revision_ids)
        self._references(drafts)
        if self.index:
            started = perf_counter()
            stories = [d.story for d in drafts]
            with _bodies_read_once():
                for backend in self.search_backends:
                    backend.add_bulk(Story, stories)
            stories_index(stories)  # the readers' and newsroom's index (dateline.search)
            self.index_seconds += perf_counter() - started

    def _revisions(self, drafts: list[_Draft]) -> list[int]:
        """One revision per story, as the admin's save stores it; then the story points at it
        as its latest and live revision."""
        ids = self.revisions.reserve_ids(len(drafts))
        rows = []
        for draft, revision_id in zip(drafts, ids, strict=True):
            story = draft.story
            rows.append(
                (
                    revision_id,
                    self.story_type_id,
                    self.story_type_id,
                    str(story.pk),
                    story.first_published_at,
                    None,
                    str(story),
                    self.revision_content.of(draft),
                    None,
                )
            )
            story.latest_revision_id = story.live_revision_id = revision_id
        self.revisions.insert(rows)
        return ids

    def _publish_log(self, drafts: list[_Draft], revision_ids: list[int]) -> None:
        # The entry the admin's history shows for a publish (PublishRevisionAction logs it).
        self.log.insert(
            (
                self.story_type_id,
                str(d.story.pk),
                d.story.headline,
                "wagtail.publish",
                {},
                d.story.first_published_at,
                None,
                None,
                revision_id,
                True,
                False,
            )
            for d, revision_id in zip(drafts, revision_ids, strict=True)
        )

    def _references(self, drafts: list[_Draft]) -> None:
        """Wagtail's reference index rows (the admin's usage counts), the same ones
        ReferenceIndex.create_or_update_for_object() would write for each story."""
        rows: list[tuple] = []
        story_type, photo_type = self.story_type_id, self.photo_type_id
        for draft in drafts:
            story = draft.story
            found = []
            if story.lead_photo_id is not None:
                found.append((photo_type, story.lead_photo_id, "lead_photo", "lead_photo"))
            if story.translation_of_id is not None:
                found.append(
                    (story_type, story.translation_of_id, "translation_of", "translation_of")
                )
            for block in draft.streams["body"]:
                if block["type"] == "photo":
                    target, name = (photo_type, block["value"]["image"]), "image"
                elif block["type"] == "see_also":
                    target, name = (story_type, block["value"]["story"]), "story"
                else:
                    continue
                found.append(
                    (*target, f"body.{block['type']}.{name}", f"body.{block['id']}.{name}")
                )
            found.extend(
                (self.author_type_id, author_id, "byline.item.author", f"byline.{pk}.author")
                for pk, author_id, _ in draft.bylines
            )
            object_id = str(story.pk)
            rows.extend(
                (
                    story_type,
                    story_type,
                    object_id,
                    to_type,
                    str(to_id),
                    model_path,
                    content_path,
                    ReferenceIndex._get_content_path_hash(content_path),
                )
                for to_type, to_id, model_path, content_path in set(found)
            )
        self.references.insert(rows)


@contextmanager
def _bodies_read_once() -> Iterator[None]:
    """Wagtail's database search backends read a story's searchable text three times over (for
    the title, body and autocomplete columns, each time from every search field), and reading
    the body's paragraphs out of their HTML is most of the indexing: meanwhile, each body value
    is read once, by the field's own get_searchable_content."""
    field = Story._meta.get_field("body")
    read = field.get_searchable_content
    texts: dict[int, tuple[object, list[str]]] = {}  # the value too: its id stays its own

    def read_once(value: object) -> list[str]:
        if id(value) not in texts:
            texts[id(value)] = (value, read(value))
        return texts[id(value)][1]

    field.get_searchable_content = read_once
    try:
        yield
    finally:
        del field.get_searchable_content


def stories_bulk_load(
    *,
    stories: int,
    seed: int = 2021,
    index: bool = True,
    years: int = YEARS,
    batch_size: int = BATCH_SIZE,
    now: datetime | None = None,
    varied_text: bool = False,
    mentions: Sequence[str] = (),
    mention_share: float = MENTION_SHARE,
    progress: Callable[[BulkLoad], None] | None = None,
) -> BulkLoad:
    """`stories` published stories over the `years` before `now` across the editions, about a
    third of them translations of stories in another edition. On a database without editions,
    first the demo's editions, regions, topics, authors and photos. With `index=False` the
    stories are not added to the search indexes (`dateline update_index` and `dateline reindex`
    add them later).

    With `varied_text`, every story has words of its own (see the module's docstring). Each
    name in `mentions` is named by a sentence in `mention_share` of the stories (rounded), the
    same share for each; the result says how many."""
    rng = Random(seed)
    now = now or timezone.now()
    with transaction.atomic():
        agency = _Agency(rng)
    desks: Sequence[_Desk] = agency.desks
    planted = (
        _Mentions(list(dict.fromkeys(mentions)), share=mention_share, stories=stories, seed=seed)
        if mentions
        else None
    )
    text_rng = Random(f"{seed}-text") if varied_text else None
    writer = _Writer(rng, agency, now, text_rng=text_rng, mentions=planted)
    store = _BatchStore(index=index)
    translations_wanted = round(stories * TRANSLATED_SHARE) if len(desks) > 1 else 0
    originals_count = stories - translations_wanted
    result = BulkLoad(indexed=index)
    started = perf_counter()
    originals: list[_Draft] = []
    translations: list[_Draft] = []
    for number, when in enumerate(_moments(originals_count, rng, now, years)):
        desk = rng.choice(desks)
        plan = writer.plan(desk)
        original = writer.draft(plan=plan, desk=desk, when=when)
        originals.append(original)
        # Selection sampling: exactly `translations_wanted` of the originals get one.
        if rng.random() * (originals_count - number) < translations_wanted - result.translations:
            other = rng.choice([d for d in desks if d is not desk])
            kind = TranslationKind.ABRIDGED if rng.random() < 0.4 else TranslationKind.FULL
            later = min(when + timedelta(hours=rng.uniform(1, 10)), now)
            translations.append(
                writer.draft(plan=plan, desk=other, when=later, original=original, kind=kind)
            )
            result.translations += 1
        if len(originals) + len(translations) >= batch_size:
            _flush(store, originals, translations, result, started, progress)
    _flush(store, originals, translations, result, started, progress)
    if planted is not None:
        result.mentions = planted.planted
        result.unplanted_mentions = planted.elsewhere
    # A million rows more: measured again in full (dateline.core.planner).
    planner_statistics_refresh()
    # Published without the publish signal: the label rules' passes label them in the worker.
    rule_passes_start(f"Bulk load of {result.stories} stories")
    return result


def _flush(
    store: _BatchStore,
    originals: list[_Draft],
    translations: list[_Draft],
    result: BulkLoad,
    started: float,
    progress: Callable[[BulkLoad], None] | None,
) -> None:
    if not originals and not translations:
        return
    store.store(originals, translations)
    for draft in originals + translations:
        draft.desk.recent.append(draft.story.pk)
    result.stories += len(originals) + len(translations)
    result.seconds = perf_counter() - started
    result.index_seconds = store.index_seconds
    originals.clear()
    translations.clear()
    if progress is not None:
        progress(result)
