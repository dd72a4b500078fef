"""In real Chromium: the secretariat types into a draft's rich-text editor (Quill), makes a word
bold, saves, and reads the text in the draft page's preview; the CSP blocks nothing (issue 11 item 5)."""

import pytest

from core.roles import Role
from documents.models import DocumentDraft
from documents.tests.conftest import _user_with_role
from documents.tests.helpers import plan_draft
from e2e.conftest import login

pytestmark = pytest.mark.browser


@pytest.fixture
def plan(transactional_db):
    return plan_draft(by=_user_with_role("thuongtruc", Role.SECRETARIAT))


def test_typing_in_the_editor_and_saving_shows_the_text_on_the_draft_page(page, live_server, plan):
    violations: list[str] = []
    page.on(
        "console",
        lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None,
    )
    login(page, live_server.url, "thuongtruc", "x")
    page.goto(f"{live_server.url}/van-ban/du-thao/{plan.pk}/sua/")
    editor = page.locator(".draft-editor .ql-editor").first
    editor.wait_for()
    assert editor.inner_text().strip() == "Phát động thi đua."
    assert page.locator("textarea#body-1").is_hidden()  # the plain textarea is the no-JS fallback
    # the toolbar buttons are named in Vietnamese (Quill's own labels are English)
    toolbar = page.locator(".ql-toolbar").first
    assert toolbar.get_by_role("button", name="Đậm", exact=True).get_attribute("title") == "Đậm"
    assert toolbar.get_by_role("button", name="Danh sách đánh số").count() == 1
    assert toolbar.get_by_role("button", name="Danh sách gạch đầu dòng").count() == 1
    assert toolbar.get_by_role("button", name="bold").count() == 0
    editor.click()
    page.keyboard.press("End")
    page.keyboard.press("Enter")
    page.keyboard.type("Khen thưởng ")
    page.keyboard.press("Control+b")
    page.keyboard.type("kịp thời")
    page.keyboard.press("Control+b")
    page.keyboard.type(", đúng người, đúng việc.")
    page.get_by_role("button", name="Lưu phiên bản mới").click()
    page.wait_for_load_state("networkidle")
    assert page.locator(".alert").filter(has_text="Đã lưu dự thảo").is_visible()
    preview = page.frame_locator("iframe.draft-preview")
    assert "Khen thưởng kịp thời, đúng người, đúng việc." in preview.locator("body").inner_text()
    plan = DocumentDraft.objects.get(pk=plan.pk)
    assert plan.context["sections"] == [
        {
            "heading": "I. MỤC ĐÍCH, YÊU CẦU",
            "html": "<p>Phát động thi đua.</p>"
            "<p>Khen thưởng <strong>kịp thời</strong>, đúng người, đúng việc.</p>",
        }
    ]
    assert plan.versions.count() == 2
    assert violations == []
