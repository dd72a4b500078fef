"""Two people edit the same record: the second save is refused with a Vietnamese message, the
form keeps what they typed, and the first change stays (issue 15 §6)."""

import lxml.html
import pytest
from django.test import Client
from django.urls import reverse

from campaigns.models import Campaign, Target
from campaigns.tests.factories import CampaignFactory, TargetFactory
from units.models import Bloc, Person, Unit
from units.tests.factories import BlocFactory, BlocMembershipFactory, PersonFactory

pytestmark = pytest.mark.django_db

STALE = "vừa được người khác sửa trong lúc bạn đang sửa"


def _form_values(html: str) -> dict:
    """What the browser would submit from the page's main form (lxml fills selects and checkboxes)."""
    doc = lxml.html.fromstring(html)
    form = max((f for f in doc.forms if f.method.lower() == "post"), key=lambda f: len(f.inputs))
    data: dict = {}
    for name, value in form.form_values():
        data.setdefault(name, []).append(value)
    return data


def _edit_pages(jurisdiction, secretariat):
    person = PersonFactory(full_name="Nguyễn Văn Đức", unit=jurisdiction.commune_a)
    bloc = BlocFactory(organiser=jurisdiction.district, name="Cụm thi đua số 1", head=jurisdiction.commune_a)
    BlocMembershipFactory(bloc=bloc, unit=jurisdiction.commune_a)
    campaign = CampaignFactory(launching_unit=jurisdiction.district, title="Phong trào thi đua năm 2026")
    target = TargetFactory(campaign=campaign, name="Thu ngân sách", value="3130.5")
    return {
        "unit": (
            reverse("units:unit-update", args=[jurisdiction.commune_a.pk]),
            "name",
            Unit,
            jurisdiction.commune_a.pk,
        ),
        "person": (reverse("units:person-update", args=[person.pk]), "full_name", Person, person.pk),
        "bloc": (reverse("units:bloc-update", args=[bloc.pk]), "name", Bloc, bloc.pk),
        "campaign": (
            reverse("campaigns:campaign-update", args=[campaign.pk]),
            "title",
            Campaign,
            campaign.pk,
        ),
        "target": (
            reverse("campaigns:target-update", args=[campaign.pk, target.pk]),
            "name",
            Target,
            target.pk,
        ),
    }


@pytest.mark.parametrize("kind", ["unit", "person", "bloc", "campaign", "target"])
def test_second_concurrent_edit_is_refused_and_keeps_its_input(jurisdiction, secretariat, kind):
    url, field, model, pk = _edit_pages(jurisdiction, secretariat)[kind]
    first, second = Client(), Client()
    first.force_login(secretariat)
    second.force_login(secretariat)
    first_form = _form_values(first.get(url).content.decode())
    second_form = _form_values(second.get(url).content.decode())
    assert first_form["version"] == ["1"]

    first_form[field] = ["Sửa lần một"]
    saved = first.post(url, first_form)
    assert saved.status_code == 302, saved.content.decode()[:3000]
    assert getattr(model.objects.get(pk=pk), field) == "Sửa lần một"
    assert model.objects.get(pk=pk).version == 2

    second_form[field] = ["Sửa lần hai"]
    refused = second.post(url, second_form)
    html = refused.content.decode()
    assert refused.status_code == 200
    assert STALE in html
    assert [v.strip() for v in _form_values(html)[field]] == ["Sửa lần hai"]  # the form keeps the input
    assert getattr(model.objects.get(pk=pk), field) == "Sửa lần một"  # the first change is not lost
    assert model.objects.get(pk=pk).version == 2

    # Reloading shows the new version; saving from there works.
    fresh = _form_values(second.get(url).content.decode())
    assert fresh["version"] == ["2"]
    fresh[field] = ["Sửa lần hai"]
    assert second.post(url, fresh).status_code == 302
    assert getattr(model.objects.get(pk=pk), field) == "Sửa lần hai"
