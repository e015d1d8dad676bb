from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "surveys"
    verbose_name = "Surveys"

    def ready(self) -> None:
        from anymail.signals import tracking

        from surveys.webhooks import tracking_event_received

        tracking.connect(tracking_event_received, dispatch_uid="surveys.tracking_event_received")
