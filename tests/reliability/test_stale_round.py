"""The deterministic form of a race the concurrency test can hit: a member's page read the
round while it was open, the secretary closes it, then the member submits their sheet. The
service must judge the round as it is now (locked and re-read), not as the page saw it."""

import pytest

from chuluc.core.errors import ApplicationError
from chuluc.council import services
from chuluc.council.models import ScoreSheet
from tests.factories.council import build_council


@pytest.mark.django_db
def test_sheet_submitted_from_a_page_loaded_before_the_close_is_refused(
    officer, rep_a, enterprise_a
):
    setup = build_council(officer=officer, rep=rep_a, enterprise=enterprise_a, dossier_count=1)
    member = setup["members"]["uv1"]
    seen_open = setup["council"].rounds.get()  # what the member's page loaded
    for criterion in setup["judged"]:
        services.score_record(
            actor=member.user,
            round_=seen_open,
            dossier=setup["dossiers"][0],
            criterion=criterion,
            value=criterion.max_points,
        )
    services.round_close(actor=setup["members"]["thu_ky"].user, round_=seen_open)

    with pytest.raises(ApplicationError) as refused:
        services.sheet_submit(actor=member.user, round_=seen_open)

    assert refused.value.message == "Vòng chấm đã khóa."
    assert ScoreSheet.objects.filter(member=member).count() == 0
