from typing import Any

from django.templatetags.static import static
from django.urls import path
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.log_actions import LogFormatter

from .applying import LABELS_CHANGED
from .live_mentions import live_mentions
from .services import LABEL_CHOSEN, MENTION_DECIDED
from .story_form import LIVE_MENTIONS_URL_NAME
from .views import LabelsViewSetGroup


@hooks.register("register_admin_viewset")
def _labels() -> LabelsViewSetGroup:
    return LabelsViewSetGroup()


@hooks.register("register_admin_urls")
def _live_mentions_url() -> list:
    return [path("labels/live-mentions/", live_mentions, name=LIVE_MENTIONS_URL_NAME)]


@hooks.register("insert_editor_js")
def _live_mentions_js() -> str:
    return format_html('<script src="{}" defer></script>', static("labels/live_mentions.js"))


@hooks.register("register_log_actions")
def _labels_in_history(actions: Any) -> None:
    @actions.register_action(LABELS_CHANGED)
    class LabelsChanged(LogFormatter):
        label = _("Labels")

        def format_message(self, log_entry: Any) -> str:
            data = log_entry.data
            parts = [_("added: %s") % "; ".join(data["added"])] if data.get("added") else []
            if data.get("removed"):
                parts.append(_("removed: %s") % "; ".join(data["removed"]))
            if data.get("why"):
                parts.append(data["why"])
            return _("Labels by rule, %s") % ", ".join(parts)

    @actions.register_action(LABEL_CHOSEN)
    class LabelChosen(LogFormatter):
        label = _("Label chosen")

        def format_message(self, log_entry: Any) -> str:
            data = log_entry.data
            template = _("Label “%(label)s” chosen: %(reason)s")
            if not data.get("chosen"):
                template = _("Label “%(label)s” taken off: %(reason)s")
            return template % {"label": data.get("label", ""), "reason": data.get("reason", "")}

    @actions.register_action(MENTION_DECIDED)
    class MentionDecided(LogFormatter):
        label = _("Mention decided")

        def format_message(self, log_entry: Any) -> str:
            data = log_entry.data
            template = _("“%(entity)s” is not mentioned, no label: %(reason)s")
            if data.get("is_mention"):
                template = _("“%(entity)s” is mentioned and labelled: %(reason)s")
            return template % {"entity": data.get("entity", ""), "reason": data.get("reason", "")}
