"""Editable drafts (issue 11 item 5): rich text sanitised to what the PDF prints, kept as versions,
edited in the browser or in Word (.docx round-trip), and carried into the issued PDF."""

import io

import pdfplumber
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from docx import Document

from core.models import AuditEntry
from documents.models import DocumentDraft
from documents.pdfcheck import failures
from documents.richtext import html_to_text, sanitise_section_html, section_html
from documents.tests.helpers import plan_draft, submit_and_sign

pytestmark = pytest.mark.django_db

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.fixture
def plan(secretariat):
    return plan_draft(
        by=secretariat,
        context={
            "sections": [
                {"heading": "I. MỤC ĐÍCH, YÊU CẦU", "paragraphs": ["Phát động thi đua sâu rộng."]},
                {"heading": "II. NỘI DUNG THI ĐUA", "paragraphs": ["Thi đua hoàn thành kế hoạch năm."]},
            ],
            "recipients_cc": ["Các cơ quan, đơn vị", "Lưu: VT, NV"],
        },
        parent_body_name="UBND tỉnh Lai Châu",
    )


def _pdf_text(data: bytes) -> str:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return " ".join(" ".join((p.extract_text() or "") for p in pdf.pages).split())


# --- the sanitiser ------------------------------------------------------------------------------


def test_sanitiser_strips_scripts_styles_handlers_and_unsupported_tags():
    dirty = (
        '<p onclick="steal()" style="color:red" class="ql-align-center">Một <b>hai</b> '
        '<script>alert(1)</script><style>p{}</style><a href="javascript:x()">ba</a>'
        '<img src="http://evil/x.png" onerror="x()"><span data-x="1">bốn</span></p>'
        "<table><tr><td>năm</td></tr></table><!-- comment --><iframe src=x>sáu</iframe>"
        "<h1>Tiêu đề</h1><p>&nbsp;</p><p><br></p>"
    )
    clean = sanitise_section_html(dirty)
    assert clean == "<p>Một <b>hai</b> babốn</p>nămTiêu đề"
    for gone in (
        "script",
        "alert",
        "style",
        "onclick",
        "class",
        "href",
        "img",
        "table",
        "iframe",
        "sáu",
        "<!--",
    ):
        assert gone not in clean


def test_sanitiser_keeps_the_supported_tags():
    kept = (
        "<p><strong>Đậm</strong> <em>nghiêng</em> <u>gạch chân</u> <i>i</i> <b>b</b><br>dòng mới</p>"
        "<ol><li>Một</li></ol><ul><li>Hai</li></ul>"
    )
    assert sanitise_section_html(kept) == kept
    assert sanitise_section_html("<p>  </p>") == ""
    assert sanitise_section_html(None) == ""


def test_old_plain_paragraph_sections_still_render_escaped():
    assert section_html({"heading": "I.", "paragraphs": ["A < B & <b>C</b>"]}) == (
        "<p>A &lt; B &amp; &lt;b&gt;C&lt;/b&gt;</p>"
    )


# --- the browser editor's form ------------------------------------------------------------------


def test_rich_edit_is_sanitised_versioned_and_reaches_the_issued_pdf(client, secretariat, doc_signer, plan):
    url = reverse("documents:draft-edit", args=[plan.pk])
    client.force_login(secretariat)
    page = client.get(url).content.decode()
    assert 'data-html="&lt;p&gt;Phát động thi đua sâu rộng.&lt;/p&gt;"' in page  # the editor's content
    assert "vendor/quill/quill.js" in page
    assert "js/draft_editor.js" in page
    data = {
        "version": "0",
        "heading": ["I. MỤC ĐÍCH, YÊU CẦU", "II. NỘI DUNG THI ĐUA", ""],
        "body": ["ignored when the editor sent HTML", "", ""],
        "body_html": [
            '<p>Động viên <strong>toàn thể cán bộ</strong> thi đua.<script>alert("x")</script></p>'
            '<ol><li onmouseover="x()">Hoàn thành <em>vượt mức</em> chỉ tiêu.</li></ol>',
            "<p>Thi đua lập thành tích chào mừng kỷ niệm ngày thành lập huyện.</p>",
            "<p></p>",
        ],
    }
    assert client.post(url, data).status_code == 302
    plan.refresh_from_db()
    assert plan.context["sections"] == [
        {
            "heading": "I. MỤC ĐÍCH, YÊU CẦU",
            "html": "<p>Động viên <strong>toàn thể cán bộ</strong> thi đua.</p>"
            "<ol><li>Hoàn thành <em>vượt mức</em> chỉ tiêu.</li></ol>",
        },
        {
            "heading": "II. NỘI DUNG THI ĐUA",
            "html": "<p>Thi đua lập thành tích chào mừng kỷ niệm ngày thành lập huyện.</p>",
        },
    ]
    assert [v.number for v in plan.versions.all()] == [2, 1]
    assert plan.versions.get(number=1).context["sections"][0]["paragraphs"] == ["Phát động thi đua sâu rộng."]
    # the watermarked preview shows the edit too
    preview = client.get(reverse("documents:draft-pdf", args=[plan.pk]))
    assert "toàn thể cán bộ" in _pdf_text(
        b"".join(preview.streaming_content) if preview.streaming else preview.content
    )
    document = submit_and_sign(draft=plan, secretariat=secretariat, signer=doc_signer)
    data = document.file.read()
    text = _pdf_text(data)
    assert "Động viên toàn thể cán bộ thi đua." in text
    assert "Hoàn thành vượt mức chỉ tiêu." in text
    assert "chào mừng kỷ niệm ngày thành lập huyện" in text
    assert "alert" not in text
    assert failures(data) == []


