"""Background tasks of the decisions part (django-tasks): thin wrappers over the builders."""

from django_tasks import task


@task()
def build_decision_products(decision_id: int, reason: str) -> str:
    """The certificates' PDFs still missing, then a new open-data snapshot of the list."""
    from chuluc.decisions.certificates import certificates_generate
    from chuluc.decisions.models import Decision
    from chuluc.decisions.opendata import snapshot_publish

    decision = Decision.objects.get(pk=decision_id)
    generated = certificates_generate(decision=decision)
    snapshot = snapshot_publish(decision=decision, reason=reason)
    return f"{generated} certificates, snapshot v{snapshot.version}"
