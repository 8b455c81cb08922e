"""Background tasks of the register (django-tasks): thin wrappers over the import steps."""

from django_tasks import task

from chuluc.registry.services import imports


@task()
def validate_import(job_id: int) -> str:
    return imports.import_job_validate(job_id=job_id).status


@task()
def commit_import(job_id: int) -> str:
    return imports.import_job_write(job_id=job_id).status
