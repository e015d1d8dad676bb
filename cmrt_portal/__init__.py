"""CMRT Portal configuration package. Importing it wires Celery so that shared tasks use our app."""

from .celery import app as celery_app

__all__ = ["celery_app"]
