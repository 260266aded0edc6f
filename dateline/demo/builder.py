"""Builds the demo agency through the same services and factories the tests use."""

import random
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape

from dateline.editions.factories import english_edition, russian_edition
from dateline.editions.models import Edition, EditionFrontPage
from dateline.labels.models import EntityKind, Label, LabelRule, LabelText, Placement
from dateline.photos.factories import PhotoFactory, PhotographerFactory, photographer_translate
from dateline.photos.models import Photo, Photographer
from dateline.photos.services import photo_wordings_set
from dateline.stories.models import Author, Story, TranslationKind
from dateline.stories.services import story_create, story_publish
from dateline.taxonomy.factories import region_add, topic_add

from . import content
from .pictures import Scene, demo_picture

ADMIN_USERNAME = "admin"


@dataclass(frozen=True)
class EditionCounts:
    """What an edition holds, counted in the database once the demo is built."""

    edition: Edition
    stories: int
    translations: int
    authors: int


@dataclass
class DemoAgency:
    editions: list[EditionCounts]
    photos: int
    photographers: int
    admin_password: str


@dataclass(frozen=True)
class DemoPhoto:
    photo: Photo
    kind: str
    captions: tuple[str, str]  # (English, Russian): what the picture shows


def admin_login_file():
    return settings.DATA_DIR / "demo-admin-login.txt"


def _paragraph(text: str) -> dict:
    return {"type": "paragraph", "value": f"<p>{escape(text)}</p>"}


