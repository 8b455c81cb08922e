"""A recognition's validity comes from one derivation (issue 17, point 2): on 07/12/2026 the
officer's list showed the 2023 recognitions (valid until 29/11/2026) as "Còn hiệu lực" and
the detail page read "Còn hiệu lực (expired)", while the public verification said expired."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from chuluc.decisions import selectors, services
from chuluc.decisions.enums import RecognitionStatus, Validity
from chuluc.decisions.models import ExpiryReminder, Recognition
from tests.factories.accounts import MembershipFactory, UserFactory
from tests.factories.decisions import decided
from tests.factories.registry import EnterpriseFactory

TODAY = dt.date(2026, 12, 7)


@pytest.fixture
def world(officer):
    rep, enterprise = UserFactory(roles=["enterprise_rep"]), EnterpriseFactory()
    MembershipFactory(user=rep, enterprise=enterprise)
    return decided(officer=officer, rep=rep, enterprise=enterprise)


def _expire(recognition: Recognition) -> Recognition:
    """Valid until a week ago (as the 2023 recognitions were on 07/12/2026)."""
    Recognition.objects.filter(pk=recognition.pk).update(
        valid_until=timezone.localdate() - dt.timedelta(days=8)
    )
    recognition.refresh_from_db()
    return recognition


def test_officer_list_and_detail_say_expired(client, officer, world):
    recognition = _expire(world["decision"].recognitions.order_by("rank").first())
    client.force_login(officer)

    listing = client.get(reverse("decisions:recognitions")).content.decode()
    row = listing.split(f'href="{reverse("decisions:recognition_detail", args=[recognition.pk])}"')[
        1
    ]
    assert str(Validity.EXPIRED.label) in row.split("</tr>")[0]

    detail = client.get(reverse("decisions:recognition_detail", args=[recognition.pk]))
    text = detail.content.decode()
    shown = text.split('id="recognition-validity">')[1].split("</dd>")[0]
    assert shown == str(Validity.EXPIRED.label)
    assert "expired" not in text.split('id="recognition-validity">')[1][:80]


def test_officers_filter_by_validity(client, officer, world):
    recognitions = list(world["decision"].recognitions.order_by("rank"))
    expired = _expire(recognitions[0])
    client.force_login(officer)
    url = reverse("decisions:recognitions")

    page = client.get(url, {"hieu-luc": "expired"})
    assert list(page.context["page"]) == [expired]
    valid = client.get(url, {"hieu-luc": "valid"})
    assert expired not in list(valid.context["page"])
    assert len(valid.context["page"]) == len(recognitions) - 1
    # an unknown value is ignored, not an error
    assert client.get(url, {"hieu-luc": "<script>"}).status_code == 200


def test_the_query_and_the_function_agree(world):
    """with_validity (the officers' filter) selects exactly the rows validity() names, for
    every stored status on both sides of the date."""
    recognitions = list(world["decision"].recognitions.order_by("rank"))
    combos = [
        (status, days) for status in RecognitionStatus.values for days in (-400, -1, 0, 1, 400)
    ]
    for index, (status, days) in enumerate(combos):
        recognition = recognitions[index % len(recognitions)]
        Recognition.objects.filter(pk=recognition.pk).update(
            status=status, valid_until=TODAY + dt.timedelta(days=days)
        )
        everything = Recognition.objects.filter(pk__in=[r.pk for r in recognitions])
        named = {r.pk: selectors.validity(r, on=TODAY) for r in everything}
        for state in Validity.values:
            selected = set(
                selectors.with_validity(everything, state, on=TODAY).values_list("pk", flat=True)
            )
            assert selected == {pk for pk, v in named.items() if v == state}, (status, days, state)


def _pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return " ".join((page.extract_text() or "") for page in reader.pages)


def test_revoked_certificate_downloads_with_the_stamp(client, officer, world):
    """A revoked certificate's PDF downloaded as a clean certificate (seen on 07/12/2026)."""
    recognition = world["decision"].recognitions.order_by("rank").first()
    services.certificate_files_store(actor=officer, decision=world["decision"])
    certificate = recognition.certificates.first()
    url = reverse("decisions:certificate_pdf", args=[certificate.pk])
    client.force_login(officer)
    clean = client.get(url)
    clean_bytes = b"".join(clean.streaming_content) if clean.streaming else clean.content
    assert "ĐÃ THU HỒI" not in _pdf_text(clean_bytes)

    services.recognition_revoke(
        actor=officer, recognition=recognition, reason="Gian lận số liệu", decision_ref="5/QĐ-UBND"
    )
    stamped = client.get(url)
    assert stamped.status_code == 200
    text = _pdf_text(stamped.content)
    assert "ĐÃ THU HỒI" in text
    assert "5/QĐ-UBND" in text
    assert certificate.number in text  # still the same certificate, marked


# ------------------------------------------------------------ one state on every surface
#
# Issue 17: "expiring" (the reminder window before the last day) was nowhere, and the API
# filtered with its own copy of the rule. On a fixed day every surface must name the same
# state: officer list and detail, public verification, API (detail, certificate, filter),
# officers' filter and the open-data file.

RENEWED_UNTIL = dt.date(2026, 11, 29)


def _on_the_day(monkeypatch) -> None:
    """The test clock: today is 07/12/2026 wherever the day is asked."""
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)


