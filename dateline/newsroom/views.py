"""The translation desk in the admin: what waits for translation per edition, one action to
start a translation, each translator's queue, stale translations with what changed, and the
translation lag per day."""

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dateline.editions.models import Edition
from dateline.editions.registry import all_editions
from dateline.stories.models import Story, TranslationKind
from dateline.stories.paging import Cursor
from dateline.stories.services import translation_create

from .desk import (
    DESK_PAGE,
    original_changes,
    originals_untranslated,
    translation_lag,
    translation_mark_checked,
    translation_queue,
    translations_stale,
)
from .roles import TRANSLATORS


def _edition(slug: str) -> Edition:
    for edition in all_editions():
        if edition.slug == slug:
            return edition
    raise Http404(_("No such edition."))


def _may_translate(request: HttpRequest) -> None:
    if not request.user.has_perm("stories.add_story"):
        raise PermissionDenied


def desk(request: HttpRequest, edition: str) -> HttpResponse:
    target = _edition(edition)
    before = Cursor.from_parameter(request.GET.get("before"))  # a bad one answers 400
    page = originals_untranslated(target, before=before, size=DESK_PAGE)
    return TemplateResponse(
        request,
        "newsroom/desk.html",
        {
            "target": target,
            "editions": all_editions(),
            "originals": page.stories,
            "older": page.older and f"?before={page.older}",
        },
    )


class TranslateForm(forms.Form):
    edition = forms.ChoiceField(label=gettext_lazy("Into edition"))
    kind = forms.ChoiceField(
        label=gettext_lazy("Kind"), choices=TranslationKind.choices, widget=forms.RadioSelect
    )
    translator = forms.ModelChoiceField(
        label=gettext_lazy("Translator"),
        queryset=get_user_model().objects.none(),
        required=False,
        empty_label=gettext_lazy("Nobody yet"),
    )

    def __init__(self, original: Story, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        versions = set(
            Story.objects.filter(translation_key=original.translation_key).values_list(
                "locale_id", flat=True
            )
        )
        self.fields["edition"].choices = [  # type: ignore[attr-defined]
            (e.slug, e.name) for e in all_editions() if e.locale_id not in versions
        ]
        self.fields["translator"].queryset = (  # type: ignore[attr-defined]
            get_user_model()
            .objects.filter(is_active=True, groups__name__in=TRANSLATORS)
            .distinct()
            .order_by("username")
        )


def translate(request: HttpRequest, story_id: int) -> HttpResponse:
    """Starts a translation of a published original: a linked draft in the chosen edition,
    with the original's photo, regions, topics and sources, in the translator's queue."""
    _may_translate(request)
    original = get_object_or_404(Story, pk=story_id, translation_of__isnull=True)
    initial = {"kind": TranslationKind.FULL, "edition": request.GET.get("edition")}
    form = TranslateForm(original, request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        target = _edition(form.cleaned_data["edition"])
        translation = translation_create(
            original=original,
            locale=target.locale,
            kind=form.cleaned_data["kind"],
            translator=form.cleaned_data["translator"],
            user=request.user,  # type: ignore[arg-type]
        )
        messages.success(
            request,
            _("A %(kind)s of “%(headline)s” is ready to translate in %(edition)s.")
            % {
                "kind": translation.get_translation_kind_display(),
                "headline": original.headline,
                "edition": target.name,
            },
        )
        return redirect("wagtailsnippets_stories_story:edit", translation.pk)
    status = 400 if request.method == "POST" else 200
    return TemplateResponse(
        request, "newsroom/translate.html", {"original": original, "form": form}, status=status
    )


def queue(request: HttpRequest) -> HttpResponse:
    translations = translation_queue(request.user)  # type: ignore[arg-type]  # admin: signed in
    return TemplateResponse(request, "newsroom/queue.html", {"translations": translations})


def stale(request: HttpRequest) -> HttpResponse:
    return TemplateResponse(
        request, "newsroom/stale.html", {"translations": translations_stale()[:200]}
    )


def stale_translation(request: HttpRequest, story_id: int) -> HttpResponse:
    translation = get_object_or_404(
        Story.objects.select_related("translation_of", "translated_from"),
        pk=story_id,
        translation_of__isnull=False,
    )
    if request.method == "POST":
        if not request.user.has_perm("stories.change_story"):
            raise PermissionDenied
        translation_mark_checked(translation)
        messages.success(request, _("Marked as checked against the original as it is now."))
        return redirect(reverse("dateline_newsroom:stale"))
    return TemplateResponse(
        request,
        "newsroom/stale_translation.html",
        {"translation": translation, "changes": original_changes(translation)},
    )


def lag(request: HttpRequest, edition: str) -> HttpResponse:
    target = _edition(edition)
    days = translation_lag(target)
    longest = max((day.median_hours for day in days), default=0.0) or 1.0
    return TemplateResponse(
        request,
        "newsroom/lag.html",
        {
            "target": target,
            "editions": all_editions(),
            # The chart's bars, 10 units apart, as tall as their share of the longest median.
            "bars": [
                {"day": day, "x": 10 * i, "y": 100 - height, "height": height}
                for i, day in enumerate(days)
                for height in [round(100 * day.median_hours / longest)]
            ],
            "chart_width": 10 * max(len(days), 1),
        },
    )
