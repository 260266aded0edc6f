from typing import Any

from django.http import HttpRequest
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.admin.ui.components import Component
from wagtail.snippets.action_menu import ActionMenuItem

from dateline.editions.registry import all_editions
from dateline.stories.models import Story

from . import link_chooser, views
from .desk import translation_is_stale, translations_stale
from .roles import REVIEWERS

app_name = "dateline_newsroom"
urlpatterns = [
    path("desk/<slug:edition>/", views.desk, name="desk"),
    path("translate/<int:story_id>/", views.translate, name="translate"),
    path("my-translations/", views.queue, name="queue"),
    path("stale/", views.stale, name="stale"),
    path("stale/<int:story_id>/", views.stale_translation, name="stale_translation"),
    path("lag/<slug:edition>/", views.lag, name="lag"),
    path("link-story/", link_chooser.link_story, name="link_story"),
    path("link-story/<int:story_id>/", link_chooser.link_story_chosen, name="link_story_chosen"),
]


@hooks.register("register_admin_urls")
def _desk_urls() -> list:
    return [path("newsroom/", include((urlpatterns, app_name), namespace=app_name))]


class _EditionsMenu(Menu):
    """One item per edition, read when the menu is drawn: editions change without a restart."""

    def __init__(self, url_name: str, **kwargs: Any) -> None:
        self.url_name = url_name
        super().__init__(**kwargs)

    @property
    def registered_menu_items(self) -> list[MenuItem]:
        return [
            MenuItem(
                edition.name,
                reverse(f"{app_name}:{self.url_name}", args=[edition.slug]),
                order=edition.sort_order,
            )
            for edition in all_editions()
        ]


class _TranslatorsItem(MenuItem):
    def is_shown(self, request: Any) -> bool:
        return request.user.has_perm("stories.add_story")


@hooks.register("register_admin_menu_item")
def _desk_menu() -> SubmenuMenuItem:
    desk_menu = Menu(
        items=[
            SubmenuMenuItem(_("To translate"), _EditionsMenu("desk"), icon_name="list-ul"),
            _TranslatorsItem(_("My translations"), reverse(f"{app_name}:queue"), order=10),
            MenuItem(_("Stale translations"), reverse(f"{app_name}:stale"), order=20),
            SubmenuMenuItem(_("Translation lag"), _EditionsMenu("lag"), icon_name="time"),
        ]
    )
    return SubmenuMenuItem(_("Translation desk"), desk_menu, icon_name="globe", order=155)


@hooks.register("before_edit_snippet")
def _stale_translation_warning(request: HttpRequest, story: Any) -> None:
    """A translation whose original was published again says so on its edit view, until
    someone marks it checked."""
    if request.method == "GET" and isinstance(story, Story) and translation_is_stale(story):
        messages.warning(
            request,
            _("The original was published again since this translation was made or checked."),
            buttons=[
                messages.button(
                    reverse(f"{app_name}:stale_translation", args=[story.pk]),
                    _("See what changed"),
                )
            ],
        )


class StaleTranslationsPanel(Component):
    """On the dashboard: translations to check against their corrected originals."""

    name = "stale_translations"
    template_name = "newsroom/stale_panel.html"
    order = 210

    def __init__(self, request: HttpRequest) -> None:
        user = request.user
        stale = translations_stale()
        # Editors see every one; a translator sees theirs.
        if not (user.is_superuser or user.groups.filter(name__in=REVIEWERS).exists()):
            stale = stale.filter(translator=user)
        self.translations = list(stale[:10])

    def get_context_data(self, parent_context: Any = None) -> dict:
        return {"translations": self.translations}


@hooks.register("construct_homepage_panels")
def _stale_translations_panel(request: HttpRequest, panels: list) -> None:
    if request.user.has_perm("stories.change_story"):
        panel = StaleTranslationsPanel(request)
        if panel.translations:
            panels.append(panel)


class TranslateMenuItem(ActionMenuItem):
    """Translate, from the story's own edit view: to the desk's form for this story."""

    label = _("Translate…")
    name = "action-translate"
    icon_name = "globe"
    order = 70

    def is_shown(self, context: dict) -> bool:
        story = context.get("instance")
        return (
            context.get("view") == "edit"
            and story is not None
            and story.translation_of_id is None
            and context["request"].user.has_perm("stories.add_story")
        )

    def get_url(self, parent_context: dict) -> str:
        return reverse(f"{app_name}:translate", args=[parent_context["instance"].pk])


@hooks.register("register_snippet_action_menu_item")
def _translate_action(model: type) -> ActionMenuItem | None:
    return TranslateMenuItem() if model is Story else None
