from django.apps import AppConfig


class SmeltersConfig(AppConfig):
    name = "smelters"
    verbose_name = "Smelters"
