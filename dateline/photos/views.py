"""Uploaded media as Django serves it (`SERVE_MEDIA`): photo renditions to everyone, anything
else (originals, files waiting in Wagtail's multiple uploader) only to people who may use the
admin. A web server in front must do the same: publish only the "images/" folder."""

import posixpath

from django.conf import settings
from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase
from django.views.static import serve

PUBLIC_FOLDER = "images/"  # where Wagtail puts renditions (PhotoRendition.get_upload_to)


def media_file(request: HttpRequest, path: str) -> HttpResponseBase:
    # Normalised first, so "images/../original_images/x.jpg" is judged as what it opens.
    path = posixpath.normpath(path).lstrip("/")
    if not path.startswith(PUBLIC_FOLDER) and not request.user.has_perm(
        "wagtailadmin.access_admin"
    ):
        raise Http404
    return serve(request, path, document_root=str(settings.MEDIA_ROOT))
