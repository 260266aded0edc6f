from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django import forms
from django.http import HttpRequest
from django.utils import dateformat, timezone
from django.utils.functional import Promise as StrOrPromise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.forms import WagtailAdminModelForm

from dateline.editions.clock import local_time
from dateline.editions.registry import edition_for_locale

# "07 Apr 2021, 10:18 MSK": day, time and the zone's abbreviation, in the admin's language.
ADMIN_TIME_FORMAT = "d M Y, H:i T"


def edition_time(moment: datetime, locale_id: int | None) -> str:
    """`moment` as the admin shows a time of a story in this locale: in its edition's zone, with
    the zone's abbreviation (in UTC for a language no edition publishes in)."""
    edition = edition_for_locale(locale_id) if locale_id else None
    local = moment.astimezone(UTC)
    if edition is not None:
        try:
            local = local_time(moment, edition)
        except OverflowError:  # a time at the calendar's very end, which no zone can move
            pass
    return dateformat.format(local, ADMIN_TIME_FORMAT)


def time_zone_note(locale_id: int | None) -> str:
    """Says in which zone the admin shows and reads a story's times: the zone Django has active
    (the story's views make that its edition's zone, see wagtail_hooks)."""
    zone = timezone.get_current_timezone_name()
    edition = edition_for_locale(locale_id) if locale_id else None
    if edition is not None and edition.time_zone == zone:
        return _("Time in %(zone)s, the zone of the edition “%(edition)s”.") % {
            "zone": zone,
            "edition": edition.name,
        }
    return _("Time in %(zone)s, your own time zone (set in your account).") % {"zone": zone}


@dataclass(frozen=True)
class StoryFormPart:
    """A part of the story form that a room above adds (the label rules' is one): its fields,
    its check of the story as the form would save it, what it shows above its fields (safe
    HTML), and what it does once the story is saved."""

    name: str
    heading: "str | StrOrPromise"
    fields: Callable[["StoryForm"], dict[str, forms.Field]]
    check: Callable[["StoryForm"], None]
    summary: Callable[["StoryForm"], str]
    saved: Callable[[HttpRequest, Any], None]


_parts: list[StoryFormPart] = []


def story_form_part_register(part: StoryFormPart) -> None:
    _parts.append(part)


def story_form_parts() -> list[StoryFormPart]:
    return list(_parts)


# The buttons that put a story before readers, at once or through review.
PUBLISHING_ACTIONS = ("action-publish", "action-submit")


class StoryForm(WagtailAdminModelForm):
    """Offers only the regions and topics of the story's own edition, says in which zone the
    go-live and expiry times are shown and read, and carries the parts rooms above add."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for part in _parts:
            self.fields.update(part.fields(self))
        locale_id = self.instance.locale_id
        if locale_id:
            for name in ("regions", "topics"):
                if name in self.fields:
                    field = self.fields[name]
                    field.queryset = field.queryset.filter(locale_id=locale_id)
        note = time_zone_note(locale_id)
        for name in ("go_live_at", "expire_at"):
            if name in self.fields:
                self.fields[name].help_text = note
        if "embargo_until" in self.fields:
            field = self.fields["embargo_until"]
            field.help_text = f"{field.help_text} {note}"
            if self.instance.is_embargoed:
                held = _("Under embargo: readers see it from %(time)s.") % {
                    "time": edition_time(self.instance.first_published_at, locale_id)
                }
                field.help_text = f"{held} {field.help_text}"
        first_published_at = self.instance.first_published_at
        if "go_live_at" in self.fields and first_published_at is not None:
            first_published = _("First published %(time)s.") % {
                "time": edition_time(first_published_at, locale_id)
            }
            self.fields["go_live_at"].help_text = f"{note} {first_published}"

    @property
    def is_publishing(self) -> bool:
        """Whether the editor asked to publish (or to submit for review), not only to save."""
        return any(action in self.data for action in PUBLISHING_ACTIONS)

    def _post_clean(self) -> None:
        super()._post_clean()  # the instance now holds the story as the form would save it
        for part in _parts:
            part.check(self)


class WithdrawForm(forms.Form):
    """Why a story (or several) is withdrawn: required, kept in each story's history."""

    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy(
            "For example: a court order, a retraction by the source. Kept in each story's "
            "history, never shown to readers."
        ),
    )
