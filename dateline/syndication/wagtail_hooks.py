from typing import Any

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.log_actions import LogFormatter

from .keys import REVOKE_ACTION
from .keys_admin import ApiKeyViewSet
from .webhooks.views import WebhooksViewSetGroup


@hooks.register("register_admin_viewset")
def _webhooks() -> WebhooksViewSetGroup:
    return WebhooksViewSetGroup()


@hooks.register("register_admin_viewset")
def _api_keys() -> ApiKeyViewSet:
    return ApiKeyViewSet("apikey")


@hooks.register("register_log_actions")
def _api_key_revocation_in_history(actions: Any) -> None:
    @actions.register_action(REVOKE_ACTION)
    class Revoked(LogFormatter):
        label = _("Revoke API key")
        message = _("Revoked: the key no longer works")
