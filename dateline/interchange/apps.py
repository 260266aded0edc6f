from django.apps import AppConfig


class InterchangeConfig(AppConfig):
    name = "dateline.interchange"
    label = "interchange"
