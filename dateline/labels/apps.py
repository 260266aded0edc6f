from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LabelsConfig(AppConfig):
    name = "dateline.labels"
    label = "labels"
    verbose_name = _("Labels")

    def ready(self) -> None:
        from dateline.stories.background import background_register, periodic
        from dateline.stories.document import document_labels_register
        from dateline.stories.forms import story_form_part_register
        from dateline.stories.listing import story_listing_part_register

        from . import signals  # noqa: F401
        from .document_labels import story_document_labels
        from .listing import LABELS_LISTING
        from .relabelling import LOOP_SECONDS, relabellings_run
        from .story_form import LABELS_PART

        document_labels_register(story_document_labels)
        story_form_part_register(LABELS_PART)
        story_listing_part_register(LABELS_LISTING)
        background_register("relabelling", periodic(relabellings_run, LOOP_SECONDS))
