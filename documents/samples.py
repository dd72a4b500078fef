"""Realistic sample documents (Tam Đường district, Lai Châu) for the sample command, tests and benchmarks.

Pure functions: no database access. Names are generated from common Kinh, Hmông, Thái, Dao
and Giáy family and given names of the area, with a fixed seed so runs are reproducible.
"""

import random
from datetime import date

from documents.certificates import blank_certificate_fields, merged_positions
from documents.models import DocType
from documents.rendering import qr_data_uri
from documents.services import document_context, template_context

ISSUER = {
    "issuer_code": "UBND",
    "issuer_name": "Ủy ban nhân dân\nhuyện Tam Đường",
    "parent_body_name": "UBND tỉnh Lai Châu",
    "place": "Tam Đường",
    "signer_name": "Sùng Lữ Páo",
    "signer_title": "Chủ tịch",
    "signing_capacity": "",
}
DEPUTY = {
    "signer_name": "Lò Văn Hùng",
    "signer_title": "Phó Chủ tịch",
    "signing_capacity": "KT.",
    "signing_for": "Chủ tịch",
}
AUTHORITY = "Chủ tịch Ủy ban nhân dân huyện Tam Đường"
COMMUNES = [
    "xã Bình Lư",
    "xã Bản Bo",
    "xã Bản Giang",
    "xã Bản Hon",
    "xã Khun Há",
    "xã Nà Tăm",
    "xã Nùng Nàng",
    "xã Sơn Bình",
    "xã Sùng Phài",
    "xã Giang Ma",
    "xã Hồ Thầu",
    "xã Tả Lèng",
    "xã Thèn Sin",
    "thị trấn Tam Đường",
]
UNITS = [
    "Trường Tiểu học Bình Lư",
    "Trường THCS Bản Giang",
    "Trường Mầm non Khun Há",
    "Trạm Y tế xã Nà Tăm",
    "Phòng Nội vụ",
    "Phòng Giáo dục và Đào tạo",
    "Phòng Tài chính - Kế hoạch",
    "Văn phòng HĐND và UBND huyện",
    "Phòng Nông nghiệp và Phát triển nông thôn",
    "Trung tâm Y tế huyện",
    "Công an xã Sơn Bình",
    "Hội Liên hiệp Phụ nữ huyện",
    "Huyện đoàn Tam Đường",
    "Trường PTDTBT THCS Sùng Phài",
]
COLLECTIVE_KINDS = [
    "Ủy ban nhân dân",
    "Trường Tiểu học",
    "Trường Mầm non",
    "Trạm Y tế",
    "Công an",
    "Hội Nông dân",
]
COLLECTIVE_TITLES = [
    "Tập thể Lao động tiên tiến năm 2024",
    "Hoàn thành xuất sắc nhiệm vụ năm 2024",
    "Thành tích xuất sắc trong phong trào xây dựng nông thôn mới",
]
POSITIONS = [
    "Giáo viên",
    "Chuyên viên",
    "Hiệu trưởng",
    "Phó Hiệu trưởng",
    "Trưởng phòng",
    "Y sĩ",
    "Kế toán",
    "Trưởng bản",
    "Công chức Văn hóa - Xã hội",
    "Bí thư Chi bộ",
    "Nhân viên",
]
FAMILY = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Vũ",
    "Đỗ",
    "Lò",
    "Lường",
    "Tao",
    "Sùng",
    "Giàng",
    "Vàng",
    "Tẩn",
    "Phàn",
    "Chảo",
    "Lý",
    "Hờ",
    "Hạng",
    "Thào",
    "Cứ",
    "Lù",
    "Bàn",
    "Đèo",
]
MIDDLE_M = ["Văn", "A", "Seo", "Mí", "Đức", "Quang", "Xuân", "Minh"]
MIDDLE_F = ["Thị", "Thị", "Thị Thu", "Thị Hồng", "Thị Kim", "Mỷ", "Thị Lan"]
GIVEN_M = [
    "Páo",
    "Dếnh",
    "Chứ",
    "Sử",
    "Hùng",
    "Thắng",
    "Dũng",
    "Phử",
    "Chung",
    "Sơn",
    "Tuấn",
    "Long",
    "Vàng",
    "Sì",
    "Chò",
    "Phong",
    "Khánh",
    "Minh",
    "Hải",
    "Tú",
]
GIVEN_F = [
    "Mai",
    "Lan",
    "Hương",
    "Dợ",
    "Mỷ",
    "Sua",
    "Pà",
    "Nga",
    "Thủy",
    "Hoa",
    "Huyền",
    "Chi",
    "Dung",
    "Thảo",
    "Xuân",
    "Duyên",
    "Hằng",
    "Linh",
]

