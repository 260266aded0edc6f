from django.utils import translation
from django.utils.functional import Promise
from django.utils.safestring import SafeString
from django.utils.translation import get_language_info, pgettext_lazy

from dateline.core.wording import fill_html
from dateline.editions.clock import format_moment
from dateline.editions.models import Edition

from .models import Story, TranslationKind

# A language's name as a sentence says it, and as the adjective in "on the … page" ("на
# английской странице"): the note's language translates these (locale/*/django.po).
LANGUAGE_NAMES: dict[str, tuple[Promise, Promise]] = {
    "en": (
        pgettext_lazy("language name mid-sentence", "English"),
        pgettext_lazy("language of a page: on the … page", "English"),
    ),
    "ru": (
        pgettext_lazy("language name mid-sentence", "Russian"),
        pgettext_lazy("language of a page: on the … page", "Russian"),
    ),
}
# Languages that write a language's name in lower case mid-sentence ("язык: английский").
LOWER_CASE_LANGUAGE_NAMES = frozenset({"ru", "uk", "be", "bg", "fr", "es", "it", "pt", "pl"})


def language_names(language: str, in_language: str) -> tuple[str, str]:
    """`language` named mid-sentence and as the adjective before "page", in `in_language`."""
    with translation.override(in_language):
        if language in LANGUAGE_NAMES:
            return str(LANGUAGE_NAMES[language][0]), str(LANGUAGE_NAMES[language][1])
        # Other languages: Django's name, which its catalogues write as a heading would.
        heading = str(get_language_info(language)["name_translated"])
    if in_language.split("-")[0] in LOWER_CASE_LANGUAGE_NAMES:
        heading = heading.lower()
    return heading, heading


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
    language, adjective = language_names(original_edition.language, edition.language)
    values = {
        "language": language,
        "language_adjective": adjective,
        "agency": edition.agency_name,
        "agency_genitive": edition.agency_genitive,
        "published": format_moment(
            original.first_published_at, edition, edition.note_time_format, zone_of=original_edition
        ),
    }
    return fill_html(template, values, link_url=original.url)
