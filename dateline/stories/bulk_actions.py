"""Bulk actions on the Stories listing, as Wagtail offers them for pages: publish the selected
stories, or withdraw them with one reason. Only those who may publish (chief editors) see
their stories among the actionable ones."""

from typing import Any

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction

from .forms import WithdrawForm
from .models import Story
from .services import story_withdraw


class _StoryBulkAction(SnippetBulkAction):
    models = [Story]

    def check_perm(self, story: Story) -> bool:
        return self.permission_policy.user_has_permission_for_instance(
            self.request.user, "publish", story
        )


class PublishBulkAction(_StoryBulkAction):
    display_name = _("Publish")
    action_type = "publish"
    aria_label = _("Publish the selected stories")
    template_name = "stories/admin/confirm_bulk_publish.html"
    action_priority = 40

    @classmethod
    def execute_action(cls, objects: list[Story], user: Any = None, **kwargs: Any) -> tuple:
        for story in objects:
            (story.get_latest_revision() or story.save_revision(user=user)).publish(user=user)
        return len(objects), 0

    def get_success_message(self, num_parent_objects: int, num_child_objects: int) -> str:
        return ngettext(
            "%(count)d story has been published.",
            "%(count)d stories have been published.",
            num_parent_objects,
        ) % {"count": num_parent_objects}


class WithdrawBulkAction(_StoryBulkAction):
    display_name = _("Withdraw")
    action_type = "withdraw"
    aria_label = _("Withdraw the selected stories")
    template_name = "stories/admin/confirm_bulk_withdraw.html"
    action_priority = 50
    classes = {"serious"}
    form_class = WithdrawForm

    def get_execution_context(self) -> dict:
        return {
            **super().get_execution_context(),
            "reason": self.cleaned_form.cleaned_data["reason"],
        }

    @classmethod
    def execute_action(
        cls, objects: list[Story], reason: str = "", user: Any = None, **kwargs: Any
    ) -> tuple:
        live = [story for story in objects if story.live]
        for story in live:
            story_withdraw(story=story, reason=reason, user=user)
        return len(live), 0

    def get_success_message(self, num_parent_objects: int, num_child_objects: int) -> str:
        return ngettext(
            "%(count)d story has been withdrawn.",
            "%(count)d stories have been withdrawn.",
            num_parent_objects,
        ) % {"count": num_parent_objects}
