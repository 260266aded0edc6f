"""The labels part of the story form, again as the editor types: the form as it stands is sent
here, read as the save would read it (nothing is saved), and the part's summary comes back with
the mentions found highlighted and the names flagged for review."""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_POST
from wagtail.models import Locale

from dateline.stories.models import Story

from .story_form import labels_summary


@require_POST
def live_mentions(request: HttpRequest) -> HttpResponse:
    viewset = Story.snippet_viewset
    policy = viewset.permission_policy
    if story_id := request.GET.get("story", ""):
        if not story_id.isdigit():
            return HttpResponseBadRequest("story: not an id")
        story = get_object_or_404(Story, pk=story_id)
        if not policy.user_has_permission_for_instance(request.user, "change", story):
            raise PermissionDenied
    else:
        locale = Locale.objects.filter(language_code=request.GET.get("locale", "")).first()
        if locale is None:
            return HttpResponseBadRequest("locale: none such")
        if not policy.user_has_permission(request.user, "add"):
            raise PermissionDenied
        story = Story(locale=locale)
    form_class = viewset.get_edit_handler().get_form_class()
    form = form_class(request.POST, request.FILES, instance=story, for_user=request.user)
    form.is_valid()  # puts what reads well into the story; what does not stays as it was
    return HttpResponse(labels_summary(form))
