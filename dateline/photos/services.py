"""Writes of photos that more than one path makes (the admin's form, the importer, the demo)."""

from collections.abc import Mapping

from django.db import transaction

from .models import Photo, PhotoWording


def photo_wordings_set(*, photo: Photo, wordings: Mapping[int, tuple[str, str]]) -> None:
    """Gives `photo` its caption and credit in each language of `wordings` (locale id →
    (caption, credit), stripped here); a language given neither has no wording of its own.
    Languages not in `wordings` keep theirs. Only rows that change are written, so a save that
    changes nothing tells no story it changed."""
    with transaction.atomic():
        stored = {w.locale_id: w for w in PhotoWording.objects.filter(photo=photo)}
        for locale_id, (caption, credit) in wordings.items():
            caption, credit = caption.strip(), credit.strip()
            wording = stored.get(locale_id)
            if not caption and not credit:
                if wording is not None:
                    wording.delete()
            elif wording is None:
                PhotoWording.objects.create(
                    photo=photo, locale_id=locale_id, caption=caption, credit=credit
                )
            elif (wording.caption, wording.credit) != (caption, credit):
                wording.caption, wording.credit = caption, credit
                wording.save(update_fields=["caption", "credit"])
