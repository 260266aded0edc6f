from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Author, Story


class StoryFilterSet(WagtailFilterSet):
    class Meta:
        model = Story
        fields = ["live", "translation_kind"]


class StoryViewSet(SnippetViewSet):
    model = Story
    icon = "doc-full"
    menu_label = _("Stories")
    menu_name = "stories"
    menu_order = 150
    add_to_admin_menu = True
    list_display = ["headline", "locale", "first_published_at", "live", "translation_kind"]
    list_per_page = 50
    ordering = ["-first_published_at", "-id"]
    filterset_class = StoryFilterSet
    search_fields = ["headline", "lead"]


class AuthorViewSet(SnippetViewSet):
    model = Author
    icon = "user"
    menu_label = _("Authors")
    menu_order = 160
    list_display = ["name", "title", "locale"]
    search_fields = ["name"]


register_snippet(StoryViewSet)
register_snippet(AuthorViewSet)
