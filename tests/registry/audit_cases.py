"""The registry services of ``public_records``, for tests/core/test_audit.py. The other
registry services have their cases in that file."""

NOT_SINGLE_WRITES = {
    "read_public_records",  # reads the CSV file
    # bulk: one row per enterprise and product created, through enterprise_create and
    # product_create; idempotent (tests/registry/test_commands.py)
    "public_records_load",
    "check_letter",  # a check on an upload, before anything is written
    "letter_max_bytes",  # a setting read
    # a step of membership_decide, whose audit row records the firm it wrote
    "enterprise_found",
}

CASES = {}
