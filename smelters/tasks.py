from celery import shared_task


@shared_task(acks_late=True, ignore_result=True)
def reported_smelters_rematch() -> int:
    """Celery entry point: match every reported smelter row again after the reference data changed."""
    from smelters.services import reported_smelters_rematch as rematch

    return rematch()
