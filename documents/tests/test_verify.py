"""The public verification page: no login, status derived, nothing personal beyond the paper."""

import datetime

import pytest
from django.urls import reverse

from documents.services import document_annul, document_correct, document_issue

pytestmark = pytest.mark.django_db


def test_valid_document_page_without_login(client, secretariat, issue_kwargs):
    document = document_issue(by=secretariat, **issue_kwargs)
    response = client.get(reverse("documents:verify", args=[document.verification_code]))
    assert response.status_code == 200
    html = response.content.decode()
    for expected in [
        "01/QĐ-UBND",
        "05/01/2026",
        "Ủy ban nhân dân huyện Tam Đường",
        issue_kwargs["subject"],
        "còn hiệu lực",
        document.sha256,
        "Quyết định",
    ]:
        assert expected in html
    assert secretariat.username not in html  # who pressed the button is not public


def test_code_is_case_insensitive(client, secretariat, issue_kwargs):
    document = document_issue(by=secretariat, **issue_kwargs)
    response = client.get(reverse("documents:verify", args=[document.verification_code.lower()]))
    assert response.status_code == 200


def test_superseded_document_points_to_its_replacement(client, secretariat, issue_kwargs):
    original = document_issue(by=secretariat, **issue_kwargs)
    correction = document_correct(by=secretariat, document=original, date=datetime.date(2026, 1, 9))
    html = client.get(reverse("documents:verify", args=[original.verification_code])).content.decode()
    assert f"đã được thay thế bởi Quyết định số {correction.symbol} ngày 09/01/2026" in html
    html = client.get(reverse("documents:verify", args=[correction.verification_code])).content.decode()
    assert "còn hiệu lực" in html
    assert f"Số {original.symbol}" in html


def test_annulled_document_says_so(client, secretariat, issue_kwargs):
    document = document_issue(by=secretariat, **issue_kwargs)
    document_annul(by=secretariat, document=document, legal_ground="Quyết định số 10/QĐ-UBND ngày 20/01/2026")
    html = client.get(reverse("documents:verify", args=[document.verification_code])).content.decode()
    assert "đã bị hủy bỏ" in html
    assert "Quyết định số 10/QĐ-UBND ngày 20/01/2026" in html


def test_wrong_code_is_a_clear_404(client):
    response = client.get(reverse("documents:verify", args=["ZZZZ2222"]))
    assert response.status_code == 404
    assert "Không tìm thấy văn bản" in response.content.decode()


def test_codes_use_an_unambiguous_alphabet(secretariat, issue_kwargs):
    codes = {document_issue(by=secretariat, **issue_kwargs).verification_code for _ in range(3)}
    assert len(codes) == 3
    for code in codes:
        assert len(code) == 8
        assert not set(code) & set("01OIL")


def test_verification_is_rate_limited_per_client(client, secretariat, issue_kwargs, settings):
    from django.core.cache import cache

    cache.clear()
    settings.THIDUA_VERIFY_RATE = "3/m"
    document = document_issue(by=secretariat, **issue_kwargs)
    url = reverse("documents:verify", args=[document.verification_code])
    assert [client.get(url).status_code for _ in range(2)] == [200, 200]
    assert client.get(reverse("documents:verify", args=["ZZZZ2222"])).status_code == 404  # guesses count
    response = client.get(url)
    assert response.status_code == 429
    assert "Quá nhiều lượt tra cứu" in response.content.decode()
    assert document.symbol not in response.content.decode()
    # another client is not held up
    assert client.get(url, REMOTE_ADDR="10.0.0.2").status_code == 200
    cache.clear()
