"""Documents are scoped by the issuing body's jurisdiction: another commune gets 404."""

import datetime

import pytest
from django.urls import reverse

from core.roles import Role
from documents.issuers import issuer_kwargs, issuing_body_for
from documents.models import DocumentDraft, IssuedDocument, RenderJob
from documents.services import certificates_issue, document_issue, draft_create
from units.tests.factories import RoleGrantFactory, UserFactory

pytestmark = pytest.mark.django_db

CONTEXT = {
    "authority": "Chủ tịch Ủy ban nhân dân xã Bình Lư",
    "legal_bases": ["Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;"],
    "articles": [{"title": "Điều 1.", "text": "Tặng Giấy khen cho bà Giàng Thị Mai./."}],
    "recipients_cc": ["Như Điều 1", "Lưu: VT"],
}


@pytest.fixture
def desks(jurisdiction):
    """The secretariat of each commune (the commune office staffing emulation work, law.md §9)."""
    a = UserFactory(username="vp_binhlu")
    RoleGrantFactory(user=a, unit=jurisdiction.commune_a, role=Role.SECRETARIAT)
    b = UserFactory(username="vp_sonbinh")
    RoleGrantFactory(user=b, unit=jurisdiction.commune_b, role=Role.SECRETARIAT)
    return a, b


@pytest.fixture
def commune_a_objects(jurisdiction, desks):
    desk_a = desks[0]
    kwargs = {**issuer_kwargs(issuing_body_for(jurisdiction.commune_a)), "signer_name": "Tao Văn Dơ"}
    draft = draft_create(
        by=desk_a,
        doc_type="ke_hoach",
        title="Kế hoạch thi đua năm 2026 của xã Bình Lư",
        context={"sections": []},
        issue_kwargs={**kwargs, "subject": "Kế hoạch thi đua năm 2026", "date": "2026-01-06"},
    )
    issued = document_issue(
        by=desk_a,
        doc_type="quyet_dinh",
        date=datetime.date(2026, 1, 6),
        subject="Khen thưởng",
        context=CONTEXT,
        **kwargs,
    )
    certs, _pdf = certificates_issue(
        by=desk_a,
        date=datetime.date(2026, 1, 6),
        authority="CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ BÌNH LƯ",
        recipients=[
            {
                "recipient_name": "Giàng Thị Mai",
                "recipient_unit": "Bản Nà Đon",
                "achievement": "Lao động tiên tiến",
                "decision_ref": issued.symbol,
            }
        ],
        **{k: v for k, v in kwargs.items() if k != "signing_capacity"},
        signing_capacity=kwargs["signing_capacity"],
    )
    job = RenderJob.objects.create(draft=draft, requested_by=desk_a)
    return draft, issued, certs[0], job


def _urls(draft, issued, cert, job):
    return [
        ("get", reverse("documents:issued-detail", args=[issued.pk])),
        ("get", reverse("documents:issued-download", args=[issued.pk])),
        ("get", reverse("documents:certificate-blank", args=[cert.pk])),
        ("get", reverse("documents:draft-detail", args=[draft.pk])),
        ("get", reverse("documents:draft-html", args=[draft.pk])),
        ("get", reverse("documents:draft-pdf", args=[draft.pk])),
        ("post", reverse("documents:draft-render", args=[draft.pk])),
        ("post", reverse("documents:draft-transition", args=[draft.pk, "issued"])),
        ("get", reverse("documents:job-detail", args=[job.pk])),
    ]


def test_second_commune_gets_404_on_the_first_communes_documents(client, desks, commune_a_objects):
    draft, issued, cert, job = commune_a_objects
    client.force_login(desks[1])
    for method, url in _urls(draft, issued, cert, job):
        assert getattr(client, method)(url).status_code == 404, url
    assert not DocumentDraft.objects.get(pk=draft.pk).issued_document_id
    assert RenderJob.objects.count() == 1
    listing = client.get(reverse("documents:issued-list")).content.decode()
    assert issued.symbol not in listing
    assert (
        "Kế hoạch thi đua năm 2026 của xã Bình Lư"
        not in client.get(reverse("documents:draft-list")).content.decode()
    )


def test_own_commune_and_the_level_above_see_them(client, jurisdiction, desks, commune_a_objects):
    draft, issued, _cert, job = commune_a_objects
    district_desk = UserFactory(username="noivu_huyen")
    RoleGrantFactory(user=district_desk, unit=jurisdiction.district, role=Role.SECRETARIAT)
    for user in (desks[0], district_desk):
        client.force_login(user)
        assert client.get(reverse("documents:issued-detail", args=[issued.pk])).status_code == 200
        assert client.get(reverse("documents:draft-detail", args=[draft.pk])).status_code == 200
        assert client.get(reverse("documents:job-detail", args=[job.pk])).status_code == 200


def test_the_communes_chair_sees_its_bodys_documents_and_not_the_neighbours(
    client, jurisdiction, commune_a_objects
):
    _draft, issued, _cert, _job = commune_a_objects
    chair_a = UserFactory(username="ct_binhlu")
    RoleGrantFactory(user=chair_a, unit=jurisdiction.commune_a, role=Role.CHAIR)
    chair_b = UserFactory(username="ct_sonbinh")
    RoleGrantFactory(user=chair_b, unit=jurisdiction.commune_b, role=Role.CHAIR)
    client.force_login(chair_a)
    assert client.get(reverse("documents:issued-detail", args=[issued.pk])).status_code == 200
    client.force_login(chair_b)
    assert client.get(reverse("documents:issued-detail", args=[issued.pk])).status_code == 404
    assert IssuedDocument.objects.filter(issuing_body__unit=jurisdiction.commune_a).count() == 2
