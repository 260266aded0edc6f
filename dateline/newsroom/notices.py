"""Who hears of a corrected original: the translator and the editors of each of its
translations, by email, from the change outbox (after commit, resumably). In the admin the
translation is flagged on its edit view and on the dashboard until someone marks it checked."""

from collections.abc import Sequence
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from dateline.editions.registry import edition_for_locale
from dateline.stories.models import Story, StoryChange

from .roles import REVIEWERS

# A reaction that starts on an old database does not mail about last year's corrections.
NOTICE_WINDOW = timedelta(days=1)


def _editors_mail() -> set[str]:
    editors = get_user_model().objects.filter(is_active=True, groups__name__in=REVIEWERS)
    return set(editors.exclude(email="").values_list("email", flat=True))


def corrected_originals_notify(changes: Sequence[StoryChange]) -> None:
    """The outbox reaction: for each original corrected in `changes`, one mail per translation
    to its translator and the editors."""
    since = timezone.now() - NOTICE_WINDOW
    corrected = {
        change.story_id
        for change in changes
        if change.kind == StoryChange.Kind.CORRECTED and change.created_at >= since
    }
    if not corrected:
        return
    translations = Story.objects.filter(translation_of_id__in=corrected).select_related(
        "translation_of", "translator"
    )
    editors = None
    for translation in translations:
        editors = _editors_mail() if editors is None else editors
        translator = translation.translator
        recipients = editors | ({translator.email} if translator and translator.email else set())
        if not recipients:
            continue
        original = translation.translation_of
        edition = edition_for_locale(original.locale_id) if original else None
        link = settings.WAGTAILADMIN_BASE_URL + reverse(
            "dateline_newsroom:stale_translation", args=[translation.pk]
        )
        send_mail(
            subject=_("Corrected original: %(headline)s") % {"headline": original.headline},
            message=_(
                "“%(original)s” (%(edition)s) was corrected. Its translation “%(translation)s” "
                "may now say what the original no longer says. See what changed and mark it "
                "checked: %(link)s"
            )
            % {
                "original": original.headline,
                "edition": edition.name if edition else "",
                "translation": translation.headline,
                "link": link,
            },
            from_email=None,
            recipient_list=sorted(recipients),
        )
