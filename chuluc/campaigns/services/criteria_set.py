"""Writes of criteria sets: a new version built from a validated spec (typed in, or read
from a YAML or XLSX file), and its freezing once a campaign scores with it."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chuluc.campaigns.criteria_io import SetSpec, parse_xlsx, parse_yaml, validate_spec
from chuluc.campaigns.models import Band, CriteriaSet, Criterion, CriterionGroup, Program
from chuluc.campaigns.selectors import scorer_codes
from chuluc.core.audit import audit_record
from chuluc.core.errors import ApplicationError
from chuluc.core.text import nfc
from chuluc.core.uploads import CSV, XLSX, check_upload


def _build_set(*, program: Program, spec: SetSpec, actor) -> CriteriaSet:
    version = (
        program.criteria_sets.order_by("-version").values_list("version", flat=True).first() or 0
    ) + 1
    criteria_set = CriteriaSet.objects.create(
        program=program,
        name=nfc(spec.name),
        version=version,
        total_points=spec.total_points,
        is_assumption=spec.is_assumption,
        source=spec.source[:300],
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    for gpos, gspec in enumerate(spec.groups):
        group = CriterionGroup.objects.create(
            criteria_set=criteria_set,
            code=gspec.code,
            name=nfc(gspec.name),
            name_en=nfc(gspec.name_en),
            position=gpos,
        )
        for cpos, cspec in enumerate(gspec.criteria):
            criterion = Criterion.objects.create(
                group=group,
                code=cspec.code,
                name=nfc(cspec.name),
                name_en=nfc(cspec.name_en),
                guidance=cspec.guidance.strip(),
                guidance_en=cspec.guidance_en.strip(),
                max_points=cspec.max_points,
                kind=cspec.kind,
                metric=cspec.metric,
                scorer=cspec.scorer,
                position=cpos,
            )
            Band.objects.bulk_create(
                [
                    Band(criterion=criterion, lower=b.lower, upper=b.upper, points=b.points)
                    for b in cspec.bands
                ]
            )
    return criteria_set


@transaction.atomic
def criteria_set_create(*, actor, program: Program, spec: SetSpec) -> CriteriaSet:
    errors = validate_spec(spec, scorers=scorer_codes())
    if errors:
        raise ApplicationError(
            _("Bộ tiêu chí không hợp lệ: ") + " ".join(errors), extra={"errors": errors}
        )
    criteria_set = _build_set(program=program, spec=spec, actor=actor)
    audit_record(
        actor=actor,
        action="criteria_set.create",
        obj=criteria_set,
        changes={"version": [None, criteria_set.version], "criteria": [None, len(spec.criteria())]},
    )
    return criteria_set


def criteria_set_import(*, actor, program: Program, upload, name: str = "") -> CriteriaSet:
    """Read a YAML or XLSX file, validate it whole, and keep it as the program's next version."""
    kind = check_upload(upload, allowed=(XLSX, CSV), max_bytes=2 * 1024 * 1024)
    upload.seek(0)
    content = upload.read()
    spec = parse_xlsx(content, name=name or upload.name) if kind is XLSX else parse_yaml(content)
    if name:
        spec.name = name
    return criteria_set_create(actor=actor, program=program, spec=spec)


def criteria_set_freeze(criteria_set: CriteriaSet) -> None:
    """Mark a set as used for scoring: from now on it is never changed (called inside the
    scoring service's transaction)."""
    if criteria_set.frozen_at is None:
        CriteriaSet.objects.filter(pk=criteria_set.pk, frozen_at=None).update(
            frozen_at=timezone.now()
        )
        criteria_set.refresh_from_db(fields=["frozen_at"])
