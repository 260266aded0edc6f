from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.rich_text.converters.contentstate import link_entity
from wagtail.admin.rich_text.converters.html_to_contentstate import (
    ExternalLinkElementHandler,
    LinkElementHandler,
    PageLinkElementHandler,
)
from wagtail.admin.ui.tables import Column, StatusTagColumn
from wagtail.log_actions import LogFormatter
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views import snippets
from wagtail.snippets.views.snippets import SnippetViewSet

from dateline.editions.registry import edition_for_locale

from .admin_search import SEARCH_LIMIT, StoryChooserViewSet, stories_found
from .bulk_actions import PublishBulkAction, WithdrawBulkAction
from .forms import WithdrawForm, edition_time, story_form_parts
from .listing import (
    StoryFilterSet,
    stories_for_listing,
    story_authors,
    story_edition,
    story_filter_set,
    story_listing_parts,
    story_state,
    story_translation_state,
)
from .models import Author, Story
from .rich_text import StoryLinkHandler
from .services import WITHDRAW_ACTION, story_withdraw


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
    def is_valid(self, form: Any) -> bool:
        # Wagtail refuses an out-of-date autosave only; a newsroom refuses any save over
        # someone else's newer one, and keeps what this editor typed in the form.
        if not self.expects_json_response and self.is_out_of_date:
            latest = self.latest_revision
            self.produced_error_message = _(
                "%(user)s saved this story at %(time)s, after you opened it. Nothing of yours "
                "is saved yet: compare with their version (History), then save again to "
                "replace it."
            ) % {
                "user": latest.user.get_username() if latest.user else _("Someone"),
                "time": edition_time(latest.created_at, self.object.locale_id),
            }
            form.add_error(None, self.produced_error_message)
            return False
        return super().is_valid(form)


class _InEditionLanguage(_InEditionZone):
    """A preview speaks the story's edition's language, as its readers will see it; the
    editing around it keeps the editor's."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        locale_id = self._locale_id()
        edition = edition_for_locale(locale_id) if locale_id is not None else None
        if edition is None:
            return super().dispatch(request, *args, **kwargs)
        with translation.override(edition.language):
            return super().dispatch(request, *args, **kwargs)


class StoryPreviewOnCreateView(_InEditionLanguage, snippets.PreviewOnCreateView):
    pass


class StoryPreviewOnEditView(_InEditionLanguage, snippets.PreviewOnEditView):
    pass


class StoryWithdrawView(snippets.UnpublishView):
    """Wagtail's unpublish, as a newsroom's withdrawal: it asks why and keeps the answer."""

    page_title = _("Withdraw")
    template_name = "stories/admin/confirm_withdraw.html"
    success_message = _("'%(object)s' withdrawn: its page says so, and no list shows it.")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(**kwargs) | {"form": kwargs.get("form", WithdrawForm())}

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = WithdrawForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        self.reason = form.cleaned_data["reason"]
        return super().post(request, *args, **kwargs)

    def unpublish(self) -> HttpResponse | None:
        story_withdraw(story=self.object, reason=self.reason, user=self.request.user)
        return None


@hooks.register("register_log_actions")
def _withdrawal_in_history(actions: Any) -> None:
    @actions.register_action(WITHDRAW_ACTION)
    class Withdrawn(LogFormatter):
        label = _("Withdraw")

        def format_message(self, log_entry: Any) -> str:
            return _("Withdrawn: %(reason)s") % {"reason": log_entry.data.get("reason", "")}


class StoryIndexView(snippets.IndexView):
    search_limit = SEARCH_LIMIT
    is_search_cut = False  # more stories matched than are listed

    def get_base_queryset(self) -> QuerySet[Story]:
        return stories_for_listing(super().get_base_queryset())

    def search_queryset(self, queryset: QuerySet[Story]) -> QuerySet[Story]:
        """The filtered stories that match the search, best first unless the editor chose a
        column's order."""
        if not self.is_searching:
            return queryset
        found = stories_found(
            self.search_query,
            queryset,
            limit=self.search_limit,
            by_relevance=not self.is_explicitly_ordered,
        )
        if found is None:
            return super().search_queryset(queryset)
        stories, self.is_search_cut = found
        return stories


