from wagtail import hooks

from .views import RegistriesViewSetGroup


@hooks.register("register_admin_viewset")
def _registries() -> RegistriesViewSetGroup:
    return RegistriesViewSetGroup()
