from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Photographer


class PhotographerViewSet(SnippetViewSet):
    model = Photographer
    icon = "image"
    menu_label = _("Photographers")
    menu_order = 170
    list_display = ["name", "name_genitive", "locale"]


register_snippet(PhotographerViewSet)
