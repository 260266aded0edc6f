"""The admin's API keys: the list (name, editions, scope, created, last used, revoked), a new
key shown once on the page that answers its creation, and revocation after a confirmation.
Keys are revoked, never deleted, so the list keeps who had access. Only users with the model's
permissions (the administrators) see any of it."""

from typing import Any

from django import forms
from django.contrib.admin.utils import quote, unquote
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
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
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import ListingButton

from dateline.editions.links import api_docs_url

from .keys import api_key_create, api_key_revoke
from .models import ApiKey

REVOKE_URL_NAME = "apikey:revoke"


class ApiKeyForm(WagtailAdminModelForm):
    class Meta:
        model = ApiKey
        fields = ["name", "editions", "embargo_access", "requests_per_minute"]
        widgets = {"editions": forms.CheckboxSelectMultiple}


class _Editions(Column):
    def get_value(self, instance: ApiKey) -> str:
        return ", ".join(edition.slug for edition in instance.editions.all())


class _Scope(Column):
    def get_value(self, instance: ApiKey) -> str:
        scope = _("embargoed stories too") if instance.embargo_access else _("public stories")
        return f"{scope}, {instance.requests_per_minute}/min"


class ApiKeyIndexView(generic.IndexView):
    def get_base_queryset(self) -> Any:
        return super().get_base_queryset().prefetch_related("editions")

    def get_list_more_buttons(self, instance: ApiKey) -> list:
        buttons = super().get_list_more_buttons(instance)
        if instance.revoked_at is None and self.user_has_permission("change"):
            buttons.append(
                ListingButton(
                    _("Revoke"),
                    url=reverse(REVOKE_URL_NAME, args=[quote(instance.pk)]),
                    icon_name="bin",
                    priority=30,
                )
            )
        return buttons


class ApiKeyCreateView(generic.CreateView):
    """Makes the key through the service and answers with it: the one time it is shown."""

    raw_key = ""

    def save_instance(self) -> ApiKey:
        data = self.form.cleaned_data
        key, self.raw_key = api_key_create(
            name=data["name"],
            editions=data["editions"],
            embargo_access=data["embargo_access"],
            requests_per_minute=data["requests_per_minute"],
            user=self.request.user,
        )
        return key

    def save_action(self) -> HttpResponse:
        # The admin's views are never cached (Wagtail sends no-store): the key stays nowhere.
        return TemplateResponse(
            self.request,
            "syndication/api_key_created.html",
            {
                "key": self.object,
                "raw_key": self.raw_key,
                "index_url": reverse(self.index_url_name or ""),
                "docs_url": api_docs_url(),
                "page_title": _("API key created"),
                "header_title": _("API key created"),
                "header_icon": "key",
            },
        )


class ApiKeyRevokeView(PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView):
    """Asks, then revokes a key: it stops working at once."""

    model = ApiKey
    permission_required = "change"
    template_name = "syndication/api_key_revoke.html"
    page_title = gettext_lazy("Revoke API key")
    index_url_name: str | None = None
    header_icon = "key"

    @cached_property
    def key(self) -> ApiKey:
        return get_object_or_404(ApiKey, pk=unquote(str(self.kwargs["pk"])), revoked_at=None)

    def get_page_subtitle(self) -> str:
        return self.key.name

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            key=self.key, index_url=reverse(self.index_url_name or ""), **kwargs
        )

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        key = api_key_revoke(key=self.key, user=request.user)  # type: ignore[arg-type]
        messages.success(
            request, _("The API key “%(name)s” is revoked: it no longer works.") % {"name": key}
        )
        return redirect(self.index_url_name or "")


class ApiKeyViewSet(ModelViewSet):
    model = ApiKey
    icon = "key"
    menu_label = gettext_lazy("API keys")
    menu_order = 820
    add_to_admin_menu = True
    index_view_class = ApiKeyIndexView
    add_view_class = ApiKeyCreateView
    copy_view_enabled = False  # a copy would need a key of its own anyway
    list_display = [
        "name",
        "prefix",
        _Editions("editions", label=gettext_lazy("editions")),
        _Scope("scope", label=gettext_lazy("scope")),
        "created_at",
        "last_used_at",
        "revoked_at",
    ]
    list_filter = ["embargo_access", "editions"]

    def get_form_class(self, for_update: bool = False) -> type[ApiKeyForm]:
        return ApiKeyForm

    def get_common_view_kwargs(self, **kwargs: Any) -> dict[str, Any]:
        # Revoked, not deleted: the list keeps every key that ever worked.
        return super().get_common_view_kwargs(**{"delete_url_name": None, **kwargs})

    def get_urlpatterns(self) -> list:
        return [
            *(p for p in super().get_urlpatterns() if p.name != "delete"),
            path("revoke/<int:pk>/", self.revoke_view, name="revoke"),
        ]

    @property
    def revoke_view(self) -> Any:
        return self.construct_view(ApiKeyRevokeView, index_url_name=self.get_url_name("index"))
