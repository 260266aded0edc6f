from django.utils import translation
from django.utils.safestring import SafeString
from django.utils.translation import get_language_info

from dateline.core.wording import fill_html
from dateline.editions.clock import format_moment
from dateline.editions.models import Edition

from .models import Story, TranslationKind


def translation_note(*, story: Story, original: Story, edition: Edition) -> SafeString:
    """The note under a translated story, in its edition's words, generated from the link to its
    original: the original's edition, its time in its own zone, and a link to it."""
    original_edition = original.edition
    if original_edition is None:
        raise LookupError(f"story {original.pk} has no edition")
    template = (
        edition.translation_note_abridged
        if story.translation_kind == TranslationKind.ABRIDGED
        else edition.translation_note_full
    )
    with translation.override(edition.language):
        language = str(get_language_info(original_edition.language)["name_translated"])
    values = {
        "language": language,
        "agency": edition.agency_name,
        "published": format_moment(
            original.first_published_at, edition, edition.note_time_format, zone_of=original_edition
        ),
    }
    return fill_html(template, values, link_url=original.url)
