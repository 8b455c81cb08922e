"""Writes to the register, one module per record: ``enterprises`` (with their contacts and
Top 500 listings), ``products`` (with their images), ``imports`` (the spreadsheet import
jobs and the command-line import), ``public_records`` (the published lists of recognised
products), ``self_registration`` (a firm signing itself up). Callers use
``from chuluc.registry import services`` and ``services.<name>``."""

from chuluc.registry.services.enterprises import (
    enterprise_contact_add,
    enterprise_contact_remove,
    enterprise_create,
    enterprise_update,
    top500_listing_add,
    top500_listing_remove,
)
from chuluc.registry.services.imports import (
    import_job_cancel,
    import_job_commit,
    import_job_create,
    import_job_validate,
    import_job_write,
    import_rows_commit,
)
from chuluc.registry.services.products import product_create, product_image_add, product_update
from chuluc.registry.services.public_records import public_records_load
from chuluc.registry.services.self_registration import enterprise_self_register

__all__ = [
    "enterprise_contact_add",
    "enterprise_contact_remove",
    "enterprise_create",
    "enterprise_self_register",
    "enterprise_update",
    "import_job_cancel",
    "import_job_commit",
    "import_job_create",
    "import_job_validate",
    "import_job_write",
    "import_rows_commit",
    "product_create",
    "product_image_add",
    "product_update",
    "public_records_load",
    "top500_listing_add",
    "top500_listing_remove",
]