class DemoNewsroom:
    """The demo's editions, sections, people and photos, and the stories written so far."""

    def _labels(self) -> None:
        """The reference page's notice on every story of both editions (one Russian text, in
        capitals, twice the body's size, under the headline), and each registry kind's note
        after the first mention of one of its entries."""
        notice = Label.objects.create(
            name="Foreign agent notice", fixed_language="ru", upper_case=True, font_scale=2
        )
        LabelText.objects.create(label=notice, language="ru", text=content.LABEL_BANNER)
        for edition in self.editions:
            LabelRule.objects.create(label=notice, kind=LabelRule.Kind.EDITION, edition=edition)
        mention = Label.objects.create(name="Registry mention note", placement=Placement.MENTION)
        for kind in EntityKind.objects.all():
            LabelRule.objects.create(label=mention, kind=LabelRule.Kind.MENTION, entity_kind=kind)

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.editions = (
            english_edition(agency_name=content.AGENCY[0], sort_order=0),
            russian_edition(
                agency_name=content.AGENCY[1],
                agency_name_genitive=content.AGENCY_RUSSIAN_GENITIVE,
                sort_order=1,
            ),
        )
        self._labels()
        fronts = [EditionFrontPage.objects.get(locale=e.locale) for e in self.editions]
        self.regions = self._sections(region_add, content.REGIONS, fronts)
        self.topics = self._sections(topic_add, content.TOPICS, fronts)
        self.authors = [self._author_pair(pair) for pair in content.AUTHORS]
        self.photographers = [self._photographer(names) for names in content.PHOTOGRAPHERS]
        kinds = list(content.SCENES)
        self.photos = [self.photo_add(i, kinds[i % len(kinds)]) for i in range(24)]
        self.published: dict[int, list[Story]] = {0: [], 1: []}

    @staticmethod
    def _sections(add, rows, fronts) -> dict[str, tuple]:
        sections = {}
        for slug, *titles in rows:
            first = add(parent=fronts[0], title=titles[0], slug=slug)
            second = add(parent=fronts[1], title=titles[1], slug=slug, translation_of=first)
            sections[slug] = (first, second)
        return sections

    def _author_pair(self, names: tuple[str, str]) -> tuple[Author, Author]:
        first = Author.objects.create(name=names[0], locale=self.editions[0].locale)
        second = Author.objects.create(
            name=names[1], locale=self.editions[1].locale, translation_key=first.translation_key
        )
        return first, second

    def _photographer(self, names: tuple[str, str, str]) -> Photographer:
        english, russian, russian_genitive = names
        person = PhotographerFactory.create(name=english, locale=self.editions[0].locale)
        photographer_translate(
            person, locale=self.editions[1].locale, name=russian, name_genitive=russian_genitive
        )
        return person

    def photo_add(
        self, seed: int, kind: str, time: str = "", captions: tuple[str, str] | None = None
    ) -> DemoPhoto:
        """A drawn picture of `kind`, captioned with what it shows in both languages; its title
        and alt text are the caption (the English one in the library, each edition's on pages)."""
        rng = self.rng
        time = time or ("night" if kind == "street" else rng.choice(list(content.TIMES_OF_DAY)))
        if captions is None:
            english, russian = content.SCENES[kind]
            at_en, at_ru = content.TIMES_OF_DAY[time]
            captions = (english.format(time=at_en), russian.format(time=at_ru))
        own = seed % 4 != 3
        photo = PhotoFactory.create(
            title=captions[0].rstrip("."),
            file=demo_picture(Scene(kind, time), seed),
            photographer=rng.choice(self.photographers),
            credit="",
            copyright_holder="" if own else rng.choice(content.PHOTO_AGENCIES),
            default_caption=captions[0],
        )
        # The photo says what it shows in Russian wherever it is used: stories that give no
        # caption of their own (the gallery's photos) show it on Russian pages.
        photo_wordings_set(photo=photo, wordings={self.editions[1].locale.pk: (captions[1], "")})
        return DemoPhoto(photo, kind, captions)

    def photo_for(self, topics: list[str]) -> DemoPhoto:
        """A picture that suits the story's topics where the demo has one."""
        kinds = {content.TOPIC_SCENES[t] for t in topics if t in content.TOPIC_SCENES}
        return self.rng.choice([p for p in self.photos if p.kind in kinds] or self.photos)

    def write(
        self,
        *,
        side: int,
        when: datetime,
        original: Story | None = None,
        kind: str = "",
        plan: dict,
    ) -> Story:
        """One published story in edition `side` (0 English, 1 Russian) following `plan`."""
        rng = self.rng
        region = plan["region"]
        headline = plan["headline"][side].format(place=content_title(region, side))
        body = [_paragraph(text) for text in plan["paragraphs"][side]]
        if kind == TranslationKind.ABRIDGED:
            body = body[:2]
        if plan["quote"] is not None:
            body.insert(
                1, {"type": "quote", "value": {"text": plan["quote"][side], "attribution": ""}}
            )
        if (inline := plan["inline_photo"]) is not None:
            caption = inline.captions[side]
            body.insert(
                2, {"type": "photo", "value": {"image": inline.photo.pk, "caption": caption}}
            )
        if (gallery := plan.get("gallery")) is not None:
            items = [{"image": p.photo.pk, "caption": ""} for p in gallery]
            body.append(
                {
                    "type": "gallery",
                    "value": {"title": plan["gallery_title"][side], "photos": items},
                }
            )
        earlier = self.published[side]
        if earlier and rng.random() < 0.3:
            body.append({"type": "see_also", "value": {"story": rng.choice(earlier[-30:]).pk}})
        notes = [
            {
                "type": note_type,
                "value": {"noted_at": (when + timedelta(hours=3)).isoformat(), "text": text[side]},
            }
            for note_type, text in plan["notes"]
        ]
        story = story_create(
            locale=self.editions[side].locale,
            headline=headline,
            lead=plan["lead"][side],
            body=body,
            lead_photo=plan["photo"].photo if plan["photo"] else None,
            lead_photo_caption=plan["photo"].captions[side] if plan["photo"] else "",
            authors=[pair[side] for pair in plan["authors"]],
            regions=[self.regions[region][side]],
            topics=[self.topics[slug][side] for slug in plan["topics"]],
            sources=plan["sources"],
            notes=notes,
            translation_of=original,
            translation_kind=kind,
        )
        story = story_publish(story=story, published_at=when)
        earlier.append(story)
        return story

    def plan(self) -> dict:
        rng = self.rng
        notes = []
        if rng.random() < 0.06:
            notes.append(("update", rng.choice(content.UPDATES)))
        if rng.random() < 0.03:
            notes.append(("correction", rng.choice(content.CORRECTIONS)))
        topics = [t[0] for t in rng.sample(content.TOPICS, rng.randint(1, 2))]
        return {
            "region": rng.choice(content.REGIONS)[0],
            "topics": topics,
            "headline": rng.choice(content.HEADLINES),
            "lead": rng.choice(content.LEADS),
            "paragraphs": tuple(
                zip(*rng.sample(content.PARAGRAPHS, rng.randint(3, 6)), strict=True)
            ),
            "quote": rng.choice(content.QUOTES) if rng.random() < 0.3 else None,
            "photo": self.photo_for(topics) if rng.random() < 0.7 else None,
            "inline_photo": rng.choice(self.photos) if rng.random() < 0.15 else None,
            "authors": rng.sample(self.authors, rng.randint(0, 2)),
            "sources": [
                {"name": name, "url": url}
                for name, url in rng.sample(content.SOURCES, rng.randint(0, 2))
            ],
            "notes": notes,
        }


