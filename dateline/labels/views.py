"""Labels in the admin: the labels with their texts and presentation, the rules that apply
them, the registries (entries, searched and filtered by kind, and the kinds with the notes
their mentions take) and the relabellings of the archive with their progress. Administrators
only (the models' permissions)."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from .models import EntityKind, Label, LabelRule, RegistryEntity, Relabelling


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


class LabelViewSet(ModelViewSet):
    model = Label
    icon = "tag"
    menu_label = gettext_lazy("Labels")
    list_display = ["name", "placement", "fixed_language", "upper_case", "font_scale"]
    copy_view_enabled = False


class LabelRuleViewSet(ModelViewSet):
    model = LabelRule
    icon = "list-ul"
    menu_label = gettext_lazy("Rules")
    list_display = ["__str__", "kind", "starts_on", "ends_on", "basis"]
    list_filter = ["kind", "label"]
    copy_view_enabled = False


def _progress(relabelling: Relabelling) -> str:
    if relabelling.finished_at:
        return str(gettext_lazy("finished"))
    total = relabelling.total or 1
    return f"{min(100, relabelling.scanned * 100 // total)} %"


def _ids(ids: list[int]) -> str:
    return f"{', '.join(str(pk) for pk in ids[:20])}{' …' if len(ids) > 20 else ''}"


def _changed_stories(relabelling: Relabelling) -> str:
    return _ids(relabelling.changed_ids)


def _flagged_stories(relabelling: Relabelling) -> str:
    return _ids(relabelling.flagged_ids)


class RelabellingViewSet(ModelViewSet):
    """What each relabelling of the archive has done so far (read only: the worker writes)."""

    model = Relabelling
    icon = "resubmit"
    menu_label = gettext_lazy("Relabellings")
    add_to_admin_menu = False
    list_display = [
        "reason",
        "started_at",
        "finished_at",
        Column("progress", label=gettext_lazy("Progress"), accessor=_progress),
        "scanned",
        "total",
        "changed",
        Column("changed_ids", label=gettext_lazy("Stories changed"), accessor=_changed_stories),
        "flagged",
        Column(
            "flagged_ids",
            label=gettext_lazy("Stories with a name to decide on"),
            accessor=_flagged_stories,
        ),
    ]
    form_fields = ["reason"]
    copy_view_enabled = False
    inspect_view_enabled = True


class LabelsViewSetGroup(ViewSetGroup):
    menu_label = gettext_lazy("Labels")
    menu_icon = "warning"
    items = (
        LabelViewSet("label"),
        LabelRuleViewSet("label_rule"),
        RegistryEntityViewSet("registry_entry"),
        EntityKindViewSet("registry_kind"),
        RelabellingViewSet("relabelling"),
    )
