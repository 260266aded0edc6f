"""The admin's webhooks: endpoints (the secret shown once, when it is made) and the delivery log
with a "retry now" for deliveries that failed. Only users with the models' permissions (the
administrators) see them."""

from typing import Any

from django import forms
from django.contrib.admin.utils import quote, unquote
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.admin.widgets.button import ListingButton

from dateline.syndication.models import ApiKey, WebhookDelivery, WebhookEndpoint
from dateline.syndication.models.webhook import webhook_secret_new

from .services import webhook_delivery_retry

Event = WebhookEndpoint.Event


class WebhookEndpointForm(WagtailAdminModelForm):
    events = forms.MultipleChoiceField(
        label=gettext_lazy("events"),
        choices=Event.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("What the subscriber is told of."),
    )
    new_secret = forms.BooleanField(
        label=gettext_lazy("make a new secret"),
        required=False,
        help_text=gettext_lazy(
            "The old one stops working at once; the new one is shown once, after saving."
        ),
    )

    class Meta:
        model = WebhookEndpoint
        fields = ["name", "url", "api_key", "editions", "events", "active"]
        widgets = {"editions": forms.CheckboxSelectMultiple}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            del self.fields["new_secret"]  # a new endpoint gets a secret anyway
        keys = ApiKey.objects.filter(revoked_at=None)
        if self.instance.api_key_id is not None:  # a key revoked since stays visible
            keys = ApiKey.objects.filter(pk=self.instance.api_key_id) | keys
        self.fields["api_key"].queryset = keys

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        key, editions = cleaned.get("api_key"), cleaned.get("editions")
        if key is not None and editions:
            unread = [e for e in editions if e not in set(key.editions.all())]
            if unread:
                self.add_error(
                    "editions",
                    _("The key %(key)s does not read %(editions)s: the webhook would hear nothing.")
                    % {"key": key, "editions": ", ".join(e.name for e in unread)},
                )
        return cleaned

    def save(self, commit: bool = True) -> WebhookEndpoint:
        if self.cleaned_data.get("new_secret"):
            self.instance.secret = webhook_secret_new()
        return super().save(commit=commit)


def _secret_message(endpoint: WebhookEndpoint) -> str:
    return _(
        "Webhook “%(name)s” saved. Give its signing secret to the subscriber; it is shown only "
        "now: %(secret)s"
    ) % {"name": endpoint.name, "secret": endpoint.secret}


class WebhookEndpointCreateView(generic.CreateView):
    def get_success_message(self, instance: WebhookEndpoint) -> str:
        return _secret_message(instance)


class WebhookEndpointEditView(generic.EditView):
    def get_success_message(self) -> str | None:
        if self.form.cleaned_data.get("new_secret"):
            return _secret_message(self.object)
        return super().get_success_message()


class WebhookEndpointIndexView(generic.IndexView):
    def get_base_queryset(self) -> QuerySet[WebhookEndpoint]:
        return super().get_base_queryset().select_related("api_key")


class WebhookEndpointViewSet(ModelViewSet):
    model = WebhookEndpoint
    icon = "link-external"
    menu_label = gettext_lazy("Endpoints")
    index_view_class = WebhookEndpointIndexView
    add_view_class = WebhookEndpointCreateView
    edit_view_class = WebhookEndpointEditView
    copy_view_enabled = False  # a copy would share the secret
    list_display = ["name", "url", "api_key", "active", "created_at"]
    list_filter = ["active"]

    def get_form_class(self, for_update: bool = False) -> type[WebhookEndpointForm]:
        return WebhookEndpointForm


class _Error(Column):
    """The last error, cut short (the delivery's own page has all of it)."""

    def get_value(self, instance: WebhookDelivery) -> str:
        error = instance.last_error
        return error if len(error) <= 80 else f"{error[:79]}…"


RETRY_URL_NAME = "webhookdelivery:retry"


class WebhookDeliveryIndexView(generic.IndexView):
    def get_base_queryset(self) -> QuerySet[WebhookDelivery]:
        return super().get_base_queryset().select_related("endpoint")

    def get_list_more_buttons(self, instance: WebhookDelivery) -> list:
        buttons = super().get_list_more_buttons(instance)
        if instance.status == WebhookDelivery.Status.FAILED and self.user_has_permission("change"):
            buttons.append(
                ListingButton(
                    _("Retry now"),
                    url=reverse(RETRY_URL_NAME, args=[quote(instance.pk)]),
                    icon_name="resubmit",
                    priority=5,
                )
            )
        return buttons


class WebhookDeliveryRetryView(PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView):
    """Asks, then makes a failed delivery due now for one more attempt."""

    model = WebhookDelivery
    permission_required = "change"
    template_name = "syndication/webhook_delivery_retry.html"
    page_title = gettext_lazy("Retry now")
    index_url_name: str | None = None
    header_icon = "resubmit"

    @cached_property
    def delivery(self) -> WebhookDelivery:
        failed = WebhookDelivery.objects.filter(status=WebhookDelivery.Status.FAILED)
        return get_object_or_404(
            failed.select_related("endpoint"), pk=unquote(str(self.kwargs["pk"]))
        )

    def get_page_subtitle(self) -> str:
        return str(self.delivery)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            delivery=self.delivery, index_url=reverse(self.index_url_name or ""), **kwargs
        )

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        webhook_delivery_retry(delivery=self.delivery)
        messages.success(
            request,
            _("The delivery to “%(endpoint)s” is tried again now.")
            % {"endpoint": self.delivery.endpoint},
        )
        return redirect(self.index_url_name or "")


class WebhookDeliveryViewSet(ModelViewSet):
    model = WebhookDelivery
    icon = "list-ul"
    menu_label = gettext_lazy("Delivery log")
    index_view_class = WebhookDeliveryIndexView
    inspect_view_enabled = True
    copy_view_enabled = False
    list_display = [
        "endpoint",
        "event",
        "story_id",
        "status",
        "attempts",
        "last_status_code",
        _Error("last_error", label=gettext_lazy("last error")),
        "created_at",
        "next_attempt_at",
        "delivered_at",
    ]
    list_filter = ["endpoint", "status", "event"]
    ordering = ["-pk"]

    def get_common_view_kwargs(self, **kwargs: Any) -> dict[str, Any]:
        # The log is written by the sender only: nothing to add, edit or delete here.
        return super().get_common_view_kwargs(
            **{"add_url_name": None, "edit_url_name": None, "delete_url_name": None, **kwargs}
        )

    def get_urlpatterns(self) -> list:
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("inspect/<int:pk>/", self.inspect_view, name="inspect"),
            path("retry/<int:pk>/", self.retry_view, name="retry"),
        ]

    @property
    def retry_view(self) -> Any:
        return self.construct_view(
            WebhookDeliveryRetryView, index_url_name=self.get_url_name("index")
        )


class WebhooksViewSetGroup(ModelViewSetGroup):
    menu_label = gettext_lazy("Webhooks")
    menu_icon = "link-external"
    items = (WebhookEndpointViewSet("webhookendpoint"), WebhookDeliveryViewSet("webhookdelivery"))
