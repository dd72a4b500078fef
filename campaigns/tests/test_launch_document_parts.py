"""A Kế hoạch drafted from an imported seed carries the seed's content parts, numbered per ND 30,
its edited text survives into the issued PDF, and the issued PDF passes the ND 30 checks
(documents.pdfcheck and ../shared/tools/check_pdf.py) — issue 11 item 5."""

import io
import subprocess
import sys
from pathlib import Path

import pdfplumber
import pytest
from django.conf import settings
from django.urls import reverse

from campaigns import services
from campaigns.models import Campaign
from campaigns.parsing import content_parts
from campaigns.tests.seeds import seed_text
from core.roles import Role
from documents.models import DocumentDraft
from documents.pdfcheck import failures
from documents.richtext import section_html
from documents.tests.helpers import submit_and_sign
from units.tests.factories import RoleGrantFactory, UserFactory

pytestmark = pytest.mark.django_db

CHECK_PDF = Path(settings.BASE_DIR).parent / "shared" / "tools" / "check_pdf.py"


def _import(client, jurisdiction, text: str) -> Campaign:
    data = {
        "step": "save",
        "campaign-title": "Đợt thi đua cao điểm chào mừng 20 năm thành lập huyện",
        "campaign-kind": "thematic",
        "campaign-year": "2026",
        "campaign-launching_unit": jurisdiction.district.pk,
        "campaign-period_end": "30/08/2026",
        "document-doc_type": "ke_hoach",
        "document-symbol": "KH-UBND",
        "document-place": "Tam Đường",
        "document-signer_name": "Sùng Lữ Páo",
        "document-recipients": "Hội đồng TĐKT tỉnh\nLưu: VT, NV",
        "document-text": text,
        "targets-TOTAL_FORMS": "0",
        "targets-INITIAL_FORMS": "0",
    }
    response = client.post(reverse("campaigns:campaign-import"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return Campaign.objects.get()


def _text(data: bytes) -> str:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return " ".join(" ".join((p.extract_text() or "") for p in pdf.pages).split())


def test_content_parts_of_the_seeds():
    parts = content_parts(seed_text("002"))
    assert [h for h, _b in parts] == [
        "I. MỤC ĐÍCH, YÊU CẦU",
        "II. THỜI GIAN THỰC HIỆN ĐỢT THI ĐUA: Từ nay đến hết ngày 30/8/2022.",
        "III. NỘI DUNG THI ĐUA",
        "IV. CÔNG TÁC KHEN THƯỞNG",
        "V. TỔ CHỨC THỰC HIỆN",
    ]
    assert parts[0][1].startswith("1. Mục đích\n")
    assert "Nơi nhận" not in parts[-1][1]
    assert "Lưu: VT" not in parts[-1][1]
    # a document numbered 1, 2, 3 (no Roman parts): its short numbered lines are the parts
    assert [h for h, _b in content_parts(seed_text("003"))][-2:] == [
        "5. Thời gian thi đua",
        "6. Tổ chức thực hiện",
    ]
    # legal bases before the first part become the preamble
    text = "KẾ HOẠCH\nCăn cứ Luật Thi đua, khen thưởng;\nI. MỤC ĐÍCH\nMột.\nII. TỔ CHỨC THỰC HIỆN\nHai."
    assert content_parts(text) == [
        ("", "Căn cứ Luật Thi đua, khen thưởng;"),
        ("I. MỤC ĐÍCH", "Một."),
        ("II. TỔ CHỨC THỰC HIỆN", "Hai."),
    ]


def test_plan_from_imported_seed_carries_its_parts_and_edits_into_the_issued_pdf(
    client, jurisdiction, secretariat, tmp_path
):
    chair = UserFactory(username="chutich", full_name="Sùng Lữ Páo")
    RoleGrantFactory(user=chair, unit=jurisdiction.district, role=Role.CHAIR)
    client.force_login(secretariat)
    campaign = _import(client, jurisdiction, seed_text("002"))
    assert next(s.heading for s in campaign.sections.all()) == "I. MỤC ĐÍCH, YÊU CẦU"

    response = client.post(reverse("campaigns:campaign-document-draft", args=[campaign.pk]))
    draft = DocumentDraft.objects.get()
    assert response.url == reverse("documents:draft-detail", args=[draft.pk])
    headings = [s["heading"] for s in draft.context["sections"]]
    assert headings == [
        "I. MỤC ĐÍCH, YÊU CẦU",
        "II. THỜI GIAN THỰC HIỆN ĐỢT THI ĐUA: Từ nay đến hết ngày 30/8/2022.",
        "III. NỘI DUNG THI ĐUA",
        "IV. CÔNG TÁC KHEN THƯỞNG",
        "V. TỔ CHỨC THỰC HIỆN",
    ]
    purpose = section_html(draft.context["sections"][0])
    assert "<p>1. Mục đích</p>" in purpose
    assert "<p>2. Yêu cầu</p>" in purpose

    # the secretariat edits part V in the browser editor, then the chair signs
    edit = reverse("documents:draft-edit", args=[draft.pk])
    sections = draft.context["sections"]
    data = {
        "version": "0",
        "heading": [s["heading"] for s in sections],
        "body": ["" for _s in sections],
        "body_html": [section_html(s) for s in sections[:-1]]
        + ["<p>Giao <strong>Phòng Nội vụ</strong> theo dõi, tổng hợp kết quả đợt thi đua.</p>"],
    }
    assert client.post(edit, data).status_code == 302
    document = submit_and_sign(draft=DocumentDraft.objects.get(), secretariat=secretariat, signer=chair)
    pdf = document.file.read()
    text = _text(pdf)
    assert "I. MỤC ĐÍCH, YÊU CẦU" in text
    assert "III. NỘI DUNG THI ĐUA" in text
    assert "Giao Phòng Nội vụ theo dõi, tổng hợp kết quả đợt thi đua." in text
    assert "Số: 01/KH-UBND" in text
    assert failures(pdf) == []
    path = tmp_path / "ke-hoach.pdf"
    path.write_bytes(pdf)
    checked = subprocess.run([sys.executable, str(CHECK_PDF), str(path)], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert " 0 failed" in checked.stdout


def test_generated_parts_are_numbered_after_the_imported_ones(campaign, secretariat):
    campaign.theme = "Đoàn kết, sáng tạo"
    campaign.save()
    campaign.sections.create(order=1, heading="", body="Căn cứ Kế hoạch số 05/KH-UBND của UBND tỉnh;")
    campaign.sections.create(order=2, heading="1. Mục đích, yêu cầu", body="Động viên.")
    campaign.sections.create(order=3, heading="2. Tổ chức thực hiện", body="Giao Phòng Nội vụ.")
    headings = [s["heading"] for s in services.launch_document_sections(campaign)]
    # the preamble first, unnumbered; the registration deadline's part is not repeated
    assert headings == [
        "",
        "I. CHỦ ĐỀ THI ĐUA",
        "II. Mục đích, yêu cầu",
        "III. CHỈ TIÊU THI ĐUA",
        "IV. Tổ chức thực hiện",
    ]
