"""The story form's panel for the parts rooms above add to it (stories.forms.StoryFormPart):
each part's summary and its fields, under its own heading."""

from typing import Any

from wagtail.admin.panels import Panel

from .forms import story_form_parts


class FormPartsPanel(Panel):
    class BoundPanel(Panel.BoundPanel):
        template_name = "stories/_form_parts.html"

        def is_shown(self) -> bool:
            return self.form is not None and bool(story_form_parts())

        def get_context_data(self, parent_context: Any = None) -> dict[str, Any]:
            context = super().get_context_data(parent_context)
            form = self.form
            context["parts"] = [
                {
                    "heading": part.heading,
                    "name": part.name,
                    "summary": part.summary(form),
                    "fields": [form[name] for name in part.fields(form) if name in form.fields],
                }
                for part in story_form_parts()
            ]
            return context
