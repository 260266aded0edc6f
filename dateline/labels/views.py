"""The registries in the admin: entries, searched and filtered by kind, and the kinds with the
notes their mentions take. Administrators only (the models' permissions)."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from .models import EntityKind, RegistryEntity


class RegistryEntityForm(WagtailAdminModelForm):
    aliases = forms.CharField(
        label=gettext_lazy("aliases"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("Other spellings it is mentioned by, one a line (Latin ones too)."),
    )

    class Meta:
        model = RegistryEntity
        fields = ["external_id", "name", "aliases", "kind", "designated_on", "removed_on", "source"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.initial["aliases"] = "\n".join(self.instance.aliases or [])

    def clean_aliases(self) -> list[str]:
        lines = (line.strip() for line in self.cleaned_data["aliases"].splitlines())
        return list(dict.fromkeys(line for line in lines if line))


class RegistryEntityViewSet(ModelViewSet):
    model = RegistryEntity
    icon = "warning"
    menu_label = gettext_lazy("Entries")
    list_display = ["name", "kind", "designated_on", "removed_on", "external_id"]
    list_filter = ["kind"]
    search_fields = ["name", "external_id"]
    copy_view_enabled = False

    def get_form_class(self, for_update: bool = False) -> type[RegistryEntityForm]:
        return RegistryEntityForm


class EntityKindViewSet(ModelViewSet):
    model = EntityKind
    icon = "tag"
    menu_label = gettext_lazy("Kinds")
    form_fields = ["name", "slug", "mention_notes"]
    list_display = ["name", "slug"]
    copy_view_enabled = False


class RegistriesViewSetGroup(ViewSetGroup):
    menu_label = gettext_lazy("Registries")
    menu_icon = "warning"
    items = (RegistryEntityViewSet("registry_entry"), EntityKindViewSet("registry_kind"))
