"""Issuing bodies as data: each body numbers its own documents; issuer block from one place."""

import datetime

import pytest

from core.roles import Role
from documents.issuers import issuer_kwargs, issuing_body_for, place_name
from documents.models import IssuingBody, NumberCounter
from documents.services import document_issue
from units.models import Unit
from units.tests.factories import RoleGrantFactory, UnitFactory, UserFactory

pytestmark = pytest.mark.django_db


def _plan(by, body):
    return document_issue(
        by=by,
        doc_type="ke_hoach",
        date=datetime.date(2026, 1, 6),
        subject="Kế hoạch phát động phong trào thi đua năm 2026",
        context={"sections": []},
        **{**issuer_kwargs(body), "signer_name": issuer_kwargs(body)["signer_name"] or "Chưa phân công"},
    )


def test_two_communes_each_number_their_first_plan_01(jurisdiction, secretariat):
    district_plan = _plan(secretariat, issuing_body_for(jurisdiction.district))
    first_a = _plan(secretariat, issuing_body_for(jurisdiction.commune_a))
    first_b = _plan(secretariat, issuing_body_for(jurisdiction.commune_b))
    second_a = _plan(secretariat, issuing_body_for(jurisdiction.commune_a))
    assert district_plan.symbol == "01/KH-UBND"
    assert first_a.symbol == "01/KH-UBND"
    assert first_b.symbol == "01/KH-UBND"
    assert second_a.symbol == "02/KH-UBND"
    assert first_a.issuing_body.unit == jurisdiction.commune_a
    assert NumberCounter.objects.filter(doc_type="ke_hoach", year=2026).count() == 3


def test_issuer_block_place_and_signer_come_from_the_body(jurisdiction, chair):
    body = issuing_body_for(jurisdiction.district)
    kwargs = issuer_kwargs(body)
    assert kwargs["issuer_name"] == "Ủy ban nhân dân huyện Tam Đường"
    assert kwargs["place"] == "Tam Đường"
    assert kwargs["signer_name"] == str(chair)
    assert kwargs["signing_capacity"] == "TM."
    assert kwargs["signing_for"] == "Ủy ban nhân dân"
    commune = issuer_kwargs(issuing_body_for(jurisdiction.commune_a))
    assert commune["place"] == "Bình Lư"
    assert commune["parent_body_name"] == jurisdiction.district.name
    assert commune["signer_name"] == ""


def test_place_name_of_an_agency_is_its_committees_locality(jurisdiction):
    school = UnitFactory(name="Trường Tiểu học Bình Lư", kind=Unit.Kind.SCHOOL, parent=jurisdiction.commune_a)
    assert place_name(school) == "Bình Lư"
    assert place_name(jurisdiction.office) == "Tam Đường"


def test_council_has_its_own_register(jurisdiction, secretariat):
    council = issuing_body_for(jurisdiction.district, IssuingBody.Kind.COUNCIL)
    committee = issuing_body_for(jurisdiction.district)
    assert council != committee
    assert council.code == "HĐTĐKT"
    assert issuer_kwargs(council)["signing_capacity"] == ""


def test_a_body_is_found_not_duplicated(jurisdiction):
    first = issuing_body_for(jurisdiction.commune_a)
    again = issuing_body_for(jurisdiction.commune_a)
    assert first.pk == again.pk
    assert IssuingBody.objects.filter(unit=jurisdiction.commune_a).count() == 1


def test_a_chair_of_another_commune_is_not_the_signer(jurisdiction):
    other_chair = UserFactory(username="ct_sonbinh")
    RoleGrantFactory(user=other_chair, unit=jurisdiction.commune_b, role=Role.CHAIR)
    assert issuer_kwargs(issuing_body_for(jurisdiction.commune_a))["signer_name"] == ""
    assert issuer_kwargs(issuing_body_for(jurisdiction.commune_b))["signer_name"] == str(other_chair)
