"""The council's page as the officer sees it: the campaign's stage, and one assignment form
per criterion whose checkboxes (and their labels) are each their own."""

import re
from collections import Counter

import pytest
from django.urls import reverse

from tests.factories.council import build_council

pytestmark = pytest.mark.django_db


def test_every_element_id_on_the_council_page_is_unique(client, officer, rep_a, enterprise_a):
    setup = build_council(officer=officer, rep=rep_a, enterprise=enterprise_a, dossier_count=1)
    client.force_login(officer)
    html = client.get(reverse("council:home", args=[setup["council"].pk])).content.decode()
    ids = Counter(re.findall(r'\bid="([^"]+)"', html))
    assert len(setup["judged"]) > 1
    assert [name for name, n in ids.items() if n > 1] == []
    # each criterion's checkboxes are labelled for its own boxes
    assert html.count('name="members"') == len(setup["judged"]) * 4


def test_council_page_shows_the_campaign_stage(client, officer, rep_a, enterprise_a):
    setup = build_council(officer=officer, rep=rep_a, enterprise=enterprise_a, dossier_count=1)
    client.force_login(officer)
    html = client.get(reverse("council:home", args=[setup["council"].pk])).content.decode()
    assert 'data-stage="scoring"' in html
    assert "Hội đồng đang chấm điểm" in html
