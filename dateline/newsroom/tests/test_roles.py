import pytest
from django.contrib.auth.models import Group
from wagtail.permission_policies.base import ModelPermissionPolicy

from dateline.stories.factories import StoryFactory
from dateline.stories.models import Story


def _user(django_user_model, role: str):
    user = django_user_model.objects.create_user(username=role, password="pw")
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "may_publish", "may_delete"),
    [
        ("Reporter", False, False),
        ("Translator", False, False),
        ("Editor", False, False),
        ("Chief editor", True, True),
    ],
)
def test_each_role_may_do_what_its_name_says(django_user_model, en, role, may_publish, may_delete):
    user = _user(django_user_model, role)
    story = StoryFactory(locale=en.locale)

    assert user.has_perm("wagtailadmin.access_admin")
    assert user.has_perm("stories.add_story") and user.has_perm("stories.change_story")
    assert user.has_perm("stories.publish_story") is may_publish
    assert user.has_perm("stories.delete_story") is may_delete
    assert user.has_perm("simple_translation.submit_translation") is (role != "Reporter")
    policy = ModelPermissionPolicy(Story)
    assert policy.user_has_permission_for_instance(user, "publish", story) is may_publish


@pytest.mark.django_db
def test_editors_manage_region_pages_but_reporters_do_not(django_user_model, en_front):
    editor, reporter = _user(django_user_model, "Editor"), _user(django_user_model, "Reporter")
    assert en_front.permissions_for_user(editor).can_add_subpage()
    assert en_front.permissions_for_user(editor).can_publish()
    assert not en_front.permissions_for_user(reporter).can_add_subpage()
