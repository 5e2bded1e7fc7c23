from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "cadence.people"
    label = "people"
    verbose_name = "People"
