"""The translation desk's reads: what waits to be translated into an edition, each translator's
queue, translations whose original changed since, and how long translation takes."""

import difflib
import json
from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Exists, F, OuterRef, QuerySet
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.safestring import SafeString
from wagtail.models import Revision

from dateline.editions.clock import local_day
from dateline.editions.models import Edition
from dateline.editions.registry import all_editions
from dateline.stories.models import Story
from dateline.stories.paging import Cursor, StoryPage, keyset_page

DESK_PAGE = 50


def originals_untranslated(target: Edition, *, before: Cursor | None, size: int) -> StoryPage:
    """A page of the published originals of other editions that have no version in `target`
    yet (not even a draft), newest first. Per other edition one walk down its time index from
    the cursor, each story tested on the (translation key, locale) index, stopping at the
    page's end; the walks are merged here (one query across editions would sort them all)."""
    version_in_target = Story.objects.filter(
        translation_key=OuterRef("translation_key"), locale_id=target.locale_id
    )
    found: list[Story] = []
    more = False
    for edition in all_editions():
        if edition.locale_id == target.locale_id:
            continue
        stories = (
            Story.objects.filter(
                locale_id=edition.locale_id, live=True, translation_of__isnull=True
            )
            .filter(~Exists(version_in_target))
            .order_by("-first_published_at", "-id")
            .prefetch_related("regions")
        )
        if before is not None:
            stories = stories.filter(first_published_at__lte=before.published_at)
        page = keyset_page(stories, before=before, after=None, size=size)
        found += page.stories
        more = more or page.older is not None
    found.sort(key=lambda story: (story.first_published_at, story.pk), reverse=True)
    shown = found[:size]
    return StoryPage(
        stories=shown,
        older=Cursor.of(shown[-1]) if shown and (more or len(found) > size) else None,
        newer=None,
    )


def translation_queue(translator: AbstractBaseUser) -> QuerySet[Story]:
    """The translator's unpublished translations, oldest first: the first waited longest."""
    return (
        Story.objects.filter(translator=translator, live=False, translation_of__isnull=False)
        .select_related("translation_of")
        .order_by("pk")
    )


def translations_stale() -> QuerySet[Story]:
    """Translations whose original was published again (updated, corrected) after the revision
    they follow: they may say what the original no longer says. A translation imported, or
    made before the desk, follows no known revision and is not counted."""
    return (
        Story.objects.filter(
            translation_of__isnull=False,
            translation_of__live=True,
            translated_from__isnull=False,
        )
        .exclude(translated_from=F("translation_of__live_revision"))
        .exclude(translation_of__live_revision__isnull=True)
        .select_related("translation_of", "translation_of__live_revision", "translated_from")
        .order_by("-translation_of__last_published_at")
    )


def translation_is_stale(story: Story) -> bool:
    """Whether `story` translates an original published again since it was made or checked."""
    original = story.translation_of
    return (
        original is not None
        and original.live
        and original.live_revision_id is not None
        and story.translated_from_id is not None
        and story.translated_from_id != original.live_revision_id
    )


def translation_mark_checked(translation: Story) -> None:
    """The translator or an editor has checked the translation against its original as it is."""
    original = translation.translation_of
    if original is not None:
        Story.objects.filter(pk=translation.pk).update(translated_from=original.live_revision)
        translation.translated_from = original.live_revision


@dataclass(frozen=True)
class FieldDiff:
    name: str
    html: SafeString


def _text(revision: Revision | None, field: str) -> list[str]:
    """A field of a revision as lines of text: a stream (body, notes), stored as JSON, block by
    block, paragraphs without their markup."""
    if revision is None:
        return []
    value = revision.content.get(field, "")
    if field not in ("body", "notes"):
        return str(value).splitlines()
    blocks = json.loads(value) if isinstance(value, str) and value else value or []
    lines = []
    for block in blocks:
        content = block.get("value")
        if block.get("type") == "paragraph":
            lines.append(strip_tags(str(content)))
        elif isinstance(content, dict) and "text" in content:  # a quote, a note
            lines.append(f"{block['type']}: {content['text']}")
        else:
            lines.append(f"{block.get('type')}: {content}")
    return lines


def original_changes(translation: Story) -> list[FieldDiff]:
    """What changed in the original between the revision the translation follows and the
    original as published now, field by field, as an HTML table of lines."""
    original = translation.translation_of
    if original is None:
        return []
    before, after = translation.translated_from, original.live_revision
    diffs = []
    differ = difflib.HtmlDiff(wrapcolumn=70)
    for field in ("headline", "lead", "body", "notes"):
        old, new = _text(before, field), _text(after, field)
        if old != new:
            table = differ.make_table(old, new, context=True, numlines=1)
            diffs.append(FieldDiff(field, SafeString(table)))  # escaped by difflib
    return diffs


@dataclass(frozen=True)
class LagDay:
    day: date
    translations: int
    median_hours: float


def translation_lag(target: Edition, days: int = 30) -> list[LagDay]:
    """Per day of the last `days` in the edition's zone, how many translations into `target`
    were published and the median time from their original's publication to theirs."""
    since = timezone.now() - timedelta(days=days)
    pairs = (
        Story.objects.filter(
            locale_id=target.locale_id,
            translation_of__isnull=False,
            first_published_at__gte=since,
            translation_of__first_published_at__isnull=False,
        )
        .values_list("first_published_at", "translation_of__first_published_at")
        .order_by("first_published_at")
    )
    by_day: dict[date, list[float]] = {}
    for published, original_published in pairs:
        hours = max((published - original_published).total_seconds() / 3600, 0.0)
        by_day.setdefault(local_day(published, target), []).append(hours)
    return [
        LagDay(day, len(hours), sorted(hours)[len(hours) // 2])
        for day, hours in sorted(by_day.items())
    ]
