"""Reads of photos that pages share."""

from collections.abc import Iterable

from .models import Photo, Photographer, PhotoWording


def photographers_in(photos: Iterable[Photo], locale_id: int) -> dict[int, Photographer]:
    """Each photo's photographer as the language of `locale_id` spells the name, keyed by the
    id the photos point at; the row they point at where that language has no translation.
    One query, none when no photo names a photographer."""
    ids = {photo.photographer_id for photo in photos if photo.photographer_id is not None}
    if not ids:
        return {}
    rows = list(
        Photographer.objects.filter(
            translation_key__in=Photographer.objects.filter(pk__in=ids).values("translation_key")
        )
    )
    translated = {row.translation_key: row for row in rows if row.locale_id == locale_id}
    return {row.pk: translated.get(row.translation_key, row) for row in rows if row.pk in ids}


def photo_wordings_in(photos: Iterable[Photo]) -> dict[int, dict[int, PhotoWording]]:
    """Each photo's wordings by language (locale id), keyed by photo id; photos without any are
    left out. One query for any number of photos, none for no photos."""
    ids = {photo.pk for photo in photos}
    if not ids:
        return {}
    found: dict[int, dict[int, PhotoWording]] = {}
    for wording in PhotoWording.objects.filter(photo_id__in=ids):
        found.setdefault(wording.photo_id, {})[wording.locale_id] = wording
    return found
