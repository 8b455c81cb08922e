"""The processes the reliability tests start: ``python -m tests.reliability.child ACTION
'{json arguments}'``, with DATA_DIR / DATABASE_URL naming the world's database.

Django is set up from the environment exactly as ``chuluc`` does (production settings,
nothing from pytest); only the password hasher is made fast, for the test users. The result
is printed as one JSON line after ``RELIABILITY-RESULT``."""

from __future__ import annotations

import json
import os
import sys

import django
from django.conf import settings
from django.core.management import call_command

from tests.reliability.harness import RESULT_PREFIX


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chuluc.config.settings")
    django.setup()
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

    from tests.reliability import (  # noqa: PLC0415 - they import the models, loaded only by django.setup()
        council_race,
        crash_ops,
    )

    actions = {"migrate": migrate, **council_race.ACTIONS, **crash_ops.ACTIONS}
    action = sys.argv[1]
    arguments = json.loads(sys.argv[2]) if len(sys.argv) > 2 else {}
    result = actions[action](**arguments)
    sys.stdout.write(f"\n{RESULT_PREFIX}{json.dumps(result, default=str)}\n")
    sys.stdout.flush()


def migrate() -> dict:
    call_command("migrate", verbosity=0, interactive=False)
    return {"migrated": True}


if __name__ == "__main__":
    main()
