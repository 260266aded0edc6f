from typing import Any

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.snippets.action_menu import ActionMenuItem

from dateline.editions.registry import all_editions
from dateline.stories.models import Story

from . import views

app_name = "dateline_newsroom"
urlpatterns = [
    path("desk/<slug:edition>/", views.desk, name="desk"),
    path("translate/<int:story_id>/", views.translate, name="translate"),
    path("my-translations/", views.queue, name="queue"),
    path("stale/", views.stale, name="stale"),
    path("stale/<int:story_id>/", views.stale_translation, name="stale_translation"),
    path("lag/<slug:edition>/", views.lag, name="lag"),
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
