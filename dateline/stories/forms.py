from wagtail.admin.forms import WagtailAdminModelForm


class StoryForm(WagtailAdminModelForm):
    """Offers only the regions and topics of the story's own edition."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        locale_id = self.instance.locale_id
        if locale_id:
            for name in ("regions", "topics"):
                if name in self.fields:
                    field = self.fields[name]
                    field.queryset = field.queryset.filter(locale_id=locale_id)
