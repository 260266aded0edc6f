from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Edition
from .rich_text import EditionPageLinkHandler
from .services import edition_front_page_ensure


class EditionViewSet(SnippetViewSet):
    model = Edition
    icon = "globe"
    menu_label = _("Editions")
    add_to_settings_menu = True
    list_display = ["name", "slug", "hostname", "time_zone", "agency_name"]


register_snippet(EditionViewSet)


@hooks.register("after_create_snippet")
@hooks.register("after_edit_snippet")
def give_edition_a_front_page(request, instance) -> None:
    if isinstance(instance, Edition):
        edition_front_page_ensure(edition=instance)


# After Wagtail's own registration (order 0), which this replaces.
@hooks.register("register_rich_text_features", order=100)
def page_links_through_the_address_book(features) -> None:
    features.register_link_type(EditionPageLinkHandler)
