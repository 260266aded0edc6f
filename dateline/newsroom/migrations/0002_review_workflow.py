"""The newsroom's review: stories go through an editor's approval (Wagtail's workflow for the
Story snippet), and only chief editors publish at once."""

from django.db import migrations

from dateline.newsroom.roles import REVIEWERS, REVIEW_TASK, REVIEW_WORKFLOW


def create_review(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowContentType = apps.get_model("wagtailcore", "WorkflowContentType")

    task = GroupApprovalTask.objects.create(
        name=REVIEW_TASK,
        content_type=ContentType.objects.get_or_create(
            app_label="wagtailcore", model="groupapprovaltask"
        )[0],
        active=True,
    )
    task.groups.set(Group.objects.filter(name__in=REVIEWERS))
    workflow = Workflow.objects.create(name=REVIEW_WORKFLOW, active=True)
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    story_type, _ = ContentType.objects.get_or_create(app_label="stories", model="story")
    WorkflowContentType.objects.update_or_create(
        content_type=story_type, defaults={"workflow": workflow}
    )
    # Editors publish by approving; publishing at once, and withdrawing, is the chief's.
    publish = Permission.objects.filter(content_type=story_type, codename="publish_story")
    for group in Group.objects.filter(name="Editor"):
        group.permissions.remove(*publish)


def remove_review(apps, schema_editor):
    apps.get_model("wagtailcore", "Workflow").objects.filter(name=REVIEW_WORKFLOW).delete()
    apps.get_model("wagtailcore", "Task").objects.filter(name=REVIEW_TASK).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("newsroom", "0001_roles"),
        ("wagtailcore", "0098_apitoken"),
        ("stories", "0007_change_kind_people"),
    ]

    operations = [migrations.RunPython(create_review, remove_review)]
