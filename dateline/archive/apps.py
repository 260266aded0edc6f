from django.apps import AppConfig


class ArchiveConfig(AppConfig):
    name = "dateline.archive"
    label = "archive"
