"""From a unit's nomination to a numbered decision, in the browser, with the demo data: the 2026
world (a school of xã Tam Đường nominates, the commune office appraises, the commune council
votes, the commune chair signs — the commune decides these awards since 1/7/2025)."""

import re

import pytest

from e2e.conftest import login

pytestmark = pytest.mark.browser

PW = "thidua@2024"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _pdf(name):
    return {"name": name, "mimeType": "application/pdf", "buffer": PDF}


def _logout(page, base):
    page.context.clear_cookies()


def test_nomination_to_decision(page, demo_site_2026):
    from django.contrib.auth import get_user_model

    from nominations import services
    from nominations.models import AgendaItem, Council
    from units.models import Person

    base = demo_site_2026.url
    school = "Trường THCS thị trấn Tam Đường"
    people = list(Person.objects.filter(unit__name=school, user__isnull=True).order_by("pk")[:2])

    # 1. The unit head nominates two people for a Giấy khen with their dossiers, and sends.
    login(page, base, "hieutruong2", PW)
    page.get_by_role("link", name="Đề nghị khen thưởng").click()
    page.get_by_role("link", name="Lập tờ trình").click()
    page.get_by_label("Trích yếu").fill("Đề nghị tặng Giấy khen năm qua")
    page.get_by_label("Đơn vị đề nghị").select_option(label=school)
    page.get_by_role("button", name="Tạo tờ trình").click()
    for person in people:
        form = page.locator("#nomination-add-form")
        form.get_by_label("Cá nhân", exact=True).select_option(value=str(person.pk))
        form.get_by_label("Danh hiệu, hình thức đề nghị").select_option(label="Giấy khen")
        form.get_by_role("button", name="Thêm").click()
    expect_text(page, "Thiếu")
    for label in ("Tờ trình đề nghị kèm danh sách", "Biên bản họp bình xét / xét khen thưởng"):
        form = page.locator("#batch-document-form")
        form.get_by_label("Loại tài liệu").select_option(label=label)
        form.get_by_label("Tệp (PDF, Word, Excel, ảnh)").set_input_files(_pdf("to-trinh.pdf"))
        form.get_by_role("button", name="Tải lên").click()
    for person in people:
        row = page.locator(f"tr:has-text('{person.full_name}')")
        row.locator("input[type=file]").set_input_files(_pdf("bao-cao.pdf"))
        row.get_by_role("button", name="Tải lên").click()
    expect_text(page, "Hồ sơ đã đủ thành phần")
    page.get_by_role("button", name="Gửi tờ trình").click()
    assert page.locator("#batch-status").inner_text() == "Đã gửi"
    batch_url = page.url
    _logout(page, base)

    # 2. The commune office appraises both and puts them before the commune council.
    login(page, base, "vanphong_tamduong", PW)
    page.goto(batch_url)
    expect_text(page, "Kiểm tra tiêu chuẩn")
    for _ in people:
        form = page.locator("form.appraise-form").first
        form.get_by_label("Ý kiến thẩm định").fill("Hồ sơ đầy đủ")
        override = form.get_by_label("Lý do vẫn trình Hội đồng")
        if override.count():  # the engine's verdict fails: the desk must say why it proposes anyway
            override.fill("Thành tích đột xuất được xã đề nghị")
        form.get_by_role("button", name="Ghi kết quả").click()
    assert page.locator("#batch-status").inner_text() == "Đã thẩm định"
    page.get_by_role("link", name="Hội đồng", exact=True).click()
    page.get_by_role("link", name="Tạo phiên họp").click()
    page.get_by_label("Tên phiên họp").fill("Phiên họp xét Giấy khen")
    page.get_by_role("button", name="Tạo phiên họp").click()
    page.get_by_role("button", name="Đưa vào chương trình").click()
    page.get_by_role("button", name="Khai mạc phiên họp").click()
    expect_text(page, "4/4 thành viên dự họp")
    page.get_by_role("button", name="Bắt đầu bỏ phiếu").click()
    session_url = page.url
    _logout(page, base)

    # 3. Members vote secretly: the first nominee reaches the threshold, the second misses it.
    first, second = AgendaItem.objects.filter(nomination__person__in=people).order_by("order")
    voters = ("hoidong_tamduong", "hoidong_tamduong2")
    for username in voters:
        login(page, base, username, PW)
        page.goto(session_url)
        page.locator(f"#item-{first.pk}").get_by_role("button", name="Tán thành", exact=True).click()
        # A confirmation step shows the choice back before the vote is cast (issue 16 item 3).
        assert page.get_by_test_id("ballot-choice").inner_text() == "Tán thành"
        page.get_by_role("button", name="Xác nhận bỏ phiếu").click()
        page.locator(f"#item-{second.pk}").get_by_role("button", name="Không tán thành").click()
        page.get_by_role("button", name="Xác nhận bỏ phiếu").click()
        expect_text(page, "Bạn đã bỏ phiếu")
        assert "Chưa công bố" in page.content()
        _logout(page, base)
    # The office's console: how many voted per item, who has not, never how (issue 16 item 3).
    # The agenda also holds the commune's other appraised nominees, on which nobody voted yet.
    items = list(AgendaItem.objects.filter(session=first.session).order_by("order"))
    missing = 4 if len(items) > 2 else 2
    login(page, base, "vanphong_tamduong", PW)
    page.goto(session_url)
    console = page.locator("#ballot-console")
    assert console.locator(f"#console-item-{first.pk}").get_by_test_id("voted-count").inner_text() == "2/4"
    assert f"Còn {missing}/4 thành viên chưa bỏ phiếu cho {len(items)} đối tượng" in console.inner_text()
    assert "Tán thành 2" not in page.content()
    console.get_by_role("button", name=f"Nhắc {missing} thành viên chưa bỏ phiếu").click()
    expect_text(page, f"Đã nhắc {missing} thành viên chưa bỏ phiếu.")
    _logout(page, base)
    council = Council.objects.get(name="Hội đồng Thi đua - Khen thưởng xã Tam Đường")
    for member in council.members.order_by("username"):
        for item in items:
            if member.username in voters and item in (first, second):
                continue  # cast in the browser above
            # Only the first nominee passes; the provincial title on the agenda is not the
            # commune's to decide (it goes to the province), so it is not approved here either.
            services.ballot_cast(by=member, item=item, choice="yes" if item == first else "no")

    # 4. The office closes the ballot, issues the minutes and drafts the decision.
    login(page, base, "vanphong_tamduong", PW)
    page.goto(session_url)
    page.get_by_role("button", name="Kết thúc bỏ phiếu và kiểm phiếu").click()
    assert "Tán thành 4/4" in page.locator(f"#item-{first.pk}").inner_text()
    assert "KHÔNG ĐẠT" in page.locator(f"#item-{second.pk}").inner_text()
    page.get_by_role("button", name="Phát hành biên bản họp và biên bản kiểm phiếu").click()
    expect_text(page, "Biên bản kiểm phiếu số")
    page.get_by_role("link", name="Lập dự thảo quyết định").click()
    # The commune has a chair and a vice-chair (KT. CHỦ TỊCH): the chair signs this one.
    page.locator("#id_signer").select_option(label="Lù Văn Chiến")
    page.get_by_role("button", name="Lập dự thảo").click()
    assert page.locator("#decision-status").inner_text() == "Dự thảo"
    assert "702.000" in page.locator("#annex").inner_text()
    _logout(page, base)

    # 5. The commune chair signs: a number, the PDF, the register entry and the certificate.
    login(page, base, "chutich_tamduong", PW)
    page.get_by_role("link", name="Quyết định chờ ký").click()
    page.locator("table a").first.click()
    page.get_by_role("button", name="Ký, cấp số và ban hành").click()
    expect_text(page, "Đã ban hành Quyết định số")
    number = re.search(r"Quyết định số (\S+/QĐ-UBND)", page.content()).group(1)
    assert page.locator("#decision-status").inner_text() == "Đã ban hành"
    assert people[0].full_name in page.locator("#annex").inner_text()
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải Giấy khen, giấy chứng nhận (PDF, in cả lô)").click()
    assert download.value.suggested_filename.startswith("giay-khen-")
    _logout(page, base)

    # 6. The person's page shows the award, decided at commune level.
    login(page, base, "vanphong_tamduong", PW)
    page.goto(f"{base}/ca-nhan/{people[0].pk}/")
    expect_text(page, number)
    assert get_user_model().objects.filter(username="hoidong_tamduong3").exists()


def expect_text(page, text):
    page.get_by_text(text).first.wait_for()
