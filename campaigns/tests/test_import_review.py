"""The review screen of the launch-document import (issue 14): the non-launch warning, the
source text with highlighted fields, missing fields said so, the year the subject names, target
groups, the add-row button, the Windows-1258 note and the duplicate warning."""

import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from campaigns.models import LaunchDocument
from campaigns.parsing import field_spans, parse_launch_document
from campaigns.tests.factories import CampaignFactory

pytestmark = pytest.mark.django_db

CASES = Path(__file__).parent / "fixtures" / "cases"


def _upload(client, name, data=None):
    data = data if data is not None else (CASES / name).read_bytes()
    upload = SimpleUploadedFile(name, data, content_type="text/plain")
    return client.post(
        reverse("campaigns:campaign-import"), {"step": "parse", "file": upload}
    ).content.decode()


def test_non_launch_document_is_told_on_the_review_page(client, jurisdiction, secretariat):
    client.force_login(secretariat)
    html = _upload(client, "S6a.txt")
    warning = re.search(r'data-testid="not-launch">(.*?)</div>', html, re.S).group(1)
    assert "Tờ trình" in warning
    assert "không phải văn bản phát động" in warning
    assert 'value="TTr-UBND"' in html
    doc_type = re.search(r'name="document-doc_type".*?</select>', html, re.S).group(0)
    assert "selected" not in doc_type  # the blank first option shows; no launch type is pre-chosen
    assert '<option value="">' in doc_type
    assert 'data-testid="not-launch"' not in _upload(client, "S1.txt")


def test_capitals_subject_fills_the_campaign_title_and_year(client, jurisdiction, secretariat):
    client.force_login(secretariat)
    html = _upload(client, "S1.txt")
    assert "Tổ chức phong trào thi đua xây dựng xã văn minh năm 2026</textarea>" in html
    assert 'name="campaign-year" value="2026"' in html


def test_year_comes_from_the_subject_not_from_today(client, jurisdiction, secretariat):
    client.force_login(secretariat)
    html = _upload(client, "S2.txt")  # no date written; the subject says "năm 2025"
    assert 'name="campaign-year" value="2025"' in html
    missing = re.search(r'data-testid="missing">(.*?)</span>', html).group(1)
    assert "Số" in missing
    assert "Ngày ban hành" in missing
    assert "Cơ quan ban hành" in missing


def test_source_text_is_shown_with_each_field_highlighted(client, jurisdiction, secretariat):
    client.force_login(secretariat)
    html = _upload(client, "S8.txt")
    source = re.search(r'data-testid="source-text">(.*?)</pre>', html, re.S).group(1)
    marks = dict(re.findall(r'<mark title="([^"]+)"[^>]*>(.*?)</mark>', source, re.S))
    assert marks["Số, ký hiệu"] == "Số: 09/KH-UBND"
    assert marks["Trích yếu"] == "Phát động thi đua năm 2026"
    assert "Hòa An, ngày 12 tháng 3 năm 2026" in marks["Địa danh, ngày"]
    assert source.count('title="Chỉ tiêu"') == 4


def test_field_spans_find_values_across_line_breaks_and_case():
    text = "ỦY BAN NHÂN DÂN XÃ HÒA AN\nSố: 1/KH-UBND\nKẾ HOẠCH\nPhát động thi đua\nnăm 2026\n"
    spans = field_spans(text, parse_launch_document(text))
    got = {label: text[a:b] for a, b, label in spans}
    assert got["Trích yếu"] == "Phát động thi đua\nnăm 2026"
    assert got["Cơ quan ban hành"] == "ỦY BAN NHÂN DÂN XÃ HÒA AN"


def test_target_rows_keep_the_group_and_a_row_can_be_added(client, jurisdiction, secretariat):
    client.force_login(secretariat)
    text = (
        "KẾ HOẠCH\nThi đua năm 2026\nII. CHỈ TIÊU\na) Về kinh tế:\n- Thu ngân sách đạt 12 tỷ đồng.\n"
        "c) Về môi trường:\n- Trồng mới 20 ha rừng.\nIII. GIẢI PHÁP\n"
    )
    html = client.post(reverse("campaigns:campaign-import"), {"step": "parse", "text": text}).content.decode()
    assert 'name="targets-TOTAL_FORMS" value="3"' in html
    row = re.search(r'name="targets-1-group".*?</select>', html, re.S).group(0)
    assert re.search(r'value="environmental"\s+selected', row)
    assert "Thêm dòng chỉ tiêu" in html
    data = {
        "step": "add-row",
        "campaign-title": "X",
        "targets-TOTAL_FORMS": "1",
        "targets-INITIAL_FORMS": "0",
        "targets-0-name": "Thu ngân sách",
        "targets-0-value": "12",
        "targets-0-unit_of_measure": "tỷ đồng",
        "targets-0-direction": "reach",
        "targets-0-group": "economic",
    }
    html = client.post(reverse("campaigns:campaign-import"), data).content.decode()
    assert 'name="targets-TOTAL_FORMS" value="2"' in html
    assert 'value="Thu ngân sách"' in html
    assert 'name="targets-1-name"' in html


def test_windows_1258_upload_is_read_and_noted(client, jurisdiction, secretariat):
    client.force_login(secretariat)
    html = _upload(client, "S9.txt")
    assert "Windows-1258" in html
    assert "Tổ chức phong trào thi đua xây dựng xã văn minh năm 2026</textarea>" in html


def test_duplicate_import_warns_and_links_to_the_campaign(client, jurisdiction, secretariat):
    campaign = CampaignFactory(launching_unit=jurisdiction.district, title="Phong trào Hòa An 2026")
    LaunchDocument.objects.create(
        campaign=campaign, doc_type="ke_hoach", number="07", symbol="KH-UBND", date="2026-03-12",
        issuer="Ủy ban nhân dân xã Hòa An",
    )  # fmt: skip
    client.force_login(secretariat)
    html = _upload(client, "S1.txt")
    block = re.search(r'data-testid="duplicate">(.*?)</div>', html, re.S).group(1)
    assert campaign.get_absolute_url() in block
    assert "Phong trào Hòa An 2026" in block
    assert 'data-testid="duplicate"' not in _upload(client, "S3.txt")


def test_same_text_is_a_duplicate_even_without_a_number(client, jurisdiction, secretariat):
    campaign = CampaignFactory(launching_unit=jurisdiction.district)
    text = (CASES / "S2.txt").read_text()
    LaunchDocument.objects.create(campaign=campaign, doc_type="ke_hoach", text=text)
    client.force_login(secretariat)
    html = client.post(reverse("campaigns:campaign-import"), {"step": "parse", "text": text}).content.decode()
    assert 'data-testid="duplicate"' in html