LEGAL_BASES = [
    "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 02 năm 2024;",
    "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;",
    "Căn cứ Nghị định số 98/2023/NĐ-CP ngày 31 tháng 12 năm 2023 của Chính phủ quy định chi tiết "
    "và hướng dẫn thi hành một số điều của Luật Thi đua, khen thưởng;",
    "Căn cứ Quyết định của Ủy ban nhân dân tỉnh Lai Châu ban hành Quy chế công tác thi đua, "
    "khen thưởng trên địa bàn tỉnh;",
    "Xét đề nghị của Trưởng phòng Nội vụ tại Tờ trình số 12/TTr-PNV ngày 02 tháng 01 năm 2025.",
]


def person_name(rng: random.Random) -> str:
    if rng.random() < 0.5:
        return f"{rng.choice(FAMILY)} {rng.choice(MIDDLE_M)} {rng.choice(GIVEN_M)}"
    return f"{rng.choice(FAMILY)} {rng.choice(MIDDLE_F)} {rng.choice(GIVEN_F)}"


def awardee_rows(count: int, seed: int = 2025) -> list[dict]:
    """Annex rows: collectives first (A), then individuals (B), numbered within each group."""
    rng = random.Random(seed)  # noqa: S311 - sample data, not secrets
    collectives = max(1, count // 10)
    rows = [{"group": "A. TẬP THỂ"}]
    pool = UNITS + [f"{kind} {commune}" for kind in COLLECTIVE_KINDS for commune in COMMUNES]
    for i, name in enumerate(rng.sample(pool, min(collectives, len(pool))), 1):
        rows.append({"cells": [i, name, rng.choice(COLLECTIVE_TITLES)]})
    rows.append({"group": "B. CÁ NHÂN"})
    for i in range(1, count - collectives + 1):
        rows.append(
            {
                "cells": [
                    i,
                    person_name(rng),
                    f"{rng.choice(POSITIONS)}, {rng.choice(UNITS + COMMUNES)}",
                ]
            }
        )
    return rows


def decision_context(annex_rows: int = 300) -> dict:
    collectives = max(1, annex_rows // 10) if annex_rows else 0
    people = annex_rows - collectives
    ctx = {
        "authority": AUTHORITY,
        "legal_bases": LEGAL_BASES[:-1],
        "proposal": LEGAL_BASES[-1],
        "articles": [
            {
                "title": "Điều 1.",
                "text": (
                    f"Tặng Giấy khen của Chủ tịch Ủy ban nhân dân huyện cho {collectives:02d} tập thể và "
                    f"{people:02d} cá nhân (có danh sách kèm theo) đã có thành tích xuất sắc "
                    if annex_rows
                    else "Tặng Giấy khen của Chủ tịch Ủy ban nhân dân huyện cho ông Lò Văn Sính, Chuyên viên "
                    "Phòng Nội vụ, đã có thành tích xuất sắc "
                )
                + "trong phong trào thi đua "
                "“Chung sức xây dựng nông thôn mới” năm 2024, góp phần vào sự nghiệp xây dựng và phát triển "
                "kinh tế - xã hội của huyện.",
            },
            {
                "title": "Điều 2.",
                "text": "Tiền thưởng kèm theo Giấy khen thực hiện theo quy định tại "
                "Nghị định số 98/2023/NĐ-CP (mức cụ thể ghi tại danh sách kèm theo), "
                "chi từ Quỹ thi đua, khen thưởng của huyện năm 2025.",
            },
            {
                "title": "Điều 3.",
                "text": "Chánh Văn phòng HĐND và UBND huyện, Trưởng phòng Nội vụ, "
                "Trưởng phòng Tài chính - Kế hoạch, "
                "thủ trưởng các cơ quan, đơn vị có liên quan và các tập thể, cá nhân có tên tại Điều 1 "
                "chịu trách nhiệm thi hành Quyết định này./.",
            },
        ],
        "recipients_cc": ["Như Điều 3", "Thường trực Huyện ủy", "Thường trực HĐND huyện", "Lưu: VT, NV"],
    }
    if annex_rows:
        ctx["annexes"] = [
            {
                "title": "Danh sách tập thể, cá nhân được tặng Giấy khen",
                "columns": [
                    {"title": "STT", "width": 9},
                    {"title": "Tên tập thể, họ và tên cá nhân", "width": 38},
                    {"title": "Chức vụ, đơn vị công tác / danh hiệu", "width": 53},
                ],
                "rows": awardee_rows(annex_rows),
            }
        ]
    return ctx


PARA = (
    "Năm 2024, phong trào thi đua yêu nước trên địa bàn huyện Tam Đường tiếp tục được triển khai sâu rộng, "
    "gắn với thực hiện nhiệm vụ chính trị của từng cơ quan, đơn vị và địa phương; các xã, thị trấn đã cụ thể "
    "hóa bằng các phong trào thi đua phù hợp với điều kiện thực tế, "
    "tạo khí thế thi đua sôi nổi trong cán bộ, "
    "công chức, viên chức và Nhân dân các dân tộc."
)


PARAS = [
    PARA,
    "Công tác khen thưởng được thực hiện kịp thời, đúng người, đúng thành tích; chú trọng khen thưởng "
    "người lao động trực tiếp, đồng bào dân tộc thiểu số ở các bản vùng cao như Khun Há, Sùng Phài, "
    "Hồ Thầu; hồ sơ đề nghị khen thưởng được thẩm định chặt chẽ, công khai trước khi trình "
    "cấp có thẩm quyền.",
    "Hội đồng Thi đua - Khen thưởng huyện đã tổ chức họp xét, thống nhất đề nghị khen thưởng đối với các "
    "tập thể, cá nhân có thành tích tiêu biểu; kết quả biểu quyết được ghi trong biên bản và lưu trong hồ sơ "
    "theo quy định của Luật Thi đua, khen thưởng năm 2022 và Nghị định số 98/2023/NĐ-CP.",
    "Bên cạnh những kết quả đạt được, công tác thi đua ở một số cơ quan, đơn vị còn mang tính hình thức, "
    "chưa gắn với nhiệm vụ chuyên môn; việc phát hiện, bồi dưỡng, nhân rộng điển hình tiên tiến chưa "
    "thường xuyên; một số hồ sơ đề nghị khen thưởng còn chậm so với thời hạn quy định.",
    "Năm 2025, các cơ quan, đơn vị, Ủy ban nhân dân các xã, thị trấn tiếp tục đổi mới nội dung, hình thức "
    "tổ chức các phong trào thi đua; phát động thi đua theo chuyên đề gắn với các nhiệm vụ trọng tâm của "
    "huyện; thực hiện khen thưởng kịp thời, chính xác, công khai, minh bạch.",
]


def _sections(headings: list[str], per: int = 2) -> list[dict]:
    return [
        {"heading": h, "paragraphs": [PARAS[(i * per + j) % len(PARAS)] for j in range(per)]}
        for i, h in enumerate(headings)
    ]


def named_contexts() -> dict[str, tuple[str, dict, dict]]:
    """file stem -> (doc_type, extra document_context kwargs, template context)."""
    return {
        "to_trinh": (
            DocType.SUBMISSION,
            {
                "subject": "Về việc đề nghị tặng Giấy khen cho các tập thể, cá nhân có thành tích năm 2024",
                "issuer_code": "PNV",
                "issuer_name": "Phòng Nội vụ",
                "parent_body_name": "UBND huyện Tam Đường",
                "signer_name": "Tao Văn Dũng",
                "signer_title": "Trưởng phòng",
                "signing_capacity": "",
            },
            {
                "recipients_to": ["Chủ tịch Ủy ban nhân dân huyện Tam Đường"],
                "sections": _sections(
                    ["1. Căn cứ đề nghị", "2. Kết quả xét duyệt của Hội đồng", "3. Đề xuất"]
                ),
                "recipients_cc": ["Như trên", "Lưu: VT, NV"],
            },
        ),
        "bien_ban": (
            DocType.MINUTES,
            {
                "subject": "Họp Hội đồng Thi đua - Khen thưởng huyện xét khen thưởng năm 2024",
                "issuer_name": "Hội đồng Thi đua -\nKhen thưởng huyện",
                "parent_body_name": "UBND huyện Tam Đường",
                "issuer_code": "HĐTĐKT",
                "signing_capacity": "",
                "signer_title": "Chủ tịch Hội đồng",
            },
            {
                "sections": _sections(
                    ["I. THỜI GIAN, ĐỊA ĐIỂM, THÀNH PHẦN", "II. NỘI DUNG", "III. KẾT LUẬN"]
                ),
                "secretary": {"title": "Thư ký", "name": "Vàng Thị Mai"},
                "recipients_cc": ["Lưu: VT, HĐ"],
            },
        ),
        "bao_cao": (
            DocType.REPORT,
            {"subject": "Tổng kết công tác thi đua, khen thưởng năm 2024 và phương hướng, nhiệm vụ năm 2025"},
            {
                "sections": _sections(
                    ["I. KẾT QUẢ THỰC HIỆN", "II. TỒN TẠI, HẠN CHẾ", "III. PHƯƠNG HƯỚNG NĂM 2025"]
                ),
                "recipients_cc": ["UBND tỉnh Lai Châu", "Sở Nội vụ tỉnh", "Lưu: VT, NV"],
            },
        ),
        "ke_hoach": (
            DocType.PLAN,
            {"subject": "Tổ chức phong trào thi đua “Chung sức xây dựng nông thôn mới” năm 2025"},
            {
                "sections": _sections(
                    ["I. MỤC ĐÍCH, YÊU CẦU", "II. NỘI DUNG THI ĐUA", "III. TỔ CHỨC THỰC HIỆN"]
                ),
                "recipients_cc": ["Các phòng, ban, đơn vị", "UBND các xã, thị trấn", "Lưu: VT, NV"],
            },
        ),
        "chi_thi": (
            DocType.DIRECTIVE,
            {"subject": "Về đẩy mạnh phong trào thi đua yêu nước năm 2025"},
            {"sections": _sections(["", "", ""]), "recipients_cc": ["Các cơ quan, đơn vị", "Lưu: VT"]},
        ),
        "cong_van": (
            DocType.LETTER,
            {
                "subject": "đôn đốc gửi báo cáo thi đua, khen thưởng năm 2024",
                "drafting_unit_code": "NV",
                **DEPUTY,
            },
            {
                "recipients_to": ["Các phòng, ban, đơn vị thuộc huyện", "Ủy ban nhân dân các xã, thị trấn"],
                "paragraphs": [*PARAS[:4], "Đề nghị các cơ quan, đơn vị nghiêm túc thực hiện./."],
                "recipients_cc": ["Như trên", "Lưu: VT, NV"],
            },
        ),
    }


def certificate_batch_context(count: int = 20, seed: int = 7) -> list[dict]:
    rng = random.Random(seed)  # noqa: S311 - sample data, not secrets
    return [
        {
            "recipient_name": person_name(rng),
            "recipient_unit": f"{rng.choice(POSITIONS)}, {rng.choice(UNITS)}",
            "achievement": "Đã có thành tích xuất sắc trong phong trào thi đua "
            "“Chung sức xây dựng nông thôn mới” năm 2024",
            "decision_ref": "Quyết định số 05/QĐ-UBND ngày 05/01/2025",
            "register_number": f"{i:03d}/GK",
        }
        for i in range(1, count + 1)
    ]


SAMPLE_DATE = date(2025, 1, 5)


def _doc(doc_type, number: int, **overrides) -> dict:
    kw = {**ISSUER, **overrides}
    kw.setdefault("signing_for", "")
    kw.setdefault("drafting_unit_code", "")
    kw.setdefault("subject", "")
    kw.setdefault("annex_issuer", "")
    return document_context(
        doc_type=doc_type, date=SAMPLE_DATE, number=number, verification_code="TD26K7QX", **kw
    )


def samples(annex_rows: int = 300, certificates: int = 20) -> list[tuple[str, str, dict]]:
    """[(file name, template, context)] — one sample of every template."""
    from documents.services import TEMPLATES

    out = []
    doc = _doc(
        DocType.DECISION,
        5,
        annex_issuer=AUTHORITY,
        subject="Về việc tặng Giấy khen cho các tập thể, cá nhân đã có thành tích "
        "xuất sắc trong phong trào thi đua năm 2024",
    )
    out.append(
        (
            "quyet_dinh_danh_sach.pdf",
            TEMPLATES[DocType.DECISION],
            template_context(decision_context(annex_rows), doc),
        )
    )
    out.append(
        ("quyet_dinh_1_trang.pdf", TEMPLATES[DocType.DECISION], template_context(decision_context(0), doc))
    )
    for n, (stem, (doc_type, kw, ctx)) in enumerate(named_contexts().items(), 6):
        out.append((f"{stem}.pdf", TEMPLATES[doc_type], template_context(ctx, _doc(doc_type, n, **kw))))
    cert_doc = _doc(DocType.CERTIFICATE, 1, subject="Giấy khen năm 2024")
    certs = certificate_batch_context(certificates)
    for i, cert in enumerate(certs):
        cert["verification_code"] = f"GK{i:06d}".replace("0", "2").replace("1", "3")
        cert["qr_data_uri"] = qr_data_uri(f"https://thidua.example/xac-minh/{cert['verification_code']}/")
    out.append(
        (
            "giay_khen_lo.pdf",
            TEMPLATES[DocType.CERTIFICATE],
            {**template_context({"authority": AUTHORITY, "certificates": certs}, cert_doc)},
        )
    )
    blank_ctx = {
        "doc": cert_doc,
        "layout": {"page_width_mm": 297, "page_height_mm": 210},
        "certificates": [
            {"fields": blank_certificate_fields(c, cert_doc, AUTHORITY, merged_positions())}
            for c in certs[:3]
        ],
    }
    out.append(("giay_khen_in_phoi.pdf", "documents/pdf/certificate_blank.html", blank_ctx))
    out.append(("ban_dang_ky.pdf", "documents/pdf/registration.html", registration_sample_context()))
    return out


def registration_sample_context() -> dict:
    """A unit's bản đăng ký thi đua (campaigns.outputs.registration_pdf_context's shape): the unit's
    own header, Kính gửi the launching body, a collective title, commitments, people, a pledge."""
    return {
        "doc": {
            "doc_type": "dang_ky",
            "type_title": "BẢN ĐĂNG KÝ THI ĐUA",
            "issuer_name": "ỦY BAN NHÂN DÂN XÃ BÌNH LƯ",
            "parent_body_name": "ỦY BAN NHÂN DÂN TỈNH LAI CHÂU",
            "number_display": "\u2002\u2002\u2002\u2002",
            "symbol_suffix": "ĐK",
            "date_line": "Bình Lư, ngày 20 tháng 02 năm 2026",
            "subject": "Thực hiện phong trào thi đua yêu nước năm 2026",
            "signer_name": "",
            "signature_lines": ["THỦ TRƯỞNG ĐƠN VỊ"],
        },
        "recipients_to": ["Ủy ban nhân dân tỉnh Lai Châu"],
        "paragraphs": ["Căn cứ phong trào thi đua yêu nước năm 2026, xã Bình Lư đăng ký thi đua như sau:"],
        "sections": [
            {
                "heading": "I. DANH HIỆU TẬP THỂ ĐĂNG KÝ",
                "paragraphs": ["Xã Bình Lư đăng ký phấn đấu đạt danh hiệu “Tập thể lao động tiên tiến”."],
            }
        ],
        "commitments": [
            {"name": "Thu ngân sách trên địa bàn", "value": "160", "uom": "tỷ đồng", "common": "3.130,5"}
        ],
        "individuals": [{"name": "Lò Văn Pọm", "title": "Chiến sĩ thi đua cơ sở"}],
        "pledge": "Tập thể cán bộ, công chức xã cam kết thực hiện đạt và vượt các chỉ tiêu đã đăng ký.",
        "status": "Đã gửi",
    }