def content_title(region_slug: str, side: int) -> str:
    return next(row[1 + side] for row in content.REGIONS if row[0] == region_slug)


def _reference_pair(newsroom: DemoNewsroom) -> None:
    ref = content.REFERENCE_PAIR
    english, russian = ref["photo_caption"]
    photo = newsroom.photo_add(100, "city", "day", captions=(str(english), str(russian)))
    photo.photo.photographer, photo.photo.copyright_holder = newsroom.photographers[0], ""
    photo.photo.save()
    plan = _fixed_plan(ref, photo, sources=[{"name": "Report.az", "url": "https://report.az/"}])
    english_time, russian_time = (datetime.fromisoformat(str(t)) for t in ref["published_utc"])
    original = newsroom.write(side=1, when=russian_time, plan=plan)
    newsroom.write(
        side=0, when=english_time, original=original, kind=TranslationKind.ABRIDGED, plan=plan
    )


def _fixed_plan(ref: dict, photo: object, **more: object) -> dict:
    """The plan of a story whose words are fixed in `content` (not drawn at random)."""
    return {
        "region": ref["region"],
        "topics": ref["topics"],
        "headline": ref["headline"],
        "lead": ref["lead"],
        "paragraphs": ref["paragraphs"],
        "quote": None,
        "photo": photo,
        "inline_photo": None,
        "authors": [],
        "sources": [],
        "notes": [],
    } | more


def _gallery_pair(newsroom: DemoNewsroom, now: datetime) -> None:
    """The photo story in both editions, published last so that the fronts lead with it."""
    ref = content.GALLERY_STORY
    by_kind = {photo.kind: photo for photo in reversed(newsroom.photos)}
    plan = _fixed_plan(
        ref,
        by_kind[str(ref["lead_scene"])],
        gallery=[by_kind[str(kind)] for kind in ref["gallery_scenes"]],
        gallery_title=ref["gallery_title"],
    )
    original = newsroom.write(side=1, when=now - timedelta(minutes=40), plan=plan)
    newsroom.write(
        side=0,
        when=now - timedelta(minutes=20),
        original=original,
        kind=TranslationKind.FULL,
        plan=plan,
    )


def demo_build(*, stories: int = 300, days: int = 90, seed: int = 2021) -> DemoAgency:
    """About `stories` stories over the last `days` days, a third of them translations."""
    rng = random.Random(seed)
    with transaction.atomic():
        newsroom = DemoNewsroom(rng)
        _reference_pair(newsroom)
        now = timezone.now()
        originals_count = max(1, round(stories * 2 / 3))
        moments = sorted(now - timedelta(days=days) * rng.random() for _ in range(originals_count))
        translations = 0
        for when in moments:
            side = 1 if rng.random() < 0.75 else 0
            plan = newsroom.plan()
            original = newsroom.write(side=side, when=when, plan=plan)
            if translations < stories - originals_count and rng.random() < 0.55:
                later = min(when + timedelta(hours=rng.uniform(1, 10)), now)
                kind = TranslationKind.ABRIDGED if rng.random() < 0.4 else TranslationKind.FULL
                newsroom.write(side=1 - side, when=later, original=original, kind=kind, plan=plan)
                translations += 1
        _gallery_pair(newsroom, now)
        for side, edition in enumerate(newsroom.editions):
            front = EditionFrontPage.objects.get(locale=edition.locale)
            with_photos = [s for s in newsroom.published[side] if s.lead_photo_id][-4:]
            front.top_stories = [
                front.top_stories.model(story=story) for story in reversed(with_photos)
            ]
            front.save_revision().publish()
        password = secrets.token_urlsafe(9)
        get_user_model().objects.create_superuser(ADMIN_USERNAME, "admin@example.com", password)
    admin_login_file().write_text(f"{ADMIN_USERNAME} {password}\n")
    return DemoAgency(
        editions=[_counts(edition) for edition in newsroom.editions],
        photos=Photo.objects.count(),
        photographers=Photographer.objects.filter(locale=newsroom.editions[0].locale).count(),
        admin_password=password,
    )


def _counts(edition: Edition) -> EditionCounts:
    """Counted, not tallied while writing: the message says what readers will find."""
    stories = Story.objects.public(edition)
    return EditionCounts(
        edition=edition,
        stories=stories.count(),
        translations=stories.exclude(translation_of=None).count(),
        authors=Author.objects.filter(locale=edition.locale).count(),
    )