def _set(recognition: Recognition, case: str, officer) -> None:
    if case == Validity.REVOKED:
        services.recognition_revoke(
            actor=officer, recognition=recognition, reason="Vi phạm (thử)", decision_ref="7/QĐ"
        )
        return
    until = {
        Validity.EXPIRED: RENEWED_UNTIL,  # the 2023 recognitions, seen on 07/12/2026
        Validity.EXPIRING: TODAY + dt.timedelta(days=30),
        Validity.VALID: TODAY + dt.timedelta(days=400),
        Validity.SUPERSEDED: TODAY + dt.timedelta(days=400),
    }[case]
    status = (
        RecognitionStatus.SUPERSEDED if case == Validity.SUPERSEDED else RecognitionStatus.ACTIVE
    )
    Recognition.objects.filter(pk=recognition.pk).update(valid_until=until, status=status)


def _open_data_state(decision, certificate_number: str) -> str:
    snapshot = decision.snapshots.order_by("-version").first()
    with snapshot.json_file.open("rb") as handle:
        rows = json.loads(handle.read().decode("utf-8"))
    return next(r["tinh_trang"] for r in rows if r["so_chung_nhan"] == certificate_number)


@pytest.mark.parametrize("case", list(Validity))
def test_every_surface_names_the_same_state(case, client, officer, world, monkeypatch, settings):
    settings.EXPIRY_REMINDER_DAYS = [90, 30]
    decision = world["decision"]
    services.snapshot_publish(decision=decision, reason="Quyết định (thử)")
    recognition = decision.recognitions.order_by("rank").first()
    _set(recognition, case, officer)
    _on_the_day(monkeypatch)
    certificate = recognition.certificates.order_by("title").first()
    label = str(case.label)

    client.force_login(officer)
    listing = client.get(reverse("decisions:recognitions")).content.decode()
    link = f'href="{reverse("decisions:recognition_detail", args=[recognition.pk])}"'
    assert f'<td class="validity">{label}</td>' in listing.split(link)[1].split("</tr>")[0]
    detail = client.get(reverse("decisions:recognition_detail", args=[recognition.pk]))
    assert f'id="recognition-validity">{label}</dd>' in detail.content.decode()
    filtered = client.get(reverse("decisions:recognitions"), {"hieu-luc": case.value})
    assert recognition in list(filtered.context["page"])

    client.logout()
    verify = client.get(reverse("portal:verify_number", args=[certificate.number]))
    assert verify.context["v"].validity == case
    assert f'role="status">{label}</p>' in verify.content.decode()

    api = client.get(f"/api/v1/recognitions/{recognition.pk}").json()
    assert (api["status"], api["status_label"]) == (case.value, label)
    assert client.get(f"/api/v1/certificates/{certificate.number}").json()["status"] == case
    listed = client.get("/api/v1/recognitions", {"status": case.value}).json()["items"]
    assert recognition.pk in [item["id"] for item in listed]

    call_command("refresh_open_data", stdout=StringIO())
    assert _open_data_state(decision, certificate.number) == case.value


