"""The back office (``/quan-tri/``) in the global authorisation matrix: one entry per pattern
of Django's admin site, by name or, unnamed, by route. The group's rule is "staff only":
every role but the administrator (the only staff user; an officer is not staff) is sent to
the back office's login page; what the administrator gets follows each model admin's
permissions, declared below per model, so that registering a model, or giving a read-only
one an add or delete page, fails the matrix until someone decides."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from tests.security.matrix_outcomes import ADMIN_LOGIN, Page, To, outcomes

INDEX = "/quan-tri/"


def staff(outcome, *, anonymous=ADMIN_LOGIN):
    """``outcome`` for the administrator, the back office's login page for everyone else."""
    return outcomes(ADMIN_LOGIN, anonymous=anonymous, admin_user=outcome)


# label in the admin's URL names → (world key of the row the pages aim at, may add, may
# delete). Every model admin lets the administrator see its list, a row and its history; a
# row of a model it may not change is shown read-only (200).
MODELS = {
    "auth_group": ("group", True, True),
    "django_tasks_database_dbtaskresult": ("task_result", False, False),
    "core_agency": ("agency", True, True),
    "core_auditentry": ("audit", False, False),
    "accounts_user": ("rep_a_user", True, True),
    "accounts_enterprisemembership": ("membership", False, True),
    "registry_district": ("district", True, True),
    "registry_industrygroup": ("industry_group", True, True),
    "registry_enterprise": ("enterprise", False, False),
    "registry_product": ("product", False, False),
    "registry_importjob": ("import_job", False, False),
    "axes_accessattempt": ("access_attempt", False, True),
    "axes_accesslog": ("access_log", False, True),
    "axes_accessfailurelog": ("access_failure_log", False, True),
}


def _model_pages(label: str, key: str, may_add: bool, may_delete: bool) -> dict[str, Page]:
    app_model = reverse(f"admin:{label}_changelist").removeprefix(INDEX)  # "auth/group/"

    def row(w: dict) -> dict[str, str]:
        return {"object_id": str(w[key].pk)}

    pages = {
        f"admin:{label}_changelist": Page(get=staff(200)),
        f"admin:{label}_add": Page(get=staff(200 if may_add else 403)),
        f"admin:{label}_history": Page(kwargs=row, get=staff(200)),
        f"admin:{label}_delete": Page(kwargs=row, get=staff(200 if may_delete else 403)),
        f"admin:{label}_change": Page(kwargs=row, get=staff(200)),
        # the bare row address redirects to its change page
        f"quan-tri/{app_model}<path:object_id>/": Page(
            path=lambda w: f"{INDEX}{app_model}{w[key].pk}/",
            get=staff(To(lambda w: f"{INDEX}{app_model}{w[key].pk}/change/")),
        ),
    }
    return pages


def _admin_pages() -> dict[str, Page]:
    pages = {
        "admin:index": Page(get=staff(200)),
        # the login page is the one page a non-staff user may open; staff go to the index
        "admin:login": Page(get=outcomes(200, anonymous=200, admin_user=To(INDEX))),
        # POST-only (Django 5): the administrator is logged out and sent home; anyone else is
        # sent to the index, and from there to the login page
        "admin:logout": Page(
            get=outcomes(To(INDEX), anonymous=To(INDEX), admin_user=405),
            post=outcomes(To(INDEX), anonymous=To(INDEX), admin_user=To("/")),
        ),
        "admin:password_change": Page(get=staff(200)),
        "admin:password_change_done": Page(get=staff(200)),
        # without the field to complete, the autocomplete view refuses
        "admin:autocomplete": Page(get=staff(403)),
        "admin:jsi18n": Page(get=staff(200)),
        "admin:view_on_site": Page(
            kwargs=lambda w: {
                "content_type_id": ContentType.objects.get_for_model(w["enterprise"]).pk,
                "object_id": w["enterprise"].pk,
            },
            get=staff(404),
        ),
        "admin:app_list": Page(kwargs=lambda w: {"app_label": "registry"}, get=staff(200)),
        # an unknown address under /quan-tri/ says nothing before the login
        "quan-tri/(?P<url>.*)$": Page(path=lambda w: f"{INDEX}khong-co-trang-nay/", get=staff(404)),
        "admin:auth_user_password_change": Page(
            kwargs=lambda w: {"id": w["rep_a_user"].pk}, get=staff(200)
        ),
    }
    for label, (key, may_add, may_delete) in MODELS.items():
        pages |= _model_pages(label, key, may_add, may_delete)
    return pages


ADMIN_PAGES = _admin_pages()