class StoryViewSet(SnippetViewSet):
    model = Story
    icon = "doc-full"
    menu_label = _("Stories")
    menu_name = "stories"
    menu_order = 150
    add_to_admin_menu = True
    list_display = [
        "headline",
        Column("edition", label=_("Edition"), accessor=story_edition, sort_key="locale"),
        StatusTagColumn(
            "state", label=_("State"), accessor=story_state, primary=lambda story: story.live
        ),
        Column(
            "first_published_at",
            label=_("First published"),
            accessor=_first_published,
            sort_key="first_published_at",
        ),
        Column("authors", label=_("Authors"), accessor=story_authors),
        Column("translation", label=_("Translation"), accessor=story_translation_state),
    ]
    list_per_page = 50
    ordering = ["-first_published_at", "-id"]
    # Searched by the newsroom's search (admin_search), which reads each edition in its
    # language, and so is the chooser of an earlier story.
    index_view_class = StoryIndexView
    index_results_template_name = "stories/admin/index_results.html"
    chooser_viewset_class = StoryChooserViewSet
    unpublish_view_class = StoryWithdrawView
    add_view_class = StoryCreateView
    copy_view_class = StoryCopyView
    edit_view_class = StoryEditView
    preview_on_add_view_class = StoryPreviewOnCreateView
    preview_on_edit_view_class = StoryPreviewOnEditView

    # Read when the admin's URLs are built, after every room has added its listing parts.
    @property
    def filterset_class(self) -> type[StoryFilterSet]:
        return story_filter_set()

    def get_index_view_kwargs(self, **kwargs: Any) -> dict[str, Any]:
        view_kwargs = super().get_index_view_kwargs(**kwargs)
        view_kwargs["list_display"] = [
            *view_kwargs["list_display"],
            *(part.column for part in story_listing_parts()),
        ]
        return view_kwargs


class AuthorViewSet(SnippetViewSet):
    model = Author
    icon = "user"
    menu_label = _("Authors")
    menu_order = 160
    list_display = ["name", "title", "locale"]
    # Searched through Wagtail's search index (Author.search_fields).


class StoryLinkElementHandler(LinkElementHandler):
    """The admin's editor shows a stored story link as the story's address, whatever its state:
    saved again, it becomes a story link again (blocks.story_links_by_id)."""

    def get_attribute_data(self, attrs: dict) -> dict:
        story = Story.objects.filter(pk=attrs.get("id")).only("id", "slug", "locale_id").first()
        return {"url": story.url if story is not None else None}


# After Wagtail's own registration (order 0), whose "link" conversion this extends.
@hooks.register("register_rich_text_features", order=100)
def _story_links_by_id(features: Any) -> None:
    features.register_link_type(StoryLinkHandler)
    features.register_converter_rule(
        "contentstate",
        "link",
        {
            "from_database_format": {
                "a[href]": ExternalLinkElementHandler("LINK"),
                'a[linktype="page"]': PageLinkElementHandler("LINK"),
                'a[linktype="story"]': StoryLinkElementHandler("LINK"),
            },
            "to_database_format": {"entity_decorators": {"LINK": link_entity}},
        },
    )


@hooks.register("after_create_snippet")
@hooks.register("after_edit_snippet")
def _form_parts_saved(request: HttpRequest, instance: Any) -> None:
    if isinstance(instance, Story):
        for part in story_form_parts():
            part.saved(request, instance)


register_snippet(StoryViewSet)
hooks.register("register_bulk_action", PublishBulkAction)
hooks.register("register_bulk_action", WithdrawBulkAction)
register_snippet(AuthorViewSet)
