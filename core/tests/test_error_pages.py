"""Production shows Vietnamese error pages (issue 15), never Django's English ones."""

import pytest
from django.core.exceptions import BadRequest, PermissionDenied
from django.http import Http404
from django.test import RequestFactory
from django.views import defaults
from django.views.csrf import csrf_failure


@pytest.mark.django_db
def test_unknown_address_is_a_vietnamese_404(client):
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Không tìm thấy trang" in html
    assert "Not Found" not in html


@pytest.mark.parametrize(
    ("view", "exception", "status", "text"),
    [
        (defaults.bad_request, BadRequest(), 400, "Yêu cầu không hợp lệ"),
        (defaults.permission_denied, PermissionDenied(), 403, "Không có quyền truy cập"),
        (defaults.page_not_found, Http404(), 404, "Không tìm thấy trang"),
    ],
)
def test_error_views_render_the_vietnamese_templates(rf: RequestFactory, view, exception, status, text):
    from django.contrib.auth.models import AnonymousUser

    request = rf.get("/x/")
    request.user = AnonymousUser()
    response = view(request, exception)
    assert response.status_code == status
    assert text in response.content.decode()


def test_server_error_page_needs_no_context(rf: RequestFactory):
    response = defaults.server_error(rf.get("/x/"))
    assert response.status_code == 500
    html = response.content.decode()
    assert "Lỗi hệ thống" in html
    assert "Server Error" not in html


def test_csrf_failure_is_explained_in_vietnamese(rf: RequestFactory):
    from django.contrib.auth.models import AnonymousUser

    request = rf.post("/x/")
    request.user = AnonymousUser()
    response = csrf_failure(request, reason="CSRF token missing.")
    assert response.status_code == 403
    assert "Không gửi được biểu mẫu" in response.content.decode()
