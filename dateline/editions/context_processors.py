from django.http import HttpRequest

from .registry import all_editions


def edition(request: HttpRequest) -> dict:
    return {"edition": getattr(request, "edition", None), "editions": all_editions}
