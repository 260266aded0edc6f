import factory

from .models import Edition
from .services import edition_create


class EditionFactory(factory.Factory):
    """Editions through the service, so each gets its locale and front page."""

    class Meta:
        model = Edition

    language = "en"
    slug = factory.LazyAttribute(lambda o: o.language)
    name = "English"
    agency_name = "Caucasian Courier"
    time_zone = "Europe/London"

    @classmethod
    def _create(cls, model_class, *args, **kwargs) -> Edition:
        return edition_create(**kwargs)


def english_edition(**overrides) -> Edition:
    return EditionFactory.create(**overrides)


def russian_edition(**overrides) -> Edition:
    values = {
        "language": "ru",
        "name": "Русский",
        "agency_name": "Кавказский вестник",
        "time_zone": "Europe/Moscow",
        "dateline_format": "j E Y, H:i",
        "day_format": "j E Y",
        "note_time_format": "j E Y в H:i T",
        # Needs no declension; "Фото {credit_genitive} для «{agency_genitive}»" declines both.
        "photo_credit_own": "Фото: {credit} / «{agency}»",
        "photo_credit_other": "Фото: {credit} / {holder}",
        "translation_note_full": (
            "Это перевод материала, опубликованного {published} в другой редакции «{agency}» "
            "(язык: {language}). [Читать оригинал.]"
        ),
        "translation_note_abridged": (
            "Это сокращённый перевод материала, опубликованного {published} в другой редакции "
            "«{agency}» (язык: {language}). Полный текст — [по ссылке]."
        ),
    }
    return EditionFactory.create(**(values | overrides))
