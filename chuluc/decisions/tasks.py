"""Background tasks of the decisions part (django-tasks): thin wrappers over the services."""

from django_tasks import task

from chuluc.decisions.models import Decision


@task()
def build_decision_products(decision_id: int, reason: str) -> str:
    """The certificates' PDFs still missing, then a new open-data snapshot of the list."""
    from chuluc.decisions import services  # noqa: PLC0415 - cycle: the services enqueue this task

    decision = Decision.objects.get(pk=decision_id)
    generated = services.certificate_files_store(actor=None, decision=decision)
    snapshot = services.snapshot_publish(decision=decision, reason=reason)
    return f"{generated} certificates, snapshot v{snapshot.version}"