def test_expiring_starts_with_the_first_reminder(world, settings):
    """The window is the longest reminder lead time (EXPIRY_REMINDER_DAYS): the day the
    first reminder goes out, the recognition reads expiring; without reminders, never."""
    recognition = world["decision"].recognitions.order_by("rank").first()
    last = recognition.valid_until
    settings.EXPIRY_REMINDER_DAYS = [90, 30]
    assert selectors.validity(recognition, on=last - dt.timedelta(days=91)) == Validity.VALID
    assert selectors.validity(recognition, on=last - dt.timedelta(days=90)) == Validity.EXPIRING
    assert selectors.validity(recognition, on=last) == Validity.EXPIRING
    assert selectors.validity(recognition, on=last + dt.timedelta(days=1)) == Validity.EXPIRED
    settings.EXPIRY_REMINDER_DAYS = []
    assert selectors.validity(recognition, on=last) == Validity.VALID


def test_refresh_open_data_publishes_only_when_a_state_changed(world, settings):
    settings.EXPIRY_REMINDER_DAYS = [90, 30]
    decision = world["decision"]
    first = services.snapshot_publish(decision=decision, reason="Quyết định (thử)")
    last = decision.recognitions.order_by("rank").first().valid_until

    assert services.snapshots_refresh(today=first.created_at.date()) == 0
    assert services.snapshots_refresh(today=last - dt.timedelta(days=10)) == 1
    assert services.snapshots_refresh(today=last - dt.timedelta(days=10)) == 0
    newest = decision.snapshots.order_by("-version").first()
    assert newest.version == first.version + 1
    assert newest.metadata["statusDate"] == (last - dt.timedelta(days=10)).isoformat()
    assert {r["tinh_trang"] for r in _csv_states(newest)} == {Validity.EXPIRING.value}


def _csv_states(snapshot) -> list[dict[str, str]]:
    with snapshot.json_file.open("rb") as handle:
        return json.loads(handle.read().decode("utf-8"))


# The API filtered with its own copy of the rule (issue 17): a comparison of a recognition's
# last day outside the one derivation is allowed only where it asks another question.
COMPARES_LAST_DAY = re.compile(
    r"valid_until(__(lt|lte|gt|gte)\b| *[<>]=?)|[<>]=? *[\w.]*valid_until"
)
OTHER_QUESTIONS = {
    "decisions/selectors.py": "the derivation itself (validity, with_validity)",
    "monitoring/selectors/reports.py": "valid at least one day in a year (reports due)",
    "support/selectors.py": "valid on a support's day (eligibility)",
    "support/figures.py": "valid at least one day in a year (coverage)",
    "demo/support.py": "demo data chooses firms with time left",
    "campaigns/services/evidence.py": "a dossier's evidence certificate, not a recognition",
    "campaigns/screening.py": "a dossier's evidence certificate, not a recognition",
}


def test_no_other_module_derives_a_recognitions_state_from_its_last_day():
    root = Path(selectors.__file__).resolve().parents[1]
    found = {
        str(path.relative_to(root))
        for path in root.rglob("*.py")
        if "migrations" not in path.parts
        and COMPARES_LAST_DAY.search(path.read_text(encoding="utf-8"))
    }
    assert found - set(OTHER_QUESTIONS) == set()


def test_reminders_go_to_exactly_the_expiring_recognitions(world, settings):
    settings.EXPIRY_REMINDER_DAYS = [90, 30]
    recognitions = list(world["decision"].recognitions.order_by("rank"))
    last = recognitions[0].valid_until
    Recognition.objects.filter(pk=recognitions[1].pk).update(
        valid_until=last + dt.timedelta(days=90)
    )
    day = last - dt.timedelta(days=30)
    expiring = {
        r.pk
        for r in Recognition.objects.filter(pk__in=[r.pk for r in recognitions])
        if selectors.validity(r, on=day) == Validity.EXPIRING
    }
    services.expiry_reminders_send(today=day)
    reminded = set(
        ExpiryReminder.objects.filter(sent_on=day).values_list("recognition_id", flat=True)
    )
    assert reminded == expiring and recognitions[1].pk not in reminded
