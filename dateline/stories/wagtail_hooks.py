from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views import snippets
from wagtail.snippets.views.snippets import SnippetViewSet

from dateline.editions.registry import edition_for_locale

from .forms import edition_time
from .models import Author, Story


class StoryFilterSet(WagtailFilterSet):
    class Meta:
        model = Story
        fields = ["live", "translation_kind"]


def _first_published(story: Story) -> SafeString | str:
    if story.first_published_at is None:
        return ""
    edition = edition_for_locale(story.locale_id)
    return format_html(
        '<time datetime="{}" title="{}">{}</time>',
        story.first_published_at.isoformat(),
        edition.time_zone if edition is not None else "UTC",
        edition_time(story.first_published_at, story.locale_id),
    )


class _InEditionZone:
    """Shows and reads every time on a story's page (the go-live and expiry fields, the status
    panel's first-published and go-live times) in the zone of the story's edition, the zone its
    readers and the listing see them in; StoryForm names it under the fields."""

    def _locale_id(self) -> int | None:
        story = getattr(self, "object", None)
        if story is not None and story.locale_id is not None:
            return story.locale_id
        locale = getattr(self, "locale", None)  # where a new story is added (LocaleMixin)
        return locale.pk if locale is not None else None

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        locale_id = self._locale_id()
        edition = edition_for_locale(locale_id) if locale_id is not None else None
        if edition is None:
            return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]
        with timezone.override(edition.zone):
            response = super().dispatch(request, *args, **kwargs)  # type: ignore[misc]
            # Wagtail renders later, in the editor's own zone: render while this one is active.
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
        return response


class StoryCreateView(_InEditionZone, snippets.CreateView):
    pass


class StoryCopyView(_InEditionZone, snippets.CopyView):
    pass


class StoryEditView(_InEditionZone, snippets.EditView):
    pass


class StoryPreviewOnCreateView(_InEditionZone, snippets.PreviewOnCreateView):
    pass


class StoryPreviewOnEditView(_InEditionZone, snippets.PreviewOnEditView):
    pass


class StoryViewSet(SnippetViewSet):
    model = Story
    icon = "doc-full"
    menu_label = _("Stories")
    menu_name = "stories"
    menu_order = 150
    add_to_admin_menu = True
    list_display = [
        "headline",
        "locale",
        Column(
            "first_published_at",
            label=_("First published"),
            accessor=_first_published,
            sort_key="first_published_at",
        ),
        "live",
        "translation_kind",
    ]
    list_per_page = 50
    ordering = ["-first_published_at", "-id"]
    filterset_class = StoryFilterSet
    # No search_fields: searches go through the model's search index (Story.search_fields),
    # which both database backends answer; naming fields here makes SQLite's fail.
    add_view_class = StoryCreateView
    copy_view_class = StoryCopyView
    edit_view_class = StoryEditView
    preview_on_add_view_class = StoryPreviewOnCreateView
    preview_on_edit_view_class = StoryPreviewOnEditView


class AuthorViewSet(SnippetViewSet):
    model = Author
    icon = "user"
    menu_label = _("Authors")
    menu_order = 160
    list_display = ["name", "title", "locale"]
    # Searched through the model's search index, as stories are.


register_snippet(StoryViewSet)
register_snippet(AuthorViewSet)