def test_without_javascript_the_textarea_lines_are_paragraphs(client, secretariat, plan):
    client.force_login(secretariat)
    url = reverse("documents:draft-edit", args=[plan.pk])
    data = {"version": "0", "heading": ["I. MỤC ĐÍCH"], "body": ["Dòng một <b>\r\nDòng hai"]}
    assert client.post(url, data).status_code == 302
    plan.refresh_from_db()
    assert plan.context["sections"] == [
        {"heading": "I. MỤC ĐÍCH", "html": "<p>Dòng một &lt;b&gt;</p><p>Dòng hai</p>"}
    ]


# --- the .docx round-trip -----------------------------------------------------------------------


def _docx_bytes(document) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_docx_download_edit_in_word_upload_back(client, secretariat, doc_signer, plan):
    client.force_login(secretariat)
    url = reverse("documents:draft-docx", args=[plan.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == DOCX
    word = Document(io.BytesIO(response.content))
    texts = [(p.style.name, p.text) for p in word.paragraphs]
    assert ("Heading 1", "I. MỤC ĐÍCH, YÊU CẦU") in texts
    assert ("Normal", "Thi đua hoàn thành kế hoạch năm.") in texts
    # edited in Word: a paragraph rewritten with a bold run, a new part added
    for p in word.paragraphs:
        if p.text == "Phát động thi đua sâu rộng.":
            p.runs[0].text = "Phát động thi đua "
            p.add_run("yêu nước").bold = True
            p.add_run(" trong toàn huyện.")
    word.add_heading("III. TỔ CHỨC THỰC HIỆN", level=1)
    word.add_paragraph("Giao Phòng Nội vụ theo dõi, đôn đốc.")
    word.add_paragraph("Báo cáo kết quả hằng quý.", style="List Bullet")
    upload = SimpleUploadedFile("du-thao.docx", _docx_bytes(word), content_type=DOCX)
    response = client.post(url, {"file": upload, "version": "0"})
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.context["sections"] == [
        {
            "heading": "I. MỤC ĐÍCH, YÊU CẦU",
            "html": "<p>Phát động thi đua <strong>yêu nước</strong> trong toàn huyện.</p>",
        },
        {"heading": "II. NỘI DUNG THI ĐUA", "html": "<p>Thi đua hoàn thành kế hoạch năm.</p>"},
        {
            "heading": "III. TỔ CHỨC THỰC HIỆN",
            "html": "<p>Giao Phòng Nội vụ theo dõi, đôn đốc.</p><ul><li>Báo cáo kết quả hằng quý.</li></ul>",
        },
    ]
    assert plan.versions.count() == 2
    entry = AuditEntry.objects.get(action="documents.draft.edited", target_id=str(plan.pk))
    assert entry.data == {"version": 2, "sections": [2, 3], "source": "docx"}
    # a second upload made from the old download is refused (lost update)
    stale = client.post(url, {"file": SimpleUploadedFile("x.docx", _docx_bytes(word)), "version": "0"})
    assert stale.status_code == 400
    assert "vừa được người khác sửa" in stale.content.decode()
    assert plan.versions.count() == 2
    document = submit_and_sign(draft=plan, secretariat=secretariat, signer=doc_signer)
    data = document.file.read()
    text = _pdf_text(data)
    assert "Phát động thi đua yêu nước trong toàn huyện." in text
    assert "III. TỔ CHỨC THỰC HIỆN" in text
    assert failures(data) == []


def test_docx_without_heading_styles_splits_on_roman_numerals(client, secretariat, plan):
    word = Document()
    word.add_paragraph("Căn cứ Kế hoạch số 12/KH-UBND ngày 05/01/2026 của UBND tỉnh;")
    word.add_paragraph("I. MỤC ĐÍCH")
    word.add_paragraph("1. Mục đích")
    word.add_paragraph("a) Động viên các tập thể.")
    word.add_paragraph("II. TỔ CHỨC THỰC HIỆN")
    word.add_paragraph("Giao Văn phòng.")
    client.force_login(secretariat)
    url = reverse("documents:draft-docx", args=[plan.pk])
    assert (
        client.post(
            url, {"file": SimpleUploadedFile("k.docx", _docx_bytes(word)), "version": "0"}
        ).status_code
        == 302
    )
    plan.refresh_from_db()
    assert [(s["heading"], html_to_text(s["html"])) for s in plan.context["sections"]] == [
        ("", "Căn cứ Kế hoạch số 12/KH-UBND ngày 05/01/2026 của UBND tỉnh;"),
        ("I. MỤC ĐÍCH", "1. Mục đích\na) Động viên các tập thể."),
        ("II. TỔ CHỨC THỰC HIỆN", "Giao Văn phòng."),
    ]


def test_docx_with_heading_styles_also_splits_on_a_roman_heading_in_normal_style(client, secretariat, plan):
    """A downloaded file uses "Heading 1"; a part typed in normal style as "IV. KHEN THƯỞNG"
    starts its own section, while a Roman-numbered sentence in body text does not."""
    client.force_login(secretariat)
    url = reverse("documents:draft-docx", args=[plan.pk])
    word = Document(io.BytesIO(client.get(url).content))
    word.add_paragraph("IV. KHEN THƯỞNG")
    word.add_paragraph("Khen thưởng các tập thể tiêu biểu.")
    word.add_paragraph("V. Nội dung này là một câu dài viết thường trong phần thân của văn bản.")
    upload = SimpleUploadedFile("du-thao.docx", _docx_bytes(word), content_type=DOCX)
    assert client.post(url, {"file": upload, "version": "0"}).status_code == 302
    plan.refresh_from_db()
    assert [(s["heading"], html_to_text(s["html"])) for s in plan.context["sections"]] == [
        ("I. MỤC ĐÍCH, YÊU CẦU", "Phát động thi đua sâu rộng."),
        ("II. NỘI DUNG THI ĐUA", "Thi đua hoàn thành kế hoạch năm."),
        (
            "IV. KHEN THƯỞNG",
            "Khen thưởng các tập thể tiêu biểu.\n"
            "V. Nội dung này là một câu dài viết thường trong phần thân của văn bản.",
        ),
    ]


def test_docx_upload_goes_through_the_upload_validator(client, secretariat, unit_clerk, plan):
    client.force_login(secretariat)
    url = reverse("documents:draft-docx", args=[plan.pk])
    renamed = SimpleUploadedFile("du-thao.docx", b"MZ\x90\x00 not a word file", content_type=DOCX)
    response = client.post(url, {"file": renamed, "version": "0"})
    assert response.status_code == 400
    assert "không phải là Word .docx" in response.content.decode()
    pdf = SimpleUploadedFile("du-thao.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    assert client.post(url, {"file": pdf, "version": "0"}).status_code == 400
    plan.refresh_from_db()
    assert plan.versions.count() == 0
    assert plan.context["sections"][0]["paragraphs"] == ["Phát động thi đua sâu rộng."]
    client.force_login(unit_clerk)
    assert client.get(url).status_code == 404
    assert client.post(url, {"version": "0"}).status_code == 404


def test_submitted_draft_is_no_longer_editable_in_word(client, secretariat, doc_signer, plan):
    from documents.services import draft_submit

    draft_submit(by=secretariat, draft=plan, signer=doc_signer, signer_title="Chủ tịch")
    client.force_login(secretariat)
    assert client.get(reverse("documents:draft-docx", args=[plan.pk])).status_code == 404
    assert DocumentDraft.objects.get(pk=plan.pk).status == DocumentDraft.Status.SUBMITTED
